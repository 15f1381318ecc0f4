/* Idle warning on staff pages. The server ends a sign-in after STAFF_IDLE_TIMEOUT seconds
   without a request; this script shows and announces a warning STAFF_IDLE_WARNING seconds
   before, with "Stay signed in" (POST /staff/session/renew). It never leaves the page on its
   own: what a clinician typed stays, and a save after the limit is kept through a new sign-in.
   Without JavaScript the limit is printed on the page. */
(function () {
  "use strict";
  var box = document.getElementById("staff-session");
  if (!box) { return; }
  var warning = document.getElementById("session-warning");
  var text = document.getElementById("session-warning-text");
  var announce = document.getElementById("session-announce");
  var form = document.getElementById("session-renew");
  var warnBefore = Number(box.getAttribute("data-warn")) || 120;
  var warnText = text.textContent;
  var timers = [];

  function say(message) {
    announce.textContent = "";
    window.setTimeout(function () { announce.textContent = message; }, 50);
  }

  function showWarning() {
    text.textContent = warnText;
    form.hidden = false;
    warning.hidden = false;
    say(warnText);
  }

  function showExpired() {
    var message = text.getAttribute("data-expired");
    text.textContent = message;
    form.hidden = true;
    warning.hidden = false;
    say(message);
  }

  function schedule(secondsLeft) {
    timers.forEach(window.clearTimeout);
    timers = [
      window.setTimeout(showWarning, Math.max(0, secondsLeft - warnBefore) * 1000),
      // a second after the server's limit, so the page never says "signed out" too early
      window.setTimeout(showExpired, (Math.max(0, secondsLeft) + 1) * 1000)
    ];
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") === -1) { throw new Error("signed out"); }
      return response.json();
    }).then(function (data) {
      warning.hidden = true;
      say(text.getAttribute("data-renewed"));
      schedule(Number(data.seconds_left) || 0);
    }).catch(showExpired);
  });

  schedule(Number(box.getAttribute("data-seconds-left")) || 0);
}());
