/* Room activities: the phone, the trainer's control and the projector.
 *
 * One websocket per page (protocol: docs/activities.md) through
 * lms/js/realtime.js, which reconnects with growing, jittered delays; a
 * telephone phone sends its token again and gets its turn back. Everything
 * from the server goes into the page as text (textContent), never as HTML;
 * sizes are set through the CSSOM (CSP).
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-act]");
  if (!root || !window.WebSocket || !window.lmsRealtime) return;

  var role = root.getAttribute("data-act");
  var kind = root.getAttribute("data-kind");
  var code = root.getAttribute("data-code");
  var labels = {};
  root.querySelectorAll("[data-act-labels] [data-key]").forEach(function (node) {
    labels[node.getAttribute("data-key")] = node.textContent.trim();
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
  var path = "/ws/activity/" + encodeURIComponent(code) + "/" + suffix +
    (root.getAttribute("data-key") ? "?kljuc=" + encodeURIComponent(root.getAttribute("data-key")) : "");
  var tokenKey = "activity-token-" + code;

  var socket = null;
  var seq = -1;
  var state = null;
  var clockOffset = 0;
  var task = null;
  var ticker = null;
  var welcome = null;

  var status = $("[data-act-status]");
  var errorBox = $("[data-act-error]");
  var feedback = $("[data-act-feedback]");
  function setStatus(text) { if (status) status.textContent = text; }
  function setError(text) { if (errorBox) errorBox.textContent = text || ""; }
  function setFeedback(text) { if (feedback) feedback.textContent = text || ""; }

  function storedToken() {
    try { return localStorage.getItem(tokenKey) || ""; } catch (e) { return ""; }
  }
  function storeToken(token) {
    try { localStorage.setItem(tokenKey, token); } catch (e) { /* private mode */ }
  }

  function send(message) { return socket.send(message); }

  function handle(message) {
    switch (message.type) {
      case "welcome": return onWelcome(message);
      case "me": return storeToken(message.token);
      case "state": return onState(message);
      case "board": return onBoard(message);
      case "task": return onTask(message);
      case "ack": return onAck(message);
      case "kept": return setFeedback(label("kept", { words: message.words }));
      case "done": return setFeedback(label("done_action"));
      case "error": return setError(message.message);
    }
  }

  /* --- Phone ------------------------------------------------------------ */

  function onWelcome(message) {
    welcome = message.activity;
    if (kind === "telephone") {
      var token = storedToken();
      if (token) { send({ type: "join", token: token }); return; }
      var form = $("[data-act-join]");
      show(form, true);
      form.onsubmit = function (event) {
        event.preventDefault();
        var seat = parseInt(form.querySelector("input").value, 10);
        var join = { type: "join", token: "" };
        if (seat > 0) join.seat = seat;
        send(join);
        show(form, false);
      };
      return;
    }
    if (kind === "collage") buildPicker(welcome.images || []);
    send({ type: "join" });
  }

  function buildPicker(images) {
    var box = $("[data-act-images]");
    clear(box);
    images.forEach(function (image, index) {
      var item = el("label", "act-pick__item");
      var input = el("input");
      input.type = "radio"; input.name = "image"; input.value = image.id;
      input.required = true;
      if (index === 0) input.checked = true;
      var img = el("img");
      img.src = image.src; img.alt = ""; img.width = 160; img.height = 160;
      item.appendChild(input); item.appendChild(img);
      item.appendChild(el("span", "act-pick__label", image.label));
      box.appendChild(item);
    });
  }

  function onState(message) {
    if (message.seq < seq) return;
    seq = message.seq;
    state = message;
    if (message.now) clockOffset = message.now - Date.now();
    var running = message.state === "running";
    var key = message.state;
    if (key === "lobby" && role !== "participant") key = "lobby_staff";
    setStatus(label(key));
    if (role === "participant") {
      show($("[data-act-balloon]"), kind === "balloons" && running);
      show($("[data-act-piece]"), kind === "collage" && running);
      if (!running && kind !== "telephone") setFeedback("");
    } else {
      var buttons = root.querySelectorAll("[data-action]");
      buttons.forEach(function (button) {
        var action = button.getAttribute("data-action");
        var enabled = {
          start: message.state === "lobby",
          skip: running && message.chain && message.chain.active,
          reveal: running,
          keep_list: message.state !== "closed",
          close: message.state !== "closed"
        }[action];
        button.disabled = !enabled;
      });
    }
    if (message.chain) {
      var counts = $("[data-act-counts]");
      if (counts) counts.textContent = label("chain", message.chain);
    }
  }

  var balloonForm = $("[data-act-balloon]");
  if (balloonForm) {
    balloonForm.onsubmit = function (event) {
      event.preventDefault();
      var input = balloonForm.querySelector("input");
      if (!input.value.trim()) return;
      setError(""); setFeedback(label("sending"));
      send({ type: "balloon", text: input.value });
    };
  }
  var pieceForm = $("[data-act-piece]");
  if (pieceForm) {
    pieceForm.onsubmit = function (event) {
      event.preventDefault();
      var chosen = pieceForm.querySelector("input[name=image]:checked");
      if (!chosen) return;
      setError(""); setFeedback(label("sending"));
      send({ type: "piece", image: parseInt(chosen.value, 10), word: pieceForm.querySelector("#act-piece-word").value });
    };
  }

  function onAck() {
    setError("");
    setFeedback(state && state.moderated ? label("sent_moderated") : label("sent"));
    if (balloonForm) balloonForm.querySelector("input").value = "";
    if (pieceForm) pieceForm.querySelector("#act-piece-word").value = "";
    if (kind === "telephone") setFeedback(label("done"));
  }

  /* --- Telephone: one's own turn ---------------------------------------- */

  var retell = $("[data-act-retell]");
  if (retell) {
    retell.onsubmit = function (event) {
      event.preventDefault();
      var text = retell.querySelector("textarea").value;
      if (!text.trim() || !task) return;
      setError("");
      send({ type: "retelling", link: task.link, text: text });
    };
  }

  function onTask(message) {
    task = message;
    if (message.now) clockOffset = message.now - Date.now();
    show($("[data-act-turn]"), true);
    if (ticker) window.clearInterval(ticker);
    ticker = null;
    renderTask();
    if (message.phase === "read" || message.phase === "write") {
      ticker = window.setInterval(renderTask, 500);
    }
  }

  function renderTask() {
    var hint = $("[data-act-hint]");
    var textBox = $("[data-act-text]");
    var now = Date.now() + clockOffset;
    var phase = task.phase;
    if (phase === "read" && now >= task.read_until) phase = "write";
    show(textBox, phase === "read");
    if (phase === "read") {
      textBox.textContent = task.text || "";
      hint.textContent = label(task.first ? "read_first" : "read", { seconds: Math.ceil((task.read_until - now) / 1000) });
    } else {
      textBox.textContent = "";  // gone: written from memory
    }
    var writing = phase === "write";
    if (writing && retell.hidden) {
      retell.querySelector("textarea").value = "";
      show(retell, true);
      retell.querySelector("textarea").focus();
    }
    if (!writing) show(retell, false);
    if (writing) {
      hint.textContent = label("write", { seconds: Math.max(0, Math.ceil((task.write_until - now) / 1000)) });
    } else if (phase === "wait") {
      hint.textContent = task.ahead !== undefined ? label("wait", { ahead: task.ahead }) : label("wait_soon");
    } else if (phase !== "read") {
      hint.textContent = label(phase === "lobby" ? "lobby" : phase);
    }
  }

  /* --- Control and projector: the board ---------------------------------- */

  var board = $("[data-act-board]");
  var balloonNodes = {};
  var pieceNodes = {};

  function onBoard(message) {
    if (message.kind === "balloons") renderBalloons(message);
    if (message.kind === "collage") renderCollage(message);
    if (message.kind === "telephone") renderChain(message);
    if (message.pending && role === "control") renderPending(message.pending);
  }

  function renderBalloons(message) {
    var counts = $("[data-act-counts]");
    if (counts) counts.textContent = label("balloons", { total: message.total });
    var sky = board.querySelector(".act-sky");
    if (!sky) { clear(board); sky = el("ul", "act-sky"); board.appendChild(sky); balloonNodes = {}; }
    var seen = {};
    var max = 1;
    message.balloons.forEach(function (b) { max = Math.max(max, b.count); });
    message.balloons.forEach(function (b, index) {
      var key = b.text.toLowerCase();
      seen[key] = true;
      var node = balloonNodes[key];
      if (!node) {
        node = el("li", "act-balloon act-balloon--c" + (index % 5));
        node.appendChild(el("span", "act-balloon__text"));
        node.appendChild(el("span", "act-balloon__count"));
        node.style.animationDelay = (-Math.random() * 6).toFixed(2) + "s";
        balloonNodes[key] = node;
        sky.appendChild(node);
      }
      node.firstChild.textContent = b.text;
      node.lastChild.textContent = b.count > 1 ? "×" + b.count : "";
      node.style.fontSize = (1 + 1.4 * Math.sqrt(b.count / max)).toFixed(2) + "em";
    });
    Object.keys(balloonNodes).forEach(function (key) {
      if (!seen[key]) { balloonNodes[key].remove(); delete balloonNodes[key]; }
    });
  }

  function renderCollage(message) {
    var counts = $("[data-act-counts]");
    if (counts) counts.textContent = label("pieces", { count: message.pieces.length });
    var grid = board.querySelector(".act-collage");
    if (!grid) { clear(board); grid = el("ul", "act-collage"); board.appendChild(grid); pieceNodes = {}; }
    var seen = {};
    message.pieces.forEach(function (piece) {
      seen[piece.id] = true;
      if (pieceNodes[piece.id]) return;
      var item = el("li", "act-collage__piece");
      var img = el("img");
      img.src = piece.src; img.alt = piece.label; img.width = 160; img.height = 160;
      item.appendChild(img);
      if (piece.word) item.appendChild(el("span", "act-collage__word", piece.word));
      pieceNodes[piece.id] = item;
      grid.appendChild(item);
    });
    Object.keys(pieceNodes).forEach(function (id) {
      if (!seen[id]) { pieceNodes[id].remove(); delete pieceNodes[id]; }
    });
  }

  function renderChain(message) {
    clear(board);
    if (!message.steps) return;
    var list = el("ol", "act-chain");
    message.steps.forEach(function (step) {
      var item = el("li", "act-chain__step");
      item.appendChild(el("h3", "act-chain__title", step.position ? label("version", { n: step.position }) : label("original")));
      var text = el("p", "act-chain__text");
      if (!step.tokens) {
        text.textContent = step.text;
      } else {
        step.tokens.forEach(function (token) {
          var tag = token.op === "lost" ? "del" : token.op === "added" ? "ins" : "span";
          var word = el(tag, "act-diff act-diff--" + token.op, token.text);
          if (token.op !== "same") word.title = label(token.op);
          text.appendChild(word);
          text.appendChild(document.createTextNode(" "));
        });
      }
      item.appendChild(text);
      list.appendChild(item);
    });
    board.appendChild(list);
    if (message.summary) board.appendChild(el("p", "act-chain__summary", label("summary", message.summary)));
    if (message.debrief) {
      var debrief = el("div", "act-chain__debrief");
      message.debrief.split(/\n\s*\n/).forEach(function (paragraph) { debrief.appendChild(el("p", "", paragraph)); });
      board.appendChild(debrief);
    }
  }

  function renderPending(items) {
    var list = $("[data-act-pending]");
    if (!list) return;
    clear(list);
    var counts = $("[data-act-counts]");
    items.forEach(function (item) {
      var row = el("li", "live-moderation__item");
      if (item.src) {
        var img = el("img"); img.src = item.src; img.alt = item.label; img.width = 64; img.height = 64;
        row.appendChild(img);
      }
      row.appendChild(el("span", "act-pending__text", item.text || item.word || ""));
      [["approved", "approve", "button--primary"], ["rejected", "reject", ""]].forEach(function (choice) {
        var button = el("button", "button " + choice[2], label(choice[1]));
        button.type = "button";
        button.onclick = function () {
          send({ type: "action", action: "moderate", data: { item: item.id, status: choice[0] } });
          row.remove();
        };
        row.appendChild(button);
      });
      var same = el("button", "button", label("approve_same"));
      same.type = "button";
      same.onclick = function () { send({ type: "action", action: "approve_same", data: { item: item.id } }); };
      row.appendChild(same);
      list.appendChild(row);
    });
    if (counts && items.length) counts.textContent = (counts.textContent.split(" · ")[0]) + " · " + label("pending", { count: items.length });
  }

  if (role === "control") {
    root.querySelectorAll("[data-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var confirmText = button.getAttribute("data-confirm");
        if (confirmText && !window.confirm(confirmText)) return;
        setError(""); setFeedback("");
        send({ type: "action", action: button.getAttribute("data-action"), data: {} });
      });
    });
  }

  socket = window.lmsRealtime.connect(path, {
    refs: true,
    message: handle,
    connecting: function (attempt) { setStatus(attempt ? label("reconnecting") : label("connecting")); },
    close: function (closeCode, retrying) { if (retrying) setStatus(label("reconnecting")); }
  });
})();
