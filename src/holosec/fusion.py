"""Fusion: reports of the same real-world event in different sources, linked into one fused event.

Every source record stays in ``events`` with its provenance; ``event_links`` holds each linked pair with
the measurements that justified it, and ``fused_events`` maps every linked record to its fused event
(the smallest event id of its group). Records in no group are fused events of their own, so counts can
be made per source record or per fused event.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from holosec.sources.layout import literal
from holosec.store import Store


@dataclass(frozen=True)
class FusionRule:
    """The linking rule; its defaults live in ``holosec/data/fusion.toml``."""

    name: str
    max_days: int
    same_actor_countries: bool
    min_actor_countries: int
    event_class: str
    max_km: float
    same_location_country: bool

    @classmethod
    def load(cls, path: Path | None = None) -> FusionRule:
        """The rule in ``path``, or holosec's default rule.

        >>> FusionRule.load().max_days
        1
        """
        text = path.read_text() if path else files("holosec").joinpath("data", "fusion.toml").read_text()
        rule = tomllib.loads(text)["rule"]
        if rule.get("min_actor_countries") not in (1, 2):
            raise ValueError("fusion rule: min_actor_countries must be 1 or 2")
        if rule["event_class"] not in ("root", "quad"):
            raise ValueError(
                f"fusion rule: event_class must be 'root' or 'quad', not {rule['event_class']!r}"
            )
        return cls(**rule)


@dataclass(frozen=True)
class FusionSummary:
    """What a fusion run found."""

    links: int
    fused_events: int
    records_fused: int
    events: int

    @property
    def events_after_fusion(self) -> int:
        return self.events - self.records_fused + self.fused_events

    def as_dict(self) -> dict[str, int]:
        """The counts, with ``events_after_fusion``, ready for JSON."""
        return {**asdict(self), "events_after_fusion": self.events_after_fusion}


_KM = (
    "2 * 6371 * asin(sqrt(pow(sin(radians(b.lat - a.lat) / 2), 2) + cos(radians(a.lat)) * "
    "cos(radians(b.lat)) * pow(sin(radians(b.lon - a.lon) / 2), 2)))"
)


def _pairs_sql(rule: FusionRule) -> str:
    # The day (shifted by up to max_days), the dyad and the quad class are join keys, so candidate pairs
    # are found by hashing, not by comparing every record of a busy dyad with every other; the same
    # CAMEO root implies the same quad class, so the class test only narrows further.
    same_class = (
        "(a.root_code = b.root_code "
        "OR ((a.root_code IS NULL OR b.root_code IS NULL) AND a.quad_class = b.quad_class))"
        if rule.event_class == "root"
        else "a.quad_class = b.quad_class"
    )
    countries = "a.c_lo = b.c_lo AND a.c_hi = b.c_hi" if rule.same_actor_countries else "true"
    place_country = "a.loc_country IS NULL OR b.loc_country IS NULL OR a.loc_country = b.loc_country"
    place = (
        f"((a.lat IS NOT NULL AND b.lat IS NOT NULL AND {_KM} <= {rule.max_km}) OR "
        f"((a.lat IS NULL OR b.lat IS NULL) AND ({place_country if rule.same_location_country else 'true'})))"
    )
    return f"""
        WITH e AS (
            SELECT event_id, source, date, root_code, quad_class, lat, lon, loc_country,
                   least(coalesce(actor1_country, ''), coalesce(actor2_country, '')) AS c_lo,
                   greatest(coalesce(actor1_country, ''), coalesce(actor2_country, '')) AS c_hi
            FROM events
            WHERE (actor1_country IS NOT NULL)::INTEGER + (actor2_country IS NOT NULL)::INTEGER
                  >= {rule.min_actor_countries}
        )
        SELECT a.event_id AS event_a, b.event_id AS event_b, abs(date_diff('day', a.date, b.date)) AS days,
               CASE WHEN a.lat IS NOT NULL AND b.lat IS NOT NULL THEN round({_KM}, 1) END AS km
        FROM e a
        CROSS JOIN range(-{rule.max_days}, {rule.max_days} + 1) AS shift(days)
        JOIN e b ON {countries} AND b.date = a.date + CAST(shift.days AS INTEGER)
             AND a.quad_class IS NOT DISTINCT FROM b.quad_class AND a.source < b.source
        WHERE {same_class} AND {place}
    """


def _groups(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find over linked pairs: every linked event id -> the smallest id of its group."""
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {node: root(node) for node in parent}


def fuse(store: Store, rule: FusionRule | None = None) -> FusionSummary:
    """Link records of different sources that report the same event; rebuilds all links.

    Running it again on the same store gives the same links.
    """
    rule = rule or FusionRule.load()
    with store.transaction():
        store.execute("DELETE FROM event_links")
        store.execute("DELETE FROM fused_events")
        store.execute(
            f"INSERT INTO event_links SELECT event_a, event_b, {literal(rule.name)}, days, km "
            f"FROM ({_pairs_sql(rule)})"
        )
        pairs = store.execute("SELECT event_a, event_b FROM event_links").fetchall()
        groups = _groups(pairs)
        store.execute(
            "INSERT INTO fused_events SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[])",
            [list(groups), list(groups.values())],
        )
        store.mark_changed("fusion")
    events = int(store.scalar("SELECT count(*) FROM events"))
    return FusionSummary(len(pairs), len(set(groups.values())), len(groups), events)


def links_of(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The records linked to ``event_id`` directly, with the measurements of each link."""
    rows = store.execute(
        "SELECT CASE WHEN event_a = $1 THEN event_b ELSE event_a END, rule, days, km FROM event_links "
        "WHERE event_a = $1 OR event_b = $1 ORDER BY 1",
        [event_id],
    ).fetchall()
    return [
        {"event_id": other, "rule": rule, "days_apart": days, "km_apart": km}
        for other, rule, days, km in rows
    ]
