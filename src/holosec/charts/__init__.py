"""Charts as Vega-Lite specifications (built with Altair): the same spec is drawn in the browser by the
locally served Vega bundle (:mod:`holosec.charts.bundle`) and rendered to SVG or PNG offline by
vl-convert (:func:`holosec.charts.render.svg`), so the dashboard and the briefings show the same picture.

Each builder takes plain rows (lists of dicts, as the library returns them) and gives a ``dict`` spec.
A row may carry ``href``: the dashboard follows it when its mark is clicked. Time axes, gaps and the
span a series is drawn over follow one rule (:mod:`holosec.charts.timeline`); the phrases a chart adds
of its own come in a :class:`ChartText`.
"""

from holosec.charts.specs import ChartText, balance, choropleth, field_heatmap, matrix, series

__all__ = ["ChartText", "balance", "choropleth", "field_heatmap", "matrix", "series"]
