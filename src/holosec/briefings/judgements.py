"""Key judgements: three to five sentences at the top of a briefing that say what happened, each marked
deteriorated, improved or unchanged, as monthly conflict trackers (CrisisWatch) mark situations.

They are written by fixed rules from the numbers the briefing reports below them, so a reader can check
each one (``docs/briefings.md``, "Key judgements"):

1. **Overall**: the home country's overall threat index against the period before, marked by the index's
   own change label (a move of at least the method's threshold, 1.0 on the 0-10 scale, is a change).
2. **Fields that moved**: each field that deteriorated or improved, the largest move first, at most
   :data:`FIELDS`: its index before and now, the events it rests on, the foreign countries with the most
   weight in its events (the pairs behind it) and its best covered event with them, cited.
3. **Alerts on pairs**: the most severe alert of the period on a pair with the home country (marked
   deteriorated when the indicator rose, improved when it fell), while there is room.
4. **Steady fields**: when fewer than three judgements are made so far, one sentence naming the scored
   fields with no significant change, marked unchanged.

When no field moved, no alert was raised and the overall index is unchanged, the judgements are one
sentence saying so. When the period before has no data, one sentence says no change can be judged.
"""

from __future__ import annotations

from typing import Any

from holosec.briefings.alerts import period_alerts, series_name
from holosec.briefings.context import Context, score, whole
from holosec.indicators.index import DETERIORATED, IMPROVED, UNCHANGED
from holosec.presentation.alert_words import number as alert_number
from holosec.presentation.briefing_words import BRIEFING
from holosec.presentation.situation import arrow
from holosec.reference import event_label

MARKS = (DETERIORATED, IMPROVED, UNCHANGED)
FIELDS = 3
MOST = 5
FEWEST = 3


def _item(ctx: Context, mark: str | None, text: str, refs: list[str] | None = None) -> dict[str, Any]:
    label = ctx.say("judge_mark", arrow=arrow(mark), label=ctx.say(f"mark_{mark}")) if mark else None
    clause, stop = (text[:-1], text[-1]) if text[-1:] in (".", "。") else (text, "")
    return {"mark": mark, "label": label, "text": text, "clause": clause, "stop": stop, "refs": refs or []}


def _who(ctx: Context, event: dict[str, Any]) -> str:
    one, two = event.get("actor1_country"), event.get("actor2_country")
    if one and two and one != two:
        return ctx.say("actor_to", a=ctx.country(one), b=ctx.country(two))
    return ctx.country(one or two)


def _example(ctx: Context, event: dict[str, Any] | None) -> tuple[str, list[str]]:
    """An event in words, with its reference (cited into the appendix)."""
    if event is None:
        return "", []
    refs = ctx.appendix.cite([event])
    what = event_label(event.get("event_code"), ctx.lang) or ""
    if not what and ctx.lang == "en":  # the source's own wording is English: another language leaves it
        what = str(event.get("event") or "")
    if not what:
        return _who(ctx, event), refs
    return ctx.say(
        "judge_example", who=_who(ctx, event), what=what.lower() if ctx.lang == "en" else what, ref=refs[0]
    ), refs


def _behind(ctx: Context, section: dict[str, Any]) -> tuple[str, list[str]]:
    """The pairs behind a field's change and one event of the main pair."""
    partners = section["evidence"]["partners"]
    if not partners:
        example, refs = _example(ctx, section["evidence"]["lead"])
        return (ctx.say("judge_domestic", example=example) if example else ""), refs
    pairs = [
        ctx.say(
            "pair_events_one" if whole(p["events"]) == "1" else "pair_events",
            pair=ctx.pair(ctx.home, p["country"]),
            events=whole(p["events"]),
        )
        for p in partners
    ]
    example, refs = _example(ctx, partners[0]["event"])
    return ctx.say("judge_pairs", pairs=ctx.listed(pairs), example=example), refs


def _field(ctx: Context, section: dict[str, Any]) -> dict[str, Any]:
    behind, refs = _behind(ctx, section)
    text = ctx.say(
        f"judge_field_{section['change']}",
        field=section["name"],
        previous=score(section["previous"]),
        score=score(section["score"]),
        events=whole(section["events"]),
        behind=behind,
    )
    return _item(ctx, section["change"], text, refs)


def _value(value: float | None) -> str:
    """An alert's value or baseline without needless decimals.

    >>> _value(11.0), _value(0.3), _value(6.416666), _value(None)
    ('11', '0.3', '6.42', '-')
    """
    if value is None:
        return "-"
    return whole(value) if float(value).is_integer() else alert_number(float(value))


def _alert(ctx: Context, alert: dict[str, Any]) -> dict[str, Any]:
    up = alert["direction"] == "up"
    indicator = f"indicator_{alert['indicator']}"
    text = ctx.say(
        "judge_alert_up" if up else "judge_alert_down",
        series=series_name(ctx, alert),
        indicator=ctx.say(indicator) if indicator in BRIEFING else alert["indicator"],
        value=_value(alert.get("value")),
        baseline=_value(alert.get("baseline")),
        period=ctx.period_name,
        severity=ctx.say(f"severity_{alert['severity']}"),
    )
    return _item(ctx, DETERIORATED if up else IMPROVED, text, ctx.appendix.cite(alert["evidence"][:2]))


def _flat(ctx: Context, mark: str | None, why: str, overall: dict[str, Any]) -> dict[str, Any]:
    """The one judgement of a briefing where no change can be judged, or none was found: ``why`` (a
    phrase key), then the overall index of the period."""
    text = ctx.say(
        "judge_flat",
        why=ctx.say(why, previous_period=ctx.previous_name),
        country=ctx.country(ctx.home),
        period=ctx.period_name,
        score=score(overall["score"]),
    )
    return _item(ctx, mark, text)


def _overall(ctx: Context, overall: dict[str, Any]) -> dict[str, Any]:
    change = overall["change"] or UNCHANGED
    text = ctx.say(
        f"judge_overall_{change}",
        country=ctx.country(ctx.home),
        score=score(overall["score"]),
        previous=score(overall["previous"]),
        period=ctx.period_name,
        previous_period=ctx.previous_name,
    )
    return _item(ctx, change, text)


def key_judgements(ctx: Context, situation: dict[str, Any]) -> list[dict[str, Any]]:
    """The key judgements of a briefing (see the module's rules): each ``mark`` (deteriorated, improved,
    unchanged, or None when nothing can be judged), its ``label`` in the briefing's language, the ``text``
    and the ``refs`` of the events it names."""
    overall = situation["overall"]
    if overall is None:
        return [_item(ctx, None, situation["summary"])]
    if not situation["compared"] or overall["score"] is None or overall["previous"] is None:
        return [_flat(ctx, None, "judge_why_no_previous", overall)]
    changes = situation["changes"]
    moved = sorted(
        changes[DETERIORATED] + changes[IMPROVED], key=lambda s: (-abs(s["delta"] or 0.0), s["field"])
    )
    alerts = [a for a in period_alerts(ctx) if a["partner"]]
    if not moved and not alerts and (overall["change"] or UNCHANGED) == UNCHANGED:
        return [_flat(ctx, UNCHANGED, "judge_why_none", overall)]
    items = [_overall(ctx, overall), *(_field(ctx, s) for s in moved[:FIELDS])]
    if alerts and len(items) < MOST:
        items.append(_alert(ctx, alerts[0]))
    steady = [s["name"] for s in situation["fields"] if s["change"] == UNCHANGED]
    if len(items) < FEWEST and steady:
        items.append(_item(ctx, UNCHANGED, ctx.say("judge_steady", fields=ctx.listed(steady))))
    return items
