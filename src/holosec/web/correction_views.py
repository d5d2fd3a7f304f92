"""What the event page shows of analysts' corrections (:mod:`holosec.corrections`); a change is honoured
at once by :func:`holosec.ingest.honour_corrections`."""

from __future__ import annotations

from typing import Any

from holosec import corrections
from holosec.cases.people import User
from holosec.corrections.kinds import KINDS
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
