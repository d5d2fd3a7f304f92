# ruff: noqa: RUF001, RUF002
"""What the regional pages show (the regional matrix, the principles, the lenses, the exposure map),
computed from :mod:`holosec.regional` and memoised until the store changes, like
:mod:`holosec.web.views`. Every value leaves here as a reader reads it: countries and groupings by name
in the page's language, periods as written (:func:`holosec.periods.shown_period`), numbers rounded,
yes and no in words.

A number that rests on fewer than :data:`THIN` events in its period is marked thin (a pair of the
regional ranking, a member's multilateral share): with so few events one more or one fewer moves a share
or a balance by several points, so such a number is shown, with its count, but flagged."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from holosec import charts, reference
from holosec.charts.specs import pair_matrix, value_map
from holosec.periods import shown_period
from holosec.presentation.alert_words import reasoning_words
from holosec.presentation.chart_words import chart_text
from holosec.presentation.i18n import WORDS, word
from holosec.regional.exposure import TOTAL, exposure
from holosec.regional.groupings import Grouping, read_groupings
from holosec.regional.lens_series import lens_indicators
from holosec.regional.lenses import Lens, find_lens, load_lenses
from holosec.regional.matrix import region_matrix
from holosec.regional.principles import principles, settings
from holosec.store import Store
from holosec.taxonomy import load_taxonomy
from holosec.taxonomy.parse import FINEST
from holosec.web.views import SHAPES_URL, View, embedded, index_of, memo, period_coverage, shape_ids

PRINCIPLES = ("equal_security", "no_expense", "alliance", "cooperative", "sustainable")
THIN = 30
"""Fewer events than this in the period, and a pair's balance or a member's share is marked thin."""
METHOD_URL = "/method/regional"
ROWS = 50
"""At most this many rows of each principle's table are shown."""


def grouping_ids() -> list[str]:
    """The built-in groupings' ids, for the page's selector."""
    return sorted(g.id for g in read_groupings().values())


def grouping_choices(lang: str) -> list[dict[str, str]]:
    """The built-in groupings for the selector: ``id`` and ``text`` (its short name in ``lang``).

    >>> [g["text"] for g in grouping_choices("zh")][:3]
    ['东盟', '金砖国家', '亚信']
    """
    known = read_groupings()
    return [{"id": gid, "text": known[gid].short(lang)} for gid in grouping_ids()]


def grouping_name(grouping: str, lang: str) -> str:
    """A built-in grouping's full name in ``lang``; the id itself when it is not one.

    >>> grouping_name("CICA", "zh"), grouping_name("NOPE", "zh")
    ('亚洲相互协作与信任措施会议（亚信）', 'NOPE')
    """
    found: Grouping | None = read_groupings().get(grouping.upper())
    return found.label(lang) if found else grouping


def names(codes: Iterable[str], lang: str) -> str:
    """Countries by name in ``lang``, in one line.

    >>> names(["CHN", "RUS"], "zh"), names(["CHN", "RUS"], "en")
    ('中国、俄罗斯', 'China, Russia')
    """
    return word("rg_list_sep", lang).join(reference.country_label(code, lang) for code in codes)


def period_choices(labels: Iterable[str], lang: str) -> list[dict[str, str]]:
    """Period labels for a selector: ``label`` (the value sent) and ``text`` (as a reader writes it)."""
    return [{"label": label, "text": shown_period(label, lang)} for label in labels]


def thin_title(events: float, lang: str) -> str:
    """Why a number is marked thin, with its event count.

    >>> thin_title(7, "zh")
    '仅基于7起事件（少于30起），仅供参考'
    """
    return word("rg_thin_title", lang, events=f"{events:,.0f}", limit=THIN)


# -- numbers as a reader expects them ---------------------------------------------------------------------


def count(value: float | None) -> str:
    """A count: whole, with thousands separators.

    >>> count(12345.0), count(None)
    ('12,345', '–')
    """
    return "–" if value is None else f"{value:,.0f}"


def signed(value: float | None, digits: int = 2) -> str:
    """A value with its sign, such as a balance.

    >>> signed(0.6), signed(-1.0), signed(None)
    ('+0.60', '-1.00', '–')
    """
    return "–" if value is None else f"{value:+.{digits}f}"


def share(value: float | None) -> str:
    """A share as a percentage; below one per cent but above none it reads '<1%'.

    >>> share(0.020619), share(0.25), share(0.004), share(0.0), share(None)
    ('2%', '25%', '<1%', '0%', '–')
    """
    if value is None:
        return "–"
    if 0 < value < 0.005:
        return "<1%"
    return f"{value * 100:.0f}%"


