"""Export stored events to a Parquet or CSV file, and the analytic tables to Parquet for the Spark engine;
never data whose licence forbids redistribution."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from holosec.errors import HolosecError, LicenceError
from holosec.sources.acled import ACLED_LICENCE
from holosec.sources.layout import literal
from holosec.store import Store

Format = Literal["parquet", "csv"]
FORMATS: tuple[Format, ...] = ("parquet", "csv")


@dataclass(frozen=True)
class Restriction:
    """A source whose rows never leave the store in bulk: its name, the licence text its rows carry, and
    the terms to name when refusing."""

    source: str
    licence: str
    terms: str


# Data holosec may hold for its user but must not hand on.
NO_REDISTRIBUTION: tuple[Restriction, ...] = (
    Restriction("acled", ACLED_LICENCE, "ACLED's Terms of Use forbid redistributing ACLED data"),
)


def _where(source: str | None) -> tuple[str, list[str]]:
    return ("WHERE source = ?", [source]) if source else ("", [])


def _refuse_restricted(store: Store, source: str | None) -> None:
    where, params = _where(source)
    sources = ", ".join(literal(r.source) for r in NO_REDISTRIBUTION)
    licences = ", ".join(literal(r.licence) for r in NO_REDISTRIBUTION)
    found = store.execute(
        f"SELECT source, licence, count(*) FROM events {where} {'AND' if where else 'WHERE'} "
        f"(source IN ({sources}) OR licence IN ({licences})) GROUP BY ALL ORDER BY 3 DESC LIMIT 1",
        params,
    ).fetchone()
    if found:
        rule = next(r for r in NO_REDISTRIBUTION if found[0] == r.source or found[1] == r.licence)
        raise LicenceError(
            f"refusing to export {found[2]} {found[0]} events: {rule.terms}; "
            "export another source, or analyse them inside holosec"
        )


def _columns(store: Store, fmt: Format) -> str:
    """The events' columns; for CSV, lists and maps as JSON text."""
    described = store.execute("DESCRIBE events").fetchall()
    nested = ("[]", "MAP(", "STRUCT(")
    return ", ".join(
        f'CAST(to_json("{name}") AS VARCHAR) AS "{name}"'
        if fmt == "csv" and any(mark in str(kind) for mark in nested)
        else f'"{name}"'
        for name, kind, *_ in described
    )


def export_events(store: Store, out: Path, *, source: str | None = None, fmt: Format = "parquet") -> int:
    """Write the stored events (all, or one ``source``'s) to ``out`` as Parquet or CSV; return the row count.

    Raises :class:`LicenceError`, writing nothing, when any of them is under a licence that forbids
    redistribution (ACLED), and :class:`HolosecError` when ``source`` has no events or ``out`` cannot be
    written.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with Store.open(folder) as store:
    ...     export_events(store, folder / "events.parquet")
    0
    """
    if fmt not in FORMATS:
        raise HolosecError(f"unknown export format {fmt!r}; choose {' or '.join(FORMATS)}")
    where, params = _where(source)
    with store.transaction():
        if source and not store.scalar(f"SELECT count(*) FROM events {where}", params):
            raise HolosecError(f"no {source} events in the store")
        _refuse_restricted(store, source)
        partial = out.with_name(out.name + ".part")
        query = f"SELECT {_columns(store, fmt)} FROM events {where} ORDER BY source, date, event_id"
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            row = store.execute(f"COPY ({query}) TO {literal(str(partial))} ({options})", params).fetchone()
            partial.replace(out)
        except (duckdb.Error, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise HolosecError(f"{out}: cannot write the export ({str(exc).splitlines()[0]})") from exc
    return int(row[0]) if row else 0


SPARK_TABLES: dict[str, str] = {
    "events": "SELECT *, year(date) AS year FROM events",
    "event_tags": "SELECT * FROM event_tags",
    "fused_events": "SELECT * FROM fused_events",
    "aggregate_counts": "SELECT * FROM aggregate_counts",
}
"""What ``holosec export spark`` writes: the analytic tables the Spark engine reads (events partitioned
by year, as Spark discovers partitions by folder)."""


@dataclass(frozen=True)
class EngineExport:
    """What :func:`export_for_spark` wrote: rows per table and the ledger mark they are current to."""

    folder: Path
    rows: dict[str, int]
    through_file: int
    tags_serial: int
    fusion_serial: int


def export_for_spark(store: Store, folder: Path) -> EngineExport:
    """Write the store's analytic tables as Parquet into ``folder`` for the Spark engine (see
    :mod:`holosec.engines.spark`), with ``export.json``, the ledger mark they are current to; the Spark
    engine's own day cells there are kept and refreshed from the mark on their next read. Each table is
    written beside the old one and swapped in; the mark is written last, so a crash leaves a folder the
    engine still reads consistently (an old mark makes it refresh more, never less).

    Like every export, refuses (writing nothing) when the store holds data whose licence forbids
    redistribution (ACLED): analyse those inside holosec's own engine.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with Store.open(folder) as store:
    ...     export_for_spark(store, folder / "spark").rows["events"]
    0
    """
    folder = Path(folder)
    rows: dict[str, int] = {}
    with store.transaction():
        _refuse_restricted(store, None)
        through, tags, fusion = store.ledger_mark()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, query in SPARK_TABLES.items():
                part, old = folder / f"{name}.part", folder / f"{name}.old"
                shutil.rmtree(part, ignore_errors=True)
                options = "FORMAT parquet, PARTITION_BY (year)" if name == "events" else "FORMAT parquet"
                part.mkdir()
                target = part if name == "events" else part / "part-0.parquet"
                written = store.execute(f"COPY ({query}) TO {literal(str(target))} ({options})").fetchone()
                count = int(written[0]) if written else 0
                if (folder / name).exists():
                    (folder / name).rename(old)
                part.rename(folder / name)
                shutil.rmtree(old, ignore_errors=True)
                rows[name] = count
        except (duckdb.Error, OSError) as exc:
            raise HolosecError(f"{folder}: cannot write the export ({str(exc).splitlines()[0]})") from exc
    mark = {"through_file": through, "tags_serial": tags, "fusion_serial": fusion, "rows": rows}
    partial = folder / "export.json.part"
    partial.write_text(json.dumps(mark, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(folder / "export.json")
    return EngineExport(folder, rows, through, tags, fusion)
