// Small enhancements on top of pages that work without JavaScript.
(function () {
  "use strict";

  // "Compare" in the catalogue: the plain form posts ticked slugs as ?fw=…;
  // the server redirects to the canonical URL. Here we only keep the button's
  // label in step with how many are ticked.
  function updateCompareButton() {
    var form = document.getElementById("compare-form");
    if (!form) return;
    // The checkboxes and the button sit outside the form (form="compare-form").
    var ticked = document.querySelectorAll("input[name=fw][form=compare-form]:checked").length;
    var button = document.querySelector("[data-compare-button]");
    if (!button) return;
    button.disabled = ticked < 2;
    button.textContent = ticked < 2 ? "Tick 2 or more to compare" : "Compare " + ticked;
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[name=fw]")) updateCompareButton();
  });
  document.addEventListener("DOMContentLoaded", updateCompareButton);
  document.addEventListener("htmx:afterSettle", updateCompareButton);
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
