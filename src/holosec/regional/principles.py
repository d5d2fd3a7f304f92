"""The principles of the New Asia Security Concept as metrics over a grouping's members in one period
(definitions and limits: ``docs/regional-method.md``; code lists and thresholds: ``data/principles.toml``).

- ``equal_security``: per ordered member pair, A's military-posture events toward B against B's
  conflictual events toward A: ``asymmetry`` = (posture - threat) / (posture + threat);
- ``no_expense``: per member, its military-field activity against the mean of its previous periods, and
  its land neighbours' military threat index (:mod:`holosec.indicators.index`) now and before;
- ``alliance``: member pairs with alignment events whose both members then act conflictually toward one
  third state;
- ``cooperative``: each member's events with multilateral actors, and their share of its events;
- ``sustainable``: per member pair, economic cooperation against economic coercion.

Every count is of stories (records of one event counted once, as in every indicator).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from holosec.engines import engine_for
from holosec.indicators.frame import reports
from holosec.indicators.index import Index
from holosec.periods import Period
from holosec.perspective import load_perspective
from holosec.regional.files import read_toml
from holosec.regional.groupings import DEFAULT, Grouping, load_grouping
from holosec.regional.matrix import check_period
from holosec.store import Store

_COLUMNS = (
    "event_id", "date", "actor1_country", "actor2_country", "event_code", "quad_class", "actor1_type1",
    "actor1_type2", "actor1_type3", "actor2_type1", "actor2_type2", "actor2_type3", "actor1_known_group",
    "actor2_known_group",
)  # fmt: skip


@cache
def settings() -> dict[str, Any]:
    """The packaged ``principles.toml``."""
    return read_toml(None, "principles.toml")[0]


@cache
def land_neighbours() -> dict[str, tuple[str, ...]]:
    """ISO3 -> its land neighbours (ISO3), from GeoNames' countryInfo table (its ``neighbours`` column).

    >>> land_neighbours()["MNG"]
    ('CHN', 'RUS')
    """
    text = files("holosec.reference").joinpath("data", "countryInfo.txt").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    iso3 = {row[0]: row[1] for row in rows[1:]}
    return {
        row[1]: tuple(sorted(iso3[c] for c in row[17].split(",") if c in iso3))
        for row in rows[1:]
        if len(row) > 17
    }


def _has(code: str | None, prefixes: Iterable[str]) -> bool:
    return code is not None and any(code.startswith(p) for p in prefixes)


def stories(store: Store, keep: Any, start: date, end: date) -> list[dict[str, Any]]:
    """Stored events from ``start`` to ``end`` passing ``keep`` (a function of the events table to a
    boolean expression), one per story."""
    engine = engine_for(store)
    events = engine.table("events")
    events = events.filter((events.date >= start) & (events.date <= end))
    events = events.filter(keep(events))
    counted = reports(engine, events, dedup=True)
    kept = counted.filter(counted.counted == 1)
    return engine.rows(events.filter(events.event_id.isin(kept.event_id)).select(*_COLUMNS))


def latest_period(store: Store, grouping: Grouping, by: str) -> Period | None:
    """The latest period with an event between two members (ever members), or None."""
    ever = list(grouping.ever())
    engine = engine_for(store)
    events = engine.table("events")
    between = events.filter(
        events.actor1_country.isin(ever)
        & events.actor2_country.isin(ever)
        & (events.actor1_country != events.actor2_country)
    )
    last = engine.value(between.date.max())
    return None if last is None else Period.of(last, by)


def equal_security(rows: list[dict[str, Any]], members: list[str]) -> list[dict[str, Any]]:
    """Ordered member pairs with military-posture events: posture, threat and asymmetry."""
    codes = settings()["equal_security"]["posture_codes"]
    posture: dict[tuple[str, str], int] = defaultdict(int)
    threat: dict[tuple[str, str], int] = defaultdict(int)
    for e in rows:
        a, b = e["actor1_country"], e["actor2_country"]
        if a not in members or b not in members or a == b:
            continue
        if _has(e["event_code"], codes):
            posture[(a, b)] += 1
        if e["quad_class"] in (3, 4):
            threat[(b, a)] += 1  # b's conflict toward a, seen from the pair (a, b)
    out = []
    for (a, b), moves in sorted(posture.items()):
        faced = threat.get((a, b), 0)
        out.append(
            {
                "a": a,
                "b": b,
                "posture": moves,
                "threat": faced,
                "asymmetry": round((moves - faced) / (moves + faced), 6),
            }
        )
    return out


def sustainable(rows: list[dict[str, Any]], members: list[str]) -> list[dict[str, Any]]:
    """Undirected member pairs with economic cooperation or coercion: both counts and their balance."""
    cfg = settings()["sustainable"]
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for e in rows:
        a, b = e["actor1_country"], e["actor2_country"]
        if a not in members or b not in members or a == b:
            continue
        key = (min(a, b), max(a, b))
        if _has(e["event_code"], cfg["cooperation_codes"]):
            found[key][0] += 1
        elif _has(e["event_code"], cfg["coercion_codes"]):
            found[key][1] += 1
    return [
        {"a": a, "b": b, "cooperation": c, "coercion": x, "balance": round((c - x) / (c + x), 6)}
        for (a, b), (c, x) in sorted(found.items())
    ]


def _multilateral(e: dict[str, Any], types: set[str], groups: set[str]) -> bool:
    kinds = {e[f"actor{n}_type{k}"] for n in (1, 2) for k in (1, 2, 3)}
    return bool(kinds & types) or bool({e["actor1_known_group"], e["actor2_known_group"]} & groups)


def cooperative(rows: list[dict[str, Any]], members: list[str]) -> list[dict[str, Any]]:
    """Each member's events and multilateral events (either actor the UN, an IGO, peacekeepers or a known
    intergovernmental group), and their share."""
    seen = load_perspective()
    types, groups = set(seen.multilateral_types), set(seen.multilateral_groups)
    total: dict[str, int] = defaultdict(int)
    multi: dict[str, int] = defaultdict(int)
    for e in rows:
        for code in {e["actor1_country"], e["actor2_country"]} & set(members):
            total[code] += 1
            multi[code] += _multilateral(e, types, groups)
    return [
        {"country": c, "events": total[c], "multilateral": multi[c], "share": round(multi[c] / total[c], 6)}
        for c in sorted(total)
    ]


def alliance(
    rows: list[dict[str, Any]], later: list[dict[str, Any]], members: list[str]
) -> list[dict[str, Any]]:
    """Aligned member pairs (alignment events in the period) whose both members have conflictual events
    toward one third state in the period or the window after it (``later``)."""
    codes = settings()["alliance"]["alignment_codes"]
    aligned: dict[tuple[str, str], int] = defaultdict(int)
    for e in rows:
        a, b = e["actor1_country"], e["actor2_country"]
        if a in members and b in members and a != b and _has(e["event_code"], codes):
            aligned[(min(a, b), max(a, b))] += 1
    hostile: dict[tuple[str, str], int] = defaultdict(int)
    for e in later:
        a, c = e["actor1_country"], e["actor2_country"]
        if a in members and c is not None and a != c and e["quad_class"] in (3, 4):
            hostile[(a, c)] += 1
    out = []
    for (a, b), n in sorted(aligned.items()):
        thirds = sorted({c for (x, c) in hostile if x == a} & {c for (x, c) in hostile if x == b} - {a, b})
        for c in thirds:
            out.append(
                {
                    "a": a,
                    "b": b,
                    "alignment": n,
                    "third": c,
                    "conflict_a": hostile[(a, c)],
                    "conflict_b": hostile[(b, c)],
                }
            )
    return out


def _activity(
    store: Store, members: list[str], field: str, start: date, end: date, by: str
) -> dict[tuple[str, str], float]:
    """Military-field weight of each member's stories as actor 1, per period label."""
    engine = engine_for(store)
    events = engine.table("events")
    events = events.filter(
        events.actor1_country.isin(members) & (events.date >= start) & (events.date <= end)
    )
    counted = reports(engine, events, dedup=True)
    kept = counted.filter(counted.counted == 1).select("event_id", "date", "a1")
    tags = engine.table("event_tags")
    joined = kept.join(tags.filter(tags.field == field), "event_id")
    summed = joined.group_by(["a1", "date"]).aggregate(weight=joined.weight.sum())
    found: dict[tuple[str, str], float] = defaultdict(float)
    for row in engine.rows(summed):
        found[(row["a1"], Period.of(row["date"], by).label)] += float(row["weight"])
    return found


