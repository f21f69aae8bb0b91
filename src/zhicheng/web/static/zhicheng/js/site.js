// Small progressive enhancements; every page works without them.
// Irreversible steps ask first: a form with data-confirm opens the native <dialog> and is
// sent only after 确认办理. Runs in the capture phase, before the double-submit guard below.
document.addEventListener("submit", (ev) => {
  const form = ev.target;
  const dialog = document.getElementById("confirm-dialog");
  if (!(form instanceof HTMLFormElement) || !form.dataset.confirm || !dialog) return;
  if (form.dataset.confirmed === "1") return;
  ev.preventDefault();
  ev.stopImmediatePropagation();
  const submitter = ev.submitter;
  dialog.querySelector("#confirm-text").textContent = form.dataset.confirm;
  dialog.returnValue = "";
  dialog.addEventListener("close", () => {
    if (dialog.returnValue !== "ok") return;
    form.dataset.confirmed = "1";
    form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
  }, { once: true });
  dialog.showModal();
}, true);

document.addEventListener("DOMContentLoaded", () => {
  // A double click submits once. (Buttons are not disabled: a disabled submitter would
  // drop its name=value from the form data.)
  document.querySelectorAll("form:not([method=dialog])").forEach((form) => {
    form.addEventListener("submit", (ev) => {
      if (form.dataset.submitted === "1") { ev.preventDefault(); return; }
      form.dataset.submitted = "1";
      form.querySelectorAll("button[type=submit]").forEach((b) => b.classList.add("is-busy"));
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach((sel) => {
    sel.addEventListener("change", () => sel.form.requestSubmit());
  });
  // 添加一行: a new row of a formset from its <template>, numbered after the last one.
  const addRow = (name) => {
    const total = document.getElementById(`id_${name}-TOTAL_FORMS`);
    const tpl = document.getElementById(`template-${name}`);
    const body = document.querySelector(`#rows-${name} tbody`);
    if (!total || !tpl || !body) return null;
    const index = Number(total.value);
    body.insertAdjacentHTML("beforeend", tpl.innerHTML.replaceAll("__prefix__", String(index)));
    total.value = String(index + 1);
    return body.lastElementChild;
  };
  document.querySelectorAll("[data-add-row]").forEach((btn) => {
    btn.addEventListener("click", () => {
      const row = addRow(btn.dataset.addRow);
      const first = row && row.querySelector("input:not([type=hidden]), select");
      if (first) first.focus();
    });
  });
  // A form with data-backup keeps what is typed in this browser too, so a lost session or
  // a closed tab loses nothing; the copy is dropped once the server has saved it.
  document.querySelectorAll("form[data-backup]").forEach((form) => {
    const key = "zhicheng:" + form.dataset.backup;
    const status = document.getElementById("save-status");
    const snapshot = () => {
      const data = {};
      new FormData(form).forEach((v, k) => {
        if (k === "csrfmiddlewaretoken") return;
        (data[k] = data[k] || []).push(String(v));
      });
      return data;
    };
    form.addEventListener("input", () => {
      try { localStorage.setItem(key, JSON.stringify(snapshot())); } catch (e) { /* full */ }
    });
    form.addEventListener("htmx:afterRequest", (ev) => {
      if (ev.detail.successful) { localStorage.removeItem(key); return; }
      if (status) {
        status.textContent = ev.detail.xhr && ev.detail.xhr.status === 401
          ? "登录已超时：填写的内容已保存在本机浏览器，请重新登录后回到本页，内容会自动恢复。"
          : (ev.detail.xhr && ev.detail.xhr.responseText) || "自动保存失败，请点击“保存草稿”。";
        status.className = "save-status saved-warn";
      }
    });
    const saved = localStorage.getItem(key);
    if (saved) {
      try {
        const data = JSON.parse(saved);
        // Rows added before the page was left are added again before their values return.
        Object.entries(data).forEach(([name, values]) => {
          if (!name.endsWith("-TOTAL_FORMS")) return;
          const prefix = name.slice(0, -"-TOTAL_FORMS".length);
          const total = document.getElementById(`id_${name}`);
          while (total && Number(total.value) < Number(values[0]) && addRow(prefix)) { /* add */ }
        });
        Object.entries(data).forEach(([name, values]) => {
          const fields = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
          fields.forEach((el) => {
            if (el.type === "checkbox" || el.type === "radio") el.checked = values.includes(el.value);
            else if (el.type !== "file") el.value = values[0];
          });
        });
        if (status) status.textContent = "已恢复上次未保存的内容，修改任意一项即自动保存。";
      } catch (e) { localStorage.removeItem(key); }
    }
  });
});
