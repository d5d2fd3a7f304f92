"""Real GDELT rows with values no reader should trust: over-long lines are quarantined with their line
number whatever their size, and non-finite or out-of-range numbers are nulled and flagged (the rule in
docs/event-schema.md), so they no longer poison the sums of their country and month."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from holosec.indicators import Selection, indicators
from holosec.ingest import ingest_paths
from holosec.sources.inputs import (
    LongLine,
    count_records,
    long_lines,
    with_lines_replaced,
)
from holosec.sources.loader import MAX_LINE_BYTES, RAW_KEEP
from holosec.sources.records import record_lines
from holosec.store import Store

from conftest import EVENTS2, real_lines, with_field, write_lines

ROWS = real_lines(EVENTS2)
GOLDSTEIN, TONE, LAT, LON, A1COUNTRY = 30, 34, 56, 57, 7
SOURCEURL = 60


def key(line: bytes) -> int:
    return int(line.split(b"\t")[0])


def ingested(store: Store, path: Path) -> tuple[int, int, int]:
    summary = ingest_paths(store, [path])
    return summary.rows_read, summary.rows_stored, summary.rows_quarantined


def event(store: Store, line: bytes) -> tuple[object, ...]:
    row = store.execute(
        "SELECT goldstein, tone, lat, lon, quality FROM events WHERE source_key = ?", [key(line)]
    ).fetchone()
    assert row is not None
    return tuple(row)


def test_over_long_line_is_quarantined_with_its_number(tmp_path: Path, store: Store) -> None:
    """A line of 40 MiB (past the reader's 32 MiB buffers, which used to lose it and fail the file) and
    one of 12 MiB, among real rows: both quarantined at their lines, clipped; every other row stored."""
    lines = list(ROWS[:200])
    lines[99] = with_field(lines[99], SOURCEURL, b"http://example.org/" + b"a" * (40 << 20))
    lines[150] = with_field(lines[150], SOURCEURL, b"http://example.org/" + b"b" * (12 << 20))
    path = write_lines(tmp_path / "20180101000000.export.CSV", lines)
    assert ingested(store, path) == (200, 198, 2)
    quarantined = store.execute(
        "SELECT line_no, length(raw_line), raw_line, reason FROM quarantine ORDER BY line_no"
    ).fetchall()
    assert [row[0] for row in quarantined] == [100, 151]
    for (_, length, raw, reason), line in zip(quarantined, (lines[99], lines[150]), strict=True):
        assert length == RAW_KEEP and line.startswith(raw.encode())
        assert reason.startswith(f"line longer than {MAX_LINE_BYTES} bytes (")
        assert f"{len(line):,} bytes; raw_line keeps its first {RAW_KEEP:,}" in reason
    stored = [row[0] for row in store.execute("SELECT source_key FROM events ORDER BY 1").fetchall()]
    assert stored == sorted(key(line) for n, line in enumerate(lines) if n not in (99, 150))
    assert store.scalar("SELECT status FROM files") == "complete"


def test_line_just_over_the_limit_is_quarantined_by_the_reader(tmp_path: Path, store: Store) -> None:
    lines = list(ROWS[:20])
    lines[4] = with_field(lines[4], SOURCEURL, b"x" * (MAX_LINE_BYTES + 1))
    path = write_lines(tmp_path / "20180101000000.export.CSV", lines)
    assert ingested(store, path) == (20, 19, 1)
    line_no, length, reason = store.execute(
        "SELECT line_no, length(raw_line), reason FROM quarantine"
    ).fetchone() or (None, None, None)
    assert (line_no, length) == (5, RAW_KEEP)
    assert reason == f"line longer than {MAX_LINE_BYTES} bytes (raw_line keeps its start)"


def test_long_lines_are_found_in_bounded_blocks(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a\n" + b"x" * (9 << 20) + b"\nb\n" + b"y" * (5 << 20) + b"\n" + b"z" * (9 << 20))
    found = long_lines(path, 8 << 20)
    assert found == [LongLine(2, 2, 2 + (9 << 20)), LongLine(5, found[1].start, path.stat().st_size)]
    copy = with_lines_replaced(path, tmp_path / "y.csv", found, b"-")
    assert copy.read_bytes() == b"a\n-\nb\n" + b"y" * (5 << 20) + b"\n-"
    with pytest.raises(ValueError, match="at least"):
        long_lines(path, 1000)


@pytest.mark.parametrize(
    ("column", "value", "flag", "nulled"),
    [
        (GOLDSTEIN, b"nan", "bad_goldstein", ("goldstein",)),
        (GOLDSTEIN, b"-inf", "bad_goldstein", ("goldstein",)),
        (GOLDSTEIN, b"11.5", "bad_goldstein", ("goldstein",)),
        (TONE, b"inf", "bad_tone", ("tone",)),
        (TONE, b"-250", "bad_tone", ("tone",)),
        (LAT, b"91", "bad_coordinates", ("lat", "lon")),
        (LON, b"NaN", "bad_coordinates", ("lat", "lon")),
        (LON, b"-180.5", "bad_coordinates", ("lat", "lon")),
    ],
)
def test_bad_number_is_nulled_and_flagged(
    tmp_path: Path, store: Store, column: int, value: bytes, flag: str, nulled: tuple[str, ...]
) -> None:
    lines = list(ROWS[:20])
    bad = lines[7] = with_field(lines[7], column, value)
    path = write_lines(tmp_path / "20180101000000.export.CSV", lines)
    assert ingested(store, path) == (20, 20, 0)
    goldstein, tone, lat, lon, quality = event(store, bad)
    values = {"goldstein": goldstein, "tone": tone, "lat": lat, "lon": lon}
    assert all(values[name] is None for name in nulled)
    assert all(isinstance(v, float) and math.isfinite(v) for k, v in values.items() if k not in nulled)
    assert isinstance(quality, list) and quality.count(flag) == 1
    flagged = store.scalar("SELECT count(*) FROM events WHERE list_contains(quality, ?)", [flag])
    assert flagged == 1


def test_good_values_at_the_edges_are_kept(tmp_path: Path, store: Store) -> None:
    lines = list(ROWS[:20])
    edge = lines[3] = with_field(
        with_field(with_field(lines[3], GOLDSTEIN, b"-10"), TONE, b"100"), LAT, b"-90"
    )
    path = write_lines(tmp_path / "20180101000000.export.CSV", lines)
    ingested(store, path)
    goldstein, tone, lat, _, quality = event(store, edge)
    assert (goldstein, tone, lat) == (-10.0, 100.0, -90.0)
    assert isinstance(quality, list) and not {"bad_goldstein", "bad_tone", "bad_coordinates"} & set(quality)


def test_month_sum_of_a_country_survives_a_bad_goldstein(tmp_path: Path, store: Store) -> None:
    """NaN, infinite and out-of-range Goldstein scores used to make the country's month sum NaN; now the
    month sums the good scores and counts every event."""
    lines = list(ROWS[:300])
    usa = [n for n, line in enumerate(lines) if line.split(b"\t")[A1COUNTRY] == b"USA"]
    assert len(usa) >= 4
    for n, value in zip(usa[:3], (b"nan", b"inf", b"1e300"), strict=True):
        lines[n] = with_field(lines[n], GOLDSTEIN, value)
    path = write_lines(tmp_path / "20180101000000.export.CSV", lines)
    assert ingested(store, path) == (300, 300, 0)
    rows = indicators(store, Selection(country="USA", by="month", dedup=False), with_sources=False)
    involved = [
        line.split(b"\t")
        for line in lines
        if b"USA" in (line.split(b"\t")[A1COUNTRY], line.split(b"\t")[A1COUNTRY + 10])
    ]
    good = [float(fields[GOLDSTEIN]) for fields in involved if math.isfinite(float(fields[GOLDSTEIN]))]
    good = [g for g in good if -10 <= g <= 10]
    total = sum(row["events"] for row in rows)
    summed = sum(row["goldstein_sum"] for row in rows)
    assert total == len(involved)
    assert math.isfinite(summed) and summed == pytest.approx(sum(good))


ACLED = Path(__file__).parent / "data" / "acled" / "acled_fixture_written_by_holosec.csv"


def acled_copy(tmp_path: Path, change: dict[str, str]) -> tuple[Path, str]:
    """The ACLED fixture with fields of its second record changed; returns the path and that event's id."""
    with ACLED.open(newline="", encoding="utf-8") as stream:
        records = list(csv.DictReader(stream))
    records[1] |= change
    path = tmp_path / "acled.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    return path, records[1]["event_id_cnty"]


def test_other_sources_get_the_same_number_rule(tmp_path: Path, store: Store) -> None:
    path, event_id = acled_copy(tmp_path, {"latitude": "123.5"})
    summary = ingest_paths(store, [path], source="acled")
    assert summary.rows_quarantined == 0 and summary.rows_stored == summary.rows_read
    row = store.execute(
        "SELECT lat, lon, quality FROM events WHERE event_id = ?", [f"acled:{event_id}"]
    ).fetchone() or (0, 0, [])
    assert row[:2] == (None, None) and row[2].count("bad_coordinates") == 1


def test_quoted_field_past_python_csv_limit_is_counted(tmp_path: Path) -> None:
    """A 300 KB quoted field with line breaks (Python's csv module refuses fields over 128 KiB by
    default) is counted as one record, and the limit is given back afterwards."""
    path = tmp_path / "x.csv"
    path.write_text('id,notes\n1,"' + "long, quoted\nnote " * 20_000 + '"\n2,short\n', encoding="utf-8")
    assert count_records(path, ",", '"') == 3
    assert record_lines(path, ",", '"', {2, 3}) == {2: 2, 3: 20_003}
    assert csv.field_size_limit() == 131_072
