"""``holosec region``, ``principles``, ``lens`` and ``exposure``: the regional matrix of a grouping, the
principles of the New Asia Security Concept as metrics, the foreign-affairs lenses and the
overseas-interests exposure (a bad grouping, period or lens is a wrong argument: exit code 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from holosec.cli.errors import reported
from holosec.cli.options import DEFAULT_PERSPECTIVE, AsJson, By, DataDir, Period
from holosec.cli.output import emit_json, out, say
from holosec.cli.store import open_store, settings_for
from holosec.regional.exposure import exposure as compute_exposure
from holosec.regional.groupings import DEFAULT as DEFAULT_GROUPING
from holosec.regional.lens_series import lens_indicators
from holosec.regional.lenses import load_lenses
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


def _emit(data: dict[str, Any], as_json: bool, table: Callable[[dict[str, Any]], Table]) -> None:
    if as_json:
        emit_json(data)
    else:
        out.print(table(data))


def _cell(value: Any) -> str:
    return "-" if value is None else f"{value:+.2f}" if isinstance(value, float) else str(value)


@reported(parameters=True)
def region(
    grouping: Grouping = DEFAULT_GROUPING,
    period: Period = None,
    by: By = "month",
    groupings: Groupings = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
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
    _emit(found, as_json, _region_table)


def _region_table(found: dict[str, Any]) -> Table:
    latest = found["pairs"][-1]["period"] if found["pairs"] else "-"
    table = Table(
        "a", "b", "events", "balance", "trend",
        title=f"{found['grouping']}: member pairs in {latest} ({len(found['members'])} members)",
        box=None,
    )  # fmt: skip
    for row in found["pairs"]:
        if row["period"] == latest:
            table.add_row(
                row["a"], row["b"], f"{row['events']:.0f}", _cell(row["balance"]), _cell(row["trend"])
            )
    return table


@reported(parameters=True)
def principles(
    grouping: Grouping = DEFAULT_GROUPING,
    period: Period = None,
    by: By = "month",
    groupings: Groupings = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """The principles of the New Asia Security Concept as metrics over a grouping's members in one period
    (default: the latest with events between members): equal_security, no_expense, alliance, cooperative
    and sustainable (definitions and limits: docs/regional-method.md).

    --json prints one object: grouping, period, members and one list of rows per principle.
    """
    with open_store(settings_for(data_dir)) as store:
        found = compute_principles(store, grouping, period=period, by=by, groupings=groupings)
    _emit(found, as_json, _principles_table)


def _principles_table(found: dict[str, Any]) -> Table:
    table = Table(
        "principle", "rows", "first rows", title=f"{found['grouping']} in {found['period']}", box=None
    )
    for name in ("equal_security", "no_expense", "alliance", "cooperative", "sustainable"):
        rows = found[name]
        first = "; ".join(
            " ".join(f"{k}={v}" for k, v in row.items() if not isinstance(v, list)) for row in rows[:2]
        )
        table.add_row(name, str(len(rows)), first or "-")
    return table


@reported(parameters=True, arguments=("name",))
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
) -> None:
    """A foreign-affairs lens: the events between the perspective's home country and the lens's countries,
    narrowed by actors, event codes and fields, per period (events, cooperation and conflict, balance) and
    the partners with most events. The lenses: neighbourhood, major-countries, developing, multilateral,
    belt-and-road, foreign-aid, overseas-interests.

    --json prints one object: lens (its definition), countries, rows (per period) and partners; without
    NAME, a list of the lenses.
    """
    with open_store(settings_for(data_dir)) as store:
        if name is None:
            listed = {"data": [item.as_dict() for item in load_lenses(lenses)]}
            _emit(listed, as_json, _lens_list)
            return
        found = lens_indicators(
            store, name, perspective=perspective, by=by, period=period, lenses=lenses, registry=registry
        )
    _emit(found, as_json, _lens_table)


def _lens_list(found: dict[str, Any]) -> Table:
    table = Table("id", "name", "countries", "event codes", title="foreign-affairs lenses", box=None)
    for item in found["data"]:
        table.add_row(item["id"], item["name"], _codes(item["countries"]), ", ".join(item["event_codes"]))
    return table


def _codes(codes: list[str]) -> str:
    return "any" if not codes else ", ".join(codes[:4]) + (f" +{len(codes) - 4}" if len(codes) > 4 else "")


def _lens_table(found: dict[str, Any]) -> Table:
    table = Table(
        "period", "events", "cooperation", "conflict", "balance", title=found["lens"]["name"], box=None
    )
    for row in found["rows"][-24:]:
        table.add_row(
            row["period"], f"{row['events']:.0f}", f"{row['cooperation_events']:.0f}",
            f"{row['conflict_events']:.0f}", _cell(row["balance"]),
        )  # fmt: skip
    return table


@reported(parameters=True)
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
) -> None:
    """Overseas-interests exposure: conflict events in the registry's countries weighted by what is
    exposed there (citizens, projects, assets), per period, with alerts on rises (surge detector).

    --json prints one object: registry (with sample true for the shipped sample), weights, rows (per
    period: exposure and each country's signal and weighted part) and alerts.
    """
    with open_store(settings_for(data_dir)) as store:
        found = compute_exposure(store, registry=registry, by=by, period=period)
    if found["registry"]["sample"] and not as_json:
        say("note: the shipped SAMPLE registry (illustrative, not real figures); pass --registry FILE")
    _emit(found, as_json, _exposure_table)


def _exposure_table(found: dict[str, Any]) -> Table:
    table = Table(
        "period", "exposure", "alerts", title=f"overseas-interests exposure of {found['home']}", box=None
    )
    raised: dict[str, int] = {}
    for alert in found["alerts"]:
        raised[alert["period"]] = raised.get(alert["period"], 0) + 1
    for row in found["rows"][-24:]:
        table.add_row(row["period"], f"{row['exposure']:.2f}", str(raised.get(row["period"], "")))
    return table
