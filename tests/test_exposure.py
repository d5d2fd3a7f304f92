"""The overseas-interests registry and exposure: weights worked out here from the raw registry file, the
threat signal counted here from the stored ICEWS records, alerts on a real rise (the May 2014 China-Viet Nam
oil-rig crisis, ICB crisis 472), and the CLI, API and map page; the shipped registry says it is a sample."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import InputError
from holosec.regional.exposure import exposure
from holosec.regional.registry import load_registry
from holosec.store import Store
from test_regional import STORY  # the story rule of docs/indicators.md

runner = CliRunner()


def raw_registry() -> dict[str, Any]:
    return tomllib.loads(
        files("holosec.regional").joinpath("data", "overseas.toml").read_text(encoding="utf-8")
    )


def raw_weights(doc: dict[str, Any]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for site in doc["site"]:
        totals[site["kind"]] += site["size"]
    weights: dict[str, float] = defaultdict(float)
    for site in doc["site"]:
        weights[site["country"]] += site["size"] / totals[site["kind"]] / len(totals)
    return dict(weights)


def test_the_shipped_registry_is_marked_as_a_sample() -> None:
    doc = raw_registry()
    assert doc["sample"] is True
    text = files("holosec.regional").joinpath("data", "overseas.toml").read_text(encoding="utf-8")
    assert text.startswith("# SAMPLE") and "NOT REAL FIGURES" in text
    registry = load_registry()
    assert registry.sample and registry.countries() == sorted({s["country"] for s in doc["site"]})


def test_weights_are_each_kinds_shares_averaged() -> None:
    want = raw_weights(raw_registry())
    got = load_registry().weights()
    assert got.keys() == want.keys()
    for code, weight in want.items():
        assert got[code] == pytest.approx(weight)
    assert sum(got.values()) == pytest.approx(1.0)


def test_exposure_is_the_weighted_conflict_stories(demo_store: Store) -> None:
    weights = raw_weights(raw_registry())
    fused = demo_store.execute(
        "SELECT count(*) FROM fused_events JOIN events USING (event_id) WHERE date BETWEEN ? AND ?",
        ["2014-05-01", "2014-05-31"],
    ).fetchone()
    assert fused == (0,)
    rows = demo_store.execute(
        f"SELECT DISTINCT {STORY}, actor1_country, actor2_country, quad_class FROM events "
        "WHERE date BETWEEN '2014-05-01' AND '2014-05-31'"
    ).fetchall()
    signal: dict[str, int] = defaultdict(int)
    for *_, a1, a2, quad in rows:
        if quad in (3, 4):
            for code in {a1, a2} & set(weights):
                signal[code] += 1
    [row] = exposure(demo_store, period="2014-05")["rows"]
    assert {c: p["signal"] for c, p in row["countries"].items()} == {c: signal.get(c, 0) for c in weights}
    assert row["exposure"] == pytest.approx(sum(weights[c] * signal.get(c, 0) for c in weights), abs=1e-5)
    assert sum(signal.values()) > 0


def registry_file(tmp_path: Path, sites: str, header: str = 'perspective = "CHN"\n') -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(header + sites, encoding="utf-8")
    return path


VIET_NAM = '[[site]]\ncountry = "VNM"\nsite = "a plant"\nkind = "asset"\nsize = 10\n'


def test_a_rise_raises_an_alert(demo_store: Store, tmp_path: Path) -> None:
    """With interests only in Viet Nam, exposure is Viet Nam's conflict stories: the ICEWS sample's jump
    in May 2014 (the HYSY-981 oil rig) is alerted, as a rise."""
    found = exposure(demo_store, registry=registry_file(tmp_path, VIET_NAM))
    assert not found["registry"]["sample"]
    months = {row["period"]: row["exposure"] for row in found["rows"]}
    alerted = {(a["key"], a["period"]) for a in found["alerts"]}
    assert ("exposure", "2014-05") in alerted and ("VNM", "2014-05") in alerted
    for alert in found["alerts"]:
        assert alert["direction"] == "up" and alert["value"] > alert["baseline"]
        if alert["key"] == "exposure":
            assert alert["value"] == pytest.approx(months[alert["period"]])
    assert months["2014-05"] > 3 * max(months[f"2014-0{m}"] for m in range(1, 5))


@pytest.mark.parametrize(
    ("sites", "message"),
    [
        (
            '[[site]]\ncountry = "XXA"\nkind = "asset"\nsize = 1\n',
            "site 1: 'XXA' is not an ISO3 country code",
        ),
        ('[[site]]\ncountry = "VNM"\nkind = "embassy"\nsize = 1\n', "site 1: kind must be one of"),
        (
            VIET_NAM + '[[site]]\ncountry = "VNM"\nkind = "asset"\nsize = -3\n',
            "site 2: size must be a positive",
        ),
        ("", "no [[site]] entries"),
    ],
)
def test_a_bad_registry_is_refused_naming_file_and_site(tmp_path: Path, sites: str, message: str) -> None:
    path = registry_file(tmp_path, sites)
    with pytest.raises(InputError) as raised:
        load_registry(path)
    assert str(raised.value).startswith(str(path)) and message in str(raised.value)


def test_cli_exposure(demo_store: Store, tmp_path: Path) -> None:
    found = runner.invoke(
        app, ["exposure", "--period", "2014-05", "--json", "--data-dir", str(demo_store.data_dir)]
    )
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert data["registry"]["sample"] is True
    assert data["rows"] == json.loads(json.dumps(exposure(demo_store, period="2014-05")["rows"]))
    table = runner.invoke(app, ["exposure", "--data-dir", str(demo_store.data_dir)])
    assert table.exit_code == 0 and "SAMPLE registry" in table.stderr
    bad = registry_file(tmp_path, '[[site]]\ncountry = "XXA"\nkind = "asset"\nsize = 1\n')
    refused = runner.invoke(app, ["exposure", "--registry", str(bad), "--data-dir", str(demo_store.data_dir)])
    assert refused.exit_code == 1 and f"{bad}: site 1" in refused.output


def test_api_and_map_page(api: Any, demo_store: Store) -> None:
    answer = api.get("/api/v1/exposure?period=2014-05")
    assert answer.status_code == 200
    assert answer.json()["rows"] == json.loads(json.dumps(exposure(demo_store, period="2014-05")["rows"]))
    page = api.client.get("/exposure?period=2014-05", headers={**api.auth("viewer"), "Accept": "text/html"})
    assert page.status_code == 200
    assert 'id="sample-registry"' in page.text and 'id="exposure-map"' in page.text
    start = page.text.index('id="exposure-map-spec">') + len('id="exposure-map-spec">')
    spec = json.loads(page.text[start : page.text.index("</script>", start)])
    lookup = spec["layer"][1]["transform"][0]["from"]["data"]
    shapes = lookup.get("values") or spec["datasets"][lookup["name"]]
    [row] = exposure(demo_store, period="2014-05")["rows"]
    assert {s["href"].split("?")[0] for s in shapes} == {f"/country/{c}" for c in row["countries"]}
