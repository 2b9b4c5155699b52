/* What the video spotting pages share: the exercise alone in a lesson
 * (spotting.js) and a live run's phone and projector (spotting-live.js). */
(function () {
  "use strict";

  // Seconds as m:ss.s.
  function format(seconds) {
    var s = Math.max(0, seconds), m = Math.floor(s / 60), rest = (s - m * 60).toFixed(1);
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

  // "I see an indicator" and its picker (exercises/blocks/_spotting_picker.html):
  // a tap keeps what tapped() returns and opens the picker on its first
  // indicator; choosing one calls picked(button, tap). Choosing or cancelling
  // closes the picker and gives the focus back to the button.
  function picker(see, box, tapped, picked) {
    var tap = null;
    function close() { tap = null; box.hidden = true; see.focus(); }
    see.addEventListener("click", function () {
      tap = tapped();
      box.hidden = false;
      var first = box.querySelector("[data-spot-indicator]");
      if (first) first.focus();
    });
    box.querySelector("[data-spot-cancel]").addEventListener("click", close);
    Array.prototype.forEach.call(box.querySelectorAll("[data-spot-indicator]"), function (button) {
      button.addEventListener("click", function () {
        if (tap === null) return;
        picked(button, tap);
        close();
      });
    });
  }

  window.lmsSpotting = { format: format, makeSeekable: makeSeekable, picker: picker };
})();
