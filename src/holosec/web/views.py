# ruff: noqa: RUF001, RUF002  (Chinese examples use full-width punctuation)
"""What each dashboard page shows, computed from the library (no HTTP here): plain dicts and Vega-Lite
specs for the templates. Costly parts are memoised until the store changes (:class:`holosec.store.Memo`),
and so is each page's whole context (the ``*_page`` functions, with their charts already written as JSON):
a page asked again before the store changes costs only its template.
"""

from __future__ import annotations

import json
from collections.abc import Set
from dataclasses import dataclass, replace
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from holosec import charts, reference
from holosec.charts.render import script_json
from holosec.errors import InputError
from holosec.explain import explain_event
from holosec.indicators import Selection
from holosec.indicators.attention import MIN_ARTICLES, attention
from holosec.indicators.catalog import pairs
from holosec.indicators.coupling import coupling
from holosec.indicators.coverage import NAMES as SOURCE_NAMES
from holosec.indicators.coverage import index_sources, kept_current_period, period_volumes
from holosec.indicators.evidence import evidence
from holosec.indicators.index import OVERALL, Index, kept_index
from holosec.indicators.query import panel
from holosec.indicators.rollup import LocatedMonth, located_months
from holosec.periods import Period, shown_period, span
from holosec.perspective.model import Perspective, load_perspective
from holosec.presentation.alert_words import alert_texts
from holosec.presentation.chart_words import chart_text
from holosec.presentation.i18n import LANGS, WORDS, coverage_line, taxonomy_line, word
from holosec.presentation.situation import (
    arrow,
    change_label,
    field_names,
    heatmap_periods,
    heatmap_rows,
)
from holosec.store import PROCESS_MEMO, Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.versions import resolve
from holosec.text.headline import reading
from holosec.warning.watch import rule_home, stored_alerts

HISTORY = 12  # periods of the overview's heatmap
SERIES_PERIODS = 120  # periods of a country's or pair's charts
EVIDENCE_ROWS = 25
TOP_ALERTS = 8
SHAPES_URL = "/static/web/world/countries-110m.json"
SHAPES = Path(__file__).parent / "static" / "world" / "countries-110m.json"
memo = PROCESS_MEMO


@cache
def _perspective(code: str) -> Perspective:
    """A packaged perspective, read once: every page asks for its home set several times, and the file
    is package data."""
    return load_perspective(code)


@dataclass(frozen=True)
class View:
    """The choices every page shares (from the query string, already checked)."""

    perspective: str = "CHN"
    taxonomy: str = DEFAULT
    field: str | None = None
    by: str = "month"
    lang: str = "en"
    period: str | None = None

    def checked(self) -> View:
        """This view with a known perspective, taxonomy, grain and field, or :class:`InputError`."""
        version = resolve(self.taxonomy).version
        load_perspective(self.perspective)
        if self.by not in ("week", "month"):
            raise InputError("by", f"must be week or month, not {self.by!r}")
        if self.field is not None and self.field not in resolve(version).ids():
            raise InputError("field", f"{self.field!r} is not a field of {version}")
        return View(self.perspective.upper(), version, self.field, self.by, self.lang, self.period)

    @property
    def home(self) -> str:
        """The perspective's home country (ISO3)."""
        return _perspective(self.perspective).home

    @property
    def home_set(self) -> tuple[str, ...]:
        """The home country and the places the perspective counts as home: one country on every page."""
        return _perspective(self.perspective).home_set

    def home_of(self, code: str) -> str:
        """The country ``code`` is from the perspective (its home country for a place it counts as home)."""
        return _perspective(self.perspective).home_of(code)

    def names(self) -> dict[str, str]:
        """Field id -> the field's name in the page's language, in taxonomy order."""
        return field_names(self.taxonomy, self.lang)

    def field_name(self, field: str | None) -> str:
        """A field's name (``None`` or ``overall``: all fields)."""
        if field in (None, OVERALL):
            return word("overall" if field else "all_fields", self.lang)
        return self.names()[field]

    def shown(self, label: str | None) -> str:
        """A period label as the page's reader writes it (:func:`holosec.periods.shown_period`)."""
        return shown_period(label, self.lang)

    def country(self, code: str | None) -> str:
        """A country's name in the page's language (its code when it has none)."""
        return (reference.country_label(code, self.lang) or code) if code else "–"

    def query(self, **changes: str | None) -> str:
        """This view's query string with ``changes`` (``None`` drops a key); defaults are left out."""
        values = {
            "perspective": self.perspective,
            "taxonomy": self.taxonomy,
            "field": self.field,
            "by": self.by,
            "period": self.period,
            **changes,
        }
        defaults = {"perspective": "CHN", "taxonomy": DEFAULT, "by": "month"}
        kept = {k: v for k, v in values.items() if v is not None and defaults.get(k) != v}
        return "?" + urlencode(kept) if kept else ""


