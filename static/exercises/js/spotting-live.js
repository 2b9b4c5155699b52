/* A live video spotting run over a websocket (exercises/spotting/consumers.py).
 * The projector plays the video and reports play, pause and seek; a phone taps
 * "I see an indicator", picks which, and sends the mark with how long ago it
 * tapped: the server places the mark on the video's timeline itself. Texts
 * come from the page (translated, in the reader's script); HTML fragments
 * from the server are rendered and escaped by its templates. */
(function () {
  "use strict";

  var spotting = window.lmsSpotting;
  var realtime = window.lmsRealtime;

  // Not reconnecting after these closing codes (after 4413 or 4429 it does).
  var FINAL_CLOSE = [4403, 4404];

  // Texts live in hidden elements: the page's Latin transliteration reaches
  // text, not data attributes.
  function textOf(root, name) {
    var element = root.querySelector('[data-text="' + name + '"]');
    return element ? element.textContent.trim() : "";
  }

  // --- The phone -------------------------------------------------------------
  function phone(root) {
    var code = root.getAttribute("data-run-code");
    var storeKey = "spotting-phone-" + code;
    var state = root.querySelector("[data-spot-state]");
    var see = root.querySelector("[data-spot-see]");
    var picker = root.querySelector("[data-spot-picker]");
    var list = root.querySelector("[data-spot-marks]");
    var undo = root.querySelector("[data-spot-undo]");
    var error = root.querySelector("[data-spot-error]");
    var labels = {};
    Array.prototype.forEach.call(list.querySelectorAll("template[data-indicator-label]"), function (t) {
      labels[t.getAttribute("data-indicator-label")] = t.innerHTML.trim();
      t.remove();
    });
    var marks = [], ref = 0;
    function key() { try { return localStorage.getItem(storeKey) || ""; } catch (e) { return ""; } }
    function text(name) { return textOf(root, name); }

    function render() {
      list.textContent = "";
      marks.forEach(function (mark) {
        var item = document.createElement("li");
        item.className = "spotting__mark";
        var span = document.createElement("span");
        span.innerHTML = labels[String(mark.indicator)] || "";  // server-escaped text
        item.append(spotting.format(mark.time) + " · ", span);
        list.appendChild(item);
      });
      undo.hidden = marks.length === 0 || see.disabled;
    }

    var socket = realtime.connect(function () {
      return "/ws/spotting/" + encodeURIComponent(code) + "/?phone=" + encodeURIComponent(key());
    }, {
      final: FINAL_CLOSE,
      message: function (message) {
        if (message.type === "welcome") {
          try { localStorage.setItem(storeKey, message.phone); } catch (e) { /* private mode */ }
        } else if (message.type === "state") {
          var open = message.started && !message.closed;
          see.disabled = !open;
          state.textContent = message.closed ? text("closed") :
            !message.started ? text("waiting") : message.playing ? text("playing") : text("paused");
          if (!open) picker.hidden = true;
          render();
        } else if (message.type === "mine") {
          marks = message.marks; render();
        } else if (message.type === "marked") {
          marks.push(message.mark);
          marks.sort(function (a, b) { return a.time - b.time; });
          render();
          error.hidden = true;
        } else if (message.type === "error") {
          error.textContent = message.message; error.hidden = false;
        }
      },
      close: function (closeCode) {
        see.disabled = true;
        state.textContent = closeCode === 4404 ? text("closed") : text("offline");
      }
    });

    spotting.picker(see, picker, Date.now, function (button, tappedAt) {
      ref += 1;
      socket.send({
        type: "mark", ref: ref,
        indicator: parseInt(button.getAttribute("data-spot-indicator"), 10),
        ago: Math.round((Date.now() - tappedAt) / 100) / 10
      });
    });
    undo.addEventListener("click", function () { socket.send({ type: "undo" }); });
  }

  // --- The projector -----------------------------------------------------------
  function screen(root) {
    var code = root.getAttribute("data-run-code");
    var control = root.hasAttribute("data-control");
    var video = root.querySelector("[data-spot-video]");
    var count = root.querySelector("[data-spot-count]");
    var timeline = root.querySelector("[data-spot-timeline]");
    var reveal = root.querySelector("[data-spot-reveal]");
    var revealed = false, heartbeat = null;
    spotting.makeSeekable(video);

    var socket = realtime.connect("/ws/spotting/" + encodeURIComponent(code) + "/screen/", {
      final: FINAL_CLOSE,
      open: function () { if (control && (video.currentTime > 0 || !video.paused)) report(); },
      message: function (message) {
        if (message.type === "state") {
          revealed = message.revealed;
          if (reveal) {
            reveal.textContent = textOf(root, revealed ? "hide" : "show");
            reveal.hidden = message.closed;
          }
          if (message.closed && control && !video.paused) video.pause();
          if (!control) follow(message);
        } else if (message.type === "timeline") {
          count.textContent = message.count + " " + textOf(root, "count") +
            " · " + message.phones + " " + textOf(root, "phones");
          timeline.innerHTML = message.html || "";
        }
      }
    });

    // A watching screen (not the trainer's) follows the trainer's video,
    // muted: where it stood (position at server time "at") plus the time
    // since, on the server's clock and then on this one.
    var followed = null;
    if (!control) video.muted = true;
    function follow(state) {
      followed = state.started ? {
        playing: state.playing && !state.closed,
        position: state.position + (state.playing ? Math.max(0, state.now - state.at) : 0),
        received: Date.now()
      } : null;
      align();
    }
    function align() {
      if (!followed) return;
      var target = followed.position +
        (followed.playing ? (Date.now() - followed.received) / 1000 : 0);
      if (isFinite(video.duration)) target = Math.min(target, video.duration);
      if (Math.abs(video.currentTime - target) > 0.5) video.currentTime = target;
      if (followed.playing && video.paused) {
        var playing = video.play();
        if (playing && playing.catch) playing.catch(function () { /* autoplay refused */ });
      } else if (!followed.playing && !video.paused) {
        video.pause();
      }
    }
    if (!control) {
      video.addEventListener("loadedmetadata", align);
      window.setInterval(align, 5000);  // drift, a tab that slept
    }

    function report() {
      var playing = !video.paused && !video.ended && video.readyState > 2;
      socket.send({ type: "playback", playing: playing, position: Math.round(video.currentTime * 10) / 10 });
    }
    if (control) {
      ["playing", "pause", "seeked", "ended", "waiting"].forEach(function (name) {
        video.addEventListener(name, report);
      });
      video.addEventListener("playing", function () {
        window.clearInterval(heartbeat);
        heartbeat = window.setInterval(function () { if (!video.paused) report(); }, 10000);
      });
      video.addEventListener("pause", function () { window.clearInterval(heartbeat); });
      if (reveal) reveal.addEventListener("click", function () {
        socket.send({ type: "reveal", revealed: !revealed });
      });
    }
  }

  function start() {
    var root = document.querySelector("[data-spotting-phone]");
    if (!window.WebSocket || !realtime || !spotting) return;
    if (root) phone(root);
    root = document.querySelector("[data-spotting-screen]");
    if (root) screen(root);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
