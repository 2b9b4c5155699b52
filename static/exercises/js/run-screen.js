/* A live exercise run's results page: new results arrive over a websocket
 * (docs/live-quiz-protocol.md, "exercise runs") instead of page reloads. The
 * HTML fragment is rendered and escaped by the server's templates. */
(function () {
  "use strict";
  var box = document.querySelector("[data-run-results][data-run-code]");
  if (!box || !window.WebSocket || !window.lmsRealtime) return;
  window.lmsRealtime.connect("/ws/exercise-run/" + encodeURIComponent(box.getAttribute("data-run-code")) + "/", {
    final: [4403, 4404],
    delay: 500,
    message: function (message) {
      if (message.type !== "results") return;
      box.innerHTML = message.html;
      if (message.closed) window.location.reload();
    }
  });
})();
