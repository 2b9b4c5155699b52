// Shows the time left of a timed attempt. The server enforces the limit; this
// only counts down, and announces the last minute to screen readers once.
(function () {
  "use strict";
  var timer = document.querySelector("[data-seconds-left]");
  if (!timer) return;
  var value = timer.querySelector("[data-timer-value]");
  var left = parseInt(timer.getAttribute("data-seconds-left"), 10);
  var end = Date.now() + left * 1000;
  function show() {
    var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    value.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
    if (seconds <= 60 && timer.getAttribute("aria-live") === "off") {
      timer.setAttribute("aria-live", "assertive");
    }
    if (seconds === 0) {
      window.clearInterval(interval);
      window.location.reload();
    }
  }
  var interval = window.setInterval(show, 1000);
  show();
})();
