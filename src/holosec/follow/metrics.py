"""holosec's Prometheus metrics, in a registry of their own (:data:`REGISTRY`), through the maintained
client library (``prometheus-client``): the follower's cycles (seconds, rows stored and quarantined,
alerts raised, files taken and failed) and the web server's request latency by route template.

>>> b"holosec_follow_rows_stored_total" in exposition()[0]
True
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

REGISTRY = CollectorRegistry(auto_describe=True)
CYCLE_SECONDS = Histogram(
    "holosec_follow_cycle_seconds",
    "Seconds one follower cycle took, from listing the mirror to the stored alerts.",
    buckets=(0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 900),
    registry=REGISTRY,
)
ROWS_STORED = Counter("holosec_follow_rows_stored", "Rows the follower stored.", registry=REGISTRY)
ROWS_QUARANTINED = Counter(
    "holosec_follow_rows_quarantined", "Rows the follower could not read and quarantined.", registry=REGISTRY
)
ALERTS_RAISED = Counter(
    "holosec_follow_alerts_raised", "New alerts the follower's cycles raised.", registry=REGISTRY
)
FILES = Counter(
    "holosec_follow_files", "GDELT files the follower tried, by outcome.", ["outcome"], registry=REGISTRY
)
CYCLES = Counter("holosec_follow_cycles", "Follower cycles, by outcome.", ["outcome"], registry=REGISTRY)
REQUEST_SECONDS = Histogram(
    "holosec_http_request_seconds",
    "Seconds the web server took to answer, by method, route template and status.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=REGISTRY,
)
for _outcome in ("done", "failed", "given_up"):
    FILES.labels(_outcome)
for _outcome in ("ok", "error"):
    CYCLES.labels(_outcome)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
