"""``holosec warn``: run the early-warning detectors on a CSV file of series and print the alerts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

from holosec.cli.errors import fail, reported
from holosec.cli.options import AsJson, By, DataDir, Engine, Jsonl, OutputFormat
from holosec.cli.output import (
    Column,
    Format,
    chosen_format,
    emit_json,
    emit_jsonl,
    emit_table,
    number,
    out,
    say,
)
from holosec.cli.store import open_store, settings_for
from holosec.errors import HolosecError, StoreMissing
from holosec.indicators import Selection
from holosec.indicators.query import country_code
from holosec.settings import Settings
from holosec.store.store import STORE_FILE
from holosec.warning import DEFAULT, DETECTORS, Alert, Panel, detect, make_detector, read_series
from holosec.warning.backtest import shipped_records
from holosec.warning.outlook import forecast
from holosec.warning.watch import load_rules, run_rules, stored_alerts


class Direction(StrEnum):
    """Which changes to alert on."""

    up = "up"
    down = "down"
    both = "both"


@reported(wrong=ValueError)
def warn(
    series: Annotated[
        Path | None,
        typer.Option("--series", help="CSV file with columns period,key,value.", show_default=False),
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(help="Without --series: alert rules (TOML) instead of holosec's.", show_default=False),
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Without --series: the store.", show_default=False)
    ] = None,
    engine: Engine = None,
    detector: Annotated[str, typer.Option(help=f"Which detector: {', '.join(DETECTORS)}.")] = DEFAULT,
    direction: Annotated[Direction, typer.Option(help="Alert on rises, falls or both.")] = Direction.up,
    volume: Annotated[
        str | None, typer.Option(help="Key of a series in the file that measures overall volume.")
    ] = None,
    season: Annotated[
        int | None,
        typer.Option(min=2, help="Periods per season: compare with the same season of past cycles."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse a file with a missing period inside a series.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: data (the alerts) and count.")
    ] = False,
    jsonl: Jsonl = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Run the early-warning detectors on your own series, or on the store's indicators, and print alerts.

    Without --series: the alert rules (src/holosec/warning/data/rules.toml, or --rules FILE) run on the
    store's indicator series; the alerts are stored with their evidence (list them with holosec alerts).

    The file has a header and columns period,key,value (more columns are ignored): period is a date
    (2024-03-05), a month (2024-03) or an ISO week (2024-W07), one kind per file (dates that are all the
    first of a month are read as months); key names the series (e.g. CHN-PHL); value is a number. A
    period missing inside a series' span is taken as 0 (event counts have no row for an empty period) and
    noted on stderr; --strict refuses such a file instead. Each alert gives the series, period, direction,
    score, severity, the detector's reasoning, and the detector's track record on real reference
    episodes. Exit codes: 0 done (with or without alerts); 1 the file cannot be used (one line on stderr
    names it and the line); 2 wrong arguments.
    """
    fmt = chosen_format(fmt, as_json)
    if series is None:
        _warn_store(rules, settings_for(data_dir, engine), fmt, jsonl)
        return
    settings: dict[str, Any] = {"season": season} if season else {}
    chosen = make_detector(detector, **settings)
    panel = read_series(series, missing="error" if strict else "zero", min_periods=_needed(chosen))
    if volume is not None and volume not in panel.keys:
        raise HolosecError(f"{series}: no series {volume!r} to use as --volume")
    directions = ("up", "down") if direction is Direction.both else (direction.value,)
    alerts = detect(panel, chosen, directions=directions, volume=volume)
    if panel.dated:
        say(f"note: {series}: every period is the first day of a month: read as monthly series")
    if note := _filled_note(series, panel):
        say(note)
    record = shipped_records().get(chosen.name)
    rows = [{**alert.as_dict(), "record": record} for alert in alerts]
    if jsonl:
        emit_jsonl(rows)
    elif fmt is Format.json:
        emit_json({"data": rows, "count": len(rows)})
    elif fmt is Format.csv:
        emit_table(_SERIES_COLUMNS, rows, fmt)
    else:
        _print(alerts, panel, chosen.name, record)


def _needed(detector: Any) -> int:
    """Periods a series needs before the detector can judge its last one."""
    return int(getattr(detector, "min_history", getattr(detector, "window", 12))) + 1


def _filled_note(path: Path, panel: Panel) -> str | None:
    filled = int(panel.filled.sum())
    if not filled:
        return None
    row = int(np.flatnonzero(panel.filled.any(axis=1))[0])
    first = panel.label(int(np.flatnonzero(panel.filled[row])[0]))
    series = int(panel.filled.any(axis=1).sum())
    return (
        f"note: {path}: {filled} missing period(s) in {series} series taken as 0 "
        f"(first: {panel.keys[row]!r} {first})"
    )


_NUMBERS = (
    Column("value", kind="number", pattern=number),
    Column("baseline", kind="number", pattern=number),
    Column("score", kind="number", pattern="{:.1f}"),
)
_SERIES_COLUMNS = (
    Column("key", "series"), Column("period"), Column("direction", "dir"), *_NUMBERS, Column("severity")
)  # fmt: skip
_STORE_COLUMNS = (
    Column("period"), Column("series"), Column("rule"), Column("direction", "dir"), *_NUMBERS,
    Column("severity"), Column("sources", kind="number"),
)  # fmt: skip


