"""Charts render offline to SVG from the same specs the dashboard draws (what briefings will use)."""

from __future__ import annotations

import json
import re
from typing import Any

from holosec import charts
from holosec.charts import render
from holosec.charts.render import svg
from holosec.indicators.index import Index
from holosec.indicators.query import panel
from holosec.periods import Period
from holosec.presentation.chart_words import chart_text
from holosec.presentation.situation import field_names, heatmap_periods, heatmap_rows
from holosec.store import Store
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


# Charts that tell the truth (issue 22): built from the demo store's real rows, as the pages build them.


def _real_lines(store: Store) -> list[dict[str, Any]]:
    """China's events by field per month from the demo store, one row per field and covered month (as
    the country page builds its series, but only over the months the store covers)."""
    names = field_names("v2014", "en")
    rows = panel(store, by="month", taxonomy="v2014", view="country", countries=["CHN"])
    covered = sorted({r["period"] for r in rows if r["field"] is None})
    found = {(r["period"], r["field"]): r for r in rows if r["field"] is not None}
    starts = {r["period"]: r["start"] for r in rows}
    return [
        {
            "start": starts[period],
            "period": period,
            "name": names[field],
            "field": field,
            "value": float(found[(period, field)]["events"]) if (period, field) in found else 0.0,
        }
        for period in covered
        for field in names
    ]


