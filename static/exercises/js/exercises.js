// Progressive enhancement: every exercise works without JavaScript.
(function () {
  "use strict";

  // Show how many indicators are marked, as the trainee goes.
  function setupCount(form) {
    var output = form.querySelector("[data-checklist-count]");
    if (!output) return;
    var source = form.querySelector("[data-checklist-template]");
    var template = source ? source.textContent : "";
    function update() {
      var marked = form.querySelectorAll("input[name=indicator]:checked").length;
      output.textContent = template.replace("%s", marked);
    }
    form.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-checklist]").forEach(setupCount);
  });
})();
