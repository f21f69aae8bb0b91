// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // A double click submits once.
  document.querySelectorAll("form").forEach((form) => {
    form.addEventListener("submit", (ev) => {
      if (form.dataset.submitted === "1") { ev.preventDefault(); return; }
      form.dataset.submitted = "1";
      form.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; });
    });
  });
  document.querySelectorAll("select[data-autosubmit]").forEach((sel) => {
    sel.addEventListener("change", () => sel.form.requestSubmit());
  });
});
