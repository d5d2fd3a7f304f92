"""Telling people of the alerts a follower cycle raised: an entry in the inbox of the commission's staff
and admins, and a queued post to every active webhook that may read it (:func:`holosec.cases.notify.notify`,
once per alert), then the queued posts sent (:func:`holosec.cases.notify.deliver`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from holosec.cases.db import Workspace
from holosec.cases.notify import commission_users, deliver, notify

Notices = Callable[[list[dict[str, Any]]], int]
"""Tells of the new alerts of a cycle (stored alert rows); returns the inbox entries made."""


def _message(alert: dict[str, Any]) -> str:
    return f"New alert {alert['series']} {alert['period']} ({alert['severity']}): {alert['reasoning']}"


def alert_notices(workspace: Workspace) -> Notices:
    """The notices of a workspace: each new alert to the commission's inboxes and the webhooks."""

    def tell(alerts: Iterable[dict[str, Any]]) -> int:
        made = 0
        with workspace.session() as session:
            users = commission_users(session)
            for alert in alerts:
                made += notify(session, users, "alert", None, _message(alert), f"alert:{alert['alert_id']}")
        deliver(workspace)
        return made

    return tell
