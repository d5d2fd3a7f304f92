// Draws every chart of a page: each <div class="chart" data-spec="ID"> takes the Vega-Lite spec in the
// JSON block with that id. With ast: true, vega-embed runs Vega's expression interpreter instead of
// compiling expressions with eval, so the page works under a CSP that forbids eval.
// A mark whose datum has an href navigates there when clicked (map countries, heatmap cells, alerts).
// On a narrow screen (a phone) legends go under the chart so the plot keeps the width, and a world map is
// drawn only as tall as the width needs. Every table scrolls sideways inside a box of its own, so a wide
// table never widens the page.
"use strict";

const NARROW = 600; // px: a chart box narrower than this is on a phone (or a narrow window)

function narrowConfig(width) {
  // vega-embed merges this with the spec's own config (the spec's own settings win)
  if (width >= NARROW) {
    return {};
  }
  return {
    legend: {
      orient: "bottom",
      direction: "horizontal",
      columns: 2, // symbol legends in two columns instead of one row wider than the phone
      gradientLength: Math.min(200, width - 60),
      titleLimit: width - 40,
    },
  };
}

function fitted(spec, width) {
  // a world map keeps its aspect (about 2:1) on a narrow screen instead of a tall empty box
  if (width < NARROW && spec.projection && typeof spec.height === "number") {
    return Object.assign({}, spec, { height: Math.min(spec.height, Math.round(width * 0.55)) });
  }
  return spec;
}

function drawChart(element) {
  const block = document.getElementById(element.dataset.spec);
  if (!block || typeof vegaEmbed !== "function") {
    element.dataset.rendered = "failed";
    return Promise.resolve();
  }
  const width = element.clientWidth;
  const spec = fitted(JSON.parse(block.textContent), width);
  const options = {
    config: narrowConfig(width),
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

function scrollBox(table) {
  if (table.parentElement && table.parentElement.classList.contains("table-scroll")) {
    return;
  }
  const box = document.createElement("div");
  box.className = "table-scroll";
  table.parentNode.insertBefore(box, table);
  box.appendChild(table);
}

document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("main table").forEach(scrollBox);
  document.querySelectorAll("div.chart[data-spec]").forEach(drawChart);
});
