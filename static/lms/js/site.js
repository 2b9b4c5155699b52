// Progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // Institution field: suggest names from the reference list as the person types.
  function setupAutocomplete(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.dataset.autocomplete;
    if (!list || !url) return;
    var timer = null;
    var lastQuery = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (query.length < 2 || query === lastQuery) return;
      clearTimeout(timer);
      timer = setTimeout(function () {
        lastQuery = query;
        fetch(url + "?q=" + encodeURIComponent(query), {
          headers: { "X-Requested-With": "fetch" },
          credentials: "same-origin",
        })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.name;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-autocomplete]").forEach(setupAutocomplete);
    // Close the menu with Escape and return focus to its toggle.
    document.querySelectorAll("[data-menu]").forEach(function (menu) {
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
    // Move focus to the first invalid field so errors are announced.
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  });
})();
