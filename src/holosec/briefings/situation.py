"""The situation by field: every field of the taxonomy with its threat index, the change since the period
before, one or two sentences filled from those numbers, and the events behind it; then what deteriorated
and what improved, with the sub-indicators that moved and the events behind them.

The numbers are :meth:`holosec.indicators.index.Index.rows` of the perspective's home country; the events
are :func:`holosec.indicators.evidence.evidence` of the same cell (country, field, period), whose weights
add up to the index's event count, and, where the index reads attention, the articles with the most weight
in the field (:func:`holosec.indicators.attention.attention_evidence`). A field without events is reported
too: "no events, no significant change" is a finding.
"""

from __future__ import annotations

from typing import Any

from holosec.briefings.context import Context, number
from holosec.indicators import Selection
from holosec.indicators.attention import attention_evidence
from holosec.indicators.evidence import evidence
from holosec.indicators.index import (
    ATTENTION,
    DETERIORATED,
    IMPROVED,
    OVERALL,
    SUB_INDICATORS,
    UNCHANGED,
    Index,
)
from holosec.presentation.situation import arrow, change_label

EVIDENCE_PER_FIELD = 3
ARTICLES_PER_FIELD = 2
_NO_EVIDENCE: dict[str, Any] = {"count": 0, "events": 0.0, "refs": [], "command": None}
DRIVERS = 2


def _cell(ctx: Context, row: dict[str, Any]) -> dict[str, Any]:
    """The evidence behind a field's index in the period: its events (totals and the best covered few)
    and, when the index read attention, its heaviest articles, cited."""
    assert ctx.period is not None
    field = row["field"]
    cell = dict(_NO_EVIDENCE)
    if row["events"] > 0:
        selection = Selection(
            country=ctx.home, field=field, by=ctx.by, taxonomy=ctx.taxonomy, home=ctx.home_set
        )
        found = evidence(ctx.store, selection, ctx.period, limit=EVIDENCE_PER_FIELD)
        cell = {
            "count": found["count"],
            "events": round(found["events"], 2),
            "refs": ctx.appendix.cite(found["data"]),
            "command": f"holosec evidence --country {ctx.home} --field {field} --period {ctx.period}"
            + (f" --perspective {ctx.perspective}" if len(ctx.home_set) > 1 else ""),
        }
    if row.get("articles"):
        articles = attention_evidence(
            ctx.store, ctx.home, field, ctx.period, taxonomy=ctx.taxonomy, limit=ARTICLES_PER_FIELD
        )
        cell["refs"] = [*cell["refs"], *ctx.appendix.cite(articles)]
    return cell


def _sentences(ctx: Context, row: dict[str, Any], cell: dict[str, Any]) -> list[str]:
    if row["score"] is None:
        return [ctx.say("field_quiet", period=ctx.period)]
    values = {
        "score": number(row["score"]),
        "previous": number(row["previous"]),
        "delta": number(row["delta"], sign=True),
    }
    first = (
        ctx.say(f"field_{row['change']}", **values)
        if row["change"]
        else ctx.say("field_first", score=values["score"], previous_period=ctx.previous)
    )
    second = [ctx.say("field_events", events=number(row["events"]), count=cell["count"])]
    share = row["components"].get(ATTENTION, {}).get("value")
    if share:  # the field's share of the articles naming the country (they number articles / share)
        second.append(
            ctx.say(
                "field_articles",
                share=f"{100 * share:.0f}%",
                all=number(row["articles"] / share, places=0),
                articles=number(row["articles"]),
            )
        )
    return [first, *second] + ([ctx.say("field_thin")] if row["low_evidence"] else [])


