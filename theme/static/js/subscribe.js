// Subscribe page: a "Copy" button beside every calendar address.
// Only an enhancement: without JavaScript the addresses are read-only fields that can be
// selected and copied by hand, so the buttons are created here and never exist unused.
(function () {
  "use strict";
  var page = document.querySelector("[data-copy-label]");
  if (!page) return;
  var copyLabel = page.getAttribute("data-copy-label");
  var copiedLabel = page.getAttribute("data-copied-label");

  function copy(field, button) {
    var done = function () {
      button.textContent = copiedLabel;
      setTimeout(function () { button.textContent = copyLabel; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        field.select(); // the reader can still copy the selected text by hand
      });
    } else {
      field.select();
      try { if (document.execCommand("copy")) done(); } catch (e) { /* left selected */ }
    }
  }

  var fields = page.querySelectorAll("input[data-copy]");
  Array.prototype.forEach.call(fields, function (field) {
    // A click selects the whole address: one gesture to copy it by hand.
    field.addEventListener("focus", function () { field.select(); });
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy";
    button.textContent = copyLabel;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () { copy(field, button); });
    field.insertAdjacentElement("afterend", button);
  });
})();