def shell_words(view: View, role: str) -> dict[str, str]:
    """The page shell's context line in words: the perspective as a country, the taxonomy version with
    its year and number of fields, the grain, and the signed-in user's role.

    >>> words = shell_words(View(lang="zh"), "commission-admin")
    >>> words["perspective"], words["taxonomy"], words["grain"], words["role"]
    ('视角：中国', '2014年版领域体系（11个领域）', '按月', '（委员会管理员）')
    >>> shell_words(View(taxonomy="v2023"), "observer")["taxonomy"]
    '2023 taxonomy (20 fields)'
    """
    lang = view.lang
    role_key = "role_" + role.replace("-", "_")
    return {
        "perspective": word("context_perspective", lang, country=view.country(view.perspective)),
        "taxonomy": taxonomy_line(view.taxonomy, lang),
        "grain": word(f"grain_{view.by}", lang),
        "role": word("context_role", lang, role=word(role_key, lang) if role_key in WORDS else role),
    }


def index_words(store: Store, view: View) -> dict[str, str]:
    """What a threat index number means, in the page's language: the scale and its neutral middle
    (docs/index-method.md), the sample-size flag (the method's ``min_events``: a score resting on fewer
    events is pulled towards 5 and marked thin) and the method page's link."""
    method = index_of(store, view).method
    lang = view.lang
    return {
        "meaning": word("index_meaning", lang),
        "thin": word(
            "index_thin_note",
            lang,
            thin=word("low_evidence", lang),
            n=f"{method.min_events:g}",
            floor=f"{method.floor:g}",
        ),
        "min_events": f"{method.min_events:g}",
        "method": word("index_method_link", lang),
        "href": "/method/index" + view.query(),
    }


def current(store: Store, by: str = "month") -> str | None:
    """The store's current period of ``by`` (memoised): the period every page shows unless the query
    string chooses another (:func:`holosec.indicators.coverage.current_period`)."""
    return kept_current_period(store, memo, by)


def period_coverage(store: Store, view: View) -> dict[str, Any]:
    """The view's period and the line saying what it rests on (each source's days and records), shown
    beside every chart of the period."""
    if view.period is None:
        return {"period": None, "coverage": ""}
    return {"period": view.period, "coverage": coverage_line(index_sources(store, view.period), view.lang)}


def index_of(store: Store, view: View) -> Index:
    """The threat index over the store's country panel at the view's grain, the places the perspective
    counts as home merged into its home country (memoised)."""
    return kept_index(store, memo, by=view.by, taxonomy=view.taxonomy, home=view.home_set)


def strip(store: Store, view: View, country: str) -> dict[str, Any]:
    """The index strip of ``country``: its latest period, one item per field plus ``overall``, and the
    line saying what the period rests on (each source's days and records)."""
    index = index_of(store, view)
    try:
        period = index.period(view.period, country)
    except InputError:
        if view.period is not None:
            raise
        return {"period": None, "items": [], "periods": [], "coverage": ""}
    names = view.names()
    items = []
    for row in index.rows(country, period):
        field = row["field"]
        items.append(
            {
                "field": field,
                "name": view.field_name(field) if field == OVERALL else names[field],
                "score": row["score"],
                "delta": row["delta"],
                "change": row["change"],
                "change_label": change_label(row["change"], view.lang) if row["change"] else "",
                "arrow": arrow(row["change"]),
                "low_evidence": row["low_evidence"],
                "events": row["events"],
                "components": row["components"] if field != OVERALL else {},
            }
        )
    sources = index_sources(store, period)
    return {
        "period": period,
        "items": items,
        "periods": index.history.covered[::-1][:36],
        "coverage": coverage_line(sources, view.lang),
    }


