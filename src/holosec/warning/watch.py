"""Alerts on the store's own indicator series, by rules kept as data (``data/rules.toml``).

For each rule, :func:`run_rules` builds the watched series from :func:`holosec.indicators.indicators`
(every period of the store's span, quiet ones as 0), adds the world's event count as the volume series
(so baselines follow the news volume, where the store has events in every period; event records only, as
the watched series are: aggregate counts have no actors), runs the rule's detector (which merges repeated
alerts of one episode), keeps the alerts with enough evidence
(``min_events`` of what is watched and ``min_sources`` distinct outlets, the latter only where the events
have source URLs at all: ICEWS records have none; and, the evidence floor, at least ``min_baseline`` of it
in the ``baseline_periods`` before: a series thinner than that has insufficient data and no alert, since
a few events after a silent year say little), attaches the events that count toward the watched
indicator, largest contribution first (a conflict alert cites conflict events: actors, the event in words,
quad class, place, source URL; :func:`holosec.indicators.evidence.evidence`), and stores them in
``alerts``: one row per rule, series, period and direction. Running the rules again replaces a rule's
alerts and keeps when each was first raised. The reads of a period's own events (its outlets, each
source's part, the evidence) are kept between runs and done again only for the periods whose events
changed (:mod:`holosec.warning.rulework`), so a run after a 15-minute follow cycle costs about what its
series cost, not a pass over every alert of the store's history.

**Coverage guard.** A source whose volume jumps (a GDELT sample landing on years of ICEWS records) must not
raise an alert by itself: where a source's world-wide volume in the period exceeds ``SOURCE_JUMP`` times
its usual volume (the mean of the previous ``SOURCE_WINDOW`` periods), its part of the alerted value is
scaled by usual / current volume (:func:`_coverage_adjusted`); the detector judges the series again with
that value, and an alert it no longer raises is dropped. A steady source's ordinary ups and downs are left
alone.

A rule with ``indicator = "attention_share"`` watches articles instead (:mod:`holosec.warning.attention`):
the share of the articles naming the home country that are about each field, with no score for a period
of fewer than ``min_articles`` such articles; its alerts carry the field's article weight as ``events``
and, as evidence, the articles with the most weight in the field (``article_id``, ``date``, ``title``,
``source_url``, ``weight``) instead of events.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from holosec.errors import InputError
from holosec.indicators import Selection, indicators
from holosec.indicators.attention import attention_evidence
from holosec.indicators.catalog import event_span
from holosec.indicators.evidence import evidence, source_contributions
from holosec.indicators.query import world_events
from holosec.periods import Grain, Period
from holosec.periods import span as periods_of
from holosec.perspective import load_perspective
from holosec.store import Store
from holosec.taxonomy import DEFAULT, load_taxonomy
from holosec.warning.alerts import DETECTORS, Alert, detect
from holosec.warning.attention import MIN_ARTICLES, attention_panel
from holosec.warning.backtest import shipped_records
from holosec.warning.rulework import RuleWork, digest
from holosec.warning.series import Panel

logger = logging.getLogger(__name__)

ATTENTION = "attention_share"
SOURCE_WINDOW = 12
"""Periods before an alert over which each source's usual volume is measured (the coverage guard)."""
SOURCE_JUMP = 2.0
"""A source whose volume in a period exceeds this many times its usual volume has changed its coverage."""
INDICATORS = ("conflict_events", "material_conflict_events", "events", "per_1000", ATTENTION)
WORLD = "world"


@dataclass(frozen=True)
class Rule:
    """One alert rule (see ``data/rules.toml`` for the meaning of each field)."""

    id: str
    title: str
    perspective: str = "CHN"
    partners: tuple[str, ...] = ()
    undirected: bool = True
    fields: tuple[str, ...] | None = None
    indicator: str = "conflict_events"
    by: str = "month"
    detector: str = "surge"
    min_events: float = 3.0
    min_baseline: float = 3.0
    baseline_periods: int = 12
    min_sources: int = 2
    evidence: int = 10
    volume: bool = True
    taxonomy: str = DEFAULT
    min_articles: int = MIN_ARTICLES

    def series(self) -> Iterator[tuple[str, Selection]]:
        """(name, selection) of every series the rule watches: the perspective's home country (the places it
        counts as home included) alone or with each partner."""
        seen = load_perspective(self.perspective)
        home, places = seen.home, seen.home_set
        if self.partners:
            for partner in _partners(self.perspective, self.partners):
                name = f"{home}-{partner}" if self.undirected else f"{home}->{partner}"
                yield (
                    name,
                    Selection(
                        country=home,
                        partner=partner,
                        undirected=self.undirected,
                        by=self.by,
                        taxonomy=self.taxonomy,
                        home=places,
                    ),
                )
            return
        for field in self.fields or (None,):
            name = f"{home}:{field}" if field else home
            yield name, Selection(country=home, field=field, by=self.by, taxonomy=self.taxonomy, home=places)


