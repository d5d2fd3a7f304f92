"""What the event page shows of analysts' corrections (:mod:`holosec.corrections`), and the refresh that
makes every number honour a change at once."""

from __future__ import annotations

from typing import Any

from holosec import corrections
from holosec.cases.people import User
from holosec.corrections.kinds import KINDS
from holosec.engines import local_engine
from holosec.indicators.rollup import maintained
from holosec.ingest import refresh
from holosec.store import Store

CORRECTING_ROLE = "analyst"
"""The least role that may correct an event (viewers read the corrections)."""


def event_corrections(store: Store, event_id: str, user: User) -> dict[str, Any]:
    """The event page's context: the event's ``corrections`` (withdrawn ones too), the kinds, and
    whether ``user`` may correct it."""
    return {
        "corrections": corrections.listed(store, event_ids=[event_id]),
        "correction_kinds": KINDS,
        "may_correct": user.may(CORRECTING_ROLE),
    }


def honour(store: Store) -> None:
    """Refresh the store's own day cells, so every number honours the corrections as they now stand."""
    local = local_engine(store)
    for version in maintained(store, engine=local):
        refresh(store, version, engine=local)
