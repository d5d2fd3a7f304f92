"""Top alerts and interwoven threats of a briefing.

Alerts are the stored alerts (:func:`holosec.warning.watch.stored_alerts`) on the home country whose
period overlaps the briefing's, highest score first, each with the detector's reasoning, its track
record on real series and the events behind it. Interwoven threats are
:func:`holosec.indicators.coupling.coupling` of the home country with its window ending at the
briefing's period: the field pairs whose coupling moved most and the leads claimed.
"""

from __future__ import annotations

from typing import Any

from holosec.briefings.context import Context, number, period_name, score
from holosec.indicators.coupling import coupling
from holosec.periods import Period
from holosec.presentation.alert_words import full_record, plain_record, reasoning_words
from holosec.presentation.briefing_words import BRIEFING
from holosec.warning.watch import stored_alerts

TOP_ALERTS = 8
COUPLING_CHANGES = 3
COUPLING_LEADS = 3


def _overlaps(ctx: Context, alert: dict[str, Any]) -> bool:
    try:
        period = Period.parse(alert["period"])
    except ValueError:
        return False
    assert ctx.first is not None and ctx.last is not None
    return period.start <= ctx.last and period.end >= ctx.first


def _sentence(text: str) -> str:
    """``text`` without its closing stop: the templates end each part of an alert themselves."""
    return text[:-1] if text[-1:] in (".", "。") else text


def _record(ctx: Context, alert: dict[str, Any]) -> str:
    """The detector's track record on real series in plain words, in the briefing's language."""
    return _sentence(plain_record(full_record(alert), ctx.lang))


def _reasoning(ctx: Context, alert: dict[str, Any]) -> str:
    """Why the alert was raised, in the briefing's language: the stored English reasoning, or the
    detector's phrase filled from the alert's stored numbers."""
    return _sentence(reasoning_words(alert, ctx.lang))


def _known(ctx: Context, kind: str, value: str) -> str:
    """``value`` in the briefing's language when the phrase book has it, else as stored."""
    key = f"{kind}_{value}" if kind else value
    return ctx.say(key) if key in BRIEFING else value


def period_alerts(ctx: Context) -> list[dict[str, Any]]:
    """The stored alerts on the home country whose period overlaps the briefing's, most severe first
    (then by score, series and id)."""
    if not ctx.has_data:
        return []
    found = [a for a in stored_alerts(ctx.store, country=ctx.home) if _overlaps(ctx, a)]
    rank = {"high": 0, "medium": 1, "low": 2}  # the biggest jumps first, then the least probable
    found.sort(key=lambda a: (rank.get(a["severity"], 3), -a["score"], a["series"], a["alert_id"]))
    return found


def series_name(ctx: Context, alert: dict[str, Any]) -> str:
    """The country or pair and the field an alert is about, named in the briefing's language."""
    who = ctx.pair(alert["country"], alert["partner"]) if alert["partner"] else ctx.country(alert["country"])
    if not alert.get("field"):
        return who
    return ctx.say("series_field", who=who, field=ctx.field_name(alert["field"]))


def top_alerts(ctx: Context) -> dict[str, Any]:
    """The alerts of the period on the home country, most severe first (then by score), at most
    :data:`TOP_ALERTS`."""
    if not ctx.has_data:
        return {"items": [], "note": ctx.no_data()}
    found = period_alerts(ctx)
    items = []
    for alert in found[:TOP_ALERTS]:
        items.append(
            {
                "alert_id": alert["alert_id"],
                "severity": alert["severity"],
                "title": ctx.say(
                    "alert_line",
                    series=series_name(ctx, alert),
                    indicator=_known(ctx, "indicator", alert["indicator"]),
                    direction=_known(ctx, "", alert["direction"]),
                    period=period_name(alert["period"], ctx.lang),
                    severity=_known(ctx, "severity", alert["severity"]),
                    score=score(alert["score"]),
                ),
                "reasoning": _reasoning(ctx, alert),
                "record": _record(ctx, alert),
                "refs": ctx.appendix.cite(alert["evidence"]),
            }
        )
    return {"items": items, "note": None if items else ctx.say("alerts_none", period=ctx.period_name)}


def interwoven(ctx: Context) -> dict[str, Any]:
    """The coupling of the home country's fields in the window ending with the period."""
    if not ctx.has_data or ctx.last is None:
        return {"fields": [], "matrix": [], "lines": [ctx.no_data()], "note": None}
    found = coupling(ctx.store, perspective=ctx.perspective, by=ctx.by, taxonomy=ctx.taxonomy, end=ctx.last)
    window = found["window"]
    if window["start"] is None:
        return {
            "fields": [],
            "matrix": [],
            "lines": [],
            "note": ctx.say("coupling_none", period=ctx.period_name),
        }
    lines = [
        ctx.say(
            "coupling_change",
            a=ctx.field_name(item["fields"][0]),
            b=ctx.field_name(item["fields"][1]),
            previous=number(item["previous"], sign=True),
            latest=number(item["latest"], sign=True),
            change=number(item["change"], sign=True),
        )
        for item in found["changes"][:COUPLING_CHANGES]
    ]
    leads = [
        ctx.say(
            "coupling_lead",
            leader=ctx.field_name(item["leader"]),
            follower=ctx.field_name(item["follower"]),
            lag=item["lag"],
            strength=number(item["strength"]),
            pairs=item["pairs"],
        )
        for item in found["leads"][:COUPLING_LEADS]
    ]
    return {
        "fields": found["fields"],
        "matrix": found["matrix"],
        "lines": lines + (leads or [ctx.say("coupling_no_leads")]),
        "note": ctx.say(
            "coupling_window",
            home=ctx.country(ctx.home),
            start=period_name(window["start"], ctx.lang),
            end=period_name(window["end"], ctx.lang),
        ),
    }
