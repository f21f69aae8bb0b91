// 无记名投票 on the member's own device (issue 11 point 7). The device key pair is made here
// with WebCrypto (RSA-OAEP, SHA-256, 2048 bits); its private half is non-extractable and
// stays in this browser's IndexedDB. The server sends the voting credential only encrypted
// to that key; the credential and the choices leave the device once, in the cast request.
(function () {
  "use strict";
  var DB = "zhicheng-ballot", STORE = "device-keys";
  var CHOICES = ["同意", "不同意", "弃权"];

  function db() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function getKey(id) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var r = d.transaction(STORE).objectStore(STORE).get("session-" + id);
        r.onsuccess = function () { resolve(r.result || null); };
        r.onerror = function () { reject(r.error); };
      });
    });
  }
  function putKey(id, pair) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction(STORE, "readwrite");
        tx.objectStore(STORE).put(pair, "session-" + id);
        tx.oncomplete = function () { resolve(pair); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function b64(buf) {
    var s = "", bytes = new Uint8Array(buf);
    for (var i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s);
  }
  function unb64(text) {
    var s = atob(text), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out.buffer;
  }
  function csrf(root) {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function post(root, url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf(root)},
      body: JSON.stringify(body)}).then(function (r) {
      return r.json().catch(function () { return {ok: false, message: "服务器没有正常应答，请稍后重试。"}; });
    });
  }
  function say(root, text, kind) {
    var el = root.querySelector("[data-status]");
    el.hidden = false;
    el.textContent = text;
    el.className = "msg msg-" + (kind || "info");
  }

  // ---- check-in
  function checkIn(root) {
    var button = root.querySelector("[data-check-in]");
    var id = root.dataset.session;
    if (!window.crypto || !crypto.subtle || !window.indexedDB) {
      say(root, "本浏览器不支持安全的投票密钥（WebCrypto），请换用最新版本的浏览器签到。", "error");
      button.disabled = true;
      return;
    }
    button.addEventListener("click", function () {
      button.disabled = true;
      say(root, "正在生成本设备的投票密钥……");
      getKey(id).then(function (pair) {
        if (pair) return pair;
        return crypto.subtle.generateKey({name: "RSA-OAEP", modulusLength: 2048,
          publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256"}, false,
        ["encrypt", "decrypt"]).then(function (p) { return putKey(id, p); });
      }).then(function (pair) {
        return crypto.subtle.exportKey("spki", pair.publicKey);
      }).then(function (spki) {
        return post(root, root.dataset.url, {device_key: b64(spki)});
      }).then(function (res) {
        say(root, res.message, res.ok ? "success" : "error");
        button.disabled = false;
        if (res.ok) button.remove();
      }).catch(function () {
        say(root, "签到失败：本设备未能生成或保存投票密钥，请刷新页面重试。", "error");
        button.disabled = false;
      });
    });
  }

  // ---- the ballot screen: one list, three choices per applicant, a review step, then cast
  function ballot(root) {
    var id = root.dataset.session;
    var choose = root.querySelector("[data-step=choose]");
    var review = root.querySelector("[data-step=review]");
    var done = root.querySelector("[data-step=done]");
    var list = root.querySelector("[data-list]");
    var elections = [];  // {election, credential, questions}
    if (!window.crypto || !crypto.subtle || !window.indexedDB) {
      say(root, "本浏览器不支持安全的投票密钥（WebCrypto），不能在此投票。", "error");
      return;
    }
    getKey(id).then(function (pair) {
      if (!pair) throw new Error("nokey");
      return fetch(root.dataset.credentials, {credentials: "same-origin", cache: "no-store"})
        .then(function (r) { if (!r.ok) throw new Error("fetch"); return r.json(); })
        .then(function (data) {
          if (data.state !== "open") throw new Error("closed");
          var open = data.elections.filter(function (e) { return !e.voted; });
          if (!data.elections.length) throw new Error("noslot");
          if (!open.length) throw new Error("voted");
          return Promise.all(open.map(function (e) {
            return crypto.subtle.decrypt({name: "RSA-OAEP"}, pair.privateKey, unb64(e.sealed))
              .then(function (plain) {
                return {election: e.election, credential: new TextDecoder().decode(plain),
                  questions: e.questions};
              });
          }));
        });
    }).then(function (items) {
      elections = items;
      items.forEach(function (e) {
        e.questions.forEach(function (q) {
          var li = document.createElement("li");
          li.className = "ballot-item";
          var name = document.createElement("div");
          name.className = "ballot-name";
          name.textContent = q.label;
          li.appendChild(name);
          var row = document.createElement("div");
          row.className = "ballot-choices";
          row.setAttribute("role", "radiogroup");
          row.setAttribute("aria-label", q.label);
          CHOICES.forEach(function (c) {
            var label = document.createElement("label");
            label.className = "ballot-choice";
            var input = document.createElement("input");
            input.type = "radio";
            input.name = "d" + q.declaration;
            input.value = c;
            input.required = true;
            label.appendChild(input);
            label.appendChild(document.createTextNode(" " + c));
            row.appendChild(label);
          });
          li.appendChild(row);
          list.appendChild(li);
        });
      });
      root.querySelector("[data-status]").hidden = true;
      choose.hidden = false;
    }).catch(function (err) {
      var m = {
        nokey: "本设备没有本次会议的投票密钥：请使用签到时的设备投票（投票进行中不能更换设备）。",
        closed: "本轮投票不在进行中。",
        noslot: "您没有本轮的投票凭证（未在开始投票前签到，或已回避全部申报人）。",
        voted: "您已投过本轮的票：每位委员每轮只能投一次。",
      }[err && err.message] || "未能打开投票凭证：本设备的密钥与签到时不符，请使用签到时的设备投票。";
      say(root, m, err && err.message === "voted" ? "info" : "error");
    });

    function picks() {
      var out = {};
      elections.forEach(function (e) {
        e.questions.forEach(function (q) {
          var sel = choose.querySelector("input[name=d" + q.declaration + "]:checked");
          out[q.declaration] = sel ? sel.value : null;
        });
      });
      return out;
    }
    root.querySelector("[data-review-button]").addEventListener("click", function () {
      var p = picks(), missing = [];
      var ol = root.querySelector("[data-review]");
      ol.textContent = "";
      elections.forEach(function (e) {
        e.questions.forEach(function (q) {
          if (!p[q.declaration]) missing.push(q.label);
          var li = document.createElement("li");
          li.textContent = q.label + "：" + (p[q.declaration] || "未选择");
          ol.appendChild(li);
        });
      });
      if (missing.length) {
        say(root, "请对每位申报人选择一项：" + missing.join("、") + " 尚未选择。", "error");
        return;
      }
      root.querySelector("[data-status]").hidden = true;
      choose.hidden = true;
      review.hidden = false;
    });
    root.querySelector("[data-back]").addEventListener("click", function () {
      review.hidden = true;
      choose.hidden = false;
    });
    var castButton = root.querySelector("[data-cast-button]");
    castButton.addEventListener("click", function () {
      castButton.disabled = true;  // a double click casts nothing twice
      var p = picks(), ul = root.querySelector("[data-trackers]");
      var chain = Promise.resolve([]);
      elections.forEach(function (e) {
        chain = chain.then(function (results) {
          var choices = {};
          e.questions.forEach(function (q) { choices[q.declaration] = p[q.declaration]; });
          var url = root.dataset.cast.replace("/0/", "/" + e.election + "/");
          return post(root, url, {choices: choices, credential: e.credential})
            .then(function (res) { results.push(res); return results; });
        });
      });
      chain.then(function (results) {
        var failed = results.filter(function (r) { return !r.ok; });
        results.filter(function (r) { return r.ok; }).forEach(function (r) {
          var li = document.createElement("li");
          var code = document.createElement("span");
          code.className = "mono";
          code.setAttribute("data-testid", "tracker");
          code.textContent = r.tracker || r.message;
          li.appendChild(code);
          li.appendChild(document.createTextNode(" "));
          var a = document.createElement("a");
          a.href = r.list;
          a.textContent = "查看选票清单";
          li.appendChild(a);
          ul.appendChild(li);
        });
        elections.forEach(function (e) { e.credential = ""; });
        if (failed.length) {
          say(root, failed.map(function (r) { return r.message; }).join(" "), "error");
          castButton.disabled = false;
        }
        if (!failed.length) { review.hidden = true; done.hidden = false; }
      }).catch(function () {
        say(root, "网络中断，未能确认投票结果：请刷新页面查看是否已投票。", "error");
        castButton.disabled = false;
      });
    });
  }

  // ---- the trustees' keys: each downloads their own file (never sent back to the server)
  function keys() {
    document.querySelectorAll("[data-download-key]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.closest(".trustee-key").querySelector(".key-text").value;
        var url = URL.createObjectURL(new Blob([text], {type: "application/json"}));
        var a = document.createElement("a");
        a.href = url;
        a.download = button.dataset.filename;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        button.textContent = "已下载（可再次下载）";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var c = document.getElementById("checkin");
    if (c) checkIn(c);
    var b = document.getElementById("ballot");
    if (b) ballot(b);
    keys();
  });
})();
