"""Following GDELT live: every cycle, take the new GDELT 2.0 files from a mirror, ingest them (load, tag,
day cells), run the alert rules and tell the inbox and the webhooks (:class:`Follower`); the cycle log
kept in the store (:mod:`holosec.follow.log`), the status document (:func:`status_document`) and the
Prometheus metrics (:mod:`holosec.follow.metrics`).

One process owns the store: ``holosec follow`` alone, or ``holosec serve --follow``, whose follower writes
through the server's own :class:`holosec.store.Store` in a thread of its own.
"""

from holosec.follow.follower import (
    Clock,
    CycleReport,
    FollowBusy,
    Follower,
    following,
    status_document,
    stored_status,
    utc_now,
)

__all__ = [
    "Clock",
    "CycleReport",
    "FollowBusy",
    "Follower",
    "following",
    "status_document",
    "stored_status",
    "utc_now",
]
