# ruff: noqa: RUF002  (the Chinese brackets of a docstring example)
"""The regional parts of a briefing, from :mod:`holosec.regional`: the regional matrix of the
perspective's main grouping (its cooperation index in the period and the most conflictual member pairs,
each with the events behind it), the seven foreign-affairs lenses, and the overseas-interests exposure.

Lens and exposure numbers aggregate many selections at once; next to them the briefing prints the
command that recomputes them, where the library has no single event list behind the number.
"""

from __future__ import annotations

from typing import Any

from holosec.briefings.context import Context, number, period_name, whole
from holosec.indicators import Selection
from holosec.indicators.evidence import evidence
from holosec.perspective import load_perspective
from holosec.regional.exposure import exposure
from holosec.regional.groupings import load_grouping
from holosec.regional.lens_series import lens_indicators
from holosec.regional.lenses import load_lenses
from holosec.regional.matrix import region_matrix

PAIRS = 5
PAIR_EVIDENCE = 2
PARTNERS = 3
EXPOSED = 5
PREFERRED_GROUPING = "CICA"


def grouping_of(perspective: str) -> str:
    """The grouping whose matrix a perspective's briefing shows: CICA when the perspective belongs to
    it (the New Asia Security Concept's platform), else its first grouping, else CICA.

    >>> grouping_of("CHN")
    'CICA'
    """
    ids = [g.id for g in load_perspective(perspective).groupings]
    if PREFERRED_GROUPING in ids or not ids:
        return PREFERRED_GROUPING
    return ids[0]


def _grouping_name(ctx: Context, name_zh: str, name: str, grouping: str) -> str:
    """A grouping named in the briefing's language: in English its name (the intro adds the id); in
    Chinese its Chinese name (which carries its short name), else its English name with its id.

    >>> ctx = Context(None, "CHN", "CHN", "month", "v2014", "zh", None, False, {})
    >>> _grouping_name(ctx, "", "Shanghai Cooperation Organisation", "SCO")
    'Shanghai Cooperation Organisation（SCO）'
    """
    if ctx.lang != "zh":
        return name
    return name_zh or name + ctx.say("brief_paren", value=grouping)


def _pair(ctx: Context, pair: dict[str, Any]) -> dict[str, Any]:
    assert ctx.period is not None
    selection = Selection(
        country=pair["a"], partner=pair["b"], undirected=True, by=ctx.by, taxonomy=ctx.taxonomy
    )
    found = evidence(ctx.store, selection, ctx.period, limit=PAIR_EVIDENCE)
    return {
        "pair": ctx.pair(pair["a"], pair["b"]),
        "codes": f"{pair['a']}-{pair['b']}",
        "events": number(pair["events"], 0),
        "balance": number(pair["balance"], sign=True),
        "trend": number(pair["trend"], 3, sign=True),
        "refs": ctx.appendix.cite(found["data"]),
    }


def regional_matrix(ctx: Context) -> dict[str, Any]:
    """The grouping's cooperation index in the period and its most conflictual member pairs."""
    grouping = grouping_of(ctx.perspective)
    if not ctx.has_data:
        return {"grouping": grouping, "intro": ctx.no_data(), "pairs": [], "command": None}
    found = region_matrix(ctx.store, grouping, period=ctx.period, by=ctx.by, taxonomy=ctx.taxonomy)
    command = f"holosec region --grouping {grouping} --period {ctx.period} --by {ctx.by}"
    known = load_grouping(grouping)
    if not found["index"]:
        note = ctx.say("regional_none", grouping=known.short(ctx.lang), period=ctx.period_name)
        return {"grouping": grouping, "intro": note, "pairs": [], "command": command}
    row = found["index"][0]
    intro = ctx.say(
        "regional_intro",
        name=_grouping_name(ctx, known.name_zh, found["name"], grouping),
        grouping=grouping,
        members=len(found["members"]),
        period=ctx.period_name,
        events=whole(row["events"]),
        share=number(row["cooperation_share"]),
        balance=number(row["balance"], sign=True),
        verbal=number(row["verbal_balance"], sign=True),
        material=number(row["material_balance"], sign=True),
    )
    pairs = sorted(
        (p for p in found["pairs"] if p["balance"] is not None),
        key=lambda p: (p["balance"], -p["events"], p["a"], p["b"]),
    )
    return {
        "grouping": grouping,
        "intro": intro,
        "pairs": [_pair(ctx, p) for p in pairs[:PAIRS]],
        "command": command,
    }


def lenses(ctx: Context) -> dict[str, Any]:
    """Every foreign-affairs lens in the period: events, conflict and cooperation, balance, partners."""
    if not ctx.has_data:
        return {"items": [], "note": ctx.no_data()}
    items = []
    for lens in load_lenses():
        found = lens_indicators(ctx.store, lens.id, perspective=ctx.perspective, by=ctx.by, period=ctx.period)
        row = found["rows"][0] if found["rows"] else None
        partners = [ctx.country(p["country"]) for p in found["partners"] if p["country"]][:PARTNERS]
        items.append(
            {
                "id": lens.id,
                "name": lens.name_zh if ctx.lang == "zh" else lens.name,
                "events": number(row["events"], 0) if row else "0",
                "conflict": number(row["conflict_events"], 0) if row else "0",
                "cooperation": number(row["cooperation_events"], 0) if row else "0",
                "balance": number(row["balance"], sign=True) if row else "-",
                "partners": ctx.say("brief_list_sep").join(partners) or "-",
                "command": f"holosec lens {lens.id} --perspective {ctx.perspective} --period {ctx.period} "
                f"--by {ctx.by}",
            }
        )
    return {"items": items, "note": None}


def overseas(ctx: Context) -> dict[str, Any]:
    """The exposure of the overseas-interests registry in the period, when it is the perspective's."""
    empty: dict[str, Any] = {"line": None, "note": None, "countries": [], "alerts": [], "command": None}
    if not ctx.has_data:
        return {**empty, "note": ctx.no_data()}
    found = exposure(ctx.store, by=ctx.by, period=ctx.period)
    if found["perspective"] != ctx.perspective:
        note = ctx.say(
            "exposure_other",
            registry=ctx.country(found["perspective"]),
            perspective=ctx.country(ctx.perspective),
        )
        return {**empty, "note": note}
    command = f"holosec exposure --period {ctx.period} --by {ctx.by}"
    if not found["rows"]:
        return {**empty, "note": ctx.say("exposure_none", period=ctx.period_name), "command": command}
    row = found["rows"][0]
    sites = found["registry"]["sites"]
    line = ctx.say(
        "exposure_line",
        value=number(row["exposure"], 1),
        period=ctx.period_name,
        sites=len(sites),
        countries=len(found["weights"]),
    )
    parts = sorted(row["countries"].items(), key=lambda item: (-item[1]["weighted"], item[0]))
    return {
        "line": line,
        "note": ctx.say("exposure_sample") if found["registry"]["sample"] else None,
        "countries": [
            {
                "country": ctx.country(code),
                "signal": whole(part["signal"]),
                "weighted": number(part["weighted"], 1),
            }
            for code, part in parts[:EXPOSED]
        ],
        "alerts": [_exposure_alert(ctx, alert) for alert in found["alerts"]],
        "command": command,
    }


def _exposure_alert(ctx: Context, alert: dict[str, Any]) -> str:
    """An exposure alert in the briefing's language: the place, its value against its baseline."""
    return ctx.say(
        "exposure_alert_line",
        country=ctx.country(alert["key"]),
        value=number(alert["value"]),
        period=period_name(alert["period"], ctx.lang),
        baseline=number(alert["baseline"]),
    )
