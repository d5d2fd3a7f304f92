"""GDELT aggregates: counts of GDELT events per action-location country x period x CAMEO code, read into
rows of the ``aggregate_counts`` table (``holosec ingest gdelt-aggregates``).

A file is CSV with a header naming, in any order (case ignored; :data:`COLUMNS` lists the names known):

- the country: a FIPS 10-4 code of the events' action location (``ActionGeo_CountryCode``), stored as ISO3;
- the period: ``YYYYMM`` (a month) or ``YYYYMMDD`` (a day) (``MonthYear``, ``SQLDATE`` ...);
- the CAMEO code (``EventBaseCode`` ...): two to four digits, or ``---`` / empty for an unknown code;
- the count of events (``eventcount``);
- optionally the sum of the events' AvgTone (``tonecount``) and of their GoldsteinScale (``goldstein``);
  an empty sum is unknown (NULL), not zero.

A leading unnamed column (the index ``pandas.DataFrame.to_csv`` writes) is ignored. A row that cannot be
stored (wrong column count, unknown country, bad period or code, a count that is not a whole number >= 0, a
sum that is not a finite number or lies outside what its count allows) is passed on with its reason for the
quarantine; a file whose header names no country, period, code or count is refused whole.

An aggregate has no events behind it: no actors, no place below the country, no source URL. Its security
fields come from its CAMEO code alone (:func:`code_fields`): the code rules of the crosswalk, resolved as
tagging resolves them (the longest prefix with rules wins, a fallback rule counts only when no other
field rule matched, weights as shares summing to 1).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from holosec import reference
from holosec.errors import InputError
from holosec.sources.inputs import unlimited_fields
from holosec.sources.records import Rejected
from holosec.taxonomy.rules import load_rules

SOURCE = "gdelt_aggregates"
LICENCE = "GDELT: free and open with citation"
RAW_KEEP = 10_000
# Header names (lower case) of each column; the first list of a file's header that matches is used.
COLUMNS: dict[str, tuple[str, ...]] = {
    "country": ("actiongeo_countrycode", "country", "fips"),
    "period": ("monthyear", "sqldate", "yearmonth", "day", "date", "period"),
    "code": ("eventbasecode", "eventcode", "eventrootcode", "cameo", "code"),
    "count": ("eventcount", "events", "count", "numevents"),
    "tone": ("tonecount", "tone_sum", "tonesum"),
    "goldstein": ("goldstein", "goldstein_sum", "goldsteinsum"),
}
_REQUIRED = ("country", "period", "code", "count")
_INDEX_NAMES = ("", "unnamed: 0", "index")
_UNKNOWN_CODES = ("", "---", "--", "----")
_CODE = re.compile(r"^[0-9]{2,4}$")
_COUNT = re.compile(r"^[0-9]+$")
_PERIOD = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})?$")
FIRST_YEAR = 1979  # GDELT's first year


@dataclass(frozen=True)
class Header:
    """Where each column of a file is: positions by name (``tone`` and ``goldstein`` may be absent)."""

    positions: dict[str, int]
    width: int

    @property
    def layout(self) -> str:
        """The layout name the ledger records: ``gdelt-aggregates`` and what the file leaves out."""
        missing = [name for name in ("tone", "goldstein") if name not in self.positions]
        return "gdelt-aggregates" + "".join(f"-no-{name}" for name in missing)


@dataclass(frozen=True)
class AggregateRow:
    """One count ready for ``aggregate_counts``: ``grain`` is ``month`` or ``day``, ``period`` its first
    day, ``event_code`` None when the source did not know it."""

    line: int
    grain: str
    period: date
    fips: str
    country: str
    event_code: str | None
    events: int
    tone_sum: float | None
    goldstein_sum: float | None


Record = AggregateRow | Rejected


def read_header(fields: list[str], path: Path | str = "aggregates") -> Header:
    """The columns of a file from its header row; :class:`InputError` when a required one is missing.

    >>> read_header(["", "ActionGeo_CountryCode", "MonthYear", "EventBaseCode", "eventcount"]).layout
    'gdelt-aggregates-no-tone-no-goldstein'
    """
    names = [name.strip().lstrip("\ufeff").lower() for name in fields]
    positions: dict[str, int] = {}
    for column, aliases in COLUMNS.items():
        found = next((i for i, name in enumerate(names) if name in aliases), None)
        if found is not None:
            positions[column] = found
    missing = [column for column in _REQUIRED if column not in positions]
    if missing:
        raise InputError(path, f"not a GDELT aggregates file: its header has no {', '.join(missing)} column")
    extra = [i for i in range(len(names)) if i not in positions.values() and names[i] not in _INDEX_NAMES]
    if extra:
        raise InputError(
            path, f"unknown column {fields[extra[0]]!r} in the header of a GDELT aggregates file"
        )
    return Header(positions, len(names))


def parse_period(text: str) -> tuple[str, date]:
    """``(grain, first day)`` of ``YYYYMM`` or ``YYYYMMDD``; ``ValueError`` with the reason otherwise.

    >>> parse_period("200801"), parse_period("20130228")
    (('month', datetime.date(2008, 1, 1)), ('day', datetime.date(2013, 2, 28)))
    >>> parse_period("20130229")
    Traceback (most recent call last):
    ...
    ValueError: bad period '20130229': day is out of range for month
    """
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"bad period {text[:32]!r}: not YYYYMM or YYYYMMDD")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None and month is not None
    if not FIRST_YEAR <= year <= datetime.now(UTC).year + 1:
        raise ValueError(f"bad period {text!r}: year outside {FIRST_YEAR} to next year")
    try:
        first = date(year, month, day or 1)
    except ValueError as exc:
        raise ValueError(f"bad period {text!r}: {exc}") from None
    return ("month" if day is None else "day"), first


def _sum(text: str, name: str, events: int) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} sum is not a number: {text[:32]!r}") from None
    if not math.isfinite(value) or abs(value) > 100.0 * events + 1e-6:
        raise ValueError(f"{name} sum {text[:32]!r} is not possible for {events} events")
    return value


def aggregate_row(line: int, fields: list[str], header: Header) -> AggregateRow:
    """The count of one data row; ``ValueError`` with the reason when it cannot be stored.

    >>> header = read_header(["ActionGeo_CountryCode", "MonthYear", "EventBaseCode", "eventcount"])
    >>> row = aggregate_row(2, ["CH", "200801", "190", "12"], header)
    >>> row.country, row.grain, row.period.isoformat(), row.event_code, row.events
    ('CHN', 'month', '2008-01-01', '190', 12)
    """
    if len(fields) != header.width:
        raise ValueError(f"wrong column count: {len(fields)} (expected {header.width})")
    at = header.positions
    fips = fields[at["country"]].strip().upper()
    country = reference.iso3_from_fips(fips)
    if country is None:
        known = fips in reference.fips_codes()
        raise ValueError(f"FIPS code {fips[:16]!r} {'names no country' if known else 'is unknown'}")
    grain, period = parse_period(fields[at["period"]])
    code = fields[at["code"]].strip()
    if code not in _UNKNOWN_CODES and not _CODE.match(code):
        raise ValueError(f"bad CAMEO code {code[:16]!r}: two to four digits, or --- when unknown")
    count = fields[at["count"]].strip()
    if not _COUNT.match(count):
        raise ValueError(f"bad count {count[:32]!r}: a whole number of events, 0 or more")
    events = int(count)
    tone = _sum(fields[at["tone"]], "tone", events) if "tone" in at else None
    goldstein = _sum(fields[at["goldstein"]], "Goldstein", events) if "goldstein" in at else None
    if goldstein is not None and abs(goldstein) > 10.0 * events + 1e-6:
        raise ValueError(f"Goldstein sum {goldstein} is not possible for {events} events")
    known_code = None if code in _UNKNOWN_CODES else code
    return AggregateRow(line, grain, period, fips, country, known_code, events, tone, goldstein)


def read_aggregates(path: Path) -> Iterator[Record]:
    """Every data row of an aggregates file (plain CSV), each a count or a rejection with its reason.

    >>> import tempfile
    >>> sample = Path(tempfile.mkdtemp()) / "KN.csv"
    >>> _ = sample.write_text("ActionGeo_CountryCode,MonthYear,EventBaseCode,eventcount\\n"
    ...                       "KN,200801,010,220\\nXX,200801,010,1\\n")
    >>> [type(record).__name__ for record in read_aggregates(sample)]
    ['AggregateRow', 'Rejected']
    """
    with unlimited_fields(), path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.reader(stream)
        header = read_header(next(reader, []), path)
        start = reader.line_num + 1
        for fields in reader:
            raw = ",".join(fields)[:RAW_KEEP]
            if not any(field.strip() for field in fields):
                yield Rejected(start, raw, "blank line")
            else:
                try:
                    yield aggregate_row(start, fields, header)
                except ValueError as problem:  # the row's reason
                    yield Rejected(start, raw, str(problem))
            start = reader.line_num + 1


def header_of(path: Path) -> Header:
    """The header of an aggregates file (see :func:`read_header`); refuses a file that is not UTF-8 text."""
    try:
        with unlimited_fields(), path.open(newline="", encoding="utf-8-sig") as stream:
            return read_header(next(csv.reader(stream), []), path)
    except UnicodeDecodeError as exc:
        raise InputError(path, "not UTF-8 text") from exc


@cache
def code_fields(code: str | None) -> dict[str, float]:
    """The security fields (``v2023`` ids) of a CAMEO code alone, as shares summing to 1; empty for an
    unknown code or one the crosswalk gives no field. The same code rules tagging applies to an event,
    without what only an event has (actors, place, source URL).

    >>> code_fields("163")
    {'economic': 0.6666666666666666, 'political': 0.3333333333333333}
    >>> code_fields("010"), code_fields(None)
    ({'political': 1.0}, {})
    """
    if code is None:
        return {}
    rules = [r for r in load_rules() if r.kind == "cameo" and not r.is_family and code.startswith(r.key)]
    longest = max((len(r.key) for r in rules), default=0)
    hits = {(r.id, r.field, r.weight, r.fallback) for r in rules if len(r.key) == longest and r.weight > 0}
    if any(not fallback for *_, fallback in hits):
        hits = {hit for hit in hits if not hit[3]}
    total = sum(weight for _, _, weight, _ in hits)
    shares: dict[str, float] = {}
    for _, field, weight, _ in sorted(hits):
        shares[field] = shares.get(field, 0.0) + weight / total
    return dict(sorted(shares.items()))
