"""Reference episodes: dated crises and militarised disputes that alerts are checked against.

Episodes are a CSV file users can edit (``name,countries,start,source,kind``; countries as ISO3 codes
joined by ``-``). holosec ships ``warning/data/episodes.csv``, built from the International Crisis Behavior
and Militarized Interstate Events data by :mod:`holosec.warning.groundtruth`.

An episode belongs to a series when the series key names the same countries, in any order and with any of
``-``, ``_``, ``/``, ``;`` or a space between them: episode ``CHN-PHL`` belongs to series ``PHL-CHN``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

import numpy as np

from holosec.errors import InputError
from holosec.periods import Period
from holosec.warning.series import Panel

__all__ = [
    "EPISODE_COLUMNS",
    "Episode",
    "by_country",
    "key_countries",
    "load_episodes",
    "placed",
    "write_episodes",
]

EPISODE_COLUMNS = ("name", "countries", "start", "source", "kind")
KINDS = ("crisis", "escalation", "dispute")
_SPLIT = re.compile(r"[-_/; ]+")


@dataclass(frozen=True)
class Episode:
    """One reference episode: its name, the countries involved (ISO3, sorted), the day it began, where that
    comes from, and its kind (``crisis``: ICB; ``escalation``: a named flare-up inside a longer dispute;
    ``dispute``: the onset of a militarised interstate dispute, MIE)."""

    name: str
    countries: tuple[str, ...]
    start: date
    source: str
    kind: str

    @property
    def major(self) -> bool:
        """Crises and named escalations (not every dispute onset)."""
        return self.kind in ("crisis", "escalation")


def key_countries(key: str) -> frozenset[str]:
    """The country codes a series key names.

    >>> sorted(key_countries("PHL-CHN")), sorted(key_countries("chn_vnm"))
    (['CHN', 'PHL'], ['CHN', 'VNM'])
    """
    return frozenset(part.upper() for part in _SPLIT.split(key.strip()) if part)


def _default_path() -> Path:
    return Path(str(files("holosec.warning").joinpath("data", "episodes.csv")))


def load_episodes(path: str | Path | None = None) -> list[Episode]:
    """Episodes from a CSV file (default: the ones holosec ships); ``InputError`` names a bad line.

    >>> scarborough = [e for e in load_episodes() if "Scarborough" in e.name][0]
    >>> scarborough.countries, scarborough.start.isoformat()
    (('CHN', 'PHL'), '2012-04-10')
    """
    path = Path(path) if path is not None else _default_path()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        absent = [c for c in EPISODE_COLUMNS if c not in (reader.fieldnames or [])]
        if absent:
            raise InputError(
                path, f"missing column(s) {', '.join(absent)}; expected {','.join(EPISODE_COLUMNS)}", 1
            )
        return [_episode(path, row, reader.line_num) for row in reader]


def _episode(path: Path, row: dict[str, str], line: int) -> Episode:
    countries = tuple(sorted(key_countries(row["countries"])))
    if len(countries) < 2 or any(not re.fullmatch(r"[A-Z]{3}", c) for c in countries):
        raise InputError(
            path, f"countries {row['countries']!r}: name two or more ISO3 codes, e.g. CHN-PHL", line
        )
    try:
        start = date.fromisoformat(row["start"].strip())
    except ValueError:
        raise InputError(path, f"start {row['start']!r} is not a date (YYYY-MM-DD)", line) from None
    if row["kind"] not in KINDS:
        raise InputError(path, f"kind {row['kind']!r}: choose from {', '.join(KINDS)}", line)
    return Episode(row["name"].strip(), countries, start, row["source"].strip(), row["kind"])


def write_episodes(episodes: Iterable[Episode], path: str | Path) -> None:
    """Write episodes as the CSV :func:`load_episodes` reads."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EPISODE_COLUMNS)
        for e in episodes:
            writer.writerow([e.name, "-".join(e.countries), e.start.isoformat(), e.source, e.kind])


def by_country(episodes: Iterable[Episode], countries: Iterable[str]) -> list[Episode]:
    """Each episode once for every one of ``countries`` it involves, keyed to that country alone, for
    series of one country (e.g. all events located in it): a country's episodes are every episode it
    takes part in, with any partner.

    >>> rig = [e for e in load_episodes() if e.name.startswith("Chinese Oil Rig")]
    >>> [e.countries for e in by_country(rig, ["CHN", "VNM", "PHL"])]
    [('CHN',), ('VNM',)]
    """
    wanted = set(countries)
    return [
        Episode(e.name, (country,), e.start, e.source, e.kind)
        for e in episodes
        for country in e.countries
        if country in wanted
    ]


def placed(panel: Panel, episodes: Iterable[Episode], *, history: int = 0) -> list[tuple[int, int, Episode]]:
    """``(row, t, episode)`` for each episode that belongs to a series of the panel and begins in a period
    of that series' span, at least ``history`` periods after the series' first period (so a detector had a
    baseline). One episode per series and period: a second one of the same period is dropped.
    """
    rows: dict[frozenset[str], list[int]] = {}
    for row, key in enumerate(panel.keys):
        rows.setdefault(key_countries(key), []).append(row)
    found: dict[tuple[int, int], tuple[int, int, Episode]] = {}
    present = ~np.isnan(panel.values)
    for episode in episodes:
        t = Period.of(episode.start, panel.kind).ordinal - panel.start
        for row in rows.get(frozenset(episode.countries), []):
            inside = 0 <= t < panel.values.shape[1] and bool(present[row, t])
            if inside and t - int(present[row].argmax()) >= history:
                found.setdefault((row, t), (row, t, episode))
    return sorted(found.values(), key=lambda item: (item[0], item[1]))
