"""What the regional pages show (the regional matrix, the principles, the lenses, the exposure map),
computed from :mod:`holosec.regional` and memoised until the store changes, like
:mod:`holosec.web.views`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from holosec import charts, reference
from holosec.charts.specs import pair_matrix, value_map
from holosec.presentation.alert_words import reasoning_words
from holosec.presentation.chart_words import chart_text
from holosec.presentation.i18n import word
from holosec.regional.exposure import exposure
from holosec.regional.groupings import read_groupings
from holosec.regional.lens_series import lens_indicators
from holosec.regional.lenses import load_lenses
from holosec.regional.matrix import region_matrix
from holosec.regional.principles import principles
from holosec.store import Store
from holosec.web.views import SHAPES_URL, View, embedded, index_of, memo, period_coverage, shape_ids

PRINCIPLES = ("equal_security", "no_expense", "alliance", "cooperative", "sustainable")


def grouping_ids() -> list[str]:
    """The built-in groupings' ids, for the page's selector."""
    return sorted(g.id for g in read_groupings().values())


def region_page(store: Store, view: View, grouping: str) -> dict[str, Any]:
    """The matrix of ``grouping`` in the view's period (the latest with member pairs when it has none),
    the regional cooperation index over time, the pairs of that period and what the period rests on."""

    def build() -> dict[str, Any]:
        found = region_matrix(store, grouping, by=view.by)
        labels = sorted({p["period"] for p in found["pairs"]})
        period = view.period if view.period in labels else (labels[-1] if labels else None)
        pairs = [p for p in found["pairs"] if p["period"] == period]
        cells = [
            {
                "a": x,
                "b": y,
                "balance": p["balance"],
                "label": f"{x}-{y} {period}: {p['balance']:+.2f}" if p["balance"] is not None else f"{x}-{y}",
                "href": f"/pair/{p['a']}/{p['b']}" + view.query(period=period),
            }
            for p in pairs
            for x, y in ((p["a"], p["b"]), (p["b"], p["a"]))
        ]
        lang = view.lang
        matrix = pair_matrix(
            cells, found["members"], title=word("region_matrix", lang, period=period or "-"),
            value=word("balance_axis", lang),
        )  # fmt: skip
        lines = [
            {"start": row["start"], "period": row["period"], "name": word(name, lang), "value": row[name]}
            for row in found["index"]
            for name in ("cooperation_share", "verbal_cooperation_share", "material_cooperation_share")
        ]  # a period without a share breaks its line (the chart draws no zero there)
        trend = charts.series(
            lines, title=word("region_index", lang), value=word("share", lang),
            period=word("period", lang), field=word("indicator", lang), alert=word("alert", lang),
            text=chart_text(lang),
        )  # fmt: skip
        return {
            "grouping": found["grouping"],
            "name": found["name"],
            "members": found["members"],
            "period": period,
            "periods": labels[::-1][:60],
            "pairs": sorted(pairs, key=lambda p: (p["balance"] is None, p["balance"] or 0.0)),
            "matrix": embedded(matrix if cells else None),
            "trend": embedded(trend if any(line["value"] is not None for line in lines) else None),
            "groupings": grouping_ids(),
            "coverage": period_coverage(store, replace(view, period=period)),
        }

    return memo.get(store, ("page", "region", view, grouping.upper()), build)


def principles_page(store: Store, view: View, grouping: str) -> dict[str, Any]:
    """The five principles of ``grouping`` in the view's period (default the latest)."""

    def build() -> dict[str, Any]:
        index = index_of(store, view)
        found = principles(store, grouping, period=view.period, by=view.by, index=index)
        metrics = {key: found[key] for key in PRINCIPLES}
        return {**found, "metrics": metrics, "principles": PRINCIPLES, "groupings": grouping_ids()}

    return memo.get(store, ("page", "principles", view, grouping.upper()), build)


def lenses_page() -> dict[str, Any]:
    """Every lens, as defined."""
    return {"lenses": [lens.as_dict() for lens in load_lenses()]}


def lens_page(store: Store, view: View, name: str) -> dict[str, Any]:
    """One lens from the view's perspective: its definition, charts and partners."""

    def build() -> dict[str, Any]:
        found = lens_indicators(store, name, perspective=view.perspective, by=view.by)
        lang = view.lang
        lines = [
            {"start": row["start"], "period": row["period"], "name": word(key, lang), "value": row[key]}
            for row in found["rows"]
            for key in ("cooperation_events", "conflict_events")
        ]
        series = charts.series(
            lines, title=word("lens_events", lang), value=word("events", lang),
            period=word("period", lang), field=word("indicator", lang), alert=word("alert", lang),
            text=chart_text(lang),
        )  # fmt: skip
        balance = charts.balance(
            found["rows"], title=word("balance", lang), value=word("balance_axis", lang),
            period=word("period", lang), text=chart_text(lang),
        )  # fmt: skip
        partners = [
            {**p, "name": reference.country_name(p["country"]) if p["country"] else None}
            for p in found["partners"]
        ]
        return {
            **found,
            "partners": partners,
            "series": embedded(series if lines else None),
            "balance": embedded(balance if found["rows"] else None),
            "coverage": period_coverage(store, view),
        }

    return memo.get(store, ("page", "lens", view, name), build)


def exposure_page(store: Store, view: View) -> dict[str, Any]:
    """The exposure map of the view's period (default the latest), its series with alerts, the sites."""

    def build() -> dict[str, Any]:
        found = exposure(store, by=view.by)
        rows = found["rows"]
        labels = [row["period"] for row in rows]
        period = view.period if view.period in labels else (labels[-1] if labels else None)
        lang = view.lang
        chosen = next((row for row in rows if row["period"] == period), None)
        ids = shape_ids()
        shapes = [
            {
                "id": ids[code],
                "name": reference.country_name(code) or code,
                "value": part["weighted"],
                "label": f"{reference.country_name(code) or code}: {part['weighted']:.2f}",
                "href": f"/country/{code}" + view.query(),
            }
            for code, part in (chosen["countries"].items() if chosen else [])
            if code in ids
        ]
        line = [
            {
                "start": r["start"],
                "period": r["period"],
                "name": word("exposure", lang),
                "value": r["exposure"],
            }
            for r in rows[-120:]
        ]
        at = {r["period"]: r for r in line}
        alerts = [{**a, "why": reasoning_words(a, lang)} for a in found["alerts"]]  # in the page's words
        marks = [
            {**at[a["period"]], "label": a["why"], "href": "/exposure" + view.query(period=a["period"])}
            for a in alerts
            if a["key"] == "exposure" and a["period"] in at
        ]
        series = charts.series(
            line, marks, title=word("exposure_series", lang), value=word("exposure", lang),
            period=word("period", lang), field=word("indicator", lang), alert=word("alert", lang),
            text=chart_text(lang),
        )  # fmt: skip
        spec = value_map(
            shapes,
            SHAPES_URL,
            title=f"{word('exposure_map', lang)}, {period or '-'}",
            value=word("exposure", lang),
        )
        return {
            **found,
            "period": period,
            "periods": labels[::-1][:60],
            "chosen": chosen,
            "map": embedded(spec if shapes else None),
            "series": embedded(series if line else None),
            "alerts": sorted(alerts, key=lambda a: a["period"], reverse=True)[:20],
            "coverage": period_coverage(store, replace(view, period=period)),
        }

    return memo.get(store, ("page", "exposure", view), build)
