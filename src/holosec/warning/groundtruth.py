"""Reference episodes built from published ground truth, as :class:`~holosec.warning.episodes.Episode`:

- **ICB v14** actor-level file (``icb2v14.csv``, International Crisis Behavior): one ``crisis`` episode per
  crisis and pair of states, dated by the actor's trigger day (an unknown day counts as the 1st);
- **MIE 1.0** (``mie-1.0.csv``, Militarized Interstate Events): one ``dispute`` episode per dispute
  (``micnum``) and pair of states, dated by its first event with a known day;
- named **escalations** inside long disputes (``data/escalations.csv``: a name and an MIE ``micnum`` and
  ``eventnum``), dated by that MIE event.

States are COW codes, mapped to ISO3 by ``data/cow_iso3.csv``; pairs with a state outside it are left out.
An episode of the same pair within 31 days of one already kept is folded into it (crises first, then
escalations, then disputes), its source added. ``python -m holosec.warning.groundtruth FOLDER`` rebuilds
``data/episodes.csv`` from the two files under ``FOLDER`` (the shared ``series`` data folder).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path

from holosec.warning.episodes import Episode, write_episodes

__all__ = [
    "ICB_FILE",
    "MIE_FILE",
    "build_episodes",
    "cow_iso3",
    "escalations",
    "icb_episodes",
    "mie_episodes",
]

ICB_FILE = "Lukitkat__Projeto-Final---Visualizacao-de-dados/icb2v14.csv"
MIE_FILE = "milesdwilliams15__foreign-figures/mie-1.0.csv"
SINCE = 1990


def _data(name: str) -> Path:
    return Path(str(files("holosec.warning").joinpath("data", name)))


@cache
def cow_iso3() -> dict[int, str]:
    """COW state code -> ISO3 code.

    >>> cow_iso3()[816], cow_iso3()[713]
    ('VNM', 'TWN')
    """
    with _data("cow_iso3.csv").open(encoding="utf-8") as handle:
        return {int(row["cow"]): row["iso3"] for row in csv.DictReader(handle)}


def _pair(a: str, b: str) -> tuple[str, str] | None:
    codes = cow_iso3()
    try:
        x, y = codes[int(float(a))], codes[int(float(b))]
    except (KeyError, ValueError):
        return None
    return (min(x, y), max(x, y)) if x != y else None


def _day(year: str, month: str, day: str) -> date | None:
    try:
        y, m, d = int(float(year)), int(float(month)), int(float(day))
        return date(y, m, d if 1 <= d <= 31 else 1)
    except ValueError:
        return None


def icb_episodes(path: Path, since: int = SINCE) -> list[Episode]:
    """One ``crisis`` per ICB crisis and pair (actor, triggering state), earliest trigger day first."""
    found: dict[tuple[str, tuple[str, str]], Episode] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            pair, day = (
                _pair(row["cracid"], row["trigent"]),
                _day(row["yrtrig"], row["motrig"], row["datrig"]),
            )
            if pair is None or day is None or day.year < since:
                continue
            name = f"{row['crisname'].strip().title()} (ICB crisis {row['crisno']})"
            episode = Episode(name, pair, day, f"ICB v14 crisis {row['crisno']}", "crisis")
            key = (row["crisno"], pair)
            if key not in found or day < found[key].start:
                found[key] = episode
    return list(found.values())


def _mie_rows(path: Path, since: int) -> Iterator[tuple[str, str, tuple[str, str], date]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            pair, day = _pair(row["ccode1"], row["ccode2"]), _day(row["styear"], row["stmon"], row["stday"])
            if pair is not None and day is not None and row["stday"] != "-9" and day.year >= since:
                yield row["micnum"], row["eventnum"], pair, day


def mie_episodes(path: Path, since: int = SINCE) -> list[Episode]:
    """One ``dispute`` per MIE dispute and pair, dated by its first event with a known day."""
    first: dict[tuple[str, tuple[str, str]], tuple[date, str]] = {}
    for micnum, eventnum, pair, day in _mie_rows(path, since):
        if (micnum, pair) not in first or day < first[micnum, pair][0]:
            first[micnum, pair] = (day, eventnum)
    return [
        Episode(f"MID {micnum} onset", pair, day, f"MIE 1.0 micnum {micnum} event {eventnum}", "dispute")
        for (micnum, pair), (day, eventnum) in first.items()
    ]


def escalations(path: Path, since: int = SINCE) -> list[Episode]:
    """The named escalations of ``data/escalations.csv``, dated by their MIE events."""
    with _data("escalations.csv").open(encoding="utf-8") as handle:
        named = {(row["micnum"], row["eventnum"]): row["name"] for row in csv.DictReader(handle)}
    return [
        Episode(named[micnum, eventnum], pair, day, f"MIE 1.0 micnum {micnum} event {eventnum}", "escalation")
        for micnum, eventnum, pair, day in _mie_rows(path, since)
        if (micnum, eventnum) in named
    ]


def _fold(episodes: Iterable[Episode], days: int = 31) -> list[Episode]:
    """Keep one episode per pair within ``days`` of each other (in the order given), sources joined."""
    kept: list[Episode] = []
    for episode in episodes:
        for i, other in enumerate(kept):
            if other.countries == episode.countries and abs((other.start - episode.start).days) <= days:
                if episode.source not in other.source:
                    kept[i] = replace(other, source=f"{other.source}; {episode.source}")
                break
        else:
            kept.append(episode)
    return sorted(kept, key=lambda e: (e.start, e.countries, e.name))


def build_episodes(folder: Path, since: int = SINCE) -> list[Episode]:
    """All reference episodes from the ICB and MIE files under ``folder`` (see the module notes)."""
    icb, mie = folder / ICB_FILE, folder / MIE_FILE
    ranked = [
        *sorted(icb_episodes(icb, since), key=lambda e: e.start),
        *sorted(escalations(mie, since), key=lambda e: e.start),
        *sorted(mie_episodes(mie, since), key=lambda e: e.start),
    ]
    return _fold(ranked)


def main(argv: list[str]) -> None:
    """``python -m holosec.warning.groundtruth SERIES_FOLDER [OUT.csv]``: rebuild the episodes file."""
    out = Path(argv[1]) if len(argv) > 1 else _data("episodes.csv")
    episodes = build_episodes(Path(argv[0]))
    write_episodes(episodes, out)
    sys.stderr.write(f"{len(episodes)} episodes written to {out}\n")


if __name__ == "__main__":
    main(sys.argv[1:])
