"""What the store holds: counts by table, source and month, the ledger and the quarantine."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from holosec.store import Store

# table -> the column that dates its rows
DATED_TABLES = {"events": "date", "mentions": "mention_time", "articles": "date", "gkg_counts": "date"}


def store_stats(store: Store) -> dict[str, Any]:
    """Counts of everything in the store, ready to print or serialise as JSON.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     store_stats(store)["events"]
    0
    """
    stats: dict[str, Any] = {
        table: int(store.scalar(f"SELECT count(*) FROM {table}")) for table in DATED_TABLES
    }
    stats["quarantined"] = int(store.scalar("SELECT count(*) FROM quarantine"))
    stats["files"] = int(store.scalar("SELECT count(*) FROM files WHERE status = 'complete'"))
    stats["files_by_status"] = dict(
        store.execute("SELECT status, count(*) FROM files GROUP BY 1 ORDER BY 1").fetchall()
    )
    per_source: dict[str, dict[str, int]] = defaultdict(dict)
    per_month: dict[str, dict[str, int]] = defaultdict(dict)
    for table, column in DATED_TABLES.items():
        for source, rows in store.execute(
            f"SELECT source, count(*) FROM {table} GROUP BY 1 ORDER BY 1"
        ).fetchall():
            per_source[source][table] = rows
        months = store.execute(
            f"SELECT strftime({column}, '%Y-%m') AS month, count(*) FROM {table} GROUP BY 1 ORDER BY 1"
        ).fetchall()
        for month, rows in months:
            per_month[month][table] = rows
    stats["per_source"] = dict(per_source)
    fused, linked = store.execute(
        "SELECT count(DISTINCT fused_id), count(*) FROM fused_events"
    ).fetchone() or (0, 0)
    stats["fusion"] = {
        "fused_events": fused,
        "records_fused": linked,
        "events_after_fusion": stats["events"] - linked + fused,
    }
    stats["per_month"] = dict(sorted(per_month.items()))
    return stats
