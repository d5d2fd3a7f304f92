"""The regional matrix, the regional cooperation index and the principles as metrics, against
expectations worked out here from the stored ICEWS records (plain SQL and Python) and from the raw
groupings and GeoNames files; a grouping written by a user behaves as the built-in one."""

from __future__ import annotations

import json
import re
import tomllib
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from holosec import reference
from holosec.cli import app
from holosec.errors import InputError
from holosec.perspective.model import data_path
from holosec.regional.groupings import load_grouping
from holosec.regional.matrix import TREND, region_matrix
from holosec.regional.principles import principles
from holosec.store import Store
from test_indicators import A1COUNTRY, A2COUNTRY, GOLDSTEIN, QUAD, month, raw_rows
from test_indicators import stories as gdelt_stories

from conftest import EVENTS2

runner = CliRunner()
MONTH = ("2014-05-01", "2014-05-31")
PRINCIPLES_MONTH = ("2015-06-01", "2015-07-31")  # June, and July for the alliance window
# The story rule of docs/indicators.md: day, both actors (code, else name), CAMEO code, place.
STORY = (
    "date, coalesce(actor1_code, actor1_name), coalesce(actor2_code, actor2_name), event_code, "
    "coalesce(loc_feature_id, loc_name, loc_country)"
)


def raw_members(grouping: str, day: date) -> list[str]:
    """Members on ``day`` read straight from groupings.toml."""
    doc = tomllib.loads(data_path("groupings.toml").read_text(encoding="utf-8"))
    entry = next(g for g in doc["groupings"] if g["id"] == grouping)
    return sorted(
        m["code"] for m in entry["members"] if m["since"] <= day and ("until" not in m or day < m["until"])
    )


def stories(store: Store, start: str, end: str, columns: str) -> list[tuple[Any, ...]]:
    """One row per story among the stored records of ``start``..``end``, after checking no record there
    was fused with another source's (a fused group is one story, which this helper does not model)."""
    fused = store.execute(
        "SELECT count(*) FROM fused_events JOIN events USING (event_id) WHERE date BETWEEN ? AND ?",
        [start, end],
    ).fetchone()
    assert fused == (0,)
    rows = store.execute(
        f"SELECT DISTINCT {STORY}, {columns} FROM events WHERE date BETWEEN ? AND ?", [start, end]
    ).fetchall()
    return [row[5:] for row in rows]


@pytest.fixture(scope="module")
def may(demo_store: Store) -> dict[str, Any]:
    return region_matrix(demo_store, "CICA", period="2014-05")


def test_members_are_the_grouping_file_on_the_period_end(may: dict[str, Any]) -> None:
    assert may["members"] == raw_members("CICA", date(2014, 5, 31))
    assert len(may["members"]) == 26  # the design guide's CICA of 2014-2015
    assert {"a", "b", "period", "balance"} <= set(may["pairs"][0])


def test_matrix_cells_are_the_member_pairs_stories(demo_store: Store, may: dict[str, Any]) -> None:
    members = set(may["members"])
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for a1, a2, quad, goldstein in stories(
        demo_store, *MONTH, "actor1_country, actor2_country, quad_class, goldstein"
    ):
        if a1 in members and a2 in members and a1 != a2:
            cell = sums[(min(a1, a2), max(a1, a2))]
            cell[0] += 1
            if quad is not None and quad <= 2:
                cell[1] += abs(goldstein)
            elif quad is not None:
                cell[2] += abs(goldstein)
    want = {
        pair: (n, (coop - conf) / (coop + conf) if coop + conf else None)
        for pair, (n, coop, conf) in sums.items()
    }
    got = {(p["a"], p["b"]): (p["events"], p["balance"]) for p in may["pairs"]}
    assert set(got) == set(want) and len(want) > 20
    for pair, (events, balance) in want.items():
        assert got[pair][0] == events
        assert got[pair][1] == pytest.approx(balance)
    assert all(p["period"] == "2014-05" for p in may["pairs"])


