// Hotspots over a scene image. Without JavaScript the details are a list of
// checkboxes; with it, each detail is a toggle button placed over the image
// (positions in percent, set here because the CSP forbids inline styles) that
// ticks the same checkbox, so the form posts the same answer either way.
(function () {
  "use strict";

  function place(element) {
    var box = (element.dataset.box || "").split(" ").map(Number);
    if (box.length !== 4 || box.some(isNaN)) return;
    element.style.left = box[0] + "%";
    element.style.top = box[1] + "%";
    element.style.width = box[2] + "%";
    element.style.height = box[3] + "%";
  }

  function setupButtons(scene) {
    var output = scene.querySelector("[data-hotspot-count]");
    var buttons = scene.querySelectorAll("button[data-hotspot]");
    function inputFor(button) {
      return scene.querySelector(
        'input[data-hotspot-input="' + button.dataset.hotspot + '"]'
      );
    }
    function update() {
      var marked = 0;
      buttons.forEach(function (button) {
        var checked = inputFor(button).checked;
        button.setAttribute("aria-pressed", checked ? "true" : "false");
        if (checked) marked += 1;
      });
      if (output) {
        output.textContent = (output.dataset.template || "").replace("%s", marked);
      }
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var input = inputFor(button);
        input.checked = !input.checked;
        update();
      });
    });
    update();
  }

  function setup(scene) {
    if (scene.dataset.hotspotsReady) return;
    scene.dataset.hotspotsReady = "1";
    scene.querySelectorAll("[data-box]").forEach(place);
    scene.querySelectorAll("[data-hotspot-layer], [data-hotspot-help]").forEach(
      function (element) { element.hidden = false; }
    );
    var list = scene.querySelector("[data-hotspot-list]");
    if (list) list.hidden = true;
    setupButtons(scene);
  }

  function setupAll() {
    document.querySelectorAll("[data-hotspot-scene]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
