"""Real count panels for backtests: monthly conflict events between pairs of countries, built from
published ICEWS data.

- :func:`scs_panel`: the ICEWS directed dyad-month quad-class counts among the South China Sea states,
  1991-2015 (``south-china-sea.csv`` of DanielRubinstein/South-China-Sea-Visualization; COW codes; rows
  only for non-zero counts), summed over both directions into one series per pair, e.g. ``CHN-PHL``.
  Rows of Hong Kong and Macao (which carry China's COW code) are left out. The source's last month
  (2015-01) is incomplete, so the panel ends in 2014-12 by default.
- :func:`store_panel`: monthly counts of the ICEWS events in a holosec store (e.g. the bundled ICEWS05-15
  samples) between one country and each of its most frequent partners.
- :func:`gdelt_panel`: GDELT's monthly event counts per action-location country (the aggregates of
  VickyVouk/GDELT_GPI_project: ``ActionGeo_CountryCode,MonthYear,EventBaseCode,eventcount,...``): each
  country's conflict events, and beside them its events of every kind (the volume the share is taken of).

"Conflict" means CAMEO quad classes 3 and 4 (verbal and material conflict), as ICEWS counts them.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import ibis

from holosec import reference
from holosec.engines import engine_for
from holosec.periods import Grain, Period
from holosec.store import Store
from holosec.warning.groundtruth import cow_iso3
from holosec.warning.series import Panel

__all__ = ["GDELT_FOLDER", "SCS_FILE", "gdelt_panel", "scs_panel", "store_panel"]

SCS_FILE = "DanielRubinstein__South-China-Sea-Visualization/south-china-sea.csv"
GDELT_FOLDER = "VickyVouk__GDELT_GPI_project/data/gdelt_data"
CONFLICT = (3, 4)
_NOT_CHINA = {"HONG KONG", "MACAO"}


def _quad(verbal: str, cooperation: str) -> int:
    """The quad class of the file's (verbal, cooperation) flags: 1 verbal cooperation, 2 material
    cooperation, 3 verbal conflict, 4 material conflict."""
    return {("1", "1"): 1, ("0", "1"): 2, ("1", "0"): 3, ("0", "0"): 4}[verbal, cooperation]


def _months(first: date, last: date) -> range:
    return range(Period.of(first, Grain.month).ordinal, Period.of(last, Grain.month).ordinal + 1)


def scs_panel(
    path: Path,
    *,
    quads: tuple[int, ...] = CONFLICT,
    first: date = date(1991, 1, 1),
    last: date = date(2014, 12, 1),
) -> Panel:
    """Monthly counts per pair of South China Sea states (see the module notes), zeros where the file has
    no row, from ``first`` to ``last`` (months)."""
    codes = cow_iso3()
    months = _months(first, last)
    columns: dict[str, dict[int, float]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["sourcename"] in _NOT_CHINA or row["targetname"] in _NOT_CHINA:
                continue
            a, b = codes[int(row["sourcecode"])], codes[int(row["targetcode"])]
            if a == b:
                continue
            key = "-".join(sorted((a, b)))
            series = columns.setdefault(key, dict.fromkeys(months, 0.0))
            month = int(row["date"][:4]) * 12 + int(row["date"][4:6]) - 1
            if month in series and _quad(row["verbal"], row["cooperation"]) in quads:
                series[month] += float(row["count"])
    return Panel.from_columns(Grain.month, dict(sorted(columns.items())))


def store_panel(
    store: Store,
    country: str,
    *,
    partners: int = 40,
    quads: tuple[int, ...] = CONFLICT,
    first: date = date(2005, 1, 1),
    last: date = date(2015, 12, 1),
) -> Panel:
    """Monthly counts of stored ICEWS events in ``quads`` between ``country`` and each of its ``partners``
    most frequent partners (by all their events, any quad class), zeros for months without events."""
    engine = engine_for(store)
    events = engine.table("events")
    one, two = events.actor1_country, events.actor2_country
    pairs = events.filter(
        (events.source == "icews")
        & ((one == country) | (two == country))
        & one.notnull()
        & two.notnull()
        & (one != two)
    ).mutate(partner=ibis.cases((one == country, two), else_=one))
    counts = pairs.group_by("partner").aggregate(n=pairs.count())
    top = engine.rows(counts.order_by([ibis.desc("n"), "partner"]).limit(partners))
    monthly = pairs.filter(pairs.quad_class.isin(list(quads)))
    monthly = monthly.mutate(month=monthly.date.year() * 12 + monthly.date.month() - 1)
    rows = engine.rows(monthly.group_by(["partner", "month"]).aggregate(n=monthly.count()))
    months = _months(first, last)
    columns = {"-".join(sorted((country, row["partner"]))): dict.fromkeys(months, 0.0) for row in top}
    for row in rows:
        key = "-".join(sorted((country, row["partner"])))
        if key in columns and row["month"] in columns[key]:
            columns[key][row["month"]] = float(row["n"])
    return Panel.from_columns(Grain.month, columns)


def gdelt_panel(paths: Iterable[Path], *, quads: tuple[int, ...] = CONFLICT) -> tuple[Panel, Panel]:
    """``(conflict, volume)``: two panels on one grid, one series per country (ISO3 of the FIPS 10-4 action
    location) of the GDELT aggregate files ``paths`` (``.csv`` or ``.csv.gz``): its monthly events whose
    CAMEO code falls in ``quads``, and its monthly events of every code (unknown ``---`` codes included).
    A month with no row at all has volume 0: a gap of the source, which detectors must treat as missing.

    >>> from importlib.resources import files
    >>> folder = Path(str(files("holosec").joinpath("data/samples/aggregates/VickyVouk__GDELT_GPI_project")))
    >>> conflict, volume = gdelt_panel(sorted(folder.glob("*.csv.gz")))
    >>> conflict.keys, conflict.labels()[0], conflict.labels()[-1]
    (('CHN', 'PRK', 'KOR'), '2008-01', '2019-06')
    >>> bool((conflict.values <= volume.values).all())
    True
    """
    conflict: dict[str, dict[int, float]] = {}
    volume: dict[str, dict[int, float]] = {}
    for path in paths:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                country = reference.iso3_from_fips(row["ActionGeo_CountryCode"])
                if country is None:
                    continue
                stamp = row["MonthYear"]
                month = int(stamp[:4]) * 12 + int(stamp[4:6]) - 1
                events = float(row["eventcount"])
                total = volume.setdefault(country, {})
                total[month] = total.get(month, 0.0) + events
                counted = conflict.setdefault(country, {})
                counted.setdefault(month, 0.0)
                if reference.quad_class(row["EventBaseCode"]) in quads:
                    counted[month] += events
    return Panel.from_columns(Grain.month, conflict), Panel.from_columns(Grain.month, volume)
