/* The websocket client of the live pages (quizzes/js/live.js,
 * activities/js/activities.js, exercises/js/spotting-live.js and
 * exercises/js/run-screen.js): JSON frames both ways, and a socket that
 * reconnects on its own with growing, jittered delays, so a room of phones
 * does not come back all in the same second. It gives up after a closing
 * code that says a new attempt cannot help (docs/live-quiz-protocol.md).
 *
 *   var socket = lmsRealtime.connect("/ws/live/ABC/", {
 *     message: function (frame) {},          // every JSON frame
 *     connecting: function (attempt) {},     // before each attempt, 0 first
 *     open: function () {},
 *     close: function (code, retrying) {},   // retrying: a new attempt follows
 *     final: [4403, 4404],                   // the codes that end it (default below)
 *     delay: 400,                            // ms, the backoff's base
 *     refs: true                             // number every frame sent (`ref`)
 *   });
 *   socket.send({type: "join"});  // false while disconnected (nothing queued)
 *
 * ``path`` may be a function, asked again before each attempt.
 */
(function () {
  "use strict";

  // Forbidden, not found, a malformed frame, abuse: reconnecting cannot help.
  var FINAL_CLOSE = [4403, 4404, 4413, 4429];

  function url(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  function connect(path, options) {
    var final = options.final || FINAL_CLOSE;
    var base = options.delay || 400;
    var attempt = 0, refs = 0, socket = null, stopped = false;

    function open() {
      if (options.connecting) options.connecting(attempt);
      socket = new WebSocket(url(typeof path === "function" ? path() : path));
      socket.onopen = function () {
        attempt = 0;
        if (options.open) options.open();
      };
      socket.onmessage = function (event) {
        var message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        options.message(message);
      };
      socket.onclose = function (event) {
        var retrying = !stopped && final.indexOf(event.code) === -1;
        if (options.close) options.close(event.code, retrying);
        if (!retrying) return;
        attempt += 1;
        var delay = Math.min(10000, base * Math.pow(2, Math.min(attempt, 5))) * (0.5 + Math.random());
        window.setTimeout(open, delay);
      };
    }

    open();
    return {
      // The frame's ``ref`` (with ``refs``) or true once sent; false when offline.
      send: function (message) {
        if (!socket || socket.readyState !== 1) return false;
        if (options.refs) message.ref = ++refs;
        socket.send(JSON.stringify(message));
        return options.refs ? refs : true;
      },
      stop: function () {
        stopped = true;
        if (socket) socket.close();
      }
    };
  }

  window.lmsRealtime = { connect: connect, url: url, FINAL_CLOSE: FINAL_CLOSE };
})();
