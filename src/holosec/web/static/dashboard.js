// Draws every chart of a page: each <div class="chart" data-spec="ID"> takes the Vega-Lite spec in the
// JSON block with that id. With ast: true, vega-embed runs Vega's expression interpreter instead of
// compiling expressions with eval, so the page works under a CSP that forbids eval.
// A mark whose datum has an href navigates there when clicked (map countries, heatmap cells, alerts).
"use strict";

function drawChart(element) {
  const block = document.getElementById(element.dataset.spec);
  if (!block || typeof vegaEmbed !== "function") {
    element.dataset.rendered = "failed";
    return Promise.resolve();
  }
  const spec = JSON.parse(block.textContent);
  const options = {
    renderer: "svg",
    actions: false,
    ast: true,
    defaultStyle: false, // vega-embed would add a <style> element, which the CSP refuses
    tooltip: { disableDefaultStyle: true }, // the tooltip's style is in dashboard.css instead
  };
  return vegaEmbed(element, spec, options)
    .then(function (result) {
      result.view.addEventListener("click", function (event, item) {
        const datum = item && item.datum;
        const href = datum && (datum.href || (datum.properties && datum.properties.href));
        if (href && href.charAt(0) === "/") {
          window.location.assign(href);
        }
      });
      element.dataset.rendered = "true";
    })
    .catch(function (error) {
      element.dataset.rendered = "failed";
      element.textContent = String(error);
    });
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("div.chart[data-spec]").forEach(drawChart);
});
