"""Sealed days: a store that keeps the raw GDELT records of a rolling window only (``holosec follow --keep``)
seals the days before the window once it prunes them. Their day cells, evidence rows and source coverage
were made while every record was there, and a rebuild from the records left would count part of those days
as all of them; so a sealed day's cells and coverage are kept as they were, and every build or refresh
rewrites only the days from :func:`sealed_before` on (a new taxonomy version, a retag or a correction
therefore reaches the kept window only, and a late record of a sealed day changes nothing).

>>> import tempfile
>>> from datetime import date
>>> from pathlib import Path
>>> from holosec.store import Store
>>> with Store.open(Path(tempfile.mkdtemp())) as store:
...     before = sealed_before(store)
...     seal(store, date(2024, 3, 1))
...     seal(store, date(2024, 1, 1))  # a seal never moves back
...     before, sealed_before(store)
(None, datetime.date(2024, 3, 1))
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from holosec.store.store import Store


def sealed_before(store: Store) -> date | None:
    """The first day not sealed (days before it are), or None when the store has pruned nothing."""
    day = store.scalar("SELECT max(first_kept) FROM retention")
    return day if isinstance(day, date) else None


def seal(store: Store, first_kept: date) -> None:
    """Seal the days before ``first_kept`` (a seal only moves forward)."""
    current = sealed_before(store)
    if current is None or first_kept > current:
        store.execute(
            "INSERT INTO retention VALUES (?, ?)", [first_kept, datetime.now(UTC).replace(tzinfo=None)]
        )
