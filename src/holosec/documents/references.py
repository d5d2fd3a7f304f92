"""Outside references the threat index is validated against (``docs/validation.md``), as monthly series of
ISO3 countries: ``{(country, "YYYY-MM"): value}``, with the span each reference covers.

- **MIE** 1.0 (Militarized Interstate Events): militarised incidents per country and month (both sides of
  each event; events with an unknown month left out);
- **MID** 5.0 incidents (``MIDIP``): militarised-dispute incidents a country took part in, by start month;
- **ICB** v14 actor-level crises: 1 in every month from a crisis actor's trigger to its termination;
- **UCDP/PRIO** armed conflicts: the highest intensity (1 minor, 2 war) of the conflicts located in the
  country, for every month of a conflict year;
- **onsets**: the months an ICB crisis or an MIE dispute began for the country (the episodes of
  ``warning/data/episodes.csv``), for the episode lift.

The files are the shared data folder's (``series/``); COW codes map to ISO3 by ``warning/data/cow_iso3.csv``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from holosec.warning.episodes import load_episodes
from holosec.warning.groundtruth import ICB_FILE, MIE_FILE, cow_iso3

__all__ = ["Reference", "references"]

MID_FILE = "tbrown122387__r_and_python_book/MIDIP_5.0.csv"
UCDP_FILE = "milesdwilliams15__foreign-figures/UcdpPrioConflict_v24_1.csv"
Monthly = dict[tuple[str, str], float]


@dataclass(frozen=True)
class Reference:
    """One outside reference: its name, what it counts, its monthly values (absent = 0 inside the span) and
    the span (first and last month) it covers; ``onsets`` marks a reference of episode starts, ``changes``
    False one whose month-on-month changes say nothing (a yearly series spread over its months)."""

    name: str
    what: str
    values: Monthly
    first: str
    last: str
    onsets: bool = False
    changes: bool = True


def _label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _months(first: tuple[int, int], last: tuple[int, int]) -> Iterator[str]:
    year, month = first
    while (year, month) <= last:
        yield _label(year, month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _int(value: str) -> int | None:
    try:
        return int(float(value))
    except ValueError:
        return None


def mie_incidents(path: Path) -> Monthly:
    """MIE events per country and month (each side of an event counts it once)."""
    found: Monthly = defaultdict(float)
    codes = cow_iso3()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year, month = _int(row["styear"]), _int(row["stmon"])
            if year is None or month is None or not 1 <= month <= 12:
                continue
            for side in {row["ccode1"], row["ccode2"]}:
                code = codes.get(_int(side) or -1)
                if code:
                    found[code, _label(year, month)] += 1.0
    return dict(found)


def mid_incidents(path: Path) -> Monthly:
    """MID 5.0 incidents per participant country and start month."""
    found: Monthly = defaultdict(float)
    codes = cow_iso3()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year, month, code = _int(row["styear"]), _int(row["stmon"]), codes.get(_int(row["ccode"]) or -1)
            if year and month and 1 <= month <= 12 and code:
                found[code, _label(year, month)] += 1.0
    return dict(found)


def icb_crises(path: Path) -> Monthly:
    """1 for every month an ICB crisis actor was in crisis (trigger to termination)."""
    found: Monthly = {}
    codes = cow_iso3()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = codes.get(_int(row["cracid"]) or -1)
            start = (_int(row["yrtrig"]), _int(row["motrig"]))
            end = (_int(row["yrterm"]), _int(row["moterm"]))
            if code is None or None in start or None in end:
                continue
            for label in _months((start[0] or 0, start[1] or 0), (end[0] or 0, end[1] or 0)):
                found[code, label] = 1.0
    return found


def ucdp_conflicts(path: Path) -> Monthly:
    """The highest intensity of the UCDP/PRIO conflicts located in a country in each month of its years
    (``gwno_loc`` holds Gleditsch-Ward codes, equal to COW codes for the Asian states compared)."""
    found: Monthly = {}
    codes = cow_iso3()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            year, level = _int(row["year"]), _int(row["intensity_level"])
            for place in row["gwno_loc"].split(","):
                code = codes.get(_int(place.strip()) or -1)
                if code is None or year is None or level is None:
                    continue
                for label in _months((year, 1), (year, 12)):
                    found[code, label] = max(found.get((code, label), 0.0), float(level))
    return found


def onsets() -> Monthly:
    """1 in each month an ICB crisis or MIE dispute began for a country (holosec's episodes file)."""
    found: Monthly = {}
    for episode in load_episodes():
        for code in episode.countries:
            found[code, episode.start.strftime("%Y-%m")] = 1.0
    return found


def references(shared: Path) -> list[Reference]:
    """Every reference, read from the shared data folder (the one holding ``series/``)."""
    series = shared / "series"
    return [
        Reference("MIE", "militarised incidents (MIE 1.0)", mie_incidents(series / MIE_FILE),
                  "1990-01", "2014-12"),
        Reference("MID", "dispute incidents (MID 5.0)", mid_incidents(series / MID_FILE),
                  "1992-01", "2014-12"),
        Reference("ICB", "months in an international crisis (ICB v14)", icb_crises(series / ICB_FILE),
                  "1990-01", "2015-12"),
        Reference("UCDP", "armed-conflict intensity (UCDP/PRIO 24.1)", ucdp_conflicts(series / UCDP_FILE),
                  "1990-01", "2023-12", changes=False),
        Reference("onsets", "crisis and dispute onsets (ICB, MIE)", onsets(),
                  "1990-01", "2014-12", onsets=True),
    ]  # fmt: skip
