// "Ask the handbook" panel: a progressive enhancement of the /pitajte/ form.
// Without JavaScript the header link opens the page with the same form.
(function () {
  "use strict";

  var panel = null;

  function request(url, options) {
    options = options || {};
    options.headers = { "X-Requested-With": "fetch" };
    options.credentials = "same-origin";
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    });
  }

  function close() {
    if (!panel) return;
    panel.hidden = true;
    var opener = document.querySelector("[data-assistant-open]");
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    }
  }

  function ask(form) {
    var input = form.querySelector("input[name=question]");
    if (!input.value.trim()) { input.focus(); return; }
    var log = panel.querySelector("[data-assistant-log]");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    request(form.action, { method: "POST", body: new FormData(form) })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var answer = holder.firstElementChild;
        if (answer) {
          log.appendChild(answer);
          answer.scrollIntoView({ block: "start" });
        }
        input.value = "";
        var topic = form.querySelector("input[name=new_topic]");
        if (topic) topic.checked = false;
      })
      .catch(function () { form.submit(); })
      .finally(function () { button.disabled = false; input.focus(); });
  }

  function open(opener) {
    if (panel) {
      panel.hidden = false;
      opener.setAttribute("aria-expanded", "true");
      panel.querySelector("input[name=question]").focus();
      return Promise.resolve();
    }
    return request(opener.href).then(function (html) {
      panel = document.createElement("section");
      panel.className = "assistant-panel";
      panel.id = "assistant-panel";
      panel.setAttribute("role", "dialog");
      panel.setAttribute("aria-labelledby", "assistant-panel-title");
      panel.innerHTML = html;
      document.body.appendChild(panel);
      opener.setAttribute("aria-controls", panel.id);
      opener.setAttribute("aria-expanded", "true");
      panel.querySelector("[data-assistant-close]").addEventListener("click", close);
      panel.addEventListener("keydown", function (event) {
        if (event.key === "Escape") close();
      });
      var form = panel.querySelector("[data-assistant-form]");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        ask(form);
      });
      panel.querySelector("input[name=question]").focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var opener = document.querySelector("[data-assistant-open]");
    if (!opener || document.querySelector(".assistant-page")) return;
    opener.addEventListener("click", function (event) {
      event.preventDefault();
      if (panel && !panel.hidden) { close(); return; }
      open(opener).catch(function () { window.location = opener.href; });
    });
  });
})();
