// Small enhancements on top of pages that work without JavaScript.
// Picking frameworks to compare (the catalogue and /compare/): at most six. The
// sixth tick disables the other boxes and says why; the server answers a 7th
// from a plain form on the picker page, ticks kept. In the catalogue the ticks
// live in the URL (?fw=…), so they survive paging, filtering and reloading.
(function () {
  "use strict";
  var MAX = 6;

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][name=fw]"));
  }

  function picked() {
    // Ticks on this page and those carried from other pages (hidden inputs).
    var slugs = [];
    document.querySelectorAll("input[name=fw]").forEach(function (input) {
      if ((input.type === "hidden" || input.checked) && slugs.indexOf(input.value) < 0) slugs.push(input.value);
    });
    return slugs;
  }

  function update() {
    var all = boxes();
    if (!all.length) return;
    var count = picked().length;
    var full = count >= MAX;
    var status = document.querySelector("[data-pick-status]");
    all.forEach(function (box) {
      if (box.checked) { box.disabled = false; return; }
      box.disabled = full;
      if (full && status) box.setAttribute("aria-describedby", status.id || "");
      else box.removeAttribute("aria-describedby");
    });
    if (status) {
      status.textContent = full
        ? "Six ticked, the most a comparison shows: untick one to pick another."
        : "Tick 2 to 6 frameworks.";
      status.classList.toggle("full", full);
    }
    var button = document.querySelector("[data-compare-button]");
    if (button) {
      button.disabled = count < 2;
      button.textContent = count < 2 ? "Tick 2 or more to compare" : "Compare " + count;
    }
  }

  function withPicks(url) {
    var u = new URL(url, window.location.href);
    u.searchParams.delete("fw");
    picked().forEach(function (slug) { u.searchParams.append("fw", slug); });
    return u.pathname + u.search + u.hash;
  }

  function inCatalogue() { return !!document.getElementById("compare-form") && !!document.getElementById("results"); }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches || !target.matches("input[type=checkbox][name=fw]")) return;
    if (!target.checked) {
      // Unticking a box also forgets the same framework carried from another page.
      document.querySelectorAll("input[type=hidden][name=fw]").forEach(function (h) {
        if (h.value === target.value) h.remove();
      });
    }
    update();
    if (inCatalogue()) history.replaceState(history.state, "", withPicks(window.location.href));
  });
  // Paging and filtering the catalogue keep the ticks (the server renders them back).
  document.addEventListener("htmx:configRequest", function (event) {
    var target = new URL(event.detail.path, window.location.href);
    if (inCatalogue() && event.detail.verb === "get" && target.pathname === window.location.pathname) {
      event.detail.path = withPicks(event.detail.path);
    }
  });
  document.addEventListener("DOMContentLoaded", update);
  document.addEventListener("htmx:afterSettle", update);
  window.addEventListener("pageshow", update);
})();

// "Copy" buttons next to permalinks (hidden without JavaScript, where the
// address bar is the permalink anyway).
(function () {
  "use strict";
  function wire(root) {
    root.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.onclick = function () {
        var input = document.querySelector(button.getAttribute("data-copy"));
        // A permalink is the address as it is now; an embed snippet is copied as written.
        if (!button.hasAttribute("data-copy-as-is")) input.value = window.location.href;
        input.select();
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(done, done);
        else { document.execCommand("copy"); done(); }
      };
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wire(document); });
  document.addEventListener("htmx:afterSettle", function (e) { wire(e.target); });
})();

// Slider values shown beside the sliders while dragging.
document.addEventListener("input", function (event) {
  var target = event.target;
  if (target.type !== "range") return;
  var output = document.getElementById(target.id + "-value");
  if (output) output.textContent = target.value;
});

// The catalogue's filters wait behind "Filters (n)" on phones; wide screens show
// them beside the results. The stylesheet does that where ::details-content is
// supported; elsewhere the panel is opened here.
(function () {
  "use strict";
  var panel = document.getElementById("filter-panel");
  if (!panel || !window.matchMedia || !window.CSS || CSS.supports("selector(::details-content)")) return;
  if (window.matchMedia("(min-width: 56rem)").matches && !document.querySelector(".results-table")) panel.open = true;
})();
