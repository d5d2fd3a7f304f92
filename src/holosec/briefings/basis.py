"""The data basis of a briefing: the sources behind the period (days covered and event records of each,
:func:`holosec.indicators.coverage.index_sources`), how many events the home country's indices rest on,
a warning when a source covers less than half the period, and the fields whose evidence is thin."""

from __future__ import annotations

from typing import Any

from holosec.briefings.context import Context, whole
from holosec.indicators.coverage import index_sources
from holosec.periods import Period
from holosec.presentation.i18n import coverage_line

SHORT = 0.5
"""A source covering less than this share of the period's days is flagged."""


def data_basis(ctx: Context, situation: dict[str, Any], min_events: float) -> dict[str, Any]:
    """The data-basis paragraph as sentences, with the sources (as JSON) and the thin fields' ids."""
    if ctx.period is None:
        return {"sentences": [ctx.say("basis_none")], "sources": [], "thin": []}
    sources = index_sources(ctx.store, ctx.period)
    days = (Period.parse(ctx.period).end - Period.parse(ctx.period).start).days + 1
    sentences = [
        ctx.say("basis_sources", period=ctx.period_name, days=days, coverage=coverage_line(sources, ctx.lang))
    ]
    overall = situation["overall"]
    if overall is not None and overall["events"]:
        sentences.append(
            ctx.say("basis_events", country=ctx.country(ctx.home), events=whole(overall["events"]))
        )
    for source in sources:
        if source.days is not None and source.days < SHORT * days:
            sentences.append(ctx.say("basis_short", name=source.name, days=source.days, total=days))
    thin = [s for s in situation["fields"] if s["score"] is not None and s["low_evidence"]]
    if thin:
        named = [
            ctx.say(
                "name_events_one" if s["shown"]["events"] == "1" else "name_events",
                name=s["name"],
                events=s["shown"]["events"],
            )
            for s in thin
        ]
        sentences.append(ctx.say("basis_thin", min=whole(min_events), fields=ctx.listed(named)))
    return {
        "sentences": sentences,
        "sources": [s.as_dict() for s in sources],
        "thin": [s["field"] for s in thin],
    }
