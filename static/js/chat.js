// The chat with JavaScript: answers appear in the page through /api/chat instead of a page load.
// Without this file everything works through ordinary form posts.
//
// The conversation (the last 5 questions and replies, per language) is kept in this tab's
// sessionStorage, so that it survives a reload; nothing of it is sent to the server.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var log = document.getElementById("chat-log");
  var strings = document.getElementById("chat-strings");
  var status = document.getElementById("chat-status");
  var clearForm = document.getElementById("chat-clear");
  if (!form || !log || !strings || !window.fetch) { return; }
  var t = strings.dataset;
  var askUrl = form.getAttribute("action");
  var lang = document.documentElement.lang;
  var token = form.querySelector("input[name=csrf_token]").value;
  var textarea = form.querySelector("textarea[name=question]");
  var STORE_KEY = "companion-chat-" + lang;
  var MAX_TURNS = 5;
  var MAX_TOPICS = 5;
  var busy = false;

  // New answers are announced through the status line ("New answer: …"), so the log itself
  // stays quiet: otherwise a screen reader would read every turn put back after a reload.
  log.setAttribute("aria-live", "off");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function hidden(name, value) { return el("input", { type: "hidden", name: name, value: value }); }

  // sessionStorage may be switched off or full: the chat then works as before, without memory
  function stored() {
    try {
      var turns = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "[]");
      return Array.isArray(turns) ? turns : [];
    } catch (e) { return []; }
  }

  function store(turns) {
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(turns.slice(-MAX_TURNS)));
    } catch (e) { /* nothing kept: fine */ }
  }

  function forget() {
    try { window.sessionStorage.removeItem(STORE_KEY); } catch (e) { /* nothing to forget */ }
  }

  function kindLabel(kind) {
    return { emergency: t.emergency, medical_advice: t.medicalAdvice, not_found: t.notFound }[kind];
  }

  function questionButtons(questions) {
    var list = el("ul");
    questions.forEach(function (s) {
      var li = el("li");
      li.appendChild(el("button", { type: "submit", name: "question", value: s.question, "class": "secondary" }, s.question));
      list.appendChild(li);
    });
    return list;
  }

  function askForm(intro, questions) {
    var sform = el("form", { method: "post", action: askUrl, "class": "chat-suggestions" });
    sform.appendChild(hidden("csrf_token", token));
    if (form.dataset.reader) { sform.appendChild(hidden("reader", form.dataset.reader)); }
    sform.appendChild(el("p", {}, intro));
    sform.appendChild(questionButtons(questions));
    return sform;
  }

  // the same markup as companion/templates/chat/_reply.html
  function renderReply(question, reply, feedback) {
    var guess = reply.kind === "answer" && reply.confidence === "medium";
    var suggestions = reply.suggestions || [];
    var box = el("div", { "class": "chat-reply chat-" + reply.kind + (guess ? " chat-guess" : "") });
    if (kindLabel(reply.kind)) {
      box.appendChild(el("p", { "class": "chat-kind" }, kindLabel(reply.kind)));
    } else if (guess) {
      var matched = el("p", { "class": "chat-matched" }, t.matched + " ");
      matched.appendChild(el("strong", {}, reply.matched_question || ""));
      box.appendChild(matched);
    }
    var prose = el("div", { "class": "prose" });
    prose.innerHTML = reply.answer_html;  // rendered and sanitised on the server from approved text
    box.appendChild(prose);
    if (reply.source) {
      var from = el("p", { "class": "chat-source" }, t.from + " ");
      from.appendChild(el("a", { href: reply.source.url }, reply.source.title));
      box.appendChild(from);
    }
    if (guess) {
      var other = el("details", { "class": "chat-other" });
      other.appendChild(el("summary", {}, t.notMine));
      if (suggestions.length) { other.appendChild(askForm(t.others, suggestions)); }
      other.appendChild(el("p", { "class": "chat-other-hint" }, t.otherWords));
      box.appendChild(other);
    } else if (suggestions.length) {
      box.appendChild(askForm(t.didYouMean, suggestions));
    }
    if (reply.kind === "answer") {
      if (feedback) {
        box.appendChild(el("p", { "class": "chat-thanks" }, t.thanks));
      } else {
        var fform = el("form", { method: "post", action: t.feedbackUrl, "class": "chat-feedback" });
        fform.appendChild(hidden("csrf_token", token));
        fform.appendChild(hidden("question", question));
        fform.appendChild(hidden("entry", reply.entry || ""));
        var set = el("fieldset");
        set.appendChild(el("legend", {}, t.helpful));
        set.appendChild(el("button", { type: "submit", name: "helpful", value: "yes", "class": "secondary" }, t.yes));
        set.appendChild(el("button", { type: "submit", name: "helpful", value: "no", "class": "secondary" }, t.no));
        fform.appendChild(set);
        box.appendChild(fform);
      }
    }
    return box;
  }

  function addTurn(kept) {
    var old = document.getElementById("latest");
    if (old) { old.removeAttribute("id"); old.removeAttribute("tabindex"); }
    var n = log.querySelectorAll(".chat-turn").length + 1;
    var turn = el("section", { "class": "chat-turn", id: "latest", tabindex: "-1",
                               "aria-label": t.turnLabel.replace("{n}", n), "data-turn": kept.id });
    if (kept.reply.kind === "answer" && kept.reply.topics) {
      turn.setAttribute("data-topics", kept.reply.topics.slice(0, MAX_TOPICS).join(" "));
    }
    var q = el("p", { "class": "chat-question" });
    q.appendChild(el("span", { "class": "visually-hidden" }, t.youAsked + " "));
    q.appendChild(document.createTextNode(kept.q));
    turn.appendChild(q);
    turn.appendChild(renderReply(kept.q, kept.reply, kept.fb));
    log.appendChild(turn);
    if (clearForm) { clearForm.hidden = false; }
    return turn;
  }

  function say(message) {
    status.textContent = "";
    // a moment apart, so that the same message twice is still read out
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function announce(turn, reply) {
    var parts = [t.newAnswer];
    var label = kindLabel(reply.kind);
    if (label) { parts.push(label + "."); }
    var matched = turn.querySelector(".chat-matched");
    if (matched) { parts.push(matched.textContent); }
    parts.push(turn.querySelector(".prose").textContent.replace(/\s+/g, " ").trim());
    say(parts.join(" "));
  }

  // the topics of the answer before, so that a short follow-up is read in their context
  function previousTopics() {
    var turns = log.querySelectorAll(".chat-turn");
    var last = turns[turns.length - 1];
    if (!last || !last.dataset.topics) { return null; }
    return last.dataset.topics.split(" ").filter(Boolean).slice(0, MAX_TOPICS);
  }

  // An empty question gets the same error summary as the page without JavaScript gives, focused.
  function showEmpty() {
    var box = form.querySelector(".error-summary");
    if (!box) {
      box = el("div", { "class": "error-summary", id: "error-summary", tabindex: "-1" });
      var alert = el("div", { role: "alert" });
      var item = el("li", { id: "question-error" });
      item.appendChild(el("a", { href: "#question" }, t.empty));
      var list = el("ul", { "class": "error-summary-list" });
      list.appendChild(item);
      alert.appendChild(el("h2", { "class": "error-summary-title", id: "error-summary-title" }, t.check));
      alert.appendChild(list);
      box.appendChild(alert);
      form.insertBefore(box, form.querySelector(".form-group"));
      textarea.setAttribute("aria-invalid", "true");
      textarea.setAttribute("aria-describedby", "question-hint question-error");
    }
    box.focus();
  }

  function clearError() {
    var box = form.querySelector(".error-summary");
    if (box) { box.remove(); }
    textarea.removeAttribute("aria-invalid");
    textarea.setAttribute("aria-describedby", "question-hint");
  }

  function ask(question) {
    question = question.trim();
    if (!question) { showEmpty(); return; }
    if (busy) { return; }
    busy = true;
    var body = { question: question, lang: lang };
    var topics = previousTopics();
    if (topics && topics.length) { body.previous_topics = topics; }
    if (form.dataset.reader) { body.reader = form.dataset.reader; }
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, body: data }; });
    }).then(function (result) {
      if (!result.ok) { say(result.body.error || t.error); return; }
      var kept = { id: String(Date.now()), q: question, reply: result.body, fb: null };
      var turns = stored();
      turns.push(kept);
      store(turns);
      var turn = addTurn(kept);
      clearError();
      textarea.value = "";
      turn.focus({ preventScroll: true });
      turn.scrollIntoView({ block: "start" });
      announce(turn, result.body);
    }).catch(function () {
      say(t.error);
    }).then(function () { busy = false; });
  }

  function sendFeedback(feedbackForm, submitter) {
    var data = new FormData(feedbackForm);
    data.append("helpful", submitter.value);
    fetch(feedbackForm.getAttribute("action"), {
      method: "POST", headers: { "Accept": "application/json" }, body: data
    }).then(function (response) {
      if (!response.ok) { throw new Error("feedback"); }
      var turn = feedbackForm.closest(".chat-turn");
      var id = turn && turn.dataset.turn;
      if (id) {
        var turns = stored();
        turns.forEach(function (kept) { if (kept.id === id) { kept.fb = submitter.value; } });
        store(turns);
      }
      var thanks = el("p", { "class": "chat-thanks", tabindex: "-1" }, t.thanks);
      feedbackForm.replaceWith(thanks);
      thanks.focus();  // the button pressed is gone: keep the keyboard in the same place
      say(t.thanks);
    }).catch(function () { say(t.error); });
  }

  // the conversation of this tab comes back after a reload, unless the server showed its own
  if (!log.querySelector(".chat-turn")) {
    stored().forEach(function (kept) {
      if (kept && typeof kept.q === "string" && kept.reply && kept.reply.kind) { addTurn(kept); }
    });
  }

  document.addEventListener("submit", function (event) {
    var target = event.target;
    var submitter = event.submitter;
    if (target === clearForm) {  // "Start again": the server forgets its part, this tab its own
      forget();
      return;
    }
    if (target.classList.contains("chat-feedback")) {
      if (!submitter) { return; }
      event.preventDefault();
      sendFeedback(target, submitter);
      return;
    }
    if (target.getAttribute("action") !== askUrl) { return; }
    event.preventDefault();
    var question = submitter && submitter.name === "question" ? submitter.value : textarea.value;
    ask(question);
  });
}());
