// Renders every Vega-Lite chart on the page: <div data-chart="ID"> with its spec in
// <script type="application/json" id="ID"> (Django's json_script). No inline script, so a
// strict Content-Security-Policy works. Each chart has a table with the same figures next
// to it, for screen readers and for people without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source || typeof vegaEmbed !== "function") return;
    vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
      .then(function (result) {
        var svg = el.querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
      })
      .catch(function () { el.hidden = true; });
  });
});
