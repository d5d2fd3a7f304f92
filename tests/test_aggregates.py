"""GDELT aggregates on the real bundled files (``holosec/data/samples/aggregates/PROVENANCE.md``): counts of
GDELT events per action-location country x month x CAMEO base code for China, North Korea and South Korea,
2008-01 .. 2019-06. Variants and bad rows are made from those real files in the tests."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.indicators.evidence import evidence
from holosec.indicators.query import Selection, indicators
from holosec.indicators.rollup import AGGREGATE_NOTE, aggregate_share, build, refresh
from holosec.ingest import ingest_paths
from holosec.ingest.aggregates import ingest_aggregates
from holosec.samples import aggregate_samples
from holosec.sources.gdelt_aggregates import code_fields
from holosec.store import Store
from holosec.taxonomy.rules import data_dir

from conftest import EVENTS2

FILES = {path.name.split(".")[0]: path for path in aggregate_samples()}
ISO3 = {"CH": "CHN", "KN": "PRK", "KS": "KOR"}  # FIPS 10-4 -> ISO3, by hand
HEADER = ["ActionGeo_CountryCode", "MonthYear", "EventBaseCode", "eventcount", "tonecount", "goldstein"]
runner = CliRunner()


def real_rows(fips: str) -> list[list[str]]:
    """The data rows of one bundled file, as the CSV holds them."""
    with gzip.open(FILES[fips], "rt", encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == HEADER
    return rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def stored(store: Store, country: str) -> list[tuple[object, ...]]:
    return store.execute(
        "SELECT grain, period, coalesce(event_code, '---'), events, tone_sum, goldstein_sum "
        "FROM aggregate_counts WHERE country = ? ORDER BY ALL",
        [country],
    ).fetchall()


def day_cells(store: Store) -> list[tuple[object, ...]]:
    """Every day cell, its sums rounded (sums made in another order differ in their last bits)."""
    rows = store.execute("SELECT * FROM rollup_days ORDER BY ALL").fetchall()
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding the three bundled files, with v2023 cells kept too."""
    with Store.open(tmp_path_factory.mktemp("aggregates")) as store:
        summary = ingest_aggregates(store, list(FILES.values()))
        assert summary.exit_code == 0
        refresh(store, "v2023")
        yield store


def test_bundled_files_keep_every_row_and_every_count(bundled: Store) -> None:
    ledger = {
        name.split(".")[0]: (read, kept, quarantined)
        for name, read, kept, quarantined in bundled.execute(
            "SELECT name, rows_read, rows_stored, rows_quarantined FROM files"
        ).fetchall()
    }
    for fips, country in ISO3.items():
        rows = real_rows(fips)
        assert ledger[fips] == (len(rows), len(rows), 0)
        total = sum(int(row[3]) for row in rows)
        in_store = bundled.scalar("SELECT sum(events) FROM aggregate_counts WHERE country = ?", [country])
        assert in_store == total
        cells = bundled.scalar(
            "SELECT sum(events) FROM rollup_days WHERE taxonomy = 'v2014' AND view = 'location' "
            "AND country = ? AND field = ''",
            [country],
        )
        assert cells == total  # the day cells hold every count, on the first day of its month
    assert bundled.scalar("SELECT count(*) FROM quarantine") == 0


def test_fips_codes_become_iso3(bundled: Store) -> None:
    pairs = bundled.execute("SELECT DISTINCT fips, country FROM aggregate_counts ORDER BY 1").fetchall()
    assert dict(pairs) == ISO3
    assert bundled.scalar("SELECT count(*) FROM aggregate_counts WHERE country = 'KOR' AND fips = 'KN'") == 0


def test_code_fields_follow_the_crosswalk_by_hand() -> None:
    # cameo.tsv: 140 has no rows of its own, so the 14 rows apply (social 1, political 0.5); 054 is
    # political 1 and homeland 0.25; 010 only has the political fallback of 01.
    assert code_fields("140") == pytest.approx({"social": 2 / 3, "political": 1 / 3})
    assert code_fields("054") == pytest.approx({"political": 0.8, "homeland": 0.2})
    assert code_fields("010") == {"political": 1.0}
    assert code_fields(None) == {}


