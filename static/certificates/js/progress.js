// Poll the batch's progress (kept in the database, so it survives a reload).
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("batch-progress");
    if (!box) return;
    var bar = box.querySelector("progress");
    var count = box.querySelector("[data-role=count]");
    var status = box.querySelector("[data-role=status]");
    function poll() {
      fetch(box.dataset.url, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          bar.value = data.percent;
          bar.textContent = data.percent + "%";
          count.textContent = data.done + " / " + data.total;
          if (data.status === "done" || data.status === "failed") {
            status.textContent = data.status === "done" ? "✓" : "✗";
            return;
          }
          window.setTimeout(poll, 1500);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    poll();
  }
  document.addEventListener("DOMContentLoaded", start);
})();