def test_matrix_cells_of_the_raw_gdelt_file(demo_store: Store) -> None:
    """January 2018 holds only the rows of one real GDELT 2.0 file: the cells from its raw rows."""
    members = set(raw_members("CICA", date(2018, 1, 31)))
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in gdelt_stories(raw_rows(EVENTS2)):
        a1, a2 = reference.iso3_from_cameo(row[A1COUNTRY]), reference.iso3_from_cameo(row[A2COUNTRY])
        if month(row) == "2018-01" and a1 in members and a2 in members and a1 != a2:
            assert a1 is not None and a2 is not None
            cell = sums[(min(a1, a2), max(a1, a2))]
            cell[0] += 1
            cell[1 if int(row[QUAD]) <= 2 else 2] += abs(float(row[GOLDSTEIN]))
    got = {(p["a"], p["b"]): p for p in region_matrix(demo_store, "CICA", period="2018-01")["pairs"]}
    assert set(got) == set(sums) and len(sums) >= 5
    for pair, (events, coop, conf) in sums.items():
        assert got[pair]["events"] == events
        want = (coop - conf) / (coop + conf) if coop + conf else None  # Goldstein 0 weighs nothing
        assert got[pair]["balance"] == pytest.approx(want)


def test_regional_index_counts_each_quad_class(demo_store: Store, may: dict[str, Any]) -> None:
    members = set(may["members"])
    counts: dict[int, float] = defaultdict(float)
    weights: dict[int, float] = defaultdict(float)
    for a1, a2, quad, goldstein in stories(
        demo_store, *MONTH, "actor1_country, actor2_country, quad_class, goldstein"
    ):
        if a1 in members and a2 in members and a1 != a2 and quad is not None:
            counts[quad] += 1
            weights[quad] += abs(goldstein)
    [row] = may["index"]
    assert (row["verbal_cooperation"], row["material_cooperation"]) == (counts[1], counts[2])
    assert (row["verbal_conflict"], row["material_conflict"]) == (counts[3], counts[4])
    assert row["cooperation_share"] == pytest.approx((counts[1] + counts[2]) / sum(counts.values()), abs=1e-6)
    assert row["verbal_cooperation_share"] == pytest.approx(counts[1] / (counts[1] + counts[3]), abs=1e-6)
    assert row["material_cooperation_share"] == pytest.approx(counts[2] / (counts[2] + counts[4]), abs=1e-6)
    assert row["material_balance"] == pytest.approx(
        (weights[2] - weights[4]) / (weights[2] + weights[4]), abs=1e-6
    )


def test_trend_is_the_slope_of_the_last_periods(demo_store: Store) -> None:
    every = region_matrix(demo_store, "CICA")
    by_pair: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for p in every["pairs"]:
        if p["balance"] is not None:
            by_pair[(p["a"], p["b"])][p["period"]] = p["balance"]
    window = ["2013-12", *(f"2014-{m:02d}" for m in range(1, 6))]
    assert len(window) == TREND
    checked = 0
    for p in every["pairs"]:
        if p["period"] != "2014-05":
            continue
        found = [
            (i, by_pair[(p["a"], p["b"])][w]) for i, w in enumerate(window) if w in by_pair[(p["a"], p["b"])]
        ]
        if len(found) < 3:
            assert p["trend"] is None
            continue
        x, y = zip(*found, strict=True)
        want = np.polyfit(x, y, 1)[0]  # balance change per period, months without a balance left out
        assert p["trend"] == pytest.approx(want, abs=1e-6)
        checked += 1
    assert checked > 0


def test_membership_dates_are_honoured(demo_store: Store) -> None:
    sco = region_matrix(demo_store, "SCO", period="2014-05")
    assert "IND" not in sco["members"] and "PAK" not in sco["members"]  # joined 9 June 2017
    assert all(p["a"] in sco["members"] and p["b"] in sco["members"] for p in sco["pairs"])


def user_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_user_grouping_behaves_like_the_built_in_one(demo_store: Store, tmp_path: Path) -> None:
    doc = tomllib.loads(data_path("groupings.toml").read_text(encoding="utf-8"))
    sco = next(g for g in doc["groupings"] if g["id"] == "SCO")
    lines = ["[[groupings]]", 'id = "MYSCO"', 'name = "my copy of the SCO"', "members = ["]
    lines += [f'  {{ code = "{m["code"]}", since = {m["since"].isoformat()} }},' for m in sco["members"]]
    path = user_file(tmp_path, "\n".join([*lines, "]"]) + "\n")
    mine = region_matrix(demo_store, "mysco", period="2014-05", groupings=path)
    built = region_matrix(demo_store, "SCO", period="2014-05")
    assert mine["grouping"] == "MYSCO" and mine["source"] == str(path)
    for key in ("members", "pairs", "index"):
        assert mine[key] == built[key]
    found = runner.invoke(
        app,
        ["region", "--grouping", "MYSCO", "--groupings", str(path), "--period", "2014-05", "--json",
         "--data-dir", str(demo_store.data_dir)],
    )  # fmt: skip
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["pairs"] == json.loads(json.dumps(built["pairs"]))


