"""``--dry-run``: what a command would ask BigQuery, priced, instead of its answer."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from holosec.cli.output import emit_json
from holosec.engines import engine_for
from holosec.engines.bigquery import Planned
from holosec.store import Store


def planned(store: Store) -> list[Planned] | None:
    """The statements a dry run kept (None when the store's engine is not in a dry run)."""
    engine: Any = engine_for(store)
    return list(engine.plan) if getattr(engine, "dry_run", False) else None


def size(scanned: int | None) -> str:
    """Bytes as BigQuery bills them, in words.

    >>> size(None), size(0), size(1_234_567_890), size(3 * 2**40)
    ('unknown (no credentials to ask BigQuery)', '0 B', '1.15 GiB', '3.00 TiB')
    """
    if scanned is None:
        return "unknown (no credentials to ask BigQuery)"
    amount = float(scanned)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if amount < 1024:
            return f"{amount:.0f} {unit}" if unit == "B" else f"{amount:.2f} {unit}"
        amount /= 1024
    return f"{amount:.2f} TiB"


def emit_plan(plan: Sequence[Planned], as_json: bool, stopped: str | None = None, **about: Any) -> None:
    """The plan as one JSON object (``plan``: purpose, bytes, sql; ``bytes``: their sum when all are known;
    ``stopped``: why the command could not go on without data, or null) or as a SQL script whose comments
    give each statement's purpose and price."""
    known = [p.bytes for p in plan if p.bytes is not None]
    total = sum(known) if len(known) == len(plan) else None
    if as_json:
        rows = [{"purpose": p.purpose, "bytes": p.bytes, "sql": p.sql} for p in plan]
        emit_json({**about, "dry_run": True, "bytes": total, "stopped": stopped, "plan": rows})
        return
    for p in plan:
        sys.stdout.write(f"-- {p.purpose}: scans {size(p.bytes)}\n{p.sql};\n\n")
    if stopped:
        sys.stdout.write(f"-- stopped here, since a dry run reads no data: {stopped}\n")
    sys.stdout.write(f"-- {len(plan)} statements, nothing run; in all: scans {size(total)}\n")
