// The live floor (decision 0027): follow the state as server-sent events where the
// server streams them, else poll its version with its ETag (an unchanged floor answers
// 304); count the speaker's time down from the state; and on the chair's console post
// the moves with fetch instead of reloading. Without this file every page works by
// reloading.
(function () {
  "use strict";
  var POLL_MS = 700;
  var live = null;
  var etag = null;
  var anchor = { seconds: 0, running: false, at: 0 };

  function clock(seconds) {
    var sign = seconds < 0 ? "\u2212" : "";
    var total = Math.abs(seconds);
    var rest = total % 60;
    return sign + Math.floor(total / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function field(name) {
    return live.querySelector('[data-field="' + name + '"]');
  }

  function readTimer() {
    var timer = field("timer");
    anchor = {
      seconds: parseInt(timer.getAttribute("data-seconds-left"), 10) || 0,
      running: timer.getAttribute("data-running") === "1",
      at: Date.now(),
    };
  }

  function tick() {
    var timer = field("timer");
    if (!timer) return;
    var left = anchor.seconds;
    if (anchor.running) left -= Math.floor((Date.now() - anchor.at) / 1000);
    var text = clock(left);
    if (timer.textContent !== text) timer.textContent = text;
    timer.classList.toggle("floor-over", left < 0);
  }

  function speakerNode(speaker) {
    var fragment = document.createDocumentFragment();
    var name = document.createElement("bdi");
    name.textContent = speaker.name;
    var rest = document.createElement("span");
    rest.className = "floor-section";
    var section = document.createElement("bdi");
    section.textContent = speaker.section;
    rest.append(section, " \u00b7 " + speaker.kind_label);
    fragment.append(name, " ", rest);
    return fragment;
  }

  function render(state) {
    field("item").textContent = state.item || live.getAttribute("data-no-item");
    var speaker = field("speaker");
    speaker.replaceChildren(
      state.speaker ? speakerNode(state.speaker) : live.getAttribute("data-nobody")
    );
    var next = field("next");
    var rows = state.next.map(function (s) {
      var li = document.createElement("li");
      li.append(speakerNode(s));
      return li;
    });
    if (!rows.length) {
      var empty = document.createElement("li");
      empty.className = "floor-empty";
      empty.textContent = live.getAttribute("data-none-waiting");
      rows.push(empty);
    }
    next.replaceChildren.apply(next, rows);
    anchor = { seconds: state.timer.seconds_left, running: state.timer.running, at: Date.now() };
    tick();
  }

  function swapFrom(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var console_ = document.querySelector("[data-console]");
    var replacement = fresh.querySelector("[data-console]");
    if (console_ && replacement) {
      console_.replaceWith(replacement);
      start();
    }
  }

  function reloadConsole() {
    return fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) swapFrom(html); });
  }

  function poll() {
    if (!live) return;
    var url = live.getAttribute("data-floor-state");
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(url, { credentials: "same-origin", headers: headers, cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) {
        if (!state) return;
        if (state.token) {
          var base = url.split("?")[0];
          live.setAttribute("data-floor-state", base + "?t=" + encodeURIComponent(state.token));
        }
        return show(state);
      })
      .catch(function () { /* the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, POLL_MS); });
  }

  function show(state) {
    if (String(state.version) === live.getAttribute("data-version")) return null;
    live.setAttribute("data-version", String(state.version));
    if (live.getAttribute("data-mode") === "reload") return reloadConsole();
    render(state);
    return null;
  }

  // A stream while the server keeps it open; when it will not (204, or the page's
  // token no longer valid), polling.
  function follow() {
    var url = live && live.getAttribute("data-floor-stream");
    if (!url || !window.EventSource) {
      window.setTimeout(poll, POLL_MS);
      return;
    }
    var source = new EventSource(url);
    source.addEventListener("floor", function (event) {
      show(JSON.parse(event.data));
    });
    source.addEventListener("error", function () {
      if (source.readyState === EventSource.CLOSED) window.setTimeout(poll, POLL_MS);
    });
  }

  function postMove(event) {
    var form = event.target.closest("form[data-fetch]");
    if (!form) return;
    event.preventDefault();
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html) swapFrom(html);
        else window.location.reload();
      })
      .catch(function () { window.location.reload(); });
  }

  function start() {
    live = document.getElementById("floor-live");
    if (!live) return;
    etag = live.getAttribute("data-etag") || etag;
    readTimer();
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    start();
    if (!live) return;
    document.addEventListener("submit", postMove);
    window.setInterval(tick, 250);
    follow();
  });
})();