def rise(value: float | None) -> str:
    """A relative rise as a signed percentage.

    >>> rise(0.136596), rise(-0.453861), rise(2.5)
    ('+14%', '-45%', '+250%')
    """
    return "–" if value is None else f"{value * 100:+.0f}%"


def decimal(value: float | None, digits: int = 1) -> str:
    """A measured value to ``digits`` decimals.

    >>> decimal(4.833333), decimal(5.44, 2), decimal(None)
    ('4.8', '5.44', '–')
    """
    return "–" if value is None else f"{value:.{digits}f}"


# -- the regional matrix ----------------------------------------------------------------------------------


def _region_href(path: str, view: View, grouping: str, period: str | None) -> str:
    query = view.query(period=period)
    return path + (query + "&" if query else "?") + urlencode({"grouping": grouping})


def region_page(store: Store, view: View, grouping: str) -> dict[str, Any]:
    """The matrix of ``grouping`` in the view's period (the latest with member pairs when it has none),
    the regional cooperation index over time, the pairs of that period (each with ``thin`` when it rests
    on fewer than :data:`THIN` events) and what the period rests on."""

    def build() -> dict[str, Any]:
        lang = view.lang
        found = region_matrix(store, grouping, by=view.by)
        labels = sorted({p["period"] for p in found["pairs"]})
        period = view.period if view.period in labels else (labels[-1] if labels else None)
        shown = shown_period(period, lang)
        pairs = [
            {
                **p,
                "a_name": reference.country_label(p["a"], lang),
                "b_name": reference.country_label(p["b"], lang),
                "events_text": count(p["events"]),
                "balance_text": signed(p["balance"]),
                "trend_text": signed(p["trend"], 3),
                "thin": p["events"] < THIN,
                "thin_title": thin_title(p["events"], lang),
            }
            for p in found["pairs"]
            if p["period"] == period
        ]
        cells = [
            {
                "a": x,
                "b": y,
                "a_name": reference.country_label(x, lang),
                "b_name": reference.country_label(y, lang),
                "balance": p["balance"],
                "label": word(
                    "rg_cell",
                    lang,
                    a=reference.country_label(x, lang),
                    b=reference.country_label(y, lang),
                    period=shown,
                    balance=signed(p["balance"]),
                ),
                "href": f"/pair/{p['a']}/{p['b']}" + view.query(period=period),
            }
            for p in pairs
            for x, y in ((p["a"], p["b"]), (p["b"], p["a"]))
        ]
        matrix = pair_matrix(
            cells, found["members"], title=word("region_matrix", lang, period=shown),
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
        gid = found["grouping"]
        return {
            "grouping": gid,
            "name": grouping_name(gid, lang),
            "members": found["members"],
            "member_names": names(found["members"], lang),
            "period": period,
            "period_text": shown_period(period, lang) if period else "",
            "periods": period_choices(labels[::-1][:60], lang),
            "pairs": sorted(pairs, key=lambda p: (p["balance"] is None, p["balance"] or 0.0)),
            "thin_limit": THIN,
            "matrix": embedded(matrix if cells else None),
            "trend": embedded(trend if any(line["value"] is not None for line in lines) else None),
            "groupings": grouping_choices(lang),
            "principles_href": _region_href("/region/principles", view, gid, period),
            "method_href": METHOD_URL,
            "coverage": period_coverage(store, replace(view, period=period)),
        }

    return memo.get(store, ("page", "region", view, grouping.upper()), build)


# -- the principles ---------------------------------------------------------------------------------------


def _cell(text: str, href: str | None = None, thin: str | None = None, kind: str = "") -> dict[str, Any]:
    """One table cell: its text, a link, why it is thin (None when it is not), and a class."""
    return {"text": text, "href": href, "thin": thin, "kind": kind}


def _principle_tables(found: dict[str, Any], view: View) -> list[dict[str, Any]]:
    """Each principle as a table in words: ``key``, ``title``, ``what`` (one plain sentence), ``columns``
    and ``rows`` of cells (at most :data:`ROWS`), ``total`` rows."""
    lang = view.lang
    period = found.get("period")
    cfg = settings()

    def say(key: str, **slots: object) -> str:
        return word(key, lang, **slots)

    def country(code: str | None) -> dict[str, Any]:
        if not code:
            return _cell("–")
        return _cell(reference.country_label(code, lang), f"/country/{code}" + view.query(period=period))

    def yes_no(value: object) -> dict[str, Any]:
        return _cell(say("rg_yes") if value else say("rg_no"), kind="flag-yes" if value else "flag-no")

    def thin(events: float) -> str | None:
        return thin_title(events, lang) if events < THIN else None

    def number(text: str) -> dict[str, Any]:
        return _cell(text, kind="num")

    def missing(value: float | None, digits: int = 2) -> dict[str, Any]:
        return number(say("rg_missing") if value is None else decimal(value, digits))

    periods = int(cfg["no_expense"]["baseline_periods"])
    layouts: dict[str, tuple[list[str], Callable[[dict[str, Any]], list[dict[str, Any]]]]] = {
        "equal_security": (
            [say("rg_col_member"), say("rg_col_toward"), say("rg_col_posture"), say("rg_col_threat"),
             say("rg_col_asymmetry")],
            lambda r: [country(r["a"]), country(r["b"]), number(count(r["posture"])),
                       number(count(r["threat"])), number(signed(r["asymmetry"]))],
        ),
        "no_expense": (
            [say("country"), say("rg_col_activity"), say("rg_col_baseline", periods=periods),
             say("rg_col_rise"), say("rg_col_neighbours"), say("rg_col_threat_now"),
             say("rg_col_threat_before"), say("rg_col_flag")],
            lambda r: [country(r["country"]), number(decimal(r["activity"])), number(decimal(r["baseline"])),
                       number(say("rg_no_baseline") if r["rise"] is None else rise(r["rise"])),
                       _cell(names(r["neighbours"], lang)), missing(r["neighbour_threat"]),
                       missing(r["neighbour_threat_before"]), yes_no(r["flag"])],
        ),
        "alliance": (
            [say("rg_col_member_a"), say("rg_col_member_b"), say("rg_col_alignment"), say("rg_col_third"),
             say("rg_col_conflict_a"), say("rg_col_conflict_b")],
            lambda r: [country(r["a"]), country(r["b"]), number(count(r["alignment"])), country(r["third"]),
                       number(count(r["conflict_a"])), number(count(r["conflict_b"]))],
        ),
        "cooperative": (
            [say("country"), say("events"), say("rg_col_multilateral"), say("rg_col_share")],
            lambda r: [country(r["country"]), _cell(count(r["events"]), thin=thin(r["events"]), kind="num"),
                       number(count(r["multilateral"])), number(share(r["share"]))],
        ),
        "sustainable": (
            [say("rg_col_member_a"), say("rg_col_member_b"), say("rg_col_cooperation"),
             say("rg_col_coercion"), say("rg_col_balance")],
            lambda r: [country(r["a"]), country(r["b"]), number(count(r["cooperation"])),
                       number(count(r["coercion"])), number(signed(r["balance"]))],
        ),
    }  # fmt: skip
    what = {"no_expense": {"rise": share(float(cfg["no_expense"]["rise"])), "periods": periods}}
    tables = []
    for key in PRINCIPLES:
        columns, row_of = layouts[key]
        rows = found.get(key, [])
        tables.append(
            {
                "key": key,
                "title": say(f"principle_{key}"),
                "what": say(f"rg_what_{key}", **what.get(key, {})),
                "columns": columns,
                "rows": [row_of(row) for row in rows[:ROWS]],
                "total": len(rows),
                "more": say("rg_rows_shown", shown=ROWS, total=len(rows)) if len(rows) > ROWS else "",
            }
        )
    return tables


def principles_page(store: Store, view: View, grouping: str) -> dict[str, Any]:
    """The five principles of ``grouping`` in the view's period (default the latest), each a table in
    words with one plain sentence saying what it measures."""

    def build() -> dict[str, Any]:
        lang = view.lang
        index = index_of(store, view)
        found = principles(store, grouping, period=view.period, by=view.by, index=index)
        metrics = {key: found[key] for key in PRINCIPLES}
        gid = found["grouping"]
        period = found["period"]
        return {
            **found,
            "name": grouping_name(gid, lang),
            "period_text": shown_period(period, lang) if period else "",
            "metrics": metrics,
            "principles": PRINCIPLES,
            "tables": _principle_tables(found, view),
            "thin_limit": THIN,
            "groupings": grouping_choices(lang),
            "region_href": _region_href("/region", view, gid, period),
            "method_href": METHOD_URL,
        }

    return memo.get(store, ("page", "principles", view, grouping.upper()), build)


# -- the lenses -------------------------------------------------------------------------------------------


def _coded(codes: Iterable[str], prefix: str, table: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Codes in words: ours from the catalogue (``prefix`` + code), else the reference table's English
    label, marked as not ours to translate (``own`` False)."""
    out = []
    for code in codes:
        key = f"{prefix}{code}"
        if key in WORDS:
            out.append({"text": word(key, lang), "own": True})
        else:
            out.append({"text": table.get(code, code), "own": False})
    return out


def lens_definition(lens: Lens, countries: list[str], home: str, lang: str) -> list[dict[str, Any]]:
    """What a lens selects, in words: rows of ``label`` and ``items`` (``text``, ``own``: False for text
    that is not ours to translate, such as a user file's codes)."""
    home_name = reference.country_label(home, lang)
    fields = load_taxonomy(FINEST)
    rows: list[dict[str, Any]] = [
        {
            "label": word("rg_other_side", lang),
            "items": [{"text": names(countries, lang), "own": True}]
            if countries
            else [{"text": word("rg_any_country", lang), "own": True}],
        },
        {
            "label": word("rg_direction", lang),
            "items": [{"text": word(f"rg_dir_{lens.direction}", lang, home=home_name), "own": True}],
        },
    ]
    if lens.actor_types:
        items = _coded(lens.actor_types, "rg_actor_", reference.actor_types(), lang)
        rows.append({"label": word("rg_actor_types", lang), "items": items})
    if lens.known_groups:
        items = _coded(lens.known_groups, "rg_group_", reference.known_groups(), lang)
        rows.append({"label": word("rg_known_groups", lang), "items": items})
    if lens.event_codes:
        items = [
            {"text": reference.event_label(code, lang) or code, "own": True} for code in lens.event_codes
        ]
        rows.append({"label": word("rg_event_types", lang), "items": items})
    if lens.themes:
        items = [
            {"text": fields.field(f).name_zh if lang == "zh" else fields.field(f).name_en, "own": True}
            for f in lens.themes
        ]
        rows.append({"label": word("rg_fields", lang), "items": items})
    return rows


def lenses_page(lang: str = "en") -> dict[str, Any]:
    """Every lens, as defined, with its name and description in ``lang``."""
    return {
        "lenses": [
            {**lens.as_dict(), "label": lens.label(lang), "about": lens.about(lang)} for lens in load_lenses()
        ]
    }


def lens_page(store: Store, view: View, name: str) -> dict[str, Any]:
    """One lens from the view's perspective: its definition in words, charts and partners."""

    def build() -> dict[str, Any]:
        found = lens_indicators(store, name, perspective=view.perspective, by=view.by)
        lang = view.lang
        lens = find_lens(name)
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
            {
                **p,
                "name": reference.country_label(p["country"], lang) if p["country"] else None,
                "events_text": count(p["events"]),
            }
            for p in found["partners"]
        ]
        return {
            **found,
            "label": lens.label(lang),
            "about": lens.about(lang),
            "home_name": reference.country_label(found["home"], lang),
            "definition": lens_definition(lens, found["countries"], found["home"], lang),
            "partners": partners,
            "series": embedded(series if lines else None),
            "balance": embedded(balance if found["rows"] else None),
            "coverage": period_coverage(store, view),
        }

    return memo.get(store, ("page", "lens", view, name), build)


# -- the exposure map -------------------------------------------------------------------------------------


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
                "name": reference.country_label(code, lang),
                "value": part["weighted"],
                "label": f"{reference.country_label(code, lang)}{word('colon', lang)}{part['weighted']:.2f}",
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
        alerts = [
            {
                **a,
                "why": reasoning_words(a, lang),  # in the page's words
                "period_text": shown_period(a["period"], lang),
                "what": word("rg_total", lang)
                if a["key"] == TOTAL
                else reference.country_label(a["key"], lang),
            }
            for a in found["alerts"]
        ]
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
            title=f"{word('exposure_map', lang)}{word('colon', lang)}{shown_period(period, lang)}",
            value=word("exposure", lang),
        )
        countries = [
            {
                "code": code,
                "name": reference.country_label(code, lang),
                "weight": share(weight),
                "signal": count(chosen["countries"][code]["signal"]) if chosen else "–",
                "weighted": decimal(chosen["countries"][code]["weighted"], 2) if chosen else "–",
            }
            for code, weight in found["weights"].items()
        ]
        sites = [
            {
                **site,
                "country_name": reference.country_label(site["country"], lang),
                "kind_text": word(f"rg_kind_{site['kind']}", lang),
                "size_text": count(site["size"]),
            }
            for site in found["registry"]["sites"]
        ]
        return {
            **found,
            "home_name": reference.country_label(found["home"], lang),
            "period": period,
            "period_text": shown_period(period, lang) if period else "",
            "periods": period_choices(labels[::-1][:60], lang),
            "chosen": chosen,
            "countries": countries,
            "sites": sites,
            "map": embedded(spec if shapes else None),
            "series": embedded(series if line else None),
            "alerts": sorted(alerts, key=lambda a: a["period"], reverse=True)[:20],
            "method_href": METHOD_URL,
            "coverage": period_coverage(store, replace(view, period=period)),
        }

    return memo.get(store, ("page", "exposure", view), build)
