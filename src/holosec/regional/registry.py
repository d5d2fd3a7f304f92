"""The overseas-interests registry: a user-editable file of where the perspective's home country has
citizens, projects and assets (``data/overseas.toml`` is a shipped *sample*, marked as one), and the weight
of each country in it.

>>> registry = load_registry()
>>> registry.sample, registry.perspective, round(sum(registry.weights().values()), 6)
(True, 'CHN', 1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from holosec import reference
from holosec.errors import InputError
from holosec.regional.files import read_toml

KINDS = ("citizens", "project", "asset")


@dataclass(frozen=True)
class Site:
    """One place of interest: a country, a name, a kind (citizens, project, asset) and a size."""

    country: str
    site: str
    kind: str
    size: float
    note: str = ""


@dataclass(frozen=True)
class Registry:
    """The registry's sites, whose interests they are, whether it is the shipped sample, and its file."""

    perspective: str
    sample: bool
    sites: tuple[Site, ...]
    where: str

    def countries(self) -> list[str]:
        """The countries with any site, sorted."""
        return sorted({s.country for s in self.sites})

    def weights(self) -> dict[str, float]:
        """Each country's share of what is exposed: its share of each kind's total, averaged over the
        kinds the registry has (so the weights sum to 1)."""
        totals = {kind: sum(s.size for s in self.sites if s.kind == kind) for kind in KINDS}
        kinds = [kind for kind, total in totals.items() if total > 0]
        weights: dict[str, float] = {}
        for site in self.sites:
            weights[site.country] = weights.get(site.country, 0.0) + site.size / totals[site.kind] / len(
                kinds
            )
        return dict(sorted(weights.items()))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: perspective, sample, file and the sites."""
        return {
            "perspective": self.perspective,
            "sample": self.sample,
            "source": self.where,
            "sites": [s.__dict__ for s in self.sites],
        }


def _site(entry: object, where: str, number: int) -> Site:
    if not isinstance(entry, dict):
        raise InputError(where, f"site {number}: must be a table with country, site, kind and size")
    country, kind, size = entry.get("country"), entry.get("kind"), entry.get("size")
    if not isinstance(country, str) or reference.country_name(country) is None:
        raise InputError(where, f"site {number}: {country!r} is not an ISO3 country code")
    if kind not in KINDS:
        raise InputError(where, f"site {number}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if isinstance(size, bool) or not isinstance(size, int | float) or size <= 0:
        raise InputError(where, f"site {number}: size must be a positive number, not {size!r}")
    return Site(country, str(entry.get("site", "")), kind, float(size), str(entry.get("note", "")))


def load_registry(path: Path | None = None) -> Registry:
    """The registry in ``path`` (laid out like the sample), or the shipped sample; clear errors name the
    file and the site."""
    doc, where = read_toml(path, "overseas.toml")
    sites = tuple(_site(entry, where, n) for n, entry in enumerate(doc.get("site", []), start=1))
    if not sites:
        raise InputError(where, "no [[site]] entries")
    return Registry(str(doc.get("perspective", "CHN")), bool(doc.get("sample", False)), sites, where)
