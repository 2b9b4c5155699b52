/* Live sessions: the phone, the trainer's control and the projector screen.
 *
 * One websocket per page (protocol: docs/live-quiz-protocol.md) through
 * lms/js/realtime.js, which reconnects on its own with growing, jittered
 * delays; a phone sends its token again and gets its answers and points back. Everything from the server is put
 * into the page as text (textContent), never as HTML.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-live]");
  if (!root || !window.WebSocket || !window.lmsRealtime) return;

  var role = root.getAttribute("data-live");
  var code = root.getAttribute("data-code");
  var mode = root.getAttribute("data-mode") || "quiz";
  var labels = {};
  root.querySelectorAll("[data-live-labels] [data-key]").forEach(function (el) {
    labels[el.getAttribute("data-key")] = el.textContent.trim();
  });

  function label(key, values) {
    var text = labels[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }
  function $(selector) { return root.querySelector(selector); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node && node.firstChild) node.removeChild(node.firstChild); }
  function show(node, visible) { if (node) node.hidden = !visible; }

  var suffix = role === "participant" ? "" : role + "/";
  var path = "/ws/live/" + encodeURIComponent(code) + "/" + suffix +
    (root.getAttribute("data-key") ? "?kljuc=" + encodeURIComponent(root.getAttribute("data-key")) : "");
  var tokenKey = "live-token-" + code;

  var socket = null;
  var version = -1;
  var state = null;
  var clockOffset = 0;
  var me = null;
  var myAnswer = null;
  var lastQuestionId = null;
  var lastResults = null;
  var clockOver = false;

  var status = $("[data-live-status]");
  function setStatus(text) { if (status) status.textContent = text; }

  function storedToken() {
    try { return localStorage.getItem(tokenKey) || ""; } catch (e) { return ""; }
  }
  function storeToken(token) {
    try { localStorage.setItem(tokenKey, token); } catch (e) { /* private mode */ }
  }

  function send(message) { return socket.send(message); }

  /* --- Messages ------------------------------------------------------- */

  function handle(message) {
    switch (message.type) {
      case "welcome": return onWelcome(message);
      case "me": return onMe(message);
      case "state": return onState(message);
      case "results": return onResults(message);
      case "presence": return onPresence(message);
      case "leaderboard": return onLeaderboard(message);
      case "result": return onResult(message);
      case "ack": return onAck(message);
      case "error": return onError(message);
      case "done": return onDone(message);
    }
  }

  function onWelcome(message) {
    var token = storedToken();
    if (token || message.user) {
      send({ type: "join", token: token });
    } else {
      showJoinForm();
    }
  }

  function showJoinForm() {
    var form = $("[data-live-join]");
    show(form, true);
    show($("[data-live-stage]"), false);
    setStatus("");
    var input = form && form.querySelector("input");
    if (input && document.activeElement !== input) input.focus();
  }

  function onMe(message) {
    me = message;
    storeToken(message.token);
    show($("[data-live-join]"), false);
    show($("[data-live-stage]"), true);
    myAnswer = message.answer;
    renderMe();
    if (state) renderState();
    if (message.result) onResult(message.result);
  }

  function renderMe() {
    var line = $("[data-live-me]");
    if (!line || !me) return;
    var text = me.participant.nickname;
    if (me.score !== null && me.score !== undefined) text += " · " + label("score", { score: me.score });
    line.textContent = text;
  }

  function onState(message) {
    var seq = message.seq !== undefined ? message.seq : message.version;
    if (seq < version) return; // an older message from another process
    // A change was missed (a broadcast lost while the server's link was down):
    // ask for the present, with this phone's own result and score.
    if (version >= 0 && seq > version + 1) send({ type: "sync" });
    version = seq;
    if (message.now) clockOffset = message.now - Date.now();
    state = message;
    clockOver = false;
    var question = message.question;
    var questionId = question ? question.id : null;
    if (questionId !== lastQuestionId) {
      lastQuestionId = questionId;
      lastResults = null;
      if (myAnswer && myAnswer.question !== questionId) myAnswer = null;
      clear($("[data-live-result]"));
      clear($("[data-live-results]"));
      var feedback = $("[data-live-feedback]");
      if (feedback) feedback.textContent = "";
    }
    renderState();
  }

  function phaseText(phase) {
    if (phase === "lobby" && role !== "participant") return label("lobby_staff");
    return label(phase);
  }

  function renderState() {
    if (role === "participant" && !me) return;
    var question = state.question;
    setStatus(phaseText(state.phase));
    var progress = $("[data-live-progress]");
    var heading = $("[data-live-question]");
    if (progress) progress.textContent = question ? label("progress", { n: question.position, total: question.total }) : "";
    if (heading) {
      var changed = heading.getAttribute("data-id") !== String(question ? question.id : "");
      heading.textContent = question ? question.text : "";
      // An empty heading confuses screen readers: hidden until a question is up.
      show(heading, !!question);
      heading.setAttribute("data-id", question ? question.id : "");
      if (changed && question && role === "participant") heading.focus();
    }
    var board = $("[data-live-board]");
    if (board && state.phase !== "leaderboard" && state.phase !== "finished") show(board, false);
    if (role === "participant") renderAnswerForm();
    if (role === "screen") {
      var title = $("[data-live-title]");
      show(title, !question || state.phase === "lobby");
      var explanation = $("[data-live-explanation]");
      if (explanation) explanation.textContent = state.reveal && state.reveal.explanation ? state.reveal.explanation : "";
      show($(".live-screen__join"), state.phase === "lobby" || state.phase === "shown" || state.phase === "open");
    }
    if (role === "control") updateButtons();
    if (lastResults) onResults(lastResults);
    tick();
  }

  /* --- The phone's answer form ----------------------------------------- */

  function renderAnswerForm() {
    var form = $("[data-live-answer]");
    var box = $("[data-live-choices]");
    var question = state.question;
    var open = state.phase === "open" && !clockOver;
    var showForm = question && ["shown", "open", "closed", "revealed"].indexOf(state.phase) !== -1;
    show(form, !!showForm);
    if (!showForm) return;
    if (box.getAttribute("data-id") !== String(question.id)) {
      box.setAttribute("data-id", question.id);
      buildChoices(box, question);
    }
    var legend = $("[data-live-legend]");
    if (legend) legend.textContent = question.text;
    form.querySelectorAll("input, textarea, button").forEach(function (input) {
      input.disabled = !open;
    });
    var sendButton = $("[data-live-send]");
    show(sendButton, open);
    sendButton.textContent = myAnswer && myAnswer.question === question.id ? label("change") : label("send");
    markCorrect(box);
    if (!open && state.phase !== "revealed") {
      var feedback = $("[data-live-feedback]");
      if (feedback && !(myAnswer && myAnswer.question === question.id) && state.phase === "closed") {
        feedback.textContent = label("closed");
      }
    }
  }

  function buildChoices(box, question) {
    clear(box);
    var response = myAnswer && myAnswer.question === question.id ? myAnswer.response : {};
    var name = "q" + question.id;
    if (question.kind === "single" || question.kind === "true_false" || question.kind === "multiple") {
      var multiple = question.kind === "multiple";
      question.options.forEach(function (option) {
        var id = name + "-" + option.id;
        var row = el("div", "live-choice");
        var input = el("input");
        input.type = multiple ? "checkbox" : "radio";
        input.name = name;
        input.id = id;
        input.value = option.id;
        input.checked = multiple
          ? (response.options || []).indexOf(option.id) !== -1
          : response.option === option.id;
        var text = el("label", "live-choice__label", option.text);
        text.htmlFor = id;
        row.setAttribute("data-option", option.id);
        row.appendChild(input);
        row.appendChild(text);
        box.appendChild(row);
      });
    } else if (question.kind === "rating") {
      var hint = el("p", "field__help", label("scale", { max: question.scale_max }));
      box.appendChild(hint);
      var scale = el("div", "live-scale");
      for (var value = 1; value <= question.scale_max; value += 1) {
        var sid = name + "-" + value;
        var item = el("div", "live-scale__item");
        var radio = el("input");
        radio.type = "radio"; radio.name = name; radio.id = sid; radio.value = value;
        radio.checked = response.value === value;
        var lab = el("label", "", value);
        lab.htmlFor = sid;
        item.appendChild(radio); item.appendChild(lab);
        scale.appendChild(item);
      }
      box.appendChild(scale);
    } else {
      var tid = name + "-text";
      var tlabel = el("label", "", label("your_text"));
      tlabel.htmlFor = tid;
      var field = el(question.kind === "word_cloud" ? "input" : "textarea", "live-text");
      field.id = tid;
      field.name = name;
      field.maxLength = question.kind === "word_cloud" ? 40 : 200;
      if (question.kind !== "word_cloud") field.rows = 3;
      field.value = response.text || "";
      field.autocomplete = "off";
      box.appendChild(tlabel);
      box.appendChild(field);
      if (question.kind === "open") box.appendChild(el("p", "field__help", label("moderated")));
    }
  }

  function markCorrect(box) {
    var correct = state.phase === "revealed" && state.reveal ? state.reveal.correct : [];
    box.querySelectorAll("[data-option]").forEach(function (row) {
      var right = correct.indexOf(Number(row.getAttribute("data-option"))) !== -1;
      row.classList.toggle("live-choice--correct", right);
      var badge = row.querySelector(".live-choice__badge");
      if (right && !badge) row.appendChild(el("span", "live-choice__badge", "✓ " + label("right_answer")));
      if (!right && badge) badge.remove();
    });
  }

  function collectResponse(question) {
    var form = $("[data-live-answer]");
    var name = "q" + question.id;
    if (question.kind === "multiple") {
      var chosen = [];
      form.querySelectorAll("input[name='" + name + "']:checked").forEach(function (input) {
        chosen.push(Number(input.value));
      });
      return { options: chosen };
    }
    if (question.kind === "single" || question.kind === "true_false") {
      var picked = form.querySelector("input[name='" + name + "']:checked");
      return { option: picked ? Number(picked.value) : null };
    }
    if (question.kind === "rating") {
      var rated = form.querySelector("input[name='" + name + "']:checked");
      return { value: rated ? Number(rated.value) : null };
    }
    var field = form.querySelector("[name='" + name + "']");
    return { text: field ? field.value : "" };
  }

  var answerForm = $("[data-live-answer]");
  if (answerForm) {
    answerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!state || !state.question || state.phase !== "open") return;
      var feedback = $("[data-live-feedback]");
      var sent = send({ type: "answer", question: state.question.id, response: collectResponse(state.question) });
      if (feedback) feedback.textContent = sent ? label("sending") : label("reconnecting");
    });
  }

  var joinForm = $("[data-live-join]");
  if (joinForm) {
    joinForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var nickname = joinForm.querySelector("input").value;
      $("[data-live-join-error]").textContent = "";
      send({ type: "join", nickname: nickname, token: "" });
    });
  }

  function onAck(message) {
    myAnswer = { question: message.question, response: message.response };
    var feedback = $("[data-live-feedback]");
    if (feedback) feedback.textContent = label("saved");
    var sendButton = $("[data-live-send]");
    if (sendButton) sendButton.textContent = label("change");
  }

  function onResult(message) {
    if (!state || !state.question || message.question !== state.question.id) return;
    var box = $("[data-live-result]");
    clear(box);
    var text;
    if (!message.answered) text = label("no_answer");
    else if (message.correct === true) text = label("right");
    else if (message.correct === false) text = label("wrong");
    else text = label("recorded");
    box.appendChild(el("p", "live-result__verdict" + (message.correct === true ? " live-result__verdict--right" : ""), text));
    if (message.correct === true && message.points) box.appendChild(el("p", "live-result__points", label("points", { points: message.points })));
    if (message.score !== null && message.score !== undefined) {
      var line = label("score", { score: message.score });
      if (message.rank) line += " · " + label("rank", { rank: message.rank });
      box.appendChild(el("p", "live-result__score", line));
      if (me) { me.score = message.score; renderMe(); }
    }
    if (state.reveal && state.reveal.explanation) box.appendChild(el("p", "live-result__explanation", state.reveal.explanation));
    var feedback = $("[data-live-feedback]");
    if (feedback) feedback.textContent = "";
  }

  function onError(message) {
    var joinError = $("[data-live-join-error]");
    var joinCodes = ["nickname_taken", "nickname_required", "login_required", "finished"];
    if (joinError && !me && joinCodes.indexOf(message.code) !== -1) {
      if (message.code === "nickname_required" && storedToken()) {
        // The stored token belongs to no one here (an old session): ask for a nickname.
        try { localStorage.removeItem(tokenKey); } catch (e) { /* ignore */ }
        showJoinForm();
        return;
      }
      showJoinForm();
      joinError.textContent = message.message;
      return;
    }
    var target = $("[data-live-error]") || $("[data-live-feedback]");
    if (target) target.textContent = message.message;
    if (message.code === "not_found" || message.code === "forbidden") setStatus(message.message);
  }

  /* --- Results, presence, leaderboard --------------------------------- */

  function onResults(message) {
    if (!state || !state.question || message.question !== state.question.id) return;
    lastResults = message;
    var count = $("[data-live-answer-count]");
    if (count) count.textContent = label("answers", { count: message.answers });
    var box = $("[data-live-results]");
    if (!box) return;
    var hideBars = role === "screen" && mode === "quiz" && state.phase === "open" &&
      ["single", "multiple", "true_false", "short_text"].indexOf(message.kind) !== -1;
    clear(box);
    if (hideBars) return;
    var correct = state.phase === "revealed" && state.reveal ? state.reveal.correct : [];
    if (message.options) renderBars(box, message.options.map(function (o) {
      return { label: o.text, count: o.count, right: correct.indexOf(o.id) !== -1 };
    }), message.answers);
    if (message.scale) {
      renderBars(box, message.scale.map(function (s) { return { label: String(s.value), count: s.count }; }), message.answers);
      if (message.average !== null) box.appendChild(el("p", "live-results__average", label("average", { value: message.average })));
    }
    if (message.words) renderWords(box, message.words);
    if (message.approved) renderList(box, message.approved, false);
    if (role === "control") renderModeration(message);
    if (!message.answers && !message.approved) box.appendChild(el("p", "live-results__empty", label("nothing_yet")));
  }

  function renderBars(box, rows, total) {
    var list = el("ul", "live-bars");
    rows.forEach(function (row) {
      var share = total ? Math.round((100 * row.count) / total) : 0;
      var item = el("li", "live-bars__row" + (row.right ? " live-bars__row--right" : ""));
      var text = el("span", "live-bars__label", (row.right ? "✓ " : "") + row.label);
      var track = el("span", "live-bars__track");
      var bar = el("span", "live-bars__bar");
      bar.style.width = share + "%";
      track.appendChild(bar);
      var figure = el("span", "live-bars__figure", row.count + " (" + share + " %)");
      item.appendChild(text); item.appendChild(track); item.appendChild(figure);
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function renderWords(box, words) {
    var cloud = el("ul", "live-cloud");
    var max = words.reduce(function (m, w) { return Math.max(m, w.count); }, 1);
    words.forEach(function (word) {
      var item = el("li", "live-cloud__word", word.text);
      item.style.fontSize = (1 + 2.5 * (word.count / max)).toFixed(2) + "em";
      item.title = word.count;
      var hidden = el("span", "visually-hidden", " (" + word.count + ")");
      item.appendChild(hidden);
      cloud.appendChild(item);
    });
    box.appendChild(cloud);
  }

  function renderList(box, answers) {
    var list = el("ul", "live-open");
    answers.forEach(function (answer) { list.appendChild(el("li", "live-open__item", answer.text)); });
    box.appendChild(list);
  }

  function renderModeration(message) {
    var panel = $("[data-live-moderation]");
    if (!panel) return;
    show(panel, message.kind === "open");
    if (message.kind !== "open") return;
    var list = $("[data-live-pending]");
    clear(list);
    if (!message.pending || !message.pending.length) {
      list.appendChild(el("li", "", label("pending_none")));
      return;
    }
    message.pending.forEach(function (answer) {
      var item = el("li", "live-moderation__item");
      item.appendChild(el("span", "live-moderation__text", answer.text));
      [["approved", "approve"], ["hidden", "hide"]].forEach(function (pair) {
        var button = el("button", "button button--small", label(pair[1]));
        button.type = "button";
        button.addEventListener("click", function () {
          send({ type: "action", action: "moderate", data: { answer: answer.id, status: pair[0] } });
          button.disabled = true;
        });
        item.appendChild(button);
      });
      list.appendChild(item);
    });
  }

  function onPresence(message) {
    var joined = $("[data-live-joined]");
    if (joined) joined.textContent = label("joined", { count: message.joined });
  }

  function onLeaderboard(message) {
    var board = $("[data-live-board]");
    if (!board) return;
    clear(board);
    message.entries.forEach(function (entry) {
      var item = el("li", "live-board__entry");
      item.appendChild(el("span", "live-board__rank", entry.rank + "."));
      item.appendChild(el("span", "live-board__name", entry.name));
      item.appendChild(el("span", "live-board__score", label("points_total", { score: entry.score })));
      board.appendChild(item);
    });
    show(board, message.entries.length > 0);
  }

  /* --- The trainer's control -------------------------------------------- */

  function updateButtons() {
    var phase = state.phase;
    var question = state.question;
    var revealed = phase === "revealed";
    var enabled = {
      previous: !!question && question.position > 1 && phase !== "finished",
      next: phase !== "finished" && (!question || question.position < question.total),
      open: !!question && (phase === "shown" || phase === "closed"),
      close: phase === "open",
      reveal: !!question && (phase === "open" || phase === "closed" || (phase === "leaderboard" && !revealed)),
      leaderboard: phase !== "finished" && phase !== "lobby",
      finish: phase !== "finished",
      show: phase !== "finished"
    };
    root.querySelectorAll("[data-action]").forEach(function (button) {
      button.disabled = !enabled[button.getAttribute("data-action")];
    });
    var moderation = $("[data-live-moderation]");
    if (moderation && (!question || question.kind !== "open")) show(moderation, false);
    root.querySelectorAll("[data-action=show]").forEach(function (button) {
      if (question && Number(button.getAttribute("data-question")) === question.id) {
        button.setAttribute("aria-current", "step");
      } else {
        button.removeAttribute("aria-current");
      }
    });
  }

  function onDone() {
    var error = $("[data-live-error]");
    if (error) error.textContent = "";
  }

  if (role === "control") {
    root.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = button.getAttribute("data-action");
        var confirmText = button.getAttribute("data-confirm");
        if (confirmText && !window.confirm(confirmText)) return;
        var data = {};
        if (action === "show") data.question = Number(button.getAttribute("data-question"));
        if (action === "open") {
          var timer = $("[data-live-timer-choice]");
          if (timer && timer.value !== "") data.time_limit = Number(timer.value);
        }
        if (!send({ type: "action", action: action, data: data })) setStatus(label("reconnecting"));
      });
    });
  }

  /* --- The clock ------------------------------------------------------- */

  function tick() {
    var timer = $("[data-live-timer]");
    if (!timer) return;
    var question = state && state.question;
    if (!question || !question.closes_at || state.phase !== "open") {
      timer.textContent = "";
      return;
    }
    var left = Math.max(0, Math.ceil((question.closes_at - (Date.now() + clockOffset)) / 1000));
    timer.textContent = label("seconds", { seconds: left });
    if (left === 0 && role === "participant" && !clockOver) {
      // The server refuses answers from now on; say so before its "closed" arrives.
      clockOver = true;
      renderAnswerForm();
      setStatus(label("closed"));
    }
  }
  window.setInterval(tick, 500);

  socket = window.lmsRealtime.connect(path, {
    refs: true,
    message: handle,
    connecting: function (attempt) { setStatus(attempt ? label("reconnecting") : label("connecting")); },
    close: function (closeCode, retrying) { if (retrying) setStatus(label("reconnecting")); }
  });
})();
