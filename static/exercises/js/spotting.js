/* Video indicator spotting, alone in a lesson: "I see an indicator" takes the
 * video's current time, the learner picks which indicator, and the mark joins
 * the form as a pair of hidden inputs (mark_time, mark_indicator). Without
 * JavaScript the marks are typed by hand in the same form. The picker, the
 * time format and the seekable video come from spotting-common.js. */
(function () {
  "use strict";
  var spotting = window.lmsSpotting;
  if (!spotting) return;

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
    controls.hidden = false;
    spotting.makeSeekable(video);

    function refresh() { empty.hidden = list.children.length > 0; }

    spotting.picker(see, picker, function () {
      var time = Math.round(video.currentTime * 10) / 10;
      at.textContent = "(" + spotting.format(time) + ")";
      return time;
    }, function (button, time) {
      var item = document.createElement("li");
      item.className = "spotting__mark";
      var label = document.createElement("span");
      label.textContent = spotting.format(time) + " · " + button.textContent;
      var timeInput = document.createElement("input");
      timeInput.type = "hidden"; timeInput.name = "mark_time"; timeInput.value = String(time);
      var indicator = document.createElement("input");
      indicator.type = "hidden"; indicator.name = "mark_indicator";
      indicator.value = button.getAttribute("data-spot-indicator");
      var remove = document.createElement("button");
      remove.type = "button"; remove.className = "link-button";
      remove.textContent = root.querySelector('[data-text="remove"]').textContent;
      remove.addEventListener("click", function () { item.remove(); refresh(); see.focus(); });
      item.append(label, " ", remove, timeInput, indicator);
      list.appendChild(item);
      refresh();
    });
    refresh();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-spotting]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
