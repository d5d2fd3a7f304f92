"""Charts as Vega-Lite specifications (built with Altair): the same spec is drawn in the browser by the
locally served Vega bundle (:mod:`holosec.charts.bundle`) and rendered to SVG or PNG offline by
vl-convert (:func:`holosec.charts.render.svg`), so the dashboard and the briefings show the same picture.

Each builder takes plain rows (lists of dicts, as the library returns them) and gives a ``dict`` spec.
A row may carry ``href``: the dashboard follows it when its mark is clicked.
"""

from holosec.charts.specs import balance, choropleth, field_heatmap, matrix, series

__all__ = ["balance", "choropleth", "field_heatmap", "matrix", "series"]
