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

  // The navigation as a disclosure on narrow screens: the button says whether
  // it is open (aria-expanded); Escape closes it and returns focus to the
  // button. From 64rem the stylesheet shows the navigation whatever the state.
  function setupMenu() {
    var toggle = document.querySelector("[data-menu-toggle]");
    var nav = document.getElementById(toggle ? toggle.getAttribute("aria-controls") : "");
    if (!toggle || !nav) return;
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.dataset.collapsed = open ? "false" : "true";
    }
    toggle.hidden = false;
    setOpen(false);
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    function closeOnEscape(event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    }
    nav.addEventListener("keydown", closeOnEscape);
    toggle.addEventListener("keydown", closeOnEscape);
  }

  // Whole cards are clickable: a click anywhere on a card that has one main
  // link follows it, unless the reader is selecting text or clicked another
  // control. The link stays the only focusable element (no nested targets).
  function setupCards() {
    document.querySelectorAll("[data-card-link]").forEach(function (card) {
      var link = card.querySelector("a[data-card-main]") || card.querySelector("a");
      if (!link) return;
      card.classList.add("card--clickable");
      card.addEventListener("click", function (event) {
        if (event.target.closest("a, button, input, select, textarea, label, summary")) return;
        if (window.getSelection && String(window.getSelection())) return;
        link.click();
      });
    });
  }

  // A table wider than a phone scrolls inside its wrapper; the wrapper then
  // has to be reachable by keyboard and named, so keyboard users can scroll it.
  function setupScrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth + 1) return;
      var caption = wrap.querySelector("caption");
      var heading = wrap.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      var name = caption ? caption.textContent : heading ? heading.textContent : "";
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      if (name.trim()) wrap.setAttribute("aria-label", name.trim());
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupCards();
    setupScrollableTables();
    document.querySelectorAll("input[data-autocomplete]").forEach(setupAutocomplete);
    setupMenu();
    // Move focus to the first invalid field so errors are announced.
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  });
})();
