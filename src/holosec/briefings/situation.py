"""The situation by field: every field of the taxonomy with its threat index, the change since the period
before, one or two sentences filled from those numbers, and the events behind it; then what deteriorated
and what improved, with the sub-indicators that moved and the events behind them.

The numbers are :meth:`holosec.indicators.index.Index.rows` of the perspective's home country; the events
are :func:`holosec.indicators.evidence.evidence` of the same cell (country, field, period), whose weights
add up to the index's event count, and, where the index reads attention, the articles with the most weight
in the field (:func:`holosec.indicators.attention.attention_evidence`).

Every field keeps its numbers in the content, but the briefing *reports* only the fields with something to
say: those that deteriorated or improved, and those scored for the first time. The rest (no significant
change, or too few events to score) are named together in one line, :func:`quiet_line`.
"""

from __future__ import annotations

from typing import Any

from holosec.briefings.context import Context, number, score, whole
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
SCANNED = 200
"""Events read per field to find the countries the home country dealt with (best covered first)."""
PARTNERS = 2
_NO_EVIDENCE: dict[str, Any] = {"count": 0, "events": 0.0, "refs": [], "command": None}
DRIVERS = 2


def reported(row: dict[str, Any]) -> bool:
    """Whether a field has something to report: it deteriorated, improved, or has its first score.

    >>> reported({"score": 6.4, "change": None}), reported({"score": 5.1, "change": "unchanged"})
    (True, False)
    """
    if row["score"] is None:
        return False
    return row["change"] in (DETERIORATED, IMPROVED, None)


def _partners(ctx: Context, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The foreign countries in a field's events, most weight first, each with its best covered event."""
    weight: dict[str, float] = {}
    first: dict[str, dict[str, Any]] = {}
    for row in rows:
        for code in dict.fromkeys((row.get("actor1_country"), row.get("actor2_country"))):
            if code is None or code in ctx.home_set or code == ctx.home:
                continue
            weight[code] = weight.get(code, 0.0) + float(row.get("weight") or 0.0)
            first.setdefault(code, row)
    ranked = sorted(weight, key=lambda code: (-weight[code], code))[:PARTNERS]
    return [
        {"country": code, "name": ctx.country(code), "events": round(weight[code], 2), "event": first[code]}
        for code in ranked
    ]


def _cell(ctx: Context, row: dict[str, Any], shown: bool) -> dict[str, Any]:
    """The evidence behind a field's index in the period: its events (totals, the countries involved and,
    for a reported field, the best covered few, cited) and, when the index read attention, its heaviest
    articles, cited."""
    assert ctx.period is not None
    field = row["field"]
    cell: dict[str, Any] = {**_NO_EVIDENCE, "partners": [], "lead": None}
    if row["events"] > 0:
        selection = Selection(
            country=ctx.home, field=field, by=ctx.by, taxonomy=ctx.taxonomy, home=ctx.home_set
        )
        found = evidence(ctx.store, selection, ctx.period, limit=SCANNED)
        top = found["data"][:EVIDENCE_PER_FIELD]
        cell = {
            "count": found["count"],
            "events": round(found["events"], 2),
            "refs": ctx.appendix.cite(top) if shown else [],
            "command": f"holosec evidence --country {ctx.home} --field {field} --period {ctx.period}"
            + (f" --perspective {ctx.perspective}" if len(ctx.home_set) > 1 else ""),
            "partners": _partners(ctx, found["data"]),
            "lead": found["data"][0] if found["data"] else None,
        }
    if shown and row.get("articles"):
        articles = attention_evidence(
            ctx.store, ctx.home, field, ctx.period, taxonomy=ctx.taxonomy, limit=ARTICLES_PER_FIELD
        )
        cell["refs"] = [*cell["refs"], *ctx.appendix.cite(articles)]
    return cell


def _sentences(ctx: Context, row: dict[str, Any], cell: dict[str, Any]) -> list[str]:
    if row["score"] is None:
        return [ctx.say("field_quiet", period=ctx.period_name)]
    values = {
        "score": score(row["score"]),
        "previous": score(row["previous"]),
        "delta": score(row["delta"], sign=True),
    }
    first = (
        ctx.say(f"field_{row['change']}", **values)
        if row["change"]
        else ctx.say("field_first", score=values["score"], previous_period=ctx.previous_name)
    )
    events = whole(row["events"])
    second = [ctx.say("field_rests_on", events=events)]
    if cell["count"] and str(cell["count"]) != events.replace(",", ""):
        second.append(ctx.say("field_shared", count=f"{cell['count']:,}"))
    share = row["components"].get(ATTENTION, {}).get("value")
    if share:  # the field's share of the articles naming the country (they number articles / share)
        second.append(
            ctx.say(
                "field_articles",
                share=f"{100 * share:.0f}%",
                all=number(row["articles"] / share, places=0),
                articles=number(row["articles"], places=0),
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
                "driver_rose" if delta > 0 else "driver_fell",
                indicator=ctx.say(f"sub_{name}"),
                before=score(then),
                after=score(now),
                delta=score(delta, sign=True),
            ),
        }
        for _, name, then, now, delta in moved[:DRIVERS]
    ]