def _hand_fields(code: str) -> dict[str, float]:
    """The crosswalk of a code alone, worked out here from the rule file itself."""
    rules = []
    with (data_dir() / "rules" / "cameo.tsv").open(encoding="utf-8") as stream:
        lines = [line for line in stream if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        if not row["field"].startswith("family:") and code.startswith(row["prefix"]):
            rules.append((row["prefix"], row["field"], float(row["weight"]), row["fallback"] == "yes"))
    if not rules:
        return {}
    longest = max(len(prefix) for prefix, *_ in rules)
    chosen = [rule for rule in rules if len(rule[0]) == longest]
    if any(not fallback for *_, fallback in chosen):
        chosen = [rule for rule in chosen if not rule[3]]
    total = sum(weight for _, _, weight, _ in chosen)
    shares: dict[str, float] = defaultdict(float)
    for _, field, weight, _ in chosen:
        shares[field] += weight / total
    return dict(shares)


def _quad(code: str) -> int | None:
    root = int(code[:2]) if code[:2].isdigit() else None
    if root is None or not 1 <= root <= 20:
        return None
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def test_a_month_of_cells_equals_the_file_by_field(bundled: Store) -> None:
    rows = [row for row in real_rows("CH") if row[1] == "201205"]
    expected: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for _, _, code, count, tone, goldstein in rows:
        fields = {"": 1.0, **({} if code == "---" else _hand_fields(code))}
        quad = None if code == "---" else _quad(code)
        for field, w in fields.items():
            cell = expected[field]
            cell["events"] += w * int(count)
            cell["tone_sum"] += w * float(tone or 0)
            cell["goldstein_sum"] += w * float(goldstein or 0)
            cell["conflict"] += w * int(count) if quad is not None and quad >= 3 else 0.0
            cell["material_conflict"] += w * int(count) if quad == 4 else 0.0
    cells = bundled.execute(
        "SELECT field, events, tone_sum, goldstein_sum, conflict, material_conflict FROM rollup_days "
        "WHERE taxonomy = 'v2023' AND view = 'location' AND country = 'CHN' AND period = '2012-05-01'"
    ).fetchall()
    got = {row[0]: dict(zip(("events", "tone_sum", "goldstein_sum", "conflict", "material_conflict"),
                            row[1:], strict=True)) for row in cells}  # fmt: skip
    assert set(got) == set(expected)
    for field, sums in expected.items():
        assert got[field] == pytest.approx(dict(sums), rel=1e-9), field
    assert got[""]["events"] == sum(int(row[3]) for row in rows)


def test_indicators_read_the_location_view_and_flag_aggregates(bundled: Store) -> None:
    selection = Selection(country="PRK", location=True, by="month", start=None, end=None)
    series = {row["period"]: row for row in indicators(bundled, selection, with_sources=False)}
    expected = sum(int(row[3]) for row in real_rows("KN") if row[1] == "201304")
    assert series["2013-04"]["events"] == expected
    assert len(series) == 138  # 2008-01 .. 2019-06, every month
    share = aggregate_share(bundled, selection.checked(), "2013-04")
    assert (share.share, share.note, share.grains, share.comparable) == (
        1.0,
        AGGREGATE_NOTE,
        ("month",),
        True,
    )
    weekly = Selection(country="PRK", location=True, by="week").checked()
    assert not aggregate_share(bundled, weekly, "2013-W14").comparable  # holds 2013-04-01, a whole month
    country_view = Selection(country="PRK", by="month").checked()
    assert aggregate_share(bundled, country_view, "2013-04").events == 0  # aggregates are location only
    said = evidence(bundled, selection, "2013-04")
    assert said["count"] == 0 and said["data"] == []  # no events behind the number ...
    assert said["aggregates"] == {"events": float(expected), "share": 1.0, "note": AGGREGATE_NOTE}  # ... said
    assert evidence(bundled, country_view, "2013-04")["aggregates"] is None


def _bad_copy(tmp_path: Path) -> tuple[Path, list[tuple[int, str]]]:
    """A copy of the real North Korea file with bad rows put among the real ones: (line, reason start)."""
    rows = real_rows("KN")
    bad = [
        (10, ["KN", "200813", "190", "5", "1.0", "-50.0"], "bad period"),
        (20, ["XX", "200801", "190", "5", "1.0", "-50.0"], "FIPS code 'XX' is unknown"),
        (30, ["KN", "200801", "190", "-5", "1.0", "-50.0"], "bad count '-5'"),
        (40, ["KN", "200801", "190", "many", "1.0", "-50.0"], "bad count 'many'"),
        (50, ["KN", "2008-01", "190", "5", "1.0", "-50.0"], "bad period"),
        (60, ["KN", "200801", "19x", "5", "1.0", "-50.0"], "bad CAMEO code"),
    ]
    mixed = list(rows)
    for index, row, _ in bad:
        mixed.insert(index, row)
    path = write_csv(tmp_path / "KN_with_bad_rows.csv", HEADER, mixed)
    return path, [(index + 2, reason) for index, _, reason in bad]  # line 1 is the header


def test_bad_rows_are_quarantined_one_by_one(store: Store, tmp_path: Path) -> None:
    path, bad = _bad_copy(tmp_path)
    summary = ingest_aggregates(store, [path])
    rows = real_rows("KN")
    assert summary.exit_code == 3
    assert (summary.rows_read, summary.rows_stored, summary.rows_quarantined) == (
        len(rows) + len(bad), len(rows), len(bad)
    )  # fmt: skip
    quarantined = store.execute("SELECT line_no, reason FROM quarantine ORDER BY line_no").fetchall()
    assert [line for line, _ in quarantined] == [line for line, _ in bad]
    for (_, reason), (_, start) in zip(quarantined, bad, strict=True):
        assert reason.startswith(start), reason
    assert store.scalar("SELECT sum(events) FROM aggregate_counts") == sum(int(row[3]) for row in rows)


def test_reingest_changes_nothing(store: Store, tmp_path: Path) -> None:
    first = ingest_aggregates(store, [FILES["KN"]])
    cells = day_cells(store)
    again = ingest_aggregates(store, [FILES["KN"]])
    assert (first.rows_stored, again.files_skipped, again.rows_stored) == (len(real_rows("KN")), 1, 0)
    assert day_cells(store) == cells
    # The same counts in another file (here unpacked) replace the earlier copies, key by key.
    plain = write_csv(tmp_path / "KN.csv", HEADER, real_rows("KN"))
    third = ingest_aggregates(store, [plain])
    assert third.rows_replaced == third.rows_stored == len(real_rows("KN"))
    assert store.scalar("SELECT count(*) FROM aggregate_counts") == len(real_rows("KN"))
    assert day_cells(store) == cells


def test_index_column_variant_reads_the_same(store: Store, tmp_path: Path) -> None:
    rows = real_rows("KS")
    indexed = write_csv(
        tmp_path / "KS_indexed.csv", ["", *HEADER], [[str(i), *row] for i, row in enumerate(rows)]
    )
    summary = ingest_aggregates(store, [indexed])
    assert (summary.rows_stored, summary.rows_quarantined) == (len(rows), 0)
    with Store.open(tmp_path / "plain") as other:
        ingest_aggregates(other, [FILES["KS"]])
        assert stored(store, "KOR") == stored(other, "KOR")


def test_variant_without_tone_and_goldstein(store: Store, tmp_path: Path) -> None:
    rows = real_rows("KN")
    bare = write_csv(tmp_path / "KN_counts.csv", HEADER[:4], [row[:4] for row in rows])
    summary = ingest_aggregates(store, [bare])
    assert summary.reports[0].layout == "gdelt-aggregates-no-tone-no-goldstein"
    assert summary.rows_stored == len(rows)
    assert store.scalar("SELECT count(*) FROM aggregate_counts WHERE tone_sum IS NOT NULL") == 0
    cell = store.execute(
        "SELECT events, tone_n, goldstein_n FROM rollup_days WHERE view = 'location' AND field = '' "
        "AND period = '2010-03-01'"
    ).fetchone()
    assert cell == (sum(int(row[3]) for row in rows if row[1] == "201003"), 0.0, 0.0)


def test_daily_periods(store: Store, tmp_path: Path) -> None:
    rows = [row for row in real_rows("KN") if row[1] == "201304"]
    daily = write_csv(tmp_path / "KN_days.csv", HEADER, [[row[0], row[1] + "15", *row[2:]] for row in rows])
    summary = ingest_aggregates(store, [daily])
    assert summary.rows_stored == len(rows)
    assert store.execute("SELECT DISTINCT grain, period::VARCHAR FROM aggregate_counts").fetchall() == [
        ("day", "2013-04-15")
    ]
    weekly = Selection(country="PRK", location=True, by="week").checked()
    share = aggregate_share(store, weekly, "2013-W16")
    assert (share.aggregate_events, share.grains, share.comparable) == (
        sum(int(row[3]) for row in rows), ("day",), True
    )  # fmt: skip


def test_aggregates_after_events_refresh_to_a_full_rebuild(store: Store, tmp_path: Path) -> None:
    ingest_paths(store, [EVENTS2])
    rows = real_rows("CH")
    month = [row for row in rows if row[1] == "201712"]  # the month before the events' day
    ingest_aggregates(store, [write_csv(tmp_path / "CH_2017_12.csv", HEADER, month)])
    assert store.scalar("SELECT count(*) FROM rollup_days WHERE aggregate_grain = 'month'") > 0
    incremental = day_cells(store)
    assert build(store).mode == "full"
    assert day_cells(store) == incremental
    world = store.scalar(
        "SELECT sum(events) FROM rollup_days WHERE view = 'world' AND field = '' AND aggregate_grain IS NULL"
    )
    assert world > 0  # the events' own cells are still there beside the aggregates


def test_a_file_that_is_not_aggregates_fails_whole(store: Store) -> None:
    summary = ingest_aggregates(store, [EVENTS2])
    assert summary.exit_code == 1
    assert "not a GDELT aggregates file" in str(summary.reports[0].error)
    assert store.scalar("SELECT count(*) FROM aggregate_counts") == 0


def test_cli_json_summary(tmp_path: Path) -> None:
    command = ["ingest", "gdelt-aggregates", str(FILES["KN"]), "--data-dir", str(tmp_path), "--json"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    rows = len(real_rows("KN"))
    assert (summary["rows_read"], summary["rows_stored"], summary["rows_quarantined"]) == (rows, rows, 0)
    assert summary["files_list"][0]["layout"] == "gdelt-aggregates"
    again = json.loads(runner.invoke(app, command).stdout)
    assert (again["files_skipped"], again["exit_code"]) == (1, 0)
    bad, lines = _bad_copy(tmp_path)
    partial = runner.invoke(
        app, ["ingest", "gdelt-aggregates", str(bad), "--data-dir", str(tmp_path), "--json"]
    )
    assert partial.exit_code == 3
    assert json.loads(partial.stdout)["rows_quarantined"] == len(lines)
