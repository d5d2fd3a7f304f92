"""Write a large GDELT 2.0 events file by cycling the real sample rows with fresh ids and dates.

    python bench/make_events.py ROWS OUT.csv [--first-id N] [--start 2018-01-01] [--years 6]

Every line is a real GDELT 2.0 event row (from the samples bundled with holosec) except for its dates and
id: GLOBALEVENTID counts up from ``--first-id``; DATEADDED walks forward in 15-minute steps from
``--start`` to the end of the span, evenly over the file, as GDELT's ids and timestamps grow together;
SQLDATE keeps the real row's lag behind its DATEADDED (a day, a month, a year...), and MonthYear, Year
and FractionDate are recomputed from SQLDATE the way GDELT computes them. The file is written in large
chunks with bounded memory, whatever ROWS is.
"""

from __future__ import annotations

import argparse
import importlib.resources
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

SAMPLES = ("geomesa__geomesa-tutorials/20180101000000.export.CSV", "narayave__Insight-GDELT-Feed/events.csv")
WIDTH = 61
SLOT_MINUTES = 15
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES
CHUNK_ROWS = 50_000


@dataclass(frozen=True)
class Template:
    """One real row, cut around the fields that get fresh values."""

    middle: str  # columns 6-59, tab-joined
    url: str  # column 61
    lag_days: int  # DATEADDED day minus SQLDATE in the real row


def sample_paths() -> list[Path]:
    """The real GDELT 2.0 event files bundled with holosec."""
    base = importlib.resources.files("holosec") / "data" / "samples" / "gdelt"
    return [Path(str(base.joinpath(*name.split("/")))) for name in SAMPLES]


def templates(paths: list[Path]) -> list[Template]:
    """Every 61-column row of the sample files, ready to be stamped with an id and dates."""
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) != WIDTH:
                continue
            event = datetime.strptime(fields[1], "%Y%m%d").date()
            added = datetime.strptime(fields[59], "%Y%m%d%H%M%S").date()
            rows.append(Template("\t".join(fields[5:59]), fields[60], max((added - event).days, 0)))
    if not rows:
        raise SystemExit("no 61-column rows in the sample files")
    return rows


def fraction_date(day: date) -> str:
    """GDELT's FractionDate: the year plus ((month - 1) * 30 + day) / 365, to four places.

    >>> fraction_date(date(2017, 12, 2))
    '2017.9096'
    """
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


def day_fields(day: date) -> str:
    """SQLDATE, MonthYear, Year and FractionDate of one day, tab-joined."""
    return f"{day:%Y%m%d}\t{day:%Y%m}\t{day.year}\t{fraction_date(day)}"


def write_events(rows: int, out: Path, *, first_id: int, start: date, years: int) -> None:
    """Write ``rows`` lines to ``out``: the real rows over and over, with fresh ids and dates."""
    cycle = templates(sample_paths())
    days = (start.replace(year=start.year + years) - start).days
    slots = days * SLOTS_PER_DAY
    oldest = start - timedelta(days=max(t.lag_days for t in cycle))
    by_day = [day_fields(oldest + timedelta(days=n)) for n in range((start - oldest).days + days)]
    offset = (start - oldest).days
    times = [f"{h:02d}{m:02d}00" for h in range(24) for m in range(0, 60, SLOT_MINUTES)]
    # each row's middle part with its lag, looked up by the row's position in the cycle
    parts = [(t.middle, t.url, offset - t.lag_days) for t in cycle]
    period = len(parts)
    buffer: list[str] = []
    done = 0
    with out.open("w", encoding="utf-8", newline="\n") as sink:
        for slot in range(slots):
            end = (slot + 1) * rows // slots
            if end == done:
                continue
            day, part = divmod(slot, SLOTS_PER_DAY)
            added = f"{start + timedelta(days=day):%Y%m%d}{times[part]}"
            for i in range(done, end):
                middle, url, base = parts[i % period]
                buffer.append(f"{first_id + i}\t{by_day[base + day]}\t{middle}\t{added}\t{url}\n")
            done = end
            if len(buffer) >= CHUNK_ROWS:
                sink.write("".join(buffer))
                buffer.clear()
        sink.write("".join(buffer))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=int, help="number of rows to write")
    parser.add_argument("out", type=Path, help="file to write (overwritten)")
    parser.add_argument("--first-id", type=int, default=1_000_000_000, help="first GLOBALEVENTID")
    parser.add_argument(
        "--start", type=date.fromisoformat, default=date(2018, 1, 1), help="first DATEADDED day"
    )
    parser.add_argument("--years", type=int, default=6, help="years the DATEADDED values span")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("ROWS must be at least 1")
    began = time.perf_counter()
    write_events(args.rows, args.out, first_id=args.first_id, start=args.start, years=args.years)
    seconds = time.perf_counter() - began
    size = args.out.stat().st_size
    print(f"{args.out}: {args.rows:,} rows, {size / 1e6:,.0f} MB in {seconds:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
