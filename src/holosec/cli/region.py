"""``holosec region``, ``principles``, ``lens`` and ``exposure``: the regional matrix of a grouping, the
principles of the New Asia Security Concept as metrics, the foreign-affairs lenses and the
overseas-interests exposure (a bad grouping, period or lens is a wrong argument: exit code 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from holosec.cli.errors import reported
from holosec.cli.options import DEFAULT_PERSPECTIVE, AsJson, By, DataDir, OutputFormat, Period
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, say
from holosec.cli.store import open_store, settings_for
from holosec.regional.exposure import exposure as compute_exposure
from holosec.regional.groupings import DEFAULT as DEFAULT_GROUPING
from holosec.regional.lens_series import lens_indicators
from holosec.regional.lenses import find_lens, load_lenses
from holosec.regional.matrix import region_matrix
from holosec.regional.principles import principles as compute_principles

Grouping = Annotated[
    str, typer.Option(help="A grouping id: CICA, SCO, ASEAN, BRICS ... or one of --groupings FILE.")
]
Groupings = Annotated[
    Path | None,
    typer.Option(
        help="A file of your own groupings, laid out like holosec's groupings.toml.", show_default=False
    ),
]


Shown = tuple[tuple[Column, ...], list[dict[str, Any]], str]
"""What a table shows: its columns, its rows and its title."""


def _emit(data: dict[str, Any], fmt: Format, table: Callable[[dict[str, Any]], Shown]) -> None:
    if fmt is Format.json:
        emit_json(data)
        return
    columns, rows, title = table(data)
    emit_table(columns, rows, fmt, title=title)


_SIGNED = "{:+.2f}"


@reported()
def region(
    grouping: Grouping = DEFAULT_GROUPING,
    period: Period = None,
    by: By = "month",
    groupings: Groupings = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The regional matrix of a grouping's members: the cooperation-conflict balance of every member pair
    per period (+1 all cooperation, -1 all conflict), its trend, and the regional cooperation index, verbal
    and material apart (method: docs/regional-method.md).

    --json prints one object: grouping, name, members (ISO3), pairs (rows of a, b, period, balance, trend,
    events, conflict_share ...; every period with events, or only --period) and index (per period:
    cooperation_share, verbal_cooperation_share, material_cooperation_share, balance, verbal_balance,
    material_balance and the counts of each quad class).
    """
    with open_store(settings_for(data_dir)) as store:
        found = region_matrix(store, grouping, period=period, by=by, groupings=groupings)
    _emit(found, chosen_format(fmt, as_json), _region_table)


def _region_table(found: dict[str, Any]) -> Shown:
    latest = found["pairs"][-1]["period"] if found["pairs"] else "-"
    columns = (
        Column("a"), Column("b"), Column("events", kind="number", pattern="{:.0f}"),
        Column("balance", kind="number", pattern=_SIGNED), Column("trend", kind="number", pattern=_SIGNED),
    )  # fmt: skip
    rows = [row for row in found["pairs"] if row["period"] == latest]
    return columns, rows, f"{found['grouping']}: member pairs in {latest} ({len(found['members'])} members)"


