/* A visible character count under every field with a limit (data-maxlength).
   Progressive enhancement: without it the limit is in the help text and the form says
   clearly when it is passed; nothing is ever cut. */
(function () {
  "use strict";
  function describe(field, counter) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    var used = field.value.length;
    var over = used - limit;
    counter.textContent = over > 0
      ? used.toLocaleString() + " / " + limit.toLocaleString() + " characters: " + over.toLocaleString() + " too many"
      : used.toLocaleString() + " / " + limit.toLocaleString() + " characters";
    counter.classList.toggle("over", over > 0);
  }
  function attach(field) {
    if (!field.id) { return; }
    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.id = field.id + "-counter";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    field.addEventListener("input", function () { describe(field, counter); });
    describe(field, counter);
  }
  document.querySelectorAll("textarea[data-maxlength]").forEach(attach);
})();
