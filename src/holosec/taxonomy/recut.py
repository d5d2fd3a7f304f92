"""Re-cutting weights from one taxonomy version to another, through ``v2023`` (the finest version).

A map from version A to version B is A's ``to_v2023`` rows followed by B's ``from_v2023`` rows. Every row's
weights sum to 1, so a re-cut keeps the total; and because an older field is split only over ``v2023`` fields
that map wholly back to it, ``v2014 -> v2023 -> v2014`` returns what it started from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from holosec.errors import TaxonomyError
from holosec.taxonomy.model import Taxonomy
from holosec.taxonomy.versions import resolve


def version_map(source: str | Path | Taxonomy, target: str | Path | Taxonomy) -> dict[str, dict[str, float]]:
    """For every field of ``source``, its weights over the fields of ``target`` (each row sums to 1).

    Versions are names (``"v2014"`` ...), user TOML files or loaded taxonomies; a version maps to itself
    one to one.

    >>> version_map("v2023", "v2014")["food"]
    {'economic': 0.5, 'resource': 0.5}
    >>> version_map("v2014", "v2023")["information"]
    {'cyber': 0.75, 'data': 0.25}
    >>> version_map("v2020", "v2020")["cyber"]
    {'cyber': 1.0}
    """
    src, dst = resolve(source), resolve(target)
    if src.version == dst.version and src.ids() == dst.ids():
        return {f: {f: 1.0} for f in src.ids()}
    order = {f: i for i, f in enumerate(dst.ids())}
    result: dict[str, dict[str, float]] = {}
    for field_id in src.ids():
        shares: dict[str, float] = {}
        for middle, weight in _row(src.to_v2023, field_id, src.version).items():
            for final, share in _row(dst.from_v2023, middle, dst.version).items():
                shares[final] = shares.get(final, 0.0) + weight * share
        result[field_id] = dict(sorted(shares.items(), key=lambda item: order[item[0]]))
    return result


def recut(
    weights: Mapping[str, float], source: str | Path | Taxonomy, target: str | Path | Taxonomy
) -> dict[str, float]:
    """``weights`` (counts, shares or scores by field of ``source``) re-cut to the fields of ``target``.

    The total is kept; fields of ``target`` that receive nothing are left out.

    >>> recut({"information": 8, "economic": 4}, "v2014", "v2023")
    {'economic': 3.0, 'cyber': 6.0, 'financial': 1.0, 'data': 2.0}
    >>> recut({"cyber": 6, "data": 2, "food": 2}, "v2023", "v2014")
    {'economic': 1.0, 'information': 8.0, 'resource': 1.0}
    """
    src, dst = resolve(source), resolve(target)
    mapping = version_map(src, dst)
    out: dict[str, float] = {}
    for field_id, value in weights.items():
        if field_id not in mapping:
            known = ", ".join(src.ids())
            raise TaxonomyError(src.version, f"{field_id!r} is not one of its fields ({known})")
        for final, share in mapping[field_id].items():
            out[final] = out.get(final, 0.0) + value * share
    return {f: out[f] for f in dst.ids() if f in out}


def _row(rows: Mapping[str, Mapping[str, float]], field_id: str, version: str) -> Mapping[str, float]:
    if field_id not in rows:
        raise TaxonomyError(version, f"no version-map row for {field_id!r} (load it with load_taxonomy)")
    return rows[field_id]
