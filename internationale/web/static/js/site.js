// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // A form whose submit button is marked data-once cannot be sent twice by a double click.
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitted === "1") { event.preventDefault(); return; }
        form.dataset.submitted = "1";
        form.querySelectorAll("button[data-once]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
      });
    });
    // Fields that concern one kind of signer (data-for-kind) hide while the other kind is chosen.
    document.querySelectorAll("form").forEach(function (form) {
      var kinds = form.querySelectorAll("input[type=radio][name=kind]");
      var parts = form.querySelectorAll("[data-for-kind]");
      if (!kinds.length || !parts.length) return;
      function show() {
        var chosen = form.querySelector("input[type=radio][name=kind]:checked");
        parts.forEach(function (input) {
          var field = input.closest(".field") || input;
          field.hidden = !!chosen && input.dataset.forKind !== chosen.value;
        });
      }
      kinds.forEach(function (radio) { radio.addEventListener("change", show); });
      show();
    });
    // A page that waits for the worker (data-reload-after seconds) reloads itself, and says so.
    document.querySelectorAll("[data-reload-after][data-reload-url]").forEach(function (status) {
      var seconds = parseInt(status.dataset.reloadAfter, 10);
      if (!(seconds > 0)) return;
      status.querySelectorAll("[data-without-script]").forEach(function (e) { e.hidden = true; });
      status.querySelectorAll("[data-with-script]").forEach(function (e) { e.hidden = false; });
      window.setTimeout(function () { window.location.replace(status.dataset.reloadUrl); }, seconds * 1000);
    });
    // Move focus to an error summary so screen readers announce it.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  });
})();