@reported()
def principles(
    grouping: Grouping = DEFAULT_GROUPING,
    period: Period = None,
    by: By = "month",
    groupings: Groupings = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The principles of the New Asia Security Concept as metrics over a grouping's members in one period
    (default: the latest with events between members): equal_security, no_expense, alliance, cooperative
    and sustainable (definitions and limits: docs/regional-method.md).

    --json prints one object: grouping, period, members and one list of rows per principle.
    """
    with open_store(settings_for(data_dir)) as store:
        found = compute_principles(store, grouping, period=period, by=by, groupings=groupings)
    _emit(found, chosen_format(fmt, as_json), _principles_table)


def _principles_table(found: dict[str, Any]) -> Shown:
    shown = []
    for name in ("equal_security", "no_expense", "alliance", "cooperative", "sustainable"):
        rows = found[name]
        first = "; ".join(
            " ".join(f"{k}={v}" for k, v in row.items() if not isinstance(v, list)) for row in rows[:2]
        )
        shown.append({"principle": name, "rows": len(rows), "first_rows": first or None})
    columns = (Column("principle"), Column("rows", kind="number"), Column("first_rows", "first rows", "text"))
    return columns, shown, f"{found['grouping']} in {found['period']}"


@reported(arguments=("name",))
def lens(
    name: Annotated[str | None, typer.Argument(help="A lens id; leave out to list the lenses.")] = None,
    perspective: Annotated[
        str, typer.Option(help="Whose foreign affairs: CHN, JPN, IND, USA or DEU.")
    ] = DEFAULT_PERSPECTIVE,
    period: Period = None,
    by: By = "month",
    lenses: Annotated[
        Path | None, typer.Option(help="A lens file of your own, laid out like holosec's lenses.toml.")
    ] = None,
    registry: Annotated[
        Path | None, typer.Option(help="An overseas-interests registry (for @interests).", show_default=False)
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """A foreign-affairs lens: the events between the perspective's home country and the lens's countries,
    narrowed by actors, event codes and fields, per period (events, cooperation and conflict, balance) and
    the partners with most events. The lenses: neighbourhood, major-countries, developing, multilateral,
    belt-and-road, foreign-aid, overseas-interests.

    --json prints one object: lens (its definition), countries, rows (per period) and partners; without
    NAME, a list of the lenses.
    """
    if name is None:  # the list needs no store
        listed = {"data": [item.as_dict() for item in load_lenses(lenses)]}
        _emit(listed, chosen_format(fmt, as_json), _lens_list)
        return
    find_lens(name, lenses)  # a bad lens file or name is said before the store is looked for
    with open_store(settings_for(data_dir)) as store:
        found = lens_indicators(
            store, name, perspective=perspective, by=by, period=period, lenses=lenses, registry=registry
        )
    _emit(found, chosen_format(fmt, as_json), _lens_table)


def _lens_list(found: dict[str, Any]) -> Shown:
    columns = (
        Column("id"), Column("name", kind="text"), Column("countries", kind="text", pattern=_codes),
        Column("event_codes", "event codes", "text", ", ".join),
    )  # fmt: skip
    return columns, found["data"], "foreign-affairs lenses"


def _codes(codes: list[str]) -> str:
    return "any" if not codes else ", ".join(codes)


def _lens_table(found: dict[str, Any]) -> Shown:
    whole = "{:.0f}"
    columns = (
        Column("period"), Column("events", kind="number", pattern=whole),
        Column("cooperation_events", "cooperation", "number", whole),
        Column("conflict_events", "conflict", "number", whole),
        Column("balance", kind="number", pattern=_SIGNED),
    )  # fmt: skip
    return columns, found["rows"][-24:], found["lens"]["name"]


@reported()
def exposure(
    registry: Annotated[
        Path | None,
        typer.Option(
            help="Your overseas-interests registry (default: the shipped SAMPLE).", show_default=False
        ),
    ] = None,
    period: Period = None,
    by: By = "month",
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Overseas-interests exposure: conflict events in the registry's countries weighted by what is
    exposed there (citizens, projects, assets), per period, with alerts on rises (surge detector).

    --json prints one object: registry (with sample true for the shipped sample), weights, rows (per
    period: exposure and each country's signal and weighted part) and alerts.
    """
    with open_store(settings_for(data_dir)) as store:
        found = compute_exposure(store, registry=registry, by=by, period=period)
    fmt = chosen_format(fmt, as_json)
    if found["registry"]["sample"] and fmt is not Format.json:
        say("note: the shipped SAMPLE registry (illustrative, not real figures); pass --registry FILE")
    _emit(found, fmt, _exposure_table)


def _exposure_table(found: dict[str, Any]) -> Shown:
    raised: dict[str, int] = {}
    for alert in found["alerts"]:
        raised[alert["period"]] = raised.get(alert["period"], 0) + 1
    rows = [{**row, "alerts": raised.get(row["period"])} for row in found["rows"][-24:]]
    columns = (
        Column("period"), Column("exposure", kind="number", pattern="{:.2f}"), Column("alerts", kind="number")
    )  # fmt: skip
    return columns, rows, f"overseas-interests exposure of {found['home']}"
