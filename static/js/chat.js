// The chat with JavaScript: answers appear in the page through /api/chat instead of a page load.
// Without this file everything works through ordinary form posts.
(function () {
  "use strict";
  var form = document.getElementById("chat-form");
  var log = document.getElementById("chat-log");
  var strings = document.getElementById("chat-strings");
  var status = document.getElementById("chat-status");
  if (!form || !log || !strings || !window.fetch) { return; }
  var t = strings.dataset;
  var askUrl = form.getAttribute("action");
  var lang = document.documentElement.lang;
  var token = form.querySelector("input[name=csrf_token]").value;
  var textarea = form.querySelector("textarea[name=question]");
  var busy = false;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function hidden(name, value) { return el("input", { type: "hidden", name: name, value: value }); }

  function kindLabel(kind) {
    return { emergency: t.emergency, medical_advice: t.medicalAdvice, not_found: t.notFound }[kind];
  }

  function renderReply(question, reply) {
    var box = el("div", { "class": "chat-reply chat-" + reply.kind });
    if (kindLabel(reply.kind)) { box.appendChild(el("p", { "class": "chat-kind" }, kindLabel(reply.kind))); }
    var prose = el("div", { "class": "prose" });
    prose.innerHTML = reply.answer_html;  // rendered and sanitised on the server from approved text
    box.appendChild(prose);
    if (reply.source) {
      var from = el("p", { "class": "chat-source" }, t.from + " ");
      from.appendChild(el("a", { href: reply.source.url }, reply.source.title));
      box.appendChild(from);
    }
    if (reply.suggestions && reply.suggestions.length) {
      var sform = el("form", { method: "post", action: askUrl, "class": "chat-suggestions" });
      sform.appendChild(hidden("csrf_token", token));
      sform.appendChild(el("p", {}, t.didYouMean));
      var list = el("ul");
      reply.suggestions.forEach(function (s) {
        var li = el("li");
        li.appendChild(el("button", { type: "submit", name: "question", value: s.question, "class": "secondary" }, s.question));
        list.appendChild(li);
      });
      sform.appendChild(list);
      box.appendChild(sform);
    }
    if (reply.kind === "answer") {
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
    return box;
  }

  function addTurn(question, reply) {
    var old = document.getElementById("latest");
    if (old) { old.removeAttribute("id"); old.removeAttribute("tabindex"); }
    var turn = el("section", { "class": "chat-turn", id: "latest", "aria-label": question });
    var q = el("p", { "class": "chat-question" });
    q.appendChild(el("span", { "class": "visually-hidden" }, t.youAsked + " "));
    q.appendChild(document.createTextNode(question));
    turn.appendChild(q);
    turn.appendChild(renderReply(question, reply));
    log.appendChild(turn);
    turn.scrollIntoView({ block: "nearest" });
  }

  function ask(question) {
    question = question.trim();
    if (!question) { status.textContent = t.empty; textarea.focus(); return; }
    if (busy) { return; }
    busy = true;
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ question: question, lang: lang })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) { status.textContent = result.body.error || t.error; return; }
      addTurn(question, result.body);
      textarea.value = "";
      status.textContent = "";
    }).catch(function () {
      status.textContent = t.error;
    }).then(function () { busy = false; });
  }

  function sendFeedback(feedbackForm, submitter) {
    var data = new FormData(feedbackForm);
    data.append("helpful", submitter.value);
    fetch(feedbackForm.getAttribute("action"), {
      method: "POST", headers: { "Accept": "application/json" }, body: data
    }).then(function (response) {
      if (!response.ok) { throw new Error("feedback"); }
      var thanks = el("p", { "class": "chat-thanks" }, t.thanks);
      feedbackForm.replaceWith(thanks);
      status.textContent = t.thanks;
    }).catch(function () { status.textContent = t.error; });
  }

  document.addEventListener("submit", function (event) {
    var target = event.target;
    var submitter = event.submitter;
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