def _partners(perspective: str, wanted: tuple[str, ...]) -> list[str]:
    chosen = load_perspective(perspective)
    groups = {"neighbours": chosen.neighbours, "major_powers": chosen.major_powers}
    codes = [code for name in wanted for code in groups.get(name, (name,))]
    return [code for code in dict.fromkeys(codes) if code not in chosen.home_set]


def rule_home(rule_id: str) -> tuple[str, ...]:
    """The home set of the perspective a default rule looks from (what its series merged), or none for a
    rule not among holosec's default rules.

    >>> rule_home("no-such-rule")
    ()
    """
    for rule in load_rules():
        if rule.id == rule_id:
            return load_perspective(rule.perspective).home_set
    return ()


def load_rules(path: Path | None = None) -> list[Rule]:
    """The rules in ``path``, or holosec's default rules; clear errors for bad ones."""
    where = str(path) if path else "holosec/warning/data/rules.toml"
    text = path.read_text() if path else files("holosec.warning").joinpath("data", "rules.toml").read_text()
    try:
        entries = tomllib.loads(text).get("rule", [])
    except tomllib.TOMLDecodeError as exc:
        raise InputError(where, f"not valid TOML ({exc})") from exc
    rules = [_rule(entry, where) for entry in entries]
    if not rules:
        raise InputError(where, "no [[rule]] entries")
    if len({r.id for r in rules}) != len(rules):
        raise InputError(where, "rule ids must be unique")
    return rules


def _rule(entry: dict[str, Any], where: str) -> Rule:
    known = set(Rule.__dataclass_fields__)
    if unknown := sorted(set(entry) - known):
        raise InputError(where, f"rule {entry.get('id')!r}: unknown key {unknown[0]!r}")
    if "id" not in entry or "title" not in entry:
        raise InputError(where, "every rule needs an id and a title")
    values = dict(entry)
    values["partners"] = tuple(values.get("partners", ()))
    taxonomy = values.get("taxonomy", DEFAULT)
    fields = values.get("fields")
    if fields == "all":
        values["fields"] = tuple(load_taxonomy(taxonomy).ids())
    elif fields is not None:
        values["fields"] = tuple(fields)
    rule = Rule(**values)
    if rule.indicator not in INDICATORS:
        raise InputError(where, f"rule {rule.id!r}: indicator must be one of {', '.join(INDICATORS)}")
    if rule.detector not in DETECTORS:
        raise InputError(where, f"rule {rule.id!r}: detector must be one of {', '.join(DETECTORS)}")
    if rule.indicator == ATTENTION and rule.partners:
        raise InputError(where, f"rule {rule.id!r}: {ATTENTION} watches the home country, not partners")
    return rule


def _span(store: Store) -> tuple[date, date] | None:
    return event_span(store)


def _volume(store: Store, rule: Rule, span: tuple[date, date]) -> dict[int, float]:
    """The world's events per period of the span (quiet ones 0), keyed by period ordinal: the news volume
    of the series the rule watches, which are actor views, so of event records only (aggregate counts
    have no actors: :func:`holosec.indicators.query.world_events`)."""
    home = load_perspective(rule.perspective).home
    kind = Selection(country=home, by=rule.by, start=span[0], end=span[1])  # an actor view
    found = world_events(store, kind)
    return {period.ordinal: found.get(period.start, 0.0) for period in periods_of(span[0], span[1], rule.by)}