def test_a_small_user_grouping_has_the_cells_of_its_pairs(
    demo_store: Store, tmp_path: Path, may: dict[str, Any]
) -> None:
    path = user_file(
        tmp_path,
        '[[groupings]]\nid = "SCS"\nmembers = [{ code = "CHN", since = 2000-01-01 }, '
        '{ code = "VNM", since = 2000-01-01 }, { code = "PHL", since = 2000-01-01 }]\n',
    )
    mine = region_matrix(demo_store, "SCS", period="2014-05", groupings=path)
    assert mine["members"] == ["CHN", "PHL", "VNM"]
    cica = {(p["a"], p["b"]): p for p in may["pairs"]}
    [chn_vnm] = [p for p in mine["pairs"] if (p["a"], p["b"]) == ("CHN", "VNM")]
    assert chn_vnm == cica[("CHN", "VNM")]


HEAD = '[[groupings]]\nid = "X"\nmembers = [{ code = "CHN", since = 2000-01-01 }, '


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            HEAD + '{ code = "XYZ", since = 2000-01-01 }]\n',
            "'XYZ' is not an ISO3",
        ),
        (
            HEAD + '{ code = "VNM", since = "soon" }]\n',
            "since must be a date",
        ),
        (
            '[[groupings]]\nid = "X"\nmembers = [{ code = "CHN", since = 2000-01-01 }]\n',
            "at least two members",
        ),
        ("[[groupings]\n", "cannot be read"),
    ],
)
def test_a_bad_grouping_file_is_refused_naming_file_and_value(
    tmp_path: Path, body: str, message: str
) -> None:
    path = user_file(tmp_path, body)
    with pytest.raises(InputError) as raised:
        load_grouping("X", path)
    assert str(path) in str(raised.value) and message in str(raised.value)


def test_cli_region_json_and_errors(demo_store: Store) -> None:
    found = runner.invoke(
        app, ["region", "--period", "2014-05", "--json", "--data-dir", str(demo_store.data_dir)]
    )
    assert found.exit_code == 0, found.output
    data = json.loads(found.stdout)
    assert data["members"] == raw_members("CICA", date(2014, 5, 31))
    assert {"a", "b", "period", "balance"} <= set(data["pairs"][0])
    wrong = runner.invoke(app, ["region", "--grouping", "NOPE", "--data-dir", str(demo_store.data_dir)])
    assert wrong.exit_code == 2 and "no grouping 'NOPE'" in wrong.output
    bad = runner.invoke(app, ["region", "--period", "2014-13-01", "--data-dir", str(demo_store.data_dir)])
    assert bad.exit_code == 2


# --- principles ---


@pytest.fixture(scope="module")
def june(demo_store: Store) -> dict[str, Any]:
    return principles(demo_store, "CICA", period="2015-06")


COLUMNS = (
    "actor1_country, actor2_country, event_code, quad_class, date, actor1_type1, actor1_type2, actor1_type3, "
    "actor2_type1, actor2_type2, actor2_type3, actor1_known_group, actor2_known_group"
)


def june_stories(store: Store) -> list[tuple[Any, ...]]:
    return [r for r in stories(store, *PRINCIPLES_MONTH, COLUMNS) if r[4] < date(2015, 7, 1)]


def test_equal_security_from_the_records(demo_store: Store, june: dict[str, Any]) -> None:
    members = set(raw_members("CICA", date(2015, 6, 30)))
    posture: dict[tuple[str, str], int] = defaultdict(int)
    hostile: dict[tuple[str, str], int] = defaultdict(int)
    for a1, a2, code, quad, *_ in june_stories(demo_store):
        if a1 in members and a2 in members and a1 != a2:
            if code and code[:2] in ("15", "19", "20"):
                posture[(a1, a2)] += 1
            if quad in (3, 4):
                hostile[(a1, a2)] += 1
    want = [
        (a, b, n, hostile[(b, a)], (n - hostile[(b, a)]) / (n + hostile[(b, a)]))
        for (a, b), n in sorted(posture.items())
    ]
    got = [(r["a"], r["b"], r["posture"], r["threat"], r["asymmetry"]) for r in june["equal_security"]]
    assert len(got) == len(want) > 0
    for row, expected in zip(got, want, strict=True):
        assert row[:4] == expected[:4] and row[4] == pytest.approx(expected[4], abs=1e-6)


