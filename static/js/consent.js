/* Topic page of the consent checklist (enhancements only; the page works without it).
   - "Everyone understood" sets every person's status at once, without a round trip
     (without JavaScript the server sends the page back with them set; nothing is saved).
   - "Show the family" takes the clinician's unsaved answers along, so that they are
     still there when the tablet comes back (hidden fields; nothing is stored). */
(function () {
  "use strict";
  var form = document.getElementById("record-form");
  if (!form) { return; }
  var fill = form.querySelector("button.fill-all");
  var done = document.getElementById("fill-all-done");
  if (fill) {
    fill.addEventListener("click", function (event) {
      event.preventDefault();
      form.querySelectorAll("input[type=radio][value=understood]").forEach(function (radio) {
        radio.checked = true;
      });
      done.textContent = "";
      window.setTimeout(function () { done.textContent = done.getAttribute("data-done"); }, 50);
    });
  }
  var family = document.getElementById("family-form");
  if (family) {
    family.addEventListener("submit", function () {
      new FormData(form).forEach(function (value, name) {
        if (name === "csrf_token") { return; }
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        family.appendChild(input);
      });
    });
  }
}());
