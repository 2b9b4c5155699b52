/* A live exercise run's results page: new results arrive over a websocket
 * (docs/live-quiz-protocol.md, "exercise runs") instead of page reloads. The
 * HTML fragment is rendered and escaped by the server's templates. */
(function () {
  "use strict";
  var box = document.querySelector("[data-run-results][data-run-code]");
  if (!box || !window.WebSocket) return;
  var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
    "/ws/exercise-run/" + encodeURIComponent(box.getAttribute("data-run-code")) + "/";
  var attempt = 0;

  function connect() {
    var socket = new WebSocket(url);
    socket.onopen = function () { attempt = 0; };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type !== "results") return;
      box.innerHTML = message.html;
      if (message.closed) window.location.reload();
    };
    socket.onclose = function (event) {
      if (event.code === 4403 || event.code === 4404) return;
      attempt += 1;
      var delay = Math.min(10000, 500 * Math.pow(2, Math.min(attempt, 5))) * (0.5 + Math.random());
      window.setTimeout(connect, delay);
    };
  }
  connect();
})();