def no_expense(store: Store, members: list[str], first: Period, index: Index | None) -> list[dict[str, Any]]:
    """Per member with military activity in the period: activity, its baseline (mean of the previous
    periods), the rise, its land neighbours' military threat index now and before, and ``flag`` when
    both rose."""
    cfg = settings()["no_expense"]
    size = int(cfg["baseline_periods"])
    window = [Period(first.grain, first.ordinal - k).label for k in range(1, size + 1)]
    start = Period(first.grain, first.ordinal - size).start
    label = first.label
    activity = _activity(store, members, cfg["field"], start, first.end, first.grain)
    out = []
    for code in members:
        now = activity.get((code, label), 0.0)
        if now <= 0:
            continue
        baseline = sum(activity.get((code, p), 0.0) for p in window) / len(window)
        rise = None if baseline <= 0 else round(now / baseline - 1.0, 6)
        threat, before = _neighbour_threat(index, land_neighbours().get(code, ()), label)
        out.append(
            {
                "country": code,
                "activity": round(now, 6),
                "baseline": round(baseline, 6),
                "rise": rise,
                "neighbours": list(land_neighbours().get(code, ())),
                "neighbour_threat": threat,
                "neighbour_threat_before": before,
                "flag": bool(
                    (rise is None or rise >= float(cfg["rise"]))
                    and threat is not None
                    and before is not None
                    and threat > before
                ),
            }
        )
    return out