def _label(ctx: Context, row: dict[str, Any]) -> str:
    if row["score"] is None:
        return ctx.say("too_few_events") if row["events"] > 0 else ctx.say("no_events")
    return change_label(row["change"], ctx.lang, prose=True) if row["change"] else ctx.say("no_previous")


def _section(ctx: Context, row: dict[str, Any], before: dict[str, Any] | None) -> dict[str, Any]:
    field = row["field"]
    shown = reported(row)
    cell = _cell(ctx, row, shown)
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
        "reported": shown,
        "shown": {
            "score": score(row["score"]),
            "delta": score(row["delta"], sign=True) if row["delta"] is not None else None,
            "events": whole(row["events"]),
        },
        "sentences": _sentences(ctx, row, cell),
        "drivers": _drivers(ctx, row, before),
        "evidence": cell,
    }


def situation(ctx: Context, index: Index) -> dict[str, Any]:
    """Every field's section, the overall row, the summary line and the one line naming the fields with
    nothing to report (with no data: quiet sections that say so)."""
    if not ctx.has_data or ctx.period is None:
        key = "no_data" if ctx.period else "no_data_any"
        return {
            "fields": [_empty(ctx, field) for field in ctx.names],
            "overall": None,
            "summary": ctx.say(key, period=ctx.period_name),
            "changes": {"deteriorated": [], "improved": [], "note": ctx.say(key, period=ctx.period_name)},
            "quiet": None,
            "compared": False,
            "threshold": index.method.threshold,
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
        "quiet": quiet_line(ctx, sections),
        "compared": bool(before),
        "threshold": index.method.threshold,
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
        "reported": False,
        "shown": {"score": "-", "delta": None, "events": "0"},
        "sentences": [sentence],
        "drivers": [],
        "evidence": {**_NO_EVIDENCE, "partners": [], "lead": None},
    }


def quiet_line(ctx: Context, sections: list[dict[str, Any]]) -> str | None:
    """The fields with nothing to report, in one line: those with no significant change (with their
    scores) and those with too few events to score; None when every field is reported."""
    steady = [s for s in sections if s["score"] is not None and not s["reported"]]
    unscored = [s for s in sections if s["score"] is None]
    parts = []
    if steady:
        names = [ctx.say("name_score", name=s["name"], score=s["shown"]["score"]) for s in steady]
        parts.append(ctx.say("quiet_steady", fields=ctx.listed(names)))
    if unscored:
        parts.append(ctx.say("quiet_unscored", fields=ctx.listed([s["name"] for s in unscored])))
    if not parts:
        return None
    return ctx.say("quiet_line", parts=ctx.say("semicolon").join(parts))


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
            delta=score(overall["delta"], sign=True),
            previous=score(overall["previous"]),
        )
    return ctx.say(
        "summary_line",
        score=score(overall["score"]) if overall["score"] is not None else ctx.say("summary_no_overall"),
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
        note = ctx.say("changes_no_previous", previous_period=ctx.previous_name)
    elif not found[DETERIORATED] and not found[IMPROVED]:
        note = ctx.say("changes_none", threshold=score(threshold), previous_period=ctx.previous_name)
    return {"deteriorated": found[DETERIORATED], "improved": found[IMPROVED], "note": note}