def _series(
    store: Store, rule: Rule, span: tuple[date, date]
) -> tuple[Panel, dict[str, dict[Period, tuple[Selection, dict[str, Any]]]]]:
    """The rule's panel (with the world volume series) and, per series and period, its indicator row."""
    columns: dict[str, dict[int, float]] = {}
    rows: dict[str, dict[Period, tuple[Selection, dict[str, Any]]]] = {}
    columns[WORLD] = _volume(store, rule, span)
    for name, selection in rule.series():
        whole = replace(selection, start=span[0], end=span[1])
        series = indicators(store, whole, with_sources=False)
        rows[name] = {Period.parse(r["period"]): (selection, r) for r in series}
        columns[name] = {p.ordinal: float(r[rule.indicator] or 0.0) for p, (_, r) in rows[name].items()}
    return Panel.from_columns(Grain(rule.by), columns), rows


def _alert_id(rule: Rule, alert: Alert) -> str:
    text = f"{rule.id}|{alert.key}|{alert.period}|{alert.direction}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_KEPT = (
    "event_id",
    "date",
    "actor1_country",
    "actor1_name",
    "actor2_country",
    "actor2_name",
    "event_code",
    "event",
    "quad_class",
    "goldstein",
    "place",
    "contribution",
    "source_url",
)


def _evidence(store: Store, selection: Selection, period: Period, rule: Rule) -> str:
    """The events that count toward the watched indicator in the period, by contribution (what the alert
    claims: a conflict alert's evidence is conflict events), as JSON."""
    found = evidence(store, selection, period=period.label, limit=rule.evidence, indicator=rule.indicator)
    return json.dumps([{key: e[key] for key in _KEPT} for e in found["data"]])


def _sources(store: Store, selection: Selection, row: dict[str, Any]) -> int:
    """Distinct outlets of the series in the period of ``row``."""
    one = replace(selection, start=date.fromisoformat(row["start"]), end=date.fromisoformat(row["end"]))
    return sum(r["sources"] or 0 for r in indicators(store, one))


def _thin(rule: Rule, values: np.ndarray, t: int) -> bool:
    """Whether the series is below the rule's evidence floor at period ``t``: less than ``min_baseline``
    of what is watched in the ``baseline_periods`` before it (a series that thin has no baseline to jump
    from: three events after a quiet year say little), so it gets no alert.

    >>> rule = Rule("r", "t")
    >>> quiet, sparse = [0.0] * 11 + [2.0], [0.0] * 9 + [1.0, 1.0, 1.0]
    >>> _thin(rule, np.array(quiet + [5.0]), 12), _thin(rule, np.array(sparse + [5.0]), 12)
    (True, False)
    """
    before = values[max(0, t - rule.baseline_periods) : t]
    return float(np.nansum(before)) < rule.min_baseline


def _enough(rule: Rule, row: dict[str, Any], sources: int | None) -> bool:
    """Whether the period has the evidence the rule asks for: enough events of what is watched (all
    events for a rate) and enough distinct outlets, when the events have source URLs at all."""
    watched = row["events"] if rule.indicator == "per_1000" else row[rule.indicator]
    if watched is None or watched < rule.min_events:
        return False
    return not sources or sources >= rule.min_sources


def run_rules(
    store: Store, rules: list[Rule] | None = None, *, coverage_guard: bool = True
) -> list[dict[str, Any]]:
    """Run every rule over the store, store the alerts, and return them (the stored rows).
    ``coverage_guard=False`` keeps the alerts a jump in one source's volume explains (see the module
    notes): for comparison only."""
    rules = rules if rules is not None else load_rules()
    span = _span(store)
    now = datetime.now().replace(microsecond=0)
    stored: list[dict[str, Any]] = []
    for rule in rules:
        work = RuleWork(store, rule.id, digest(rule, coverage_guard))
        if rule.indicator == ATTENTION:
            found = _raise_attention(store, rule)
        else:
            found = [] if span is None else _raise(store, rule, span, coverage_guard, work)
        logger.info("rule %s: %d periods' reads kept, %d done again", rule.id, work.reused, work.worked)
        with store.transaction():
            work.save()
            first = dict(
                store.execute(
                    "SELECT alert_id, first_raised FROM alerts WHERE rule = ?", [rule.id]
                ).fetchall()
            )
            store.execute("DELETE FROM alerts WHERE rule = ?", [rule.id])
            for row in found:
                row["first_raised"] = first.get(row["alert_id"], now)
                row["last_run"] = now
                store.execute(f"INSERT INTO alerts BY NAME SELECT {_params(row)}", list(row.values()))
        stored += found
    return stored


