// A search field above a grouped <select> (lms.widgets.DistrictGroupedSelect):
// typing filters the options by name, in either script, with or without
// diacritics. Each option carries its key in data-search (lms.text.search_key).
(function () {
  "use strict";
  var LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e",
    "ж": "z", "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj",
    "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c",
    "џ": "dz", "ш": "s", "đ": "dj"
  };

  function key(text) {
    var lower = (text || "").toLowerCase();
    var out = "";
    for (var i = 0; i < lower.length; i += 1) {
      var ch = lower[i];
      out += Object.prototype.hasOwnProperty.call(LATIN, ch) ? LATIN[ch] : ch;
    }
    out = out.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    return out.replace(/[^a-z0-9]+/g, " ").trim();
  }

  function enhance(wrapper) {
    if (wrapper.dataset.enhanced) return;
    var select = wrapper.querySelector("select");
    if (!select) return;
    wrapper.dataset.enhanced = "1";
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    input.className = "searchable-select__search";
    input.setAttribute("aria-label", wrapper.dataset.searchLabel || "");
    input.placeholder = wrapper.dataset.searchLabel || "";
    if (select.id) input.setAttribute("aria-controls", select.id);
    wrapper.insertBefore(input, select);
    input.addEventListener("input", function () {
      var query = key(input.value);
      var firstMatch = null;
      select.querySelectorAll("optgroup").forEach(function (group) {
        var visible = 0;
        group.querySelectorAll("option").forEach(function (option) {
          var match = !query || (option.dataset.search || "").indexOf(query) !== -1;
          option.hidden = !match;
          if (match) {
            visible += 1;
            if (!firstMatch) firstMatch = option;
          }
        });
        group.hidden = visible === 0;
      });
      if (query && firstMatch && select.size <= 1) {
        firstMatch.selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("[data-searchable-select]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  } else {
    enhanceAll();
  }
  // Wagtail admin panels that appear later (modals, inline panels).
  new MutationObserver(function () { enhanceAll(); }).observe(document.documentElement, {
    childList: true, subtree: true
  });
})();
