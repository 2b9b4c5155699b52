/* Video indicator spotting, alone in a lesson: "I see an indicator" takes the
 * video's current time, the learner picks which indicator, and the mark joins
 * the form as a pair of hidden inputs (mark_time, mark_indicator). Without
 * JavaScript the marks are typed by hand in the same form. */
(function () {
  "use strict";
  function format(seconds) {
    var s = Math.max(0, seconds);
    var m = Math.floor(s / 60);
    var rest = (s - m * 60).toFixed(1);
    return m + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // The documents' serve view answers no Range requests, and a browser
  // cannot seek in such a video: load it whole (a few MB at most) and play it
  // from memory, where every position is reachable.
  function makeSeekable(video) {
    var source = video.querySelector("source");
    if (!source || !window.fetch || !window.URL || !URL.createObjectURL) return;
    fetch(source.src, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.blob();
    }).then(function (blob) {
      var at = video.currentTime, wasPlaying = !video.paused;
      video.src = URL.createObjectURL(blob);
      video.addEventListener("loadedmetadata", function once() {
        video.removeEventListener("loadedmetadata", once);
        if (at) video.currentTime = at;
        if (wasPlaying) video.play();
      });
    }).catch(function () { /* keep playing from the server */ });
  }

  function setup(root) {
    if (root.getAttribute("data-spot-ready")) return;
    root.setAttribute("data-spot-ready", "1");
    var video = root.querySelector("[data-spot-video]");
    var controls = root.querySelector("[data-spot-controls]");
    var see = root.querySelector("[data-spot-see]");
    var picker = root.querySelector("[data-spot-picker]");
    var at = root.querySelector("[data-spot-at]");
    var list = root.querySelector("[data-spot-marks]");
    var empty = root.querySelector("[data-spot-empty]");
    if (!video || !see || !picker || !list) return;
    var pending = null;
    controls.hidden = false;
    makeSeekable(video);

    function refresh() { empty.hidden = list.children.length > 0; }

    see.addEventListener("click", function () {
      pending = Math.round(video.currentTime * 10) / 10;
      at.textContent = "(" + format(pending) + ")";
      picker.hidden = false;
      var first = picker.querySelector("[data-spot-indicator]");
      if (first) first.focus();
    });
    picker.querySelector("[data-spot-cancel]").addEventListener("click", function () {
      pending = null;
      picker.hidden = true;
      see.focus();
    });
    Array.prototype.forEach.call(picker.querySelectorAll("[data-spot-indicator]"), function (button) {
      button.addEventListener("click", function () {
        if (pending === null) return;
        var item = document.createElement("li");
        item.className = "spotting__mark";
        var label = document.createElement("span");
        label.textContent = format(pending) + " · " + button.textContent;
        var time = document.createElement("input");
        time.type = "hidden"; time.name = "mark_time"; time.value = String(pending);
        var indicator = document.createElement("input");
        indicator.type = "hidden"; indicator.name = "mark_indicator";
        indicator.value = button.getAttribute("data-spot-indicator");
        var remove = document.createElement("button");
        remove.type = "button"; remove.className = "link-button";
        remove.textContent = root.querySelector('[data-text="remove"]').textContent;
        remove.addEventListener("click", function () { item.remove(); refresh(); see.focus(); });
        item.append(label, " ", remove, time, indicator);
        list.appendChild(item);
        pending = null;
        picker.hidden = true;
        refresh();
        see.focus();
      });
    });
    refresh();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-spotting]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