def _params(row: dict[str, Any]) -> str:
    return ", ".join(f"? AS {name}" for name in row)


def _raise(
    store: Store, rule: Rule, span: tuple[date, date], guard: bool, work: RuleWork
) -> list[dict[str, Any]]:
    """The alerts of a rule over the span; ``work`` keeps each period's reads of its own events between
    runs (:mod:`holosec.warning.rulework`)."""
    panel, rows = _series(store, rule, span)
    found = []
    world = panel.series(WORLD)
    # Rescaling to the news volume needs volume in every period: a store with months of no data at all
    # (sample data, a partial download) is judged without it.
    volume = WORLD if rule.volume and bool((world[~np.isnan(world)] > 0).all()) else None
    grid = {panel.label(t): panel.period(t) for t in range(panel.values.shape[1])}
    at = {panel.label(t): t for t in range(panel.values.shape[1])}
    for alert in detect(panel, rule.detector, volume=volume):
        if alert.key == WORLD:
            continue
        if _thin(rule, panel.series(alert.key), at[alert.period]):
            logger.info(
                "rule %s, %s %s: insufficient data (under %g in the %d periods before), no alert",
                rule.id, alert.key, alert.period, rule.min_baseline, rule.baseline_periods,
            )  # fmt: skip
            continue
        period = grid[alert.period]
        selection, row = rows[alert.key][period]
        if not _enough(rule, row, None):
            continue
        sources = work.get(alert.key, period, "sources", partial(_sources, store, selection, row))
        if not _enough(rule, row, sources):
            continue
        if guard:
            parts = work.get(alert.key, period, "parts", partial(_parts, store, rule, selection, period))
            if _coverage_explains(store, rule, panel, alert, parts, period, volume):
                continue
        shown = work.get(alert.key, period, "evidence", partial(_evidence, store, selection, period, rule))
        found.append(
            _record(
                rule,
                alert,
                period,
                view=selection.checked().view,
                country=selection.country,
                partner=selection.partner,
                field=selection.field,
                events=row["events"],
                sources=sources,
                evidence=shown,
            )
        )
    return found


def _source_volumes(store: Store, period: Period) -> dict[str, tuple[float, float]]:
    """Per source: (events world-wide in ``period``, mean events per period over the ``SOURCE_WINDOW``
    periods before it)."""
    first = period
    for _ in range(SOURCE_WINDOW):
        first = first.previous
    rows = store.execute(
        "SELECT source, count(*) FILTER (WHERE date >= ?), count(*) FILTER (WHERE date < ?) FROM events "
        "WHERE date BETWEEN ? AND ? GROUP BY source",
        [period.start, period.start, first.start, period.end],
    ).fetchall()
    return {str(source): (float(now), float(before) / SOURCE_WINDOW) for source, now, before in rows}


def _parts(store: Store, rule: Rule, selection: Selection, period: Period) -> dict[str, float]:
    """Each source's contribution to what the rule watches in the period."""
    indicator = "events" if rule.indicator == "per_1000" else rule.indicator
    return source_contributions(store, selection, period.label, indicator)


def _coverage_adjusted(store: Store, parts: dict[str, float], period: Period, value: float) -> float | None:
    """The alerted ``value`` with each source's part (``parts``: :func:`_parts`) scaled down by how much
    the source's own volume grew over its usual volume (see the module notes); None when no source grew."""
    total = sum(parts.values())
    volumes = _source_volumes(store, period)
    scale = {}
    for source in parts:
        now, usual = volumes.get(source, (0.0, 0.0))
        scale[source] = usual / now if now > SOURCE_JUMP * usual else 1.0
    if total <= 0 or all(factor >= 1.0 for factor in scale.values()):
        return None
    return value * sum(parts[source] * scale[source] for source in parts) / total