def _values(spec: dict[str, Any], part: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a chart part (the spec or one layer), inline or in the spec's named datasets."""
    data = part["data"]
    values: list[dict[str, Any]] = data["values"] if "values" in data else spec["datasets"][data["name"]]
    return values


def _layer_data(spec: dict[str, Any]) -> list[list[dict[str, Any]]]:
    return [_values(spec, layer) for layer in spec["layer"] if "data" in layer]


def test_time_axis_says_the_year_in_the_chart_language(demo_store: Store) -> None:
    lines = _real_lines(demo_store)
    english = charts.series(lines, title="t", value="Events", period="Period", field="Field", alert="Alert")
    chinese = charts.series(
        lines, title="t", value="事件数", period="时期", field="领域", alert="预警", text=chart_text("zh")
    )
    for spec, month in ((english, "%Y-%m"), (chinese, "%Y年%-m月")):
        x = spec["layer"][-1]["encoding"]["x"]
        assert x["scale"]["type"] == "utc"  # no time zone moves a month
        assert x["axis"]["format"]["year"].startswith("%Y")
        assert x["axis"]["format"]["month"] == month
        assert "width" in x["axis"]["tickCount"]["expr"]  # as many labels as the width holds
    drawn = svg(english, width=390)
    years = {int(y) for y in re.findall(r">((?:19|20)\d\d)(?:-\d\d)?</text>", drawn)}
    first, last = english["usermeta"]["span"]
    assert years and min(years) >= int(first[:4]) and max(years) <= int(last[:4]) + 1


def test_a_period_without_data_breaks_the_line_with_a_null(demo_store: Store) -> None:
    lines = _real_lines(demo_store)
    periods = sorted({row["period"] for row in lines})
    hole = periods[len(periods) // 2]
    spec = charts.series(
        [row for row in lines if row["period"] != hole],
        title="t", value="Events", period="Period", field="Field", alert="Alert", text=chart_text("en"),
    )  # fmt: skip
    drawn = next(values for values in _layer_data(spec) if values and "value" in values[0])
    at_hole = [row for row in drawn if row["period"] == hole]
    assert len(at_hole) == 11 and all(row["value"] is None for row in at_hole)
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["mark"]["invalid"].startswith("break-paths")  # a null breaks the line, never bridged
    bands = _values(spec, spec["layer"][0])
    assert {"first": hole, "last": hole} == {k: bands[0][k] for k in ("first", "last")}
    assert "No data" in json.dumps(spec["layer"][0])


def test_a_stray_early_record_does_not_stretch_the_axis(demo_store: Store) -> None:
    lines = _real_lines(demo_store)  # the demo's China holds misdated records of 1979 and 1982
    stray = sorted({row["period"] for row in lines if row["period"] < "1990"})
    assert stray  # (if the sample loses them, this test must be given a stray record of its own)
    spec = charts.series(
        lines, title="t", value="Events", period="Period", field="Field", alert="Alert", text=chart_text("en")
    )
    first, last = spec["usermeta"]["span"]
    covered = sorted({row["period"] for row in lines})
    begins = Period.parse(first)
    year_on = [Period(begins.grain, begins.ordinal + i).label for i in range(12)]
    assert first > "2000" and set(year_on) <= set(covered)  # the span opens on a year of data
    assert last == covered[-1]  # late months near the series stay on the axis
    assert spec["usermeta"]["outside"] == 11 * len(stray)
    low, _ = spec["layer"][-1]["encoding"]["x"]["scale"]["domain"]
    assert low == {"year": begins.start.year, "month": begins.start.month, "date": 1, "utc": True}
    assert all(
        row["period"] not in stray for values in _layer_data(spec) for row in values if "period" in row
    )
    assert f": {11 * len(stray)} data points" in spec["title"]["subtitle"][0]
    drawn = svg(spec)
    assert not re.search(r">(19[789]\d)</text>", drawn)  # no year of the stray records on the axis


def test_index_scale_diverges_from_the_neutral_five_and_keeps_its_bar_in_print(demo_store: Store) -> None:
    index = Index.of_store(demo_store, taxonomy="v2014")
    period = index.period(None, "CHN")
    names = field_names("v2014", "en")
    rows = [
        {**cell, "evidence": row["evidence"]}
        for label in heatmap_periods(index, period, 12)
        for cell, row in zip(
            heatmap_rows(index, "CHN", [label], names, shown=str),
            [r for r in index.rows("CHN", label) if r["field"] != "overall"],
            strict=True,
        )
    ]
    spec = charts.field_heatmap(
        rows, title="t", period="Period", field="Field", score="Index", text=chart_text("en")
    )
    colour = next(layer for layer in spec["layer"] if "color" in layer.get("encoding", {}))["encoding"][
        "color"
    ]
    assert colour["scale"]["domainMid"] == 5 and colour["scale"]["domain"] == [0, 10]
    assert colour["scale"]["scheme"] == "redblue" and colour["scale"]["reverse"] is True  # blue low, red high
    assert colour["legend"]["type"] == "gradient"
    thin = [row for row in rows if row["evidence"] == "thin"]
    drawn = svg(spec)
    bar = re.search(
        r'<linearGradient id="[^"]+" gradientUnits="userSpaceOnUse"[^>]*>(.*?)</linearGradient>', drawn
    )
    assert bar is not None and bar.group(1).count("<stop") >= 3  # the colour bar, drawable by WeasyPrint
    assert "How the index is made: see the Method page" in drawn  # the method, one step away
    if thin:  # the demo's thin scores carry the ring and its legend
        assert "Fewer than 5 events" in drawn
    png = render.png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_thin_score_is_flagged_by_the_evidence_the_index_gives() -> None:
    rows: list[dict[str, Any]] = [
        {"period": "2018-01", "name": "Political security", "score": 6.1, "evidence": "thin"},
        {"period": "2018-01", "name": "Nuclear security", "score": 5.0, "evidence": "sufficient"},
        {"period": "2018-02", "name": "Political security", "score": None, "evidence": "insufficient"},
    ]
    spec = charts.field_heatmap(
        rows, title="t", period="时期", field="领域", score="指数", text=chart_text("zh")
    )
    values = _values(spec, spec)
    assert [row["thin"] for row in values] == [True, False, True]
    assert [row["shown"] for row in values] == ["2018年1月", "2018年1月", "2018年2月"]
    drawn = svg(spec)
    assert re.search(r'aria-label="[^"]*2018年2月[^"]*无数据"', drawn)  # the cell without a score says so
    assert not re.search(r'aria-label="[^"]*2018年1月[^"]*无数据"', drawn)
    rings = re.findall(r'<path aria-label="[^"]*事件不足5起[^"]*"[^>]*aria-roledescription="point"', drawn)
    assert len(rings) == 1  # the thin score; the insufficient one has no score to flag


def test_eleven_fields_have_eleven_distinct_colours() -> None:
    names = field_names("v2014", "en")
    rows = [
        {"start": "2018-01-01", "period": "2018-01", "name": name, "field": field, "value": 1.0}
        for field, name in names.items()
    ]
    for given in (rows, [{k: v for k, v in row.items() if k != "field"} for row in rows]):
        spec = charts.series(given, title="t", value="v", period="p", field="f", alert="a")
        scale = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")["encoding"][
            "color"
        ]["scale"]
        assert scale["domain"] == list(names.values())
        assert len(set(scale["range"])) == 11
        colour = dict(zip(scale["domain"], scale["range"], strict=True))
        assert colour[names["political"]] != colour[names["nuclear"]]


def test_offline_render_fixes_the_width_of_a_chart_that_follows_its_container() -> None:
    rows = [
        {"start": f"2018-{m:02d}-01", "period": f"2018-{m:02d}", "name": "a", "value": m}
        for m in range(1, 13)
    ]
    spec = charts.series(rows, title="t", value="v", period="p", field="f", alert="a")
    assert spec["width"] == "container"
    for width in (390, 620):
        drawn = svg(spec, width=width)
        outer = int(float(re.search(r'<svg[^>]*width="([\d.]+)"', drawn).group(1)))  # type: ignore[union-attr]
        assert width <= outer <= width + 200  # plot at the given width, plus axes and legend
