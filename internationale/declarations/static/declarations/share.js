// The share panel's "Copy the address" button: shown only where the browser can copy;
// without it, the address stays in its field to select and copy by hand.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    document.querySelectorAll("input[readonly][type=url]").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
    if (!navigator.clipboard || !window.isSecureContext) return;
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      var status = document.querySelector("[data-copy-status='" + button.dataset.copy + "']");
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) status.textContent = button.dataset.copied;
        }, function () {
          field.focus();
        });
      });
    });
  });
})();