def _print(alerts: list[Alert], panel: Panel, name: str, record: dict[str, Any] | None) -> None:
    if alerts:
        emit_table(_SERIES_COLUMNS, [alert.as_dict() for alert in alerts])
        for a in alerts:
            out.print(f"{a.key} {a.period}: {a.reasoning}", highlight=False, soft_wrap=True)
    share = len(alerts) / max(panel.observed(), 1)
    out.print(
        f"{len(alerts)} alert(s) by {name} in {panel.observed()} series-periods of {len(panel.keys)} series "
        f"({share:.1%}).",
        highlight=False,
    )
    if record:
        out.print(
            f"Track record of {name}: caught {record['caught']} of {record['episodes']} reference episodes "
            f"(an alert from 2 periods before to 1 after the start; median lead {record['median_lead']} "
            f"periods), alerting on {record['alert_rate']:.1%} of series-periods, on {record['data']}.",
            highlight=False,
        )


def _warn_store(rules: Path | None, settings: Settings, fmt: Format, jsonl: bool) -> None:
    with reported(wrong=HolosecError):
        chosen = load_rules(rules)
    if not (settings.data_dir / STORE_FILE).exists():
        hint = "give --series FILE, or run 'holosec demo' or 'holosec ingest'"
        raise fail(str(StoreMissing(settings.data_dir, hint)))
    with open_store(settings) as store:
        raised = run_rules(store, chosen)
        stored = stored_alerts(store)
    keep = {row["alert_id"] for row in raised}
    _emit([row for row in stored if row["alert_id"] in keep], fmt, jsonl)


def _emit(rows: list[dict[str, Any]], fmt: Format, jsonl: bool) -> None:
    if jsonl:
        emit_jsonl(rows)
        return
    if fmt is Format.json:
        emit_json({"data": rows, "count": len(rows)})
        return
    if fmt is Format.csv:
        emit_table(_STORE_COLUMNS, rows, fmt)
        return
    if not rows:
        out.print("No alerts.")
        return
    emit_table(_STORE_COLUMNS, [{**row, "sources": row["sources"] or None} for row in rows])
    for row in rows:
        record = row["record"]
        track = (
            f" (track record: recall {record['recall']:.0%}, precision {record['precision']:.0%})"
            if record.get("recall") is not None
            else ""
        )
        top = row["evidence"][0]["source_url"] if row["evidence"] else None
        out.print(
            f"{row['series']} {row['period']}: {row['reasoning']}{track}" + (f" e.g. {top}" if top else ""),
            highlight=False,
            soft_wrap=True,
        )


@reported()
def alerts(
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Only alerts of periods from this day.")
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 code, on either side of a pair.")] = None,
    field: Annotated[str | None, typer.Option(help="A field id of the taxonomy.")] = None,
    detector: Annotated[str | None, typer.Option(help="surge, robust_z, cusum, changepoint ...")] = None,
    severity: Annotated[str | None, typer.Option(help="low, medium or high.")] = None,
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: data and count.")] = False,
    jsonl: Jsonl = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """List the stored alerts (raised by holosec warn on the store), newest period first, each with its
    reasoning, evidence (events and source URLs) and its detector's track record on real episodes."""
    country = country_code("country", country)
    with open_store(settings_for(data_dir)) as store:
        rows = stored_alerts(
            store,
            since.date() if since else None,
            country=country,
            field=field,
            detector=detector,
            severity=severity,
        )
    _emit(rows, chosen_format(fmt, as_json), jsonl)


@reported()
def forecast_command(
    country: Annotated[str, typer.Option(help="ISO3 code of the country.")],
    partner: Annotated[str | None, typer.Option(help="ISO3 code: the pair COUNTRY -> PARTNER.")] = None,
    undirected: Annotated[bool, typer.Option(help="With --partner: both directions.")] = False,
    field: Annotated[str | None, typer.Option(help="A field of the taxonomy (default: all events).")] = None,
    by: By = "month",
    indicator: Annotated[str, typer.Option(help="conflict_events, events, per_1000 ...")] = "conflict_events",
    start: Annotated[datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="First day.")] = None,
    end: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day: forecast the next one.")
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Forecast the next period of an indicator series: no-change, seasonal and learned models with
    quantiles, each with its mean CRPS over the series' past and its skill against no change."""
    selection = Selection(
        country=country, partner=partner, undirected=undirected, field=field, by=by,
        start=start.date() if start else None, end=end.date() if end else None,
    )  # fmt: skip
    with open_store(settings_for(data_dir)) as store:
        result = forecast(store, selection, indicator=indicator)
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json(result)
        return
    levels = [f"q{level:g}" for level in result["levels"]]
    columns = (
        Column("model"),
        *(Column(level, kind="number", pattern=number) for level in levels),
        Column("crps", "CRPS (past)", "number", "{:.3f}"),
        Column("skill", kind="number", pattern="{:+.0%}"),
    )
    rows = [
        {"model": name, **dict(zip(levels, model["quantiles"], strict=True)), **model}
        for name, model in result["models"].items()
    ]
    title = (
        f"{result['indicator']} of {country}{'-' + partner if partner else ''}"
        f"{' (' + field + ')' if field else ''} in {result['period']} (last: {number(result['last_value'])} "
        f"in {result['last_period']})"
    )
    emit_table(columns, rows, fmt, title=title)
