// "Read aloud": the browser's own speech synthesis reads a text of the page.
// Nothing is sent anywhere: window.speechSynthesis speaks on this device.
//
// The controls come from <template id="read-aloud-controls"> (components/_read_aloud.html) and
// are copied beside each element marked data-read-aloud and each chat answer, but only when
// the browser can speak and has a voice for the page's language (nl-NL, else nl-*; en-GB,
// else en-*). Without that, or without JavaScript, no button appears.
//
// A text is spoken a few sentences at a time (one utterance after the other), so a very long
// section never blocks the page and an empty one is never offered. Where the browser reports
// word boundaries, the word being read is highlighted (CSS Custom Highlight API).
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var template = document.getElementById("read-aloud-controls");
  if (!synth || !window.SpeechSynthesisUtterance || !template || !template.content) { return; }

  var TARGETS = "[data-read-aloud], .chat-reply > .prose";
  var SKIP = ".read-aloud, details.term-note, script, style, template, [hidden], [aria-hidden='true']";
  var BLOCKS = /^(P|LI|H1|H2|H3|H4|DT|DD|TD|TH|DIV|SUMMARY|SECTION|ARTICLE|BLOCKQUOTE|UL|OL)$/;
  var CHUNK = 220;  // characters per utterance: a sentence or a few
  var lang = (document.documentElement.lang || "en").toLowerCase();
  var canHighlight = !!(window.CSS && CSS.highlights && window.Highlight);
  var voice = null;
  var current = null;  // {box, chunks, next, session}
  var session = 0;

  function pickVoice() {
    var voices = synth.getVoices() || [];
    var preferred = { nl: "nl-nl", en: "en-gb" }[lang];
    var exact = null, near = null;
    voices.forEach(function (v) {
      var tag = String(v.lang || "").toLowerCase().replace("_", "-");
      if (tag === preferred && !exact) { exact = v; }
      if ((tag === lang || tag.indexOf(lang + "-") === 0) && !near) { near = v; }
    });
    return { voice: exact || near, known: voices.length > 0 };
  }

  // The text of an element as it is read, with each text node's place in it (for highlighting).
  function collect(root) {
    var parts = [], text = "", lastBlock = null;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest(SKIP)) { return NodeFilter.FILTER_REJECT; }
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var node;
    while ((node = walker.nextNode())) {
      var block = node.parentElement;
      while (block !== root && !BLOCKS.test(block.tagName)) { block = block.parentElement; }
      if (text && block !== lastBlock) {  // a pause between a heading, paragraphs and list items
        text += /[.!?:;]\s*$/.test(text) ? " " : ". ";
      }
      lastBlock = block;
      parts.push({ node: node, start: text.length });
      text += node.nodeValue;
    }
    return { text: text, parts: parts };
  }

  // Sentences grouped into chunks of about CHUNK characters; a long sentence is cut at a space.
  function chunk(text) {
    var chunks = [], re = /[^.!?]+(?:[.!?]+|$)\s*/g, match, buf = "", bufStart = 0;
    while ((match = re.exec(text)) !== null) {
      if (!match[0]) { re.lastIndex++; continue; }
      var piece = match[0], at = match.index;
      while (piece.length > CHUNK * 1.5) {
        var cut = piece.lastIndexOf(" ", CHUNK);
        if (cut < 20) { cut = CHUNK; }
        if (buf) { chunks.push({ text: buf, start: bufStart }); buf = ""; }
        chunks.push({ text: piece.slice(0, cut), start: at });
        piece = piece.slice(cut); at += cut;
      }
      if (buf && buf.length + piece.length > CHUNK) { chunks.push({ text: buf, start: bufStart }); buf = ""; }
      if (!buf) { bufStart = at; }
      buf += piece;
    }
    if (buf.trim()) { chunks.push({ text: buf, start: bufStart }); }
    return chunks.filter(function (c) { return c.text.trim(); });
  }

  function rangeAt(parts, from, to) {
    var range = document.createRange(), started = false;
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i], end = p.start + p.node.nodeValue.length;
      if (!started && from < end) {
        range.setStart(p.node, Math.max(0, from - p.start)); started = true;
      }
      if (started && to <= end) { range.setEnd(p.node, Math.max(0, to - p.start)); return range; }
    }
    return null;
  }

  function highlight(from, to) {
    if (!canHighlight || !current) { return; }
    var range = rangeAt(current.parts, from, to);
    if (range) { CSS.highlights.set("read-aloud", new Highlight(range)); }
  }

  function clearHighlight() {
    if (canHighlight) { CSS.highlights.delete("read-aloud"); }
  }

  function setState(box, state) {
    var group = box.querySelector(".read-aloud");
    var play = group.querySelector(".read-aloud-play");
    var label = play.querySelector(".read-aloud-label");
    var d = group.dataset;
    label.textContent = state === "speaking" ? d.pause : state === "paused" ? d.resume : d.play;
    play.setAttribute("data-state", state);
    group.querySelector(".read-aloud-stop").hidden = state === "idle";
  }

  function speakNext(mine) {
    if (!current || current.session !== mine) { return; }
    var item = current.chunks[current.next];
    if (!item) { stop(); return; }
    current.next += 1;
    var utterance = new SpeechSynthesisUtterance(item.text);
    utterance.lang = voice.lang;
    utterance.voice = voice;
    utterance.onboundary = function (event) {
      if (current && current.session === mine && event.name !== "sentence") {
        var at = item.start + (event.charIndex || 0);
        var length = event.charLength || (item.text.slice(event.charIndex || 0).match(/^\S*/) || [""])[0].length;
        highlight(at, at + Math.max(1, length));
      }
    };
    utterance.onend = function () { speakNext(mine); };
    utterance.onerror = function () { if (current && current.session === mine) { stop(); } };
    synth.speak(utterance);
  }

  function stop() {
    session += 1;
    var was = current;
    current = null;
    synth.cancel();
    clearHighlight();
    if (was) { setState(was.box, "idle"); }
  }

  function start(box, target) {
    stop();
    var read = collect(target);
    var named = target.getAttribute("data-read-aloud");
    if (named) {  // a title that is not inside the text (a timeline day's): read it first
      var prefix = named + (/[.!?:]$/.test(named) ? " " : ". ");
      read.text = prefix + read.text;
      read.parts.forEach(function (p) { p.start += prefix.length; });
    }
    var chunks = chunk(read.text);
    if (!chunks.length) { return; }
    session += 1;
    current = { box: box, chunks: chunks, parts: read.parts, next: 0, session: session, paused: false };
    setState(box, "speaking");
    speakNext(session);
  }

  function toggle(box, target) {
    if (!current || current.box !== box) { start(box, target); return; }
    if (current.paused) {
      current.paused = false; synth.resume(); setState(box, "speaking");
    } else {
      current.paused = true; synth.pause(); setState(box, "paused");
    }
  }

  function title(target) {
    var named = target.getAttribute("data-read-aloud");
    if (named) { return named; }
    var heading = target.querySelector("h1, h2, h3");
    return heading ? heading.textContent.trim() : "";
  }

  function offer(target) {
    if (target.hasAttribute("data-read-aloud-ready") || !target.textContent.trim()) { return; }
    target.setAttribute("data-read-aloud-ready", "");
    var controls = template.content.cloneNode(true);
    var group = controls.querySelector(".read-aloud");
    var name = title(target);
    group.setAttribute("aria-label", group.dataset.play + (name ? ": " + name : ""));
    var box = document.createElement("div");
    box.className = "read-aloud-box";
    box.appendChild(controls);
    group.querySelector(".read-aloud-play").addEventListener("click", function () { toggle(box, target); });
    group.querySelector(".read-aloud-stop").addEventListener("click", stop);
    // Beside the text: after its first heading (a page's title), else before the text.
    var heading = target.querySelector(":scope > h1");
    if (heading) { heading.insertAdjacentElement("afterend", box); }
    else if (target.matches(".chat-reply > .prose")) { target.insertAdjacentElement("beforebegin", box); }
    else { target.insertBefore(box, target.firstChild); }
  }

  function offerAll(root) {
    if (root.matches && root.matches(TARGETS)) { offer(root); }
    if (root.querySelectorAll) { Array.prototype.forEach.call(root.querySelectorAll(TARGETS), offer); }
  }

  function ready() {
    var found = pickVoice();
    if (!found.voice) { return found.known; }  // no voice for this language: nothing to offer
    voice = found.voice;
    offerAll(document.body);
    // chat answers that arrive later (static/js/chat.js)
    if (window.MutationObserver) {
      new MutationObserver(function (records) {
        records.forEach(function (r) { Array.prototype.forEach.call(r.addedNodes, function (n) {
          if (n.nodeType === 1 && !n.closest(".read-aloud-box")) { offerAll(n); }
        }); });
      }).observe(document.body, { childList: true, subtree: true });
    }
    return true;
  }

  // Some browsers list their voices only after a "voiceschanged" event.
  if (!ready()) {
    var once = function () {
      if (voice || ready()) {
        if (synth.removeEventListener) { synth.removeEventListener("voiceschanged", once); }
        else { synth.onvoiceschanged = null; }
      }
    };
    if (synth.addEventListener) { synth.addEventListener("voiceschanged", once); }
    else { synth.onvoiceschanged = once; }
  }
  window.addEventListener("pagehide", function () { if (current) { stop(); } });
})();
