"""The seven foreign-affairs lenses: the packaged file, the refusal of a lens file with an unknown country,
event code, actor type or field, and each lens's indicators against the stored ICEWS records counted here
(plain SQL and Python), through the library, the CLI, the API and the pages."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import InputError
from holosec.perspective.model import data_path
from holosec.regional.lens_series import lens_indicators
from holosec.regional.lenses import IDS, load_lenses
from holosec.store import Store
from test_regional import stories  # one record per story, counted in plain SQL

runner = CliRunner()
MAY = ("2014-05-01", "2014-05-31")
CHINA = {"CHN", "HKG", "MAC", "TWN"}  # CHN.toml: home and also_home


def neighbours() -> set[str]:
    doc = tomllib.loads(data_path("CHN.toml").read_text(encoding="utf-8"))
    return set(doc["land_neighbours"]) | set(doc["maritime_neighbours"])


def test_the_seven_lenses_are_packaged() -> None:
    lenses = load_lenses()
    assert tuple(lens.id for lens in lenses) == IDS
    assert IDS == (
        "neighbourhood", "major-countries", "developing", "multilateral", "belt-and-road", "foreign-aid",
        "overseas-interests",
    )  # fmt: skip
    assert all(lens.name and lens.name_zh and lens.description for lens in lenses)


LENS = '[[lens]]\nid = "mine"\nname = "Mine"\n'


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ('countries = ["VNM", "XXA"]\n', "unknown country code 'XXA'"),
        ('countries = ["@friends"]\n', "unknown country code '@friends'"),
        ('event_codes = ["057", "999"]\n', "unknown CAMEO event code '999'"),
        ('actor_types = ["QQQ"]\n', "unknown actor type 'QQQ'"),
        ('themes = ["weather"]\n', "unknown security field 'weather'"),
        ('direction = "sideways"\n', "direction must be one of"),
        ('colour = "red"\n', "unknown key 'colour'"),
    ],
)
def test_a_lens_file_with_a_bad_value_is_refused(tmp_path: Path, body: str, bad: str) -> None:
    path = tmp_path / "lenses.toml"
    path.write_text(LENS + body, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_lenses(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: lens 'mine': ") and bad in message


def test_the_cli_names_the_bad_lens_file(tmp_path: Path) -> None:
    path = tmp_path / "lenses.toml"
    path.write_text(LENS + 'countries = ["XXA"]\n', encoding="utf-8")
    found = runner.invoke(app, ["lens", "mine", "--lenses", str(path), "--data-dir", str(tmp_path / "s")])
    assert found.exit_code == 1
    assert f"{path}: lens 'mine': unknown country code 'XXA'" in found.output


def test_neighbourhood_counts_the_stories_with_neighbours(demo_store: Store) -> None:
    near = neighbours()
    cells: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    partners: dict[str, int] = defaultdict(int)
    for a1, a2, quad, goldstein in stories(
        demo_store, *MAY, "actor1_country, actor2_country, quad_class, goldstein"
    ):
        if (a1 in CHINA and a2 in near) or (a2 in CHINA and a1 in near):
            partners[a2 if a1 in CHINA else a1] += 1
            cells["2014-05"][0] += 1
            if quad is not None:
                cells["2014-05"][1 if quad <= 2 else 2] += abs(goldstein)
    found = lens_indicators(demo_store, "neighbourhood", period="2014-05")
    assert found["countries"] == sorted(near)
    [row] = found["rows"]
    events, coop, conf = cells["2014-05"]
    assert row["events"] == events > 0
    assert row["balance"] == pytest.approx((coop - conf) / (coop + conf))
    assert {p["country"]: p["events"] for p in found["partners"]} == dict(partners)


def test_foreign_aid_is_aid_given_by_the_home_country(demo_store: Store) -> None:
    want: dict[str, int] = defaultdict(int)
    for a1, code, day in stories(demo_store, "2012-01-01", "2012-12-31", "actor1_country, event_code, date"):
        if a1 in CHINA and code and code.startswith(("033", "07")):
            want[f"{day:%Y-%m}"] += 1
    got = {}
    for month in range(1, 13):
        for row in lens_indicators(demo_store, "foreign-aid", period=f"2012-{month:02d}")["rows"]:
            got[row["period"]] = row["events"]
    assert got == dict(want) and sum(want.values()) > 0


def test_multilateral_is_home_events_with_international_bodies(demo_store: Store) -> None:
    columns = (
        "actor1_country, actor2_country, "
        + ", ".join(f"actor{n}_type{k}" for n in (1, 2) for k in (1, 2, 3))
        + ", actor1_known_group, actor2_known_group"
    )
    groups = {"UNO", "ASN", "SCE", "WTO", "IMF", "WBK", "ADB", "WHO", "EEC", "ARL", "OIC", "CIS"}
    count = 0
    for a1, a2, *kinds in stories(demo_store, *MAY, columns):
        home1, home2 = a1 in CHINA, a2 in CHINA
        if not ((home1 and not home2) or (home2 and not home1)):
            continue
        if set(kinds[:6]) & {"IGO", "UNO", "PKO"} or set(kinds[6:]) & groups:
            count += 1
    [row] = lens_indicators(demo_store, "multilateral", period="2014-05")["rows"]
    assert row["events"] == count > 0


def test_a_user_lens_works_like_the_packaged_one(demo_store: Store, tmp_path: Path) -> None:
    codes = ", ".join(f'"{c}"' for c in sorted(neighbours()))
    path = tmp_path / "lenses.toml"
    path.write_text(f'[[lens]]\nid = "near"\nname = "Near"\ncountries = [{codes}]\n', encoding="utf-8")
    mine = lens_indicators(demo_store, "near", lenses=path)
    built = lens_indicators(demo_store, "neighbourhood")
    assert mine["rows"] == built["rows"] and mine["partners"] == built["partners"]


def test_cli_lens_json(demo_store: Store) -> None:
    listed = runner.invoke(app, ["lens", "--json", "--data-dir", str(demo_store.data_dir)])
    assert listed.exit_code == 0, listed.output
    assert [item["id"] for item in json.loads(listed.stdout)["data"]] == list(IDS)
    one = runner.invoke(
        app,
        ["lens", "belt-and-road", "--period", "2014-05", "--json", "--data-dir", str(demo_store.data_dir)],
    )
    assert one.exit_code == 0, one.output
    assert (
        json.loads(one.stdout)["rows"]
        == lens_indicators(demo_store, "belt-and-road", period="2014-05")["rows"]
    )
    wrong = runner.invoke(app, ["lens", "nowhere", "--data-dir", str(demo_store.data_dir)])
    assert wrong.exit_code == 2 and "no lens 'nowhere'" in wrong.output


def test_api_and_pages_of_the_lenses(api: Any, demo_store: Store) -> None:
    listed = api.get("/api/v1/lenses").json()
    assert listed["count"] == 7
    one = api.get("/api/v1/lenses/neighbourhood?period=2014-05")
    assert one.status_code == 200
    assert one.json()["rows"] == lens_indicators(demo_store, "neighbourhood", period="2014-05")["rows"]
    missing = api.get("/api/v1/lenses/nowhere")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    html = {**api.auth("viewer"), "Accept": "text/html"}
    index = api.client.get("/lenses", headers=html)
    assert index.status_code == 200 and all(f'href="/lenses/{lens}' in index.text for lens in IDS)
    page = api.client.get("/lenses/neighbourhood", headers=html)
    assert page.status_code == 200 and 'href="/pair/CHN/JPN' in page.text
    assert api.client.get("/lenses/nowhere", headers=html).status_code == 404
