// Check-in at the door: camera scanning and a queue that survives a lost network.
// Scans are kept in localStorage until the server has answered; the server's
// check-in is idempotent, so sending a scan twice never checks anyone in twice.
(function () {
  "use strict";
  var form = document.querySelector("[data-checkin-form]");
  if (!form || !window.fetch) return;
  var status = document.querySelector("[data-checkin-status]");
  var pending = document.querySelector("[data-checkin-pending]");
  var key = "checkin-queue:" + form.action;

  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function save(queue) {
    localStorage.setItem(key, JSON.stringify(queue));
    if (pending) pending.textContent = queue.length ? String(queue.length) : "";
    if (pending) pending.parentElement.hidden = !queue.length;
  }
  function say(text, level) {
    if (!status) return;
    status.textContent = text;
    status.className = "message message--" + (level || "success");
  }
  function markPresent(code) {
    var input = document.querySelector('[data-code="' + CSS.escape(code) + '"]');
    var item = input && input.closest(".checkin-list__item");
    if (item) item.classList.add("checkin-list__item--present");
  }
  function bumpCount() {
    var count = document.querySelector(".checkin-count strong");
    if (count) count.textContent = String(Number(count.textContent) + 1);
  }
  function send(entry) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    data.append("code", entry.code);
    data.append("scanned_at", entry.at);
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        say(body.message, body.status);
        if (response.ok) markPresent(entry.code);
        if (body.status === "success") bumpCount();
        return true;  // answered: do not send again, even for an unknown code
      });
    });
  }
  var flushing = false;
  function flush() {
    if (flushing) return;
    var queue = load();
    if (!queue.length) return;
    flushing = true;
    send(queue[0]).then(function () {
      save(load().slice(1));
      flushing = false;
      flush();
    }, function () {
      flushing = false;  // still offline: keep the scan
      say(form.dataset.offlineText, "warning");
    });
  }
  function enqueue(code) {
    code = (code || "").trim();
    if (!code) return;
    var queue = load();
    queue.push({ code: code, at: new Date().toISOString() });
    save(queue);
    flush();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    enqueue(form.elements.code.value);
    form.elements.code.value = "";
    form.elements.code.focus();
  });
  document.querySelectorAll("[data-checkin-row]").forEach(function (rowForm) {
    rowForm.addEventListener("submit", function (event) {
      event.preventDefault();
      enqueue(rowForm.elements.code.value);
    });
  });
  window.addEventListener("online", flush);
  // Keep the page itself available offline (a reload at a venue without network).
  if ("serviceWorker" in navigator && form && form.dataset.serviceWorker) {
    navigator.serviceWorker.register(form.dataset.serviceWorker, { scope: "/obuke/" })
      .catch(function () {});
  }
  setInterval(flush, 15000);
  save(load());
  flush();

  // Camera scanning where the browser can read QR codes (BarcodeDetector).
  var button = document.querySelector("[data-checkin-camera]");
  var video = document.querySelector("[data-checkin-video]");
  if (!button || !video || !("BarcodeDetector" in window) ||
      !navigator.mediaDevices) return;
  button.hidden = false;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var last = { code: "", time: 0 };
  button.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        button.hidden = true;
        return video.play();
      })
      .then(function scan() {
        detector.detect(video).then(function (codes) {
          var now = Date.now();
          codes.forEach(function (code) {
            if (code.rawValue !== last.code || now - last.time > 4000) {
              last = { code: code.rawValue, time: now };
              enqueue(code.rawValue);
            }
          });
        }).catch(function () {}).then(function () { setTimeout(scan, 300); });
      })
      .catch(function () { say(button.dataset.errorText, "error"); });
  });
})();
