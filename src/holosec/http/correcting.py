"""Correcting an event as a signed-in user, for the API and the event page alike: the correction or its
withdrawal (:mod:`holosec.corrections`), its line in the workspace's audit log, and the day cells
brought up to date so that the numbers honour it at once."""

from __future__ import annotations

from typing import Any

from holosec import corrections
from holosec.cases import audit
from holosec.cases.db import Workspace
from holosec.http.errors import ApiError
from holosec.ingest import honour_corrections
from holosec.store import Store

__all__ = ["correct", "withdraw"]


def _audited(correction: dict[str, Any]) -> dict[str, Any]:
    return {key: correction.get(key) for key in ("correction_id", "kind", "value")}


def correct(
    store: Store,
    workspace: Workspace,
    user: str,
    event_id: str,
    kind: str,
    value: str | None,
    note: str | None,
) -> dict[str, Any]:
    """Record ``user``'s correction of the event (audited: ``correction.add``) and honour it; return it."""
    made = corrections.add(store, event_id, kind, user, value, note)
    audit.note(workspace, user, "correction.add", f"event:{event_id}", _audited(made))
    honour_corrections(store)
    return made


def withdraw(store: Store, workspace: Workspace, user: str, correction_id: str) -> dict[str, Any]:
    """Withdraw a correction as ``user`` (audited: ``correction.withdraw``; 404 when there is none) and
    honour it; return it."""
    try:
        done = corrections.withdraw(store, correction_id, user)
    except corrections.CorrectionMissing as exc:
        raise ApiError(404, str(exc)) from None
    audit.note(workspace, user, "correction.withdraw", f"event:{done['event_id']}", _audited(done))
    honour_corrections(store)
    return done