def heatmap(store: Store, view: View, country: str, period: str | None) -> dict[str, Any] | None:
    """The field x period heatmap of ``country``'s scores over the :data:`HISTORY` periods to ``period``."""
    if period is None:
        return None
    index = index_of(store, view)
    periods = heatmap_periods(index, period, HISTORY)
    names = view.names()
    rows = heatmap_rows(
        index,
        country,
        periods,
        names,
        shown=lambda score: f"{score if score is not None else '-'}",
        href=lambda field: "/" + view.query(field=field),
    )
    levels = {  # how much evidence each score rests on: the chart rings a thin one
        (label, names.get(row["field"], row["field"])): row["evidence"]
        for label in periods
        for row in index.rows(country, label)
    }
    lang = view.lang
    return charts.field_heatmap(
        [{**row, "evidence": levels.get((row["period"], row["name"]))} for row in rows],
        title=word("heatmap", lang),
        period=word("period", lang),
        field=word("field", lang),
        score=word("index", lang),
        text=chart_text(lang),
    )


def interwoven(store: Store, view: View) -> dict[str, Any]:
    """The coupling matrix of the perspective's home country over the window ending at the view's
    period, as a spec and its window."""
    end = Period.parse(view.period).end if view.period else None
    found = memo.get(
        store,
        ("coupling", view.perspective, view.by, view.taxonomy, end),
        lambda: coupling(store, perspective=view.perspective, by=view.by, taxonomy=view.taxonomy, end=end),
    )
    names = view.names()
    spec = charts.matrix(
        found["fields"],
        [names[f] for f in found["fields"]],
        found["matrix"],
        title=word("coupling", view.lang),
        correlation=word("correlation", view.lang),
    )
    window = found["window"]
    note = word(
        "coupling_note", view.lang, start=view.shown(window.get("start")), end=view.shown(window.get("end"))
    )
    return {"spec": spec, "note": note, "changes": found["changes"][:5]}


def alert_rows(
    store: Store,
    view: View,
    *,
    country: str | None = None,
    partner: str | None = None,
    field: str | None = None,
    detector: str | None = None,
    severity: str | None = None,
) -> list[dict[str, Any]]:
    """Stored alerts matching the filters (a country matches either side of a pair; with ``partner``
    too, the pair), newest first, each with its words in the page's language
    (:func:`holosec.presentation.alert_words.alert_texts`: ``title``, ``record_line`` in plain words,
    ``record_exact``, ``score_line`` and ``why``)."""
    names = view.names()
    key = ("alerts", country, field, detector, severity)
    found = memo.get(
        store,
        key,
        lambda: stored_alerts(store, country=country, field=field, detector=detector, severity=severity),
    )
    return [
        {**alert, **alert_texts(alert, view.lang, names), **alert_names(alert, view.lang)}
        for alert in found
        if partner is None or partner in (alert["country"], alert["partner"])
    ]


def detector_name(detector: str, lang: str) -> str:
    """A detector (:data:`holosec.warning.alerts.DETECTORS`) in words, its id when it has none.

    >>> detector_name("surge", "zh"), detector_name("cusum", "en"), detector_name("new_one", "zh")
    ('骤增检测', 'cumulative sum (sustained shift)', 'new_one')
    """
    key = f"detector_name_{detector}"
    return word(key, lang) if key in WORDS else detector


def severity_name(severity: str, lang: str) -> str:
    """A severity (high, medium, low ...) in words, as given when it has none.

    >>> severity_name("high", "zh"), severity_name("low", "en")
    ('高', 'low')
    """
    key = f"severity_{severity}"
    return word(key, lang) if key in WORDS else severity


