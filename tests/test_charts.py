"""Charts render offline to SVG from the same specs the dashboard draws (what briefings will use)."""

from __future__ import annotations

import json
import re

from holosec import charts
from holosec.charts.render import svg
from holosec.web.views import SHAPES, shape_ids


def test_heatmap_renders_one_cell_per_row_offline() -> None:
    rows = [
        {"period": period, "name": name, "score": score, "label": f"{name} {period}"}
        for period, score in (("2018-01", 3.0), ("2018-02", 7.5))
        for name in ("Military security", "Political security")
    ]
    drawn = svg(charts.field_heatmap(rows, title="t", period="Period", field="Field", score="Score"))
    assert drawn.startswith("<svg")
    assert len(re.findall(r'aria-label="[^"]*(Military|Political) security 2018-0[12]', drawn)) == 4


def test_map_renders_offline_from_inline_shapes() -> None:
    topology = json.loads(SHAPES.read_text())
    ids = shape_ids()
    rows = [
        {
            "id": ids[code],
            "name": name,
            "score": score,
            "label": f"{name}: {score}",
            "href": f"/country/{code}",
        }
        for code, name, score in (
            ("CHN", "China", 6.2),
            ("VNM", "Vietnam", 4.1),
            ("USA", "United States", 5.0),
        )
    ]
    drawn = svg(charts.choropleth(rows, topology, title="t", score="Score"))
    for row in rows:
        assert f'aria-label="{row["label"]}"' in drawn
    assert drawn.count("<path") > 150  # every other country is drawn grey behind them


def test_every_country_code_of_the_shapes_is_known() -> None:
    topology = json.loads(SHAPES.read_text())
    numbered = [g for g in topology["objects"]["countries"]["geometries"] if str(g.get("id", "")).isdigit()]
    assert len(shape_ids()) >= len(numbered) - 3  # GeoNames lacks a very few (such as Kosovo's)
    assert shape_ids()["CHN"] == "156" and shape_ids()["AFG"] == "004"