def _coverage_explains(
    store: Store,
    rule: Rule,
    panel: Panel,
    alert: Alert,
    parts: dict[str, float],
    period: Period,
    volume: str | None,
) -> bool:
    """Whether the alert goes away once the sources whose volume jumped are scaled to their usual volume."""
    adjusted = _coverage_adjusted(store, parts, period, alert.value)
    if adjusted is None:
        return False
    keys = [alert.key, *([volume] if volume else [])]
    rows = [panel.keys.index(key) for key in keys]
    values = panel.values[rows].copy()
    values[0, period.ordinal - panel.start] = adjusted
    columns = {
        key: {panel.start + t: float(v) for t, v in enumerate(values[i]) if not np.isnan(v)}
        for i, key in enumerate(keys)
    }
    again = detect(Panel.from_columns(panel.kind, columns), rule.detector, volume=volume)
    return not any(a.key == alert.key and a.period == alert.period for a in again)


def _raise_attention(store: Store, rule: Rule) -> list[dict[str, Any]]:
    """The alerts of an attention rule: shares of the home country's articles by field."""
    home = load_perspective(rule.perspective).home
    built = attention_panel(
        store, home, rule.fields, taxonomy=rule.taxonomy, by=rule.by, min_articles=rule.min_articles
    )
    if built is None:
        return []
    panel, rows = built
    grid = {panel.label(t): panel.period(t) for t in range(panel.values.shape[1])}
    found = []
    for alert in detect(panel, rule.detector):
        period = grid[alert.period]
        row = rows[alert.key][period]
        found.append(
            _record(
                rule,
                alert,
                period,
                view="attention",
                country=home,
                partner=None,
                field=row["field"],
                events=row["articles"],
                sources=None,
                evidence=json.dumps(
                    attention_evidence(
                        store, home, row["field"], period.label, taxonomy=rule.taxonomy, limit=rule.evidence
                    )
                ),
            )
        )
    return found


def _record(rule: Rule, alert: Alert, period: Period, **series: Any) -> dict[str, Any]:
    """An alert as a row of ``alerts``; ``series`` gives view, country, partner, field, events, sources
    and evidence."""
    return {
        "alert_id": _alert_id(rule, alert),
        "rule": rule.id,
        "series": alert.key,
        "view": series["view"],
        "country": series["country"],
        "partner": series["partner"],
        "field": series["field"],
        "taxonomy": rule.taxonomy,
        "indicator": rule.indicator,
        "grain": period.grain.value,
        "period": period.label,
        "period_start": period.start.isoformat(),
        "direction": alert.direction,
        "score": round(alert.score, 3),
        "severity": alert.severity,
        "detector": alert.detector,
        "value": alert.value,
        "baseline": round(alert.baseline, 3),
        "reasoning": alert.reasoning,
        "events": series["events"],
        "sources": series["sources"],
        "evidence": series["evidence"],
    }


def stored_alerts(
    store: Store,
    since: date | None = None,
    *,
    country: str | None = None,
    field: str | None = None,
    detector: str | None = None,
    severity: str | None = None,
) -> list[dict[str, Any]]:
    """The stored alerts (of periods from ``since``; of ``country`` on either side of a pair, ``field``,
    ``detector`` and ``severity`` when given), newest period first, each with its evidence and the track
    record of its detector on real series (``record``, from ``docs/backtests.md``)."""
    tests: list[tuple[str, list[Any]]] = [
        ("period_start >= ?", [since]),
        ("? IN (country, partner)", [country.upper() if country else None]),
        ("field = ?", [field]),
        ("detector = ?", [detector]),
        ("severity = ?", [severity]),
    ]
    used = [(sql, values) for sql, values in tests if values[0] is not None]
    where = "WHERE " + " AND ".join(sql for sql, _ in used) if used else ""
    params = [value for _, values in used for value in values]
    cursor = store.execute(
        f"SELECT * FROM alerts {where} ORDER BY period_start DESC, score DESC, series", params
    )
    names = [column[0] for column in cursor.description]
    records = shipped_records()
    out = []
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        row["evidence"] = json.loads(row["evidence"] or "[]")
        row["period_start"] = str(row["period_start"])
        row["first_raised"] = row["first_raised"].isoformat()
        row["last_run"] = row["last_run"].isoformat()
        record = records.get(row["detector"], {})
        row["record"] = {
            k: record.get(k) for k in ("recall", "precision", "alert_rate", "median_lead", "data")
        }
        out.append(row)
    return out