SEVERITIES = ("critical", "high", "medium", "low")  # most severe first


def by_rank(severities: set[str]) -> list[str]:
    """Severities most severe first (any unknown one last, by name).

    >>> by_rank({"low", "high", "medium"})
    ['high', 'medium', 'low']
    """
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(severities, key=lambda s: (rank.get(s, len(rank)), s))


def alert_names(alert: dict[str, Any], lang: str) -> dict[str, str]:
    """An alert's detector, severity and series view in words: ``detector_name``, ``severity_name``,
    ``severity_line`` (e.g. "high severity") and ``view_name``."""
    severity = severity_name(str(alert["severity"]), lang)
    view_key = f"series_view_{alert['view']}"
    return {
        "detector_name": detector_name(str(alert["detector"]), lang),
        "severity_name": severity,
        "severity_line": word("severity_words", lang, severity=severity),
        "view_name": word(view_key, lang) if view_key in WORDS else str(alert["view"]),
        "grain_name": word(f"grain_{alert['grain']}", lang)
        if f"grain_{alert['grain']}" in WORDS
        else str(alert["grain"]),
    }


def alert_evidence(alert: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The events stored with an alert (in English, at alert time), worded again in ``lang`` from their
    codes (:func:`holosec.text.headline.reading`): the actors as a reader names them, ``what``, the
    event in plain words, and ``dataset``, the data set the event comes from (its id's prefix, by name);
    an attention alert's articles as stored."""
    if alert["view"] == "attention":
        return list(alert.get("evidence") or [])
    rows = []
    for row in alert.get("evidence") or []:
        read = reading({**row, "actor1_code": None, "actor2_code": None}, lang)
        dataset = str(row.get("event_id") or "").partition(":")[0]
        rows.append(
            {
                **row,
                "dataset": SOURCE_NAMES.get(dataset, dataset) or None,
                "actor1_name": read["actor1_name"] or row.get("actor1_name"),
                "actor2_name": read["actor2_name"] or row.get("actor2_name"),
                "what": read["what"] or row.get("event"),
            }
        )
    return rows


def top_alerts(store: Store, view: View) -> list[dict[str, Any]]:
    """The highest-scoring alerts of the latest alerted period on the home country (or any alerts when
    it has none)."""
    rows = alert_rows(store, view, country=view.home) or alert_rows(store, view)
    return sorted(rows, key=lambda a: (a["period_start"], a["score"]), reverse=True)[:TOP_ALERTS]


def period_alerts(store: Store, view: View) -> list[dict[str, Any]]:
    """The overview's alerts as of the view's period: the highest-scoring alerts of the latest alerted
    period up to it, on the home country (or on any country when it has none); newest first."""
    rows = alert_rows(store, view, country=view.home) or alert_rows(store, view)
    if view.period is not None:
        last = Period.parse(view.period).start.isoformat()
        rows = [a for a in rows if str(a["period_start"]) <= last]
    return sorted(rows, key=lambda a: (a["period_start"], a["score"]), reverse=True)[:TOP_ALERTS]


def _recorded(store: Store, by: str) -> frozenset[str]:
    """The first days (ISO) of the periods of ``by`` with event records of any country."""
    return frozenset(Period.parse(v.label).start.isoformat() for v in period_volumes(store, by))


def country_series(store: Store, view: View, country: str, partner: str | None = None) -> dict[str, Any]:
    """The charts of a country (or an undirected pair) up to the view's period: events by field over time
    with its alerts marked, and the cooperation-conflict balance; and the latest period with events."""
    cells = partial(panel, store, by=view.by, taxonomy=view.taxonomy, home=view.home_set)
    if partner is None:
        rows = cells(view="country", countries=[country])
    else:
        low, high = sorted((country, partner))
        rows = [r for r in cells(view="pair_u", countries=[low]) if r["partner"] == high]
    if view.period is not None:
        last = Period.parse(view.period).start.isoformat()
        rows = [r for r in rows if str(r["start"]) <= last]
    names = view.names()
    recorded = memo.get(store, ("recorded", view.by), lambda: _recorded(store, view.by))
    lines = _filled(rows, view, recorded)
    at = {(line["start"], line["name"]): line["value"] for line in lines}
    marks = []
    for alert in alert_rows(store, view, country=country, partner=partner, field=view.field):
        kinds = ("country",) if partner is None else ("pair", "pair_u")
        if alert["grain"] != view.by or not alert["field"] or alert["view"] not in kinds:
            continue
        name = names.get(alert["field"])
        value = at.get((alert["period_start"], name or ""))
        if name is None or value is None:
            continue
        marks.append(
            {
                "start": alert["period_start"],
                "name": name,
                "value": value,
                "label": alert["title"],
                "href": f"/alerts/{alert['alert_id']}",
            }
        )
    totals = [r for r in rows if r["field"] is None]
    totals = totals[-SERIES_PERIODS:]
    lang = view.lang
    return {
        "series": charts.series(
            lines,
            marks,
            title=word("events_by_field", lang),
            value=word("events", lang),
            period=word("period", lang),
            field=word("field", lang),
            alert=word("alert", lang),
            text=chart_text(lang),
        ),
        "balance": charts.balance(
            [{"start": r["start"], "period": r["period"], "balance": r["balance"]} for r in totals],
            title=word("balance", lang),
            value=word("balance_axis", lang),
            period=word("period", lang),
            text=chart_text(lang),
        ),
        "latest": totals[-1]["period"] if totals else None,
        "alerts": marks,
    }


def _filled(rows: list[dict[str, Any]], view: View, recorded: Set[str]) -> list[dict[str, Any]]:
    """Events per field and period over the last :data:`SERIES_PERIODS` periods of ``rows`` (a panel),
    each row with its ``field`` id (for the field's own colour): 0 where a covered period had no events
    in a field (a panel leaves those out), None where the period is not covered (the chart breaks the
    line there instead of drawing a zero). A period is covered when the selection has events in it or
    the store has event records of any country in it (``recorded``: period starts): a month in which the
    sources ran but a pair did nothing is a real 0, a month no source covers is a gap."""
    if not rows:
        return []
    days = sorted({date.fromisoformat(r["start"]) for r in rows})
    every = list(span(days[0], days[-1], view.by))[-SERIES_PERIODS:]
    names = view.names()
    fields = [view.field] if view.field else list(names)
    found = {(r["start"], r["field"]): r["events"] for r in rows if r["field"] is not None}
    covered = {str(r["start"]) for r in rows if r["field"] is None} | recorded
    return [
        {
            "start": start,
            "period": period.label,
            "name": names[field],
            "field": field,
            "value": found.get((start, field), 0.0) if start in covered else None,
        }
        for field in fields
        for period in every
        for start in (period.start.isoformat(),)
    ]


def evidence_list(
    store: Store,
    view: View,
    country: str,
    partner: str | None,
    period: str | None,
) -> dict[str, Any]:
    """The events behind the view's field in ``period`` for a country or an undirected pair."""
    if period is None:
        return {"data": [], "count": 0, "events": 0.0, "period": None}
    selection = Selection(
        country=country,
        partner=partner,
        undirected=partner is not None,
        field=view.field,
        by=view.by,
        taxonomy=view.taxonomy,
        home=view.home_set,
    )
    return evidence(store, selection, period, limit=EVIDENCE_ROWS, lang=view.lang)


def percent(share: float | None) -> str:
    """A share as a percentage that never rounds a part up to the whole (or down to nothing).

    >>> percent(1.0), percent(0.99998), percent(0.4567), percent(0.00001), percent(0.0), percent(None)
    ('100%', '>99.9%', '45.7%', '<0.1%', '0%', '\u2013')
    """
    if share is None:
        return "\u2013"  # an en dash, as the templates show a missing value
    if share in (0.0, 1.0):
        return f"{share:.0%}"
    return ">99.9%" if share > 0.999 else "<0.1%" if share < 0.001 else f"{share:.1%}"


def _located_years(months: list[LocatedMonth]) -> list[dict[str, Any]]:
    """Per year of ``months``: its events, conflict events and the aggregate counts' share (as a
    percentage)."""
    years: dict[int, list[LocatedMonth]] = {}
    for month in months:
        years.setdefault(month.period.start.year, []).append(month)
    rows = []
    for year, held in years.items():
        events = sum(m.events for m in held)
        aggregate = sum(m.aggregate_events for m in held)
        rows.append(
            {
                "year": year,
                "events": events,
                "conflict_events": sum(m.conflict_events for m in held),
                "aggregate_share": percent(aggregate / events if events else None),
            }
        )
    return rows


def located(store: Store, view: View, country: str) -> dict[str, Any] | None:
    """The monthly ``location`` series of ``country`` (the places the perspective counts as home with it)
    over the span of the GDELT aggregate counts located there, in the view's field: its chart, a table by
    year and the share of aggregate counts, which no events stand behind; None without aggregate counts."""
    places = view.home_set if country == view.home else (country,)
    months = located_months(store, places, view.field, view.taxonomy)
    if view.period is not None:
        until = Period.parse(view.period).start
        months = [m for m in months if m.period.start <= until]
    if not months:
        return None
    lang = view.lang
    names = {"events": word("located_events", lang), "conflict_events": word("located_conflict", lang)}
    lines = [
        {
            "start": m.period.start.isoformat(),
            "period": m.period.label,
            "name": name,
            "value": getattr(m, key),
        }
        for key, name in names.items()
        for m in months
    ]
    events = sum(m.events for m in months)
    first, last = months[0].period.label, months[-1].period.label
    return {
        "first": first,
        "last": last,
        "places": places,
        "place_names": [view.country(p) for p in places],
        "share": percent(sum(m.aggregate_events for m in months) / events if events else None),
        "years": _located_years(months),
        "spec": charts.series(
            lines,
            title=word("located_title", lang),
            value=word("events", lang),
            period=word("period", lang),
            field=word("kind", lang),
            alert=word("alert", lang),
            text=chart_text(lang),
        ),
    }


def partner_list(store: Store, view: View, country: str) -> list[dict[str, Any]]:
    """The country's partners with most events, never a place the perspective counts as home (memoised)."""
    key = ("pairs", country, view.taxonomy, view.home_set)
    return memo.get(store, key, lambda: pairs(store, country, view.taxonomy, view.home_set))[:20]


@cache
def shape_ids() -> dict[str, str]:
    """ISO3 -> the id of its shape in the world TopoJSON (ISO 3166-1 numeric, as written there)."""
    topology = json.loads(SHAPES.read_text())
    by_number = reference.iso_numeric_codes()
    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id", ""))
        if code.isdigit() and int(code) in by_number:
            found[by_number[int(code)]] = code
    return found


def world(store: Store, view: View) -> dict[str, Any]:
    """The map: every country's score of the view's field (or overall) in the perspective's latest
    period, as a choropleth spec and a ranked table."""
    index = index_of(store, view)
    field = view.field or OVERALL
    period: str | None
    try:
        period = index.period(view.period, view.home)
    except InputError:
        if view.period is not None:
            raise
        period = index.period(None) if index.history.covered else None
    if period is None:
        return {"period": None, "rows": [], "spec": None, "periods": []}
    key = ("table", view.by, view.taxonomy, view.home_set, period, field)
    table = memo.get(store, key, lambda: index.table(period, field))
    ids = shape_ids()
    what = view.field_name(field)
    colon = word("colon", view.lang)
    rows = []
    for row in table:
        name = view.country(row["country"])
        rows.append(
            {
                **row,
                "name": name,
                "href": f"/country/{row['country']}" + view.query(),
                "arrow": arrow(row["change"]),
            }
        )
    shapes = [
        {
            "id": ids[r["country"]],
            "name": r["name"],
            "score": r["score"],
            "href": r["href"],
            "label": f"{r['name']}{colon}{what} {r['score'] if r['score'] is not None else '-'}",
            "evidence": r["evidence"],
        }
        for r in rows
        if r["country"] in ids and r["score"] is not None
    ]
    spec = charts.choropleth(
        shapes,
        SHAPES_URL,
        title=word(
            "map_chart_title",
            view.lang,
            title=word("map_title", view.lang),
            what=what,
            period=view.shown(period),
        ),
        score=word("index", view.lang),
        text=chart_text(view.lang),
    )
    return {"period": period, "rows": rows, "spec": spec, "periods": index.history.covered[::-1][:36]}


def alert_detail(store: Store, view: View, alert_id: str) -> dict[str, Any] | None:
    """One stored alert with the chart of its series up to its period (the alerted period marked)."""
    found = [a for a in alert_rows(store, view) if a["alert_id"] == alert_id]
    if not found:
        return None
    alert = found[0]
    rows = _alert_series(store, alert)
    name = view.field_name(alert["field"])
    line = [
        {"start": r["start"], "period": r["period"], "name": name, "value": r["value"]}
        for r in rows
        if r["start"] <= alert["period_start"]
    ][-36:]
    mark = [
        {
            "start": alert["period_start"],
            "name": name,
            "value": alert["value"],
            "label": alert["title"],
            "href": f"/alerts/{alert_id}",
        }
    ]
    spec = charts.series(
        line,
        mark,
        title=f"{alert['measure']} · {alert['place']}",
        value=alert["measure"],  # the indicator's name in the page's language
        period=word("period", view.lang),
        field=word("field", view.lang),
        alert=word("alert", view.lang),
        text=chart_text(view.lang),
    )
    spec["usermeta"] = {**spec.get("usermeta", {}), "indicator": alert["indicator"]}  # the code, for tools
    return {"alert": {**alert, "evidence": alert_evidence(alert, view.lang)}, "spec": spec}


def _alert_series(store: Store, alert: dict[str, Any]) -> list[dict[str, Any]]:
    """The watched series of an alert, oldest first: ``start``, ``period`` and ``value`` per period (for
    an attention alert, the field's share of the articles naming the country)."""
    if alert["view"] == "attention":
        found = attention(store, alert["country"], alert["field"], alert["taxonomy"], alert["grain"])
        return [  # as the rule saw it: a period of too few articles has no share
            {"start": Period.parse(r["period"]).start.isoformat(), "period": r["period"], "value": r["share"]}
            for r in found
            if r["all_articles"] >= MIN_ARTICLES
        ]
    selection = Selection(
        country=alert["country"],
        partner=alert["partner"],
        field=alert["field"],
        by=alert["grain"],
        taxonomy=alert["taxonomy"],
        undirected=alert["view"] == "pair_u",
        location=alert["view"] == "location",
        home=rule_home(alert["rule"]),
    )
    from holosec.indicators import indicators

    return [
        {"start": r["start"], "period": r["period"], "value": r[alert["indicator"]]}
        for r in indicators(store, selection.checked(), with_sources=False)
    ]


def event_detail(store: Store, view: View, event_id: str) -> dict[str, Any] | None:
    """An event's record (non-empty values), its fields with their rules, relation and linked records."""
    found = explain_event(store, event_id, view.perspective)
    if found is None:
        return None
    # Tags are stored with v2023 ids: a field the page's version lacks (food, cyber ...) keeps its v2023 name.
    names = {**field_names("v2023", view.lang), **view.names()}
    record = {k: v for k, v in found["event"].items() if v not in (None, "", [])}
    fields = [{**f, "name": names.get(f["field"], f["field"])} for f in found["fields"]]
    names["none"] = word("not_security", view.lang)
    return {**found, "record": record, "fields": fields, "names": names}


def embedded(spec: dict[str, Any] | None) -> Markup | None:
    """A chart spec written once as JSON for its ``<script type="application/json">`` block."""
    return None if spec is None else Markup(script_json(spec))


def overview_page(store: Store, view: View) -> dict[str, Any]:
    """Everything the overview shows (memoised): index strip, the chosen field, heatmap, top alerts,
    interwoven threats."""

    def build() -> dict[str, Any]:
        home = view.home
        found = strip(store, view, home)
        coupled = interwoven(store, view)
        return {
            "home": home,
            "strip": found,
            "selected": next((i for i in found["items"] if i["field"] == view.field), None),
            "heatmap": embedded(heatmap(store, view, home, found["period"])),
            "alerts": period_alerts(store, view),
            "coupling": {**coupled, "spec": embedded(coupled["spec"])},
            "index_words": index_words(store, view),
        }

    return memo.get(store, ("page", "overview", view), build, stale=True)  # ready while rebuilt


def warm(store: Store) -> None:
    """Build, for the store as it is now, what the first pages after a change would each wait for: the
    overview of the default view in both languages (its index panel with it) and the weekly index panel
    the country pages' strips read. A follower calls it after each cycle (:attr:`Follower.warm
    <holosec.follow.follower.Follower.warm>`), so the duty officer's overview is ready, not built on a
    first click; a page asked meanwhile builds it as before."""
    for lang in LANGS:  # the view a plain / asks for: the store's current period
        overview_page(store, home_view(store, lang))
    index_of(store, replace(View().checked(), by="week"))


def asked_view(store: Store, lang: str, period: str | None = None, **choices: Any) -> View:
    """The view of a page asked with these ``choices`` (perspective, taxonomy, field, by; the defaults
    for those not given) in ``lang``, checked; its period the one asked for, else the store's current
    period, so every page shows, and every link carries, one period (:func:`holosec.web.pages.page_view`)."""
    chosen = View(lang=lang, **choices)
    return replace(chosen, period=period or current(store, chosen.by)).checked()


def home_view(store: Store, lang: str) -> View:
    """The view of a page asked without choices, in ``lang``: the default perspective, taxonomy and
    grain at the store's current period."""
    return asked_view(store, lang)


def map_page(store: Store, view: View) -> dict[str, Any]:
    """The map's choropleth and ranked table (memoised)."""

    def build() -> dict[str, Any]:
        found = world(store, view)
        shown = period_coverage(store, replace(view, period=found["period"]))
        return {
            "world": {**found, "spec": embedded(found["spec"]), "coverage": shown},
            "index_words": index_words(store, view),
        }

    return memo.get(store, ("page", "map", view), build, stale=True)


def country_page(store: Store, view: View, country: str, partner: str | None = None) -> dict[str, Any]:
    """A country's (or an undirected pair's) page (memoised): strip, charts, evidence and partners, and a
    country's located series where GDELT aggregate counts are located in it (:func:`located`). A place the
    perspective counts as home is shown as its home country."""
    country = view.home_of(country)
    partner = None if partner is None else view.home_of(partner)

    def build() -> dict[str, Any]:
        series = country_series(store, view, country, partner)
        found = located(store, view, country) if partner is None else None
        return {
            "country": country,
            "partner": partner,
            "strip": strip(store, view, country) if partner is None else None,
            "charts": {
                **series,
                "series": embedded(series["series"]),
                "balance": embedded(series["balance"]),
            },
            "evidence": evidence_list(store, view, country, partner, view.period or series["latest"]),
            "coverage": period_coverage(store, view),
            "periods": index_of(store, view).history.covered[::-1],
            "partners": partner_list(store, view, country) if partner is None else [],
            "located": None if found is None else {**found, "spec": embedded(found["spec"])},
            "index_words": index_words(store, view),
        }

    return memo.get(store, ("page", "country", view, country, partner), build)


def alert_page(store: Store, view: View, alert_id: str) -> dict[str, Any] | None:
    """One alert's page (memoised), or ``None`` when the store has no such alert."""

    def build() -> dict[str, Any] | None:
        found = alert_detail(store, view, alert_id)
        return None if found is None else {**found, "spec": embedded(found["spec"])}

    return memo.get(store, ("page", "alert", view, alert_id), build)
