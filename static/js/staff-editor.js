/* Content editor: a live preview. While the editor types, the form is sent as "Show preview" (the same
   request the button makes without JavaScript; nothing is saved) and the preview boxes are replaced with
   the server's rendering, so the preview is exactly what families will see, site facts and word links
   included. Without JavaScript the "Show preview" button does the same with a page load. */
(function () {
  "use strict";
  var form = document.querySelector("form.editor-form");
  if (!form || !window.fetch || !window.DOMParser || !window.FormData) { return; }
  var DELAY = 700;  // ms after the last key press
  var timer = null;
  var pending = null;
  var sent = 0;
  var status = document.getElementById("preview-status");

  function update() {
    var data = new FormData(form);
    data.set("action", "preview");
    var number = ++sent;
    if (pending && pending.abort) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-Requested-With": "preview"}, signal: pending ? pending.signal : undefined
    }).then(function (response) {
      if (!response.ok && response.status !== 400) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      if (number !== sent) { return; }  // a newer preview is on its way
      var page = new DOMParser().parseFromString(html, "text/html");
      var boxes = page.querySelectorAll(".preview-box[id]");
      if (!boxes.length) { throw new Error("no preview"); }  // e.g. the sign-in page after a time-out
      boxes.forEach(function (box) {
        var here = document.getElementById(box.id);
        if (here) { here.innerHTML = box.innerHTML; }
      });
      if (status) { status.textContent = status.getAttribute("data-live"); }
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      if (status) { status.textContent = status.getAttribute("data-stale"); }
    });
  }

  form.addEventListener("input", function (event) {
    if (!event.target.matches("textarea, input[type=text], input[type=checkbox], select")) { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(update, DELAY);
  });
  if (status) { status.textContent = status.getAttribute("data-live"); }
})();
