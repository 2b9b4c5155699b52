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
    if (!item) return;
    item.classList.add("checkin-list__item--present");
    // The row shows what a reload would: the time of arrival instead of the
    // button, so no one is offered "Present" for a person already in.
    var rowForm = input.closest("form");
    if (rowForm) {
      var now = new Date();
      var badge = document.createElement("span");
      badge.className = "badge badge--ok";
      badge.textContent = "✓ " + String(now.getHours()).padStart(2, "0") + ":" +
        String(now.getMinutes()).padStart(2, "0");
      rowForm.replaceWith(badge);
    }
  }
  function releaseRow(code) {
    var input = document.querySelector('[data-code="' + CSS.escape(code) + '"]');
    var button = input && input.closest("form").querySelector("button");
    if (button) { button.disabled = false; button.removeAttribute("aria-busy"); }
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
        else releaseRow(entry.code);  // refused: the message says why
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
      // At once, even offline: the button cannot be pressed twice while the
      // scan waits in the queue.
      var button = rowForm.querySelector("button");
      if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
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

  // Camera scanning. The browser's own BarcodeDetector is used where it reads
  // QR codes (Chrome on Android); elsewhere (iOS Safari, Firefox) frames are
  // decoded with the vendored jsQR. Both hand their result to found(), so a
  // scan takes the same path whichever decoder read it.
  var button = document.querySelector("[data-checkin-camera]");
  var stopButton = document.querySelector("[data-checkin-camera-stop]");
  var video = document.querySelector("[data-checkin-video]");
  if (!button || !video || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia) return;
  var SCAN_INTERVAL = 250;  // ms between frames: quick enough, easy on the battery
  var MAX_WIDTH = 640;      // px of a frame given to jsQR
  var last = { code: "", time: 0 };
  var stream = null;
  var timer = 0;
  var frame = 0;
  var opening = false;
  var resumeWhenVisible = false;

  function found(value) {
    var now = Date.now();
    if (value !== last.code || now - last.time > 4000) {
      last = { code: value, time: now };
      enqueue(value);
    }
  }

  function nativeReader() {
    var Detector = window.BarcodeDetector;
    if (!Detector) return Promise.resolve(null);
    var formats = Detector.getSupportedFormats ?
      Detector.getSupportedFormats() : Promise.resolve(["qr_code"]);
    return formats.then(function (supported) {
      if (supported.indexOf("qr_code") < 0) return null;
      var detector = new Detector({ formats: ["qr_code"] });
      return function () {
        return detector.detect(video).then(function (codes) {
          return codes.map(function (code) { return code.rawValue; });
        });
      };
    }).catch(function () { return null; });
  }

  function jsQRReader() {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext &&
      canvas.getContext("2d", { willReadFrequently: true });
    if (typeof window.jsQR !== "function" || !context) return null;
    return function () {
      var width = Math.min(MAX_WIDTH, video.videoWidth);
      if (!width) return [];
      var height = Math.round(video.videoHeight * width / video.videoWidth);
      canvas.width = width;
      canvas.height = height;
      context.drawImage(video, 0, 0, width, height);
      // Check-in codes are always dark on light: skipping the inverted pass
      // halves the work on frames without a code.
      var code = window.jsQR(context.getImageData(0, 0, width, height).data,
        width, height, { inversionAttempts: "dontInvert" });
      return code && code.data ? [code.data] : [];
    };
  }

  function schedule(read) {
    timer = setTimeout(function () {
      // requestAnimationFrame does not run in a hidden tab.
      frame = requestAnimationFrame(function () {
        if (!stream) return;
        // A frame that cannot be read (video not ready yet) is skipped, not fatal.
        Promise.resolve().then(read)
          .then(function (values) { values.forEach(found); }, function () {})
          .then(function () { if (stream) schedule(read); });
      });
    }, SCAN_INTERVAL);
  }

  function stop() {
    clearTimeout(timer);
    cancelAnimationFrame(frame);
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.pause();
    video.srcObject = null;
    video.hidden = true;
    if (stopButton) stopButton.hidden = true;
    button.hidden = false;
  }

  function start(read, moveFocus) {
    if (stream || opening) return;
    opening = true;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (opened) {
        opening = false;
        stream = opened;
        if (document.hidden) {  // the trainer left while the camera was opening
          resumeWhenVisible = true;
          stop();
          return;
        }
        stream.getTracks().forEach(function (track) {
          track.addEventListener("ended", stop);
        });
        video.srcObject = stream;
        video.hidden = false;
        button.hidden = true;
        if (stopButton) stopButton.hidden = false;
        if (moveFocus && stopButton) stopButton.focus();
        return video.play().then(function () { schedule(read); });
      })
      .catch(function () {
        opening = false;
        stop();
        say(button.dataset.errorText, "error");
      });
  }

  nativeReader().then(function (read) {
    read = read || jsQRReader();
    if (!read) return;  // no decoder: codes are typed or picked from the list
    button.hidden = false;
    button.addEventListener("click", function () { start(read, true); });
    if (stopButton) {
      stopButton.addEventListener("click", function () {
        stop();
        button.focus();
      });
    }
    // The camera is the battery's worst enemy: release it while the page is
    // hidden and open it again when the trainer comes back.
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) {
        resumeWhenVisible = !!stream;
        stop();
      } else if (resumeWhenVisible) {
        resumeWhenVisible = false;
        start(read, false);
      }
    });
    window.addEventListener("pagehide", stop);
  });
})();