def _drivers(ctx: Context, row: dict[str, Any], before: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The sub-indicators whose scores moved most in the direction of the field's change."""
    if before is None or row["change"] not in (DETERIORATED, IMPROVED):
        return []
    sign = 1.0 if row["change"] == DETERIORATED else -1.0
    moved = []
    for name in SUB_INDICATORS:
        now, then = row["components"].get(name, {}), before["components"].get(name, {})
        if now.get("score") is None or then.get("score") is None:
            continue
        delta = round(now["score"] - then["score"], 2)
        if sign * delta > 0:
            moved.append((-abs(delta), name, then["score"], now["score"], delta))
    moved.sort()
    return [
        {
            "indicator": name,
            "text": ctx.say(
                "driver",
                indicator=ctx.say(f"sub_{name}"),
                before=number(then),
                after=number(now),
                delta=number(delta, sign=True),
            ),
        }
        for _, name, then, now, delta in moved[:DRIVERS]
    ]


def _label(ctx: Context, row: dict[str, Any]) -> str:
    if row["score"] is None:
        return ctx.say("no_events")
    return change_label(row["change"], ctx.lang, prose=True) if row["change"] else ctx.say("no_previous")


def _section(ctx: Context, row: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    field = row["field"]
    cell = _cell(ctx, row)
    return {
        "field": field,
        "name": ctx.field_name(field),
        "score": row["score"],
        "previous": row["previous"],
        "delta": row["delta"],
        "change": row["change"] if row["score"] is not None else None,
        "change_label": _label(ctx, row),
        "arrow": arrow(row["change"]),
        "events": row["events"],
        "low_evidence": row["low_evidence"],
        "sentences": _sentences(ctx, row, cell),
        "drivers": _drivers(ctx, row, before),
        "evidence": cell,
    }


def situation(ctx: Context, index: Index) -> dict[str, Any]:
    """Every field's section, the overall row and the summary line (with no data: quiet sections
    that say so)."""
    if not ctx.has_data or ctx.period is None:
        key = "no_data" if ctx.period else "no_data_any"
        return {
            "fields": [_empty(ctx, field) for field in ctx.names],
            "overall": None,
            "summary": ctx.say(key, period=ctx.period),
            "changes": {"deteriorated": [], "improved": [], "note": ctx.say(key, period=ctx.period)},
        }
    rows = index.rows(ctx.home, ctx.period)
    before: dict[str, dict[str, Any]] = {}
    if ctx.previous is not None and ctx.previous in index.history.countries:
        before = {r["field"]: r for r in index.rows(ctx.home, ctx.previous)}
    sections = [_section(ctx, row, before.get(row["field"])) for row in rows if row["field"] != OVERALL]
    overall = next(row for row in rows if row["field"] == OVERALL)
    return {
        "fields": sections,
        "overall": {k: overall[k] for k in ("score", "previous", "delta", "change", "events")},
        "summary": _summary(ctx, sections, overall),
        "changes": _changes(ctx, sections, bool(before), index.method.threshold),
    }


def _empty(ctx: Context, field: str) -> dict[str, Any]:
    sentence = ctx.no_data()
    return {
        "field": field,
        "name": ctx.field_name(field),
        "score": None,
        "previous": None,
        "delta": None,
        "change": None,
        "change_label": ctx.say("no_events"),
        "arrow": "",
        "events": 0.0,
        "low_evidence": True,
        "sentences": [sentence],
        "drivers": [],
        "evidence": dict(_NO_EVIDENCE),
    }


def _summary(ctx: Context, sections: list[dict[str, Any]], overall: dict[str, Any]) -> str:
    labels = (DETERIORATED, IMPROVED, UNCHANGED)
    count = {label: sum(1 for s in sections if s["change"] == label) for label in labels}
    quiet = sum(1 for s in sections if s["score"] is None)
    change = ""
    if overall["change"]:
        change = ctx.say(
            "summary_change",
            arrow=arrow(overall["change"]),
            label=change_label(overall["change"], ctx.lang, prose=True),
            delta=number(overall["delta"], sign=True),
            previous=number(overall["previous"]),
        )
    return ctx.say(
        "summary_line",
        score=number(overall["score"]) if overall["score"] is not None else ctx.say("summary_no_overall"),
        change=change,
        fields=len(sections),
        deteriorated=count[DETERIORATED],
        improved=count[IMPROVED],
        unchanged=count[UNCHANGED],
        first=len(sections) - sum(count.values()) - quiet,
        quiet=quiet,
    )


def _changes(
    ctx: Context, sections: list[dict[str, Any]], compared: bool, threshold: float
) -> dict[str, Any]:
    """The fields that deteriorated and improved, most moved first, with why."""
    found: dict[str, list[dict[str, Any]]] = {DETERIORATED: [], IMPROVED: []}
    for section in sections:
        if section["change"] in found:
            found[section["change"]].append(section)
    for label in found:
        found[label].sort(key=lambda s: (-abs(s["delta"] or 0.0), s["field"]))
    note = None
    if not compared:
        note = ctx.say("changes_no_previous", previous_period=ctx.previous)
    elif not found[DETERIORATED] and not found[IMPROVED]:
        note = ctx.say("changes_none", threshold=number(threshold), previous_period=ctx.previous)
    return {"deteriorated": found[DETERIORATED], "improved": found[IMPROVED], "note": note}
