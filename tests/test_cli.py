"""The holosec command as a user meets it: demo, stats, options, settings and exit codes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from holosec import __version__
from holosec.cli import app
from holosec.cli.errors import worded
from holosec.errors import ParameterError
from holosec.samples import aggregate_samples, gdelt_samples, icews_samples
from holosec.taxonomy import load_taxonomy

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"holosec {__version__}"


def test_ingest_help_documents_exit_codes() -> None:
    result = runner.invoke(app, ["ingest", "gdelt", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    phrases = ("0 every row stored", "3 partial", "1 failure", "2 wrong arguments", "--data-dir", "--json")
    for phrase in phrases:
        assert phrase in text


def test_ingest_without_input_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "gdelt", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "--from" in result.output


def test_a_library_parameter_is_worded_as_the_command_line_spells_it() -> None:
    error = ParameterError("from", "2018-03-01 is after to 2018-02-01", mentions=("to",))
    assert str(error) == "from: 2018-03-01 is after to 2018-02-01"  # the API's wording
    assert worded(error) == "--from: 2018-03-01 is after --to 2018-02-01"
    assert worded(ParameterError("max_lag", "must be 1 or more")) == "--max-lag: must be 1 or more"
    assert worded(ParameterError("name", "no lens 'x'"), arguments=("name",)) == "NAME: no lens 'x'"


def test_a_bad_lens_name_is_a_wrong_argument(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lens", "nowhere", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "Invalid value for NAME: no lens 'nowhere'" in " ".join(result.output.replace("│", " ").split())


def _bundled_rows() -> tuple[int, int, int]:
    """Rows of the bundled files counted from the raw files: all GDELT lines, GDELT event lines, ICEWS."""
    gdelt = {path: len(path.read_bytes().rstrip(b"\n").split(b"\n")) for path in gdelt_samples()}
    events = sum(n for path, n in gdelt.items() if "events" in path.name or "export" in path.name)
    icews = sum(
        len(gzip.decompress(path.read_bytes()).rstrip(b"\n").split(b"\n")) for path in icews_samples()
    )
    return sum(gdelt.values()), events, icews


def _aggregate_rows() -> int:
    """Data rows of the bundled GDELT aggregates files (their header lines left out)."""
    return sum(
        len(gzip.decompress(path.read_bytes()).rstrip(b"\n").split(b"\n")) - 1 for path in aggregate_samples()
    )


def test_demo_then_stats(tmp_path: Path) -> None:
    gdelt_rows, gdelt_events, icews_rows = _bundled_rows()
    files = len(gdelt_samples()) + len(icews_samples()) + len(aggregate_samples())
    first = runner.invoke(app, ["demo", "--data-dir", str(tmp_path), "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["ingest"]["files"] == files and report["ingest"]["rows_quarantined"] == 0
    rows = gdelt_rows + icews_rows + _aggregate_rows()  # rows in = rows stored, aggregates included
    assert report["ingest"]["rows_read"] == report["ingest"]["rows_stored"] == rows
    assert report["fusion"]["fused_events"] > 0

    stats = runner.invoke(app, ["stats", "--data-dir", str(tmp_path), "--json"])
    assert stats.exit_code == 0
    counts = json.loads(stats.stdout)
    assert {"events", "articles", "quarantined", "files", "per_source", "per_month", "fusion"} <= set(counts)
    totals = (counts["events"], counts["articles"], counts["quarantined"], counts["files"])
    assert totals == (gdelt_events + icews_rows, 295, 0, files)
    assert counts["per_source"]["gdelt2"]["events"] == 4730
    assert counts["per_source"]["icews"]["events"] == icews_rows
    assert sum(month.get("events", 0) for month in counts["per_month"].values()) == counts["events"]
    assert (
        counts["fusion"]["events_after_fusion"] == report["fusion"]["events_after_fusion"] < counts["events"]
    )

    again = runner.invoke(app, ["demo", "--data-dir", str(tmp_path), "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["ingest"]["files_skipped"] == files
    assert json.loads(runner.invoke(app, ["stats", "--data-dir", str(tmp_path), "--json"]).stdout) == counts


def test_demo_prints_tables(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--data-dir", str(tmp_path), "--no-serve"])
    assert result.exit_code == 0
    assert "92367" in result.stdout and "gdelt2" in result.stdout and "Fused" in result.stdout


def test_data_dir_from_environment(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--json"], env={"HOLOSEC_DATA_DIR": str(tmp_path / "env")})
    assert result.exit_code == 0
    assert (tmp_path / "env" / "holosec.duckdb").is_file()
    assert json.loads(result.stdout)["data_dir"] == str(tmp_path / "env")


def test_stats_without_a_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    hint = "run 'holosec demo' or 'holosec ingest'"
    assert result.stderr == f"error: no holosec store in {tmp_path / 'none'}: {hint}\n"
    assert not (tmp_path / "none").exists()


def test_fields_lists_a_version_in_json() -> None:
    result = runner.invoke(app, ["fields", "--taxonomy", "v2020", "--json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    listed = document["data"]
    assert len(listed) == 16 == document["count"]
    assert {"id", "name_en", "name_zh", "traditional"} <= set(listed[0])
    assert next(f for f in listed if f["id"] == "cyber")["name_zh"] == "网络安全"


def test_fields_with_a_bad_taxonomy_file(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text("not = [valid")
    result = runner.invoke(app, ["fields", "--taxonomy", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: ") and len(result.stderr.splitlines()) == 1


def test_tags_are_written_at_ingest_and_retag_rebuilds_them(tmp_path: Path) -> None:
    assert runner.invoke(app, ["demo", "--data-dir", str(tmp_path), "--json"]).exit_code == 0
    first = json.loads(runner.invoke(app, ["coverage", "--data-dir", str(tmp_path), "--json"]).stdout)
    assert {"events_tagged_share", "articles_tagged_share", "per_field", "per_rule"} <= set(first)
    assert first["events_tagged_share"] >= 0.9 and first["articles_tagged_share"] >= 0.8
    assert set(first["per_field"]) == set(load_taxonomy("v2023").ids())  # the 50% bar: test_tagging (GDELT)

    rebuilt = runner.invoke(app, ["retag", "--data-dir", str(tmp_path), "--json"])
    assert rebuilt.exit_code == 0
    assert json.loads(runner.invoke(app, ["coverage", "--data-dir", str(tmp_path), "--json"]).stdout) == first

    shown = runner.invoke(app, ["explain", "gdelt2:479491737", "--data-dir", str(tmp_path), "--json"])
    assert json.loads(shown.stdout)["perspective"]["relation"] == "external"  # China-South Korea, from CHN
    fields = json.loads(shown.stdout)["fields"]
    assert [tag["field"] for tag in fields] == ["political"]
    assert {rule["rule"] for rule in fields[0]["rules"]} == {"actor.type.GOV.political", "cameo.04.political"}
