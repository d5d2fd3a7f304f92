"""The text classifier as an analyst meets it: known headlines in both languages land in their field, the
``holosec classify`` JSON contract, bad input answered clearly, and the shipped model rebuilt from the
checked-in corpus by the training script."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.taxonomy import load_taxonomy
from holosec.taxonomy.text import classify
from holosec.taxonomy.text_tags import profiles
from holosec.text import MAX_CHARS, NONE, load_model, text_of

ROOT = Path(__file__).resolve().parent.parent
KNOWN = Path(__file__).parent / "data" / "text" / "known.tsv"
runner = CliRunner()


def _known() -> list[dict[str, str]]:
    lines = [line for line in KNOWN.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", _known(), ids=lambda row: f"{row['lang']}-{row['top']}-{row['text'][:24]}")
def test_a_known_text_lands_in_its_field(row: dict[str, str]) -> None:
    result = classify([row["text"]], row["version"])[0]
    assert result["top"] == row["top"], (result["fields"], result["terms"])


def test_both_languages_cover_each_field_the_issue_names() -> None:
    covered = {(row["lang"], row["top"]) for row in _known()}
    for field in ("nuclear", "ecological", "information", "none"):
        assert {("en", field), ("zh", field)} <= covered
    assert {("en", "food"), ("zh", "food")} <= covered


def test_a_grain_story_weighs_on_resource_in_v2014() -> None:
    # v2014 has no food field: the version map shares food between economic and resource.
    for text in (
        "Grain imports rise as farmland and water shortages cut China's harvest",
        "我国粮食进口创新高",
    ):
        fields = classify([text], "v2014")[0]["fields"]
        assert fields["resource"] >= 0.35
        assert sorted(fields, key=lambda f: -fields[f])[:2] in (
            ["economic", "resource"],
            ["resource", "economic"],
        )


def test_weights_cover_the_version_and_none_and_sum_to_one() -> None:
    for version in ("v2014", "v2020", "v2023"):
        result = classify(["解放军东部战区在台岛周边开展联合演训"], version)[0]
        assert list(result["fields"]) == [*load_taxonomy(version).ids(), NONE]
        assert sum(result["fields"].values()) == pytest.approx(1.0, abs=1e-3)
    assert classify(["解放军东部战区在台岛周边开展联合演训"], "v2014")[0]["top"] == "military"


def test_the_terms_that_drove_an_answer_are_readable() -> None:
    result = classify(["North Korea conducts sixth nuclear test"])[0]
    assert "nuclear test" in result["terms"]
    assert not {"the", "in", "f:nuclear"} & set(result["terms"])
    assert "核试验" in classify(["韩国支持安理会朝鲜核试验问题决议"])[0]["terms"]


def test_a_url_is_read_by_its_headline_words() -> None:
    url = (
        "https://www.reuters.com/article/us-china-vietnam/chinese-survey-ship-leaves-vietnam-waters-idUSKBN1"
    )
    assert text_of(url) == "us china vietnam chinese survey ship leaves vietnam waters"
    assert classify([url])[0]["top"] == "homeland"
    # A URL with no words in its path is no evidence: no field.
    assert classify(["https://www.example.com/index.php?id=4121"])[0]["top"] == NONE


def test_classify_json_is_one_document_in_input_order(tmp_path: Path) -> None:
    texts = ["North Korea conducts sixth nuclear test", "国足1比0战胜叙利亚", "Typhoon Haiyan hits Leyte"]
    result = runner.invoke(app, ["classify", *texts, "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["taxonomy"] == "v2014"
    assert [r["text"] for r in document["results"]] == texts
    assert [r["top"] for r in document["results"]] == ["nuclear", "none", "ecological"]
    for r in document["results"]:
        assert set(r) >= {"text", "top", "fields", "terms"}
        assert r["top"] in [*load_taxonomy("v2014").ids(), "none"]
        assert max(r["fields"], key=lambda f: r["fields"][f]) == r["top"]


def test_classify_reads_a_file_and_standard_input(tmp_path: Path) -> None:
    path = tmp_path / "texts.txt"
    path.write_text("North Korea conducts sixth nuclear test\n\n   \n台风“山竹”登陆广东\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", "--input", str(path), "--json", "--taxonomy", "v2023"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["taxonomy"] == "v2023"
    assert [(r["line"], r["top"]) for r in document["results"]] == [(1, "nuclear"), (4, "ecological")]
    piped = runner.invoke(app, ["classify", "--input", "-", "--json"], input="Hackers stole customer data\n")
    assert json.loads(piped.stdout)["results"][0]["top"] == "information"


def test_classify_table_names_top_field_and_terms() -> None:
    result = runner.invoke(app, ["classify", "North Korea conducts sixth nuclear test", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows[0]["top"] == "nuclear" and "nuclear test" in rows[0]["terms"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01binary\x00", "binary, not text (a NUL byte at offset 0)"),
        (b"caf\xe9 au lait\n", "not UTF-8 text (byte 0xe9 at offset 3)"),
    ],
)
def test_a_file_that_is_not_text_is_refused_clearly(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["classify", "--input", str(path)])
    assert result.exit_code == 1
    assert message in result.stderr


def test_no_text_and_empty_text_are_wrong_arguments() -> None:
    assert runner.invoke(app, ["classify"]).exit_code == 2
    result = runner.invoke(app, ["classify", "  "])
    assert result.exit_code == 2
    assert "text 1 is empty" in result.output


def test_a_very_long_text_is_cut_and_says_so() -> None:
    text = "Typhoon Haiyan devastates Tacloban. " * 1000
    result = classify([text])[0]
    assert len(text) > MAX_CHARS and result["truncated"] is True
    assert result["top"] == "ecological"
    assert "truncated" not in classify(["Typhoon Haiyan devastates Tacloban."])[0]


def test_mixed_languages_are_read_together() -> None:
    result = classify(["朝鲜 nuclear test 核试验 condemned by UN"])[0]
    assert result["top"] == "nuclear"
    assert {"nuclear test", "核试验"} <= set(result["terms"])


def test_text_tags_need_a_confident_field() -> None:
    numbers, found = profiles(["north-korea-conducts-nuclear-test", "arsenal-beat-chelsea-2-1", "page"])
    assert numbers[0] > 0 and numbers[1:] == [0, 0]
    profile = next(p for p, n in found.items() if n == numbers[0])
    assert profile[0][0] == "nuclear" and all(weight >= 0.2 for _, weight in profile)


@pytest.mark.slow
def test_two_processes_read_as_one_does() -> None:
    urls = [row["text"] for row in _known()] * 3
    model = load_model()
    alone = model.probabilities(urls)
    assert np.abs(model.probabilities(urls, workers=2, parallel_from=1) - alone).max() < 1e-6


def test_the_model_is_small_and_names_its_training_sets() -> None:
    data = ROOT / "src" / "holosec" / "text" / "data"
    assert sum(path.stat().st_size for path in data.iterdir()) < 50_000_000
    provenance = load_model().provenance
    names = {s["name"] for s in provenance["training_sets"]}
    assert {"thucnews", "crisislex_t26", "terms"} <= names
    for training_set in provenance["training_sets"]:
        assert training_set["licence"] and training_set["citation"]
    # Sets whose terms do not allow a shipped model are used for evaluation only.
    evaluation = {s["name"] for s in provenance["evaluation_only"]}
    assert {"nlpcc2017", "plover_gsr", "conflibert"} <= evaluation and not names & evaluation


@pytest.mark.slow
def test_the_training_script_rebuilds_the_shipped_model(tmp_path: Path) -> None:
    out = tmp_path / "model"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_classifier.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    shipped = json.loads((ROOT / "src/holosec/text/data/model.json").read_text())
    fresh = json.loads((out / "model.json").read_text())
    assert fresh["classes"] == shipped["classes"] and fresh["terms"] == shipped["terms"]
    assert fresh["provenance"] == shipped["provenance"]
    with np.load(out / "model.npz") as a, np.load(ROOT / "src/holosec/text/data/model.npz") as b:
        assert a["vocabulary"].tobytes() == b["vocabulary"].tobytes()
        assert np.abs(a["weights"] - b["weights"]).max() < 1e-3
        assert np.abs(a["bias"] - b["bias"]).max() < 1e-3
