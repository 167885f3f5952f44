// The delegates' pages: the hall's summary refreshes itself, the desk's list filters as one types.
// Without this script the summary says when it was computed, and the search box is a plain form.
(function () {
  "use strict";
  function refresh(box) {
    var url = box.dataset.summary;
    var every = Math.max(2, parseInt(box.dataset.summaryEvery, 10) || 5) * 1000;
    var etag = null;
    function tick() {
      if (document.hidden) { window.setTimeout(tick, every); return; }
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(url, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 200) {
            etag = response.headers.get("ETag");
            return response.text().then(function (html) { box.innerHTML = html; });
          }
          return null;
        })
        .catch(function () { return null; })
        .then(function () { window.setTimeout(tick, every); });
    }
    window.setTimeout(tick, every);
  }
  function filter(input) {
    var items = document.querySelectorAll(input.dataset.filter);
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLowerCase();
      items.forEach(function (item) {
        var name = item.dataset.name;
        if (name !== undefined) item.hidden = wanted !== "" && name.indexOf(wanted) === -1;
      });
    });
  }
  function ready() {
    document.querySelectorAll("[data-summary]").forEach(refresh);
    document.querySelectorAll("input[data-filter]").forEach(filter);
  }
  if (document.readyState !== "loading") ready();
  else document.addEventListener("DOMContentLoaded", ready);
})();