def test_sustainable_and_cooperative_from_the_records(demo_store: Store, june: dict[str, Any]) -> None:
    members = set(raw_members("CICA", date(2015, 6, 30)))
    econ: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    total: dict[str, int] = defaultdict(int)
    multi: dict[str, int] = defaultdict(int)
    for a1, a2, code, _, _, *rest in june_stories(demo_store):
        kinds, groups = set(rest[:6]), set(rest[6:])
        for c in {a1, a2} & members:
            total[c] += 1
            multi[c] += bool(kinds & {"IGO", "UNO", "PKO"}) or bool(
                groups & {"UNO", "ASN", "EEC", "OIC", "ARL", "NAT"}
            )
        if a1 in members and a2 in members and a1 != a2 and code:
            pair = (min(a1, a2), max(a1, a2))
            if code.startswith(("0211", "0311", "0331", "061", "071")):
                econ[pair][0] += 1
            elif code.startswith(("1311", "1312", "1621", "163")):
                econ[pair][1] += 1
    assert [(r["a"], r["b"], r["cooperation"], r["coercion"]) for r in june["sustainable"]] == [
        (a, b, c, x) for (a, b), (c, x) in sorted(econ.items())
    ]
    assert {r["country"]: (r["events"], r["multilateral"]) for r in june["cooperative"]} == {
        c: (total[c], multi[c]) for c in total
    }


def test_alliance_rows_are_aligned_pairs_hostile_to_one_third(
    demo_store: Store, june: dict[str, Any]
) -> None:
    members = set(raw_members("CICA", date(2015, 6, 30)))
    rows = stories(demo_store, *PRINCIPLES_MONTH, COLUMNS)
    aligned = {
        (min(a1, a2), max(a1, a2))
        for a1, a2, code, _, day, *_ in rows
        if day < date(2015, 7, 1) and a1 in members and a2 in members and a1 != a2 and code
        and code.startswith(("0312", "0332", "057", "062", "072", "074"))
    }  # fmt: skip
    hostile: dict[str, set[str]] = defaultdict(set)
    for a1, a2, _, quad, *_ in rows:
        if a1 in members and a2 and a1 != a2 and quad in (3, 4):
            hostile[a1].add(a2)
    want = sorted((a, b, c) for a, b in aligned for c in (hostile[a] & hostile[b]) - {a, b})
    assert sorted((r["a"], r["b"], r["third"]) for r in june["alliance"]) == want
    assert want  # June 2015 has one: the metric is exercised


def test_no_expense_activity_and_neighbours(demo_store: Store, june: dict[str, Any]) -> None:
    from importlib.resources import files

    text = files("holosec.reference").joinpath("data", "countryInfo.txt").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")][1:]
    iso3 = {r[0]: r[1] for r in rows}
    neighbours = {r[1]: sorted(iso3[c] for c in r[17].split(",") if c in iso3) for r in rows}
    members = raw_members("CICA", date(2015, 6, 30))
    # one record per story (ICEWS records have no mentions or sources: the smallest id), all its tags
    weights = dict(
        demo_store.execute(
            f"WITH s AS (SELECT min(event_id) AS event_id FROM events "
            f"WHERE date BETWEEN '2015-06-01' AND '2015-06-30' GROUP BY {STORY}) "
            "SELECT actor1_country, sum(weight) FROM s JOIN events USING (event_id) "
            "JOIN event_tags USING (event_id) WHERE field = 'military' GROUP BY 1"
        ).fetchall()
    )
    got = {r["country"]: r for r in june["no_expense"]}
    assert set(got) == {c for c in members if weights.get(c, 0) > 0}
    for code, row in got.items():
        assert row["activity"] == pytest.approx(weights[code], abs=1e-6)
        assert row["neighbours"] == neighbours[code]
        assert row["flag"] == bool(
            (row["rise"] is None or row["rise"] >= 0.5)
            and row["neighbour_threat"] is not None
            and row["neighbour_threat_before"] is not None
            and row["neighbour_threat"] > row["neighbour_threat_before"]
        )


def test_cli_principles_json(demo_store: Store, june: dict[str, Any]) -> None:
    found = runner.invoke(
        app, ["principles", "--period", "2015-06", "--json", "--data-dir", str(demo_store.data_dir)]
    )
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)["equal_security"] == june["equal_security"]


# --- API and pages ---