def _neighbour_threat(
    index: Index | None, neighbours: Iterable[str], label: str
) -> tuple[float | None, float | None]:
    """The mean military-field threat score of the neighbours in ``label`` and in the period before."""
    if index is None or label not in index.history.countries:
        return None, None
    now, before = [], []
    for code in neighbours:
        if (label, code, None) not in index.history.events:
            continue
        for row in index.rows(code, label):
            if row["field"] == "military" and row["score"] is not None:
                now.append(row["score"])
                if row["previous"] is not None:
                    before.append(row["previous"])
    return _mean(now), _mean(before)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def principles(
    store: Store,
    grouping: str = DEFAULT,
    *,
    period: str | None = None,
    by: str = "month",
    groupings: Path | None = None,
    index: Index | None = None,
) -> dict[str, Any]:
    """The five principle metrics for ``grouping``'s members in ``period`` (default: the latest period with
    an event between members). ``index`` is the threat index to read neighbours' scores from (default:
    the store's, at grain ``by``)."""
    chosen = load_grouping(grouping, groupings)
    first = check_period(period, by)
    if first is None:
        first = latest_period(store, chosen, by)
    empty: dict[str, list[dict[str, Any]]] = {
        "equal_security": [],
        "no_expense": [],
        "alliance": [],
        "cooperative": [],
        "sustainable": [],
    }
    if first is None:
        return {"grouping": chosen.id, "name": chosen.name, "by": by, "period": None, "members": [], **empty}
    end = first.end
    members = chosen.members_on(end)
    ever = chosen.ever()
    involved = stories(
        store, lambda e: e.actor1_country.isin(ever) | e.actor2_country.isin(ever), first.start, end
    )
    window_end = Period(first.grain, first.ordinal + int(settings()["alliance"]["window"]))
    later = stories(
        store,
        lambda e: e.actor1_country.isin(ever) & e.quad_class.isin([3, 4]),
        first.start,
        window_end.end,
    )
    if index is None:
        index = Index.of_store(store, by=by)
    return {
        "grouping": chosen.id,
        "name": chosen.name,
        "by": by,
        "period": first.label,
        "members": members,
        "equal_security": equal_security(involved, members),
        "no_expense": no_expense(store, members, first, index),
        "alliance": alliance(involved, later, members),
        "cooperative": cooperative(involved, members),
        "sustainable": sustainable(involved, members),
    }