def test_api_region_is_the_library_matrix(api: Any, may: dict[str, Any]) -> None:
    answer = api.get("/api/v1/region?grouping=CICA&period=2014-05")
    assert answer.status_code == 200
    assert answer.json()["pairs"] == json.loads(json.dumps(may["pairs"]))
    assert answer.json()["members"] == may["members"]
    groupings = api.get("/api/v1/groupings").json()
    assert "CICA" in {g["id"] for g in groupings["data"]}
    principles_answer = api.get("/api/v1/region/principles?period=2015-06")
    assert principles_answer.status_code == 200 and principles_answer.json()["period"] == "2015-06"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/region?grouping=NOPE", 400),
        ("/api/v1/region?period=May", 422),
        ("/api/v1/region?by=day", 422),
    ],
)
def test_api_region_errors_have_the_one_shape(api: Any, url: str, status: int) -> None:
    answer = api.get(url)
    assert answer.status_code == status
    assert set(answer.json()["error"]) == {"status", "code", "message"}
    assert api.fresh().get("/api/v1/region").status_code == 401


def page(api: Any, url: str) -> Any:
    return api.client.get(url, headers={**api.auth("viewer"), "Accept": "text/html"})


def test_region_page_heatmap_opens_the_pair_pages(api: Any, may: dict[str, Any]) -> None:
    found = page(api, "/region?period=2014-05")
    assert found.status_code == 200
    start = found.text.index('id="region-matrix-spec">') + len('id="region-matrix-spec">')
    spec = json.loads(found.text[start : found.text.index("</script>", start)])
    data = spec["data"]
    cells = data["values"] if "values" in data else spec["datasets"][data["name"]]  # Altair moves rows there
    assert len(cells) == 2 * len(may["pairs"])  # both halves of the symmetric matrix
    first = cells[0]
    assert first["href"].startswith(f"/pair/{min(first['a'], first['b'])}/")
    assert page(api, first["href"]).status_code == 200
    principles_page = page(api, "/region/principles?period=2015-06")
    assert principles_page.status_code == 200 and 'id="principle-alliance"' in principles_page.text
    assert page(api, "/region?grouping=NOPE").status_code == 404


REGIONAL_PAGES = [
    "/region?lang=en",
    "/region?grouping=ASEAN&lang=zh",
    "/region/principles?lang=en",
    "/lenses?lang=en",
    "/lenses/foreign-aid?lang=zh",
    "/exposure?lang=en",
]


@pytest.mark.parametrize("url", REGIONAL_PAGES)
def test_regional_pages_need_sign_in_and_load_only_local_scripts(api: Any, url: str) -> None:
    signed_out = api.fresh().get(url, headers={"Accept": "text/html"})
    assert signed_out.status_code == 303 and signed_out.headers["location"] == "/login"
    found = page(api, url)
    assert found.status_code == 200
    scripts = re.findall(r"<script([^>]*)>", found.text)
    assert scripts
    for attributes in scripts:
        if 'type="application/json"' in attributes:
            continue
        assert re.search(r'src="/static/', attributes), attributes
    nav = ">地区</a>" if "lang=zh" in url else ">Region</a>"
    assert nav in found.text
    page(api, "/lenses?lang=en")  # the language sticks in a cookie: leave the shared client in English
    assert 'href="/region' in found.text and 'href="/lenses' in found.text and 'href="/exposure' in found.text


def test_the_matrix_moves_with_the_south_china_sea_series(demo_store: Store) -> None:
    """The ICEWS monthly South China Sea series (a cut bundled for the warning tests: China-Viet Nam
    conflict counts, COW codes 710 and 816) and the matrix built from the bundled ICEWS records agree on
    the oil-rig crisis: conflict between China and Viet Nam jumps from April to May 2014, and the pair's
    balance falls."""
    series = Path(__file__).parent / "data" / "warning" / "south-china-sea-conflict-cut.csv"
    conflict: dict[str, int] = defaultdict(int)
    for line in series.read_text().splitlines()[1:]:
        source, _, target, _, month_code, _, cooperation, count, _ = line.split(",")
        if {source, target} == {"710", "816"} and cooperation == "0":
            conflict[f"{month_code[:4]}-{month_code[4:]}"] += int(count)
    assert conflict["2014-05"] > 3 * conflict["2014-04"] > 0
    cells = {
        row["period"]: row
        for row in region_matrix(demo_store, "CICA")["pairs"]
        if (row["a"], row["b"]) == ("CHN", "VNM")
    }
    april, may = cells["2014-04"], cells["2014-05"]
    assert may["conflict_events"] > april["conflict_events"]
    assert may["balance"] < april["balance"]
