"""Taxonomy versions, the version map, users' own taxonomy files, threat families and the generated docs."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from pathlib import Path

import pytest

from holosec.documents.taxonomy import BEGIN, END, generated_part, render, splice
from holosec.errors import HolosecError, ParameterError, TaxonomyError
from holosec.reference import country_name
from holosec.taxonomy import (
    PACKAGED,
    Taxonomy,
    families_json,
    fields_json,
    flashpoints_json,
    load_families,
    load_flashpoints,
    load_taxonomy,
    recut,
    version_map,
)

ROOT = Path(__file__).resolve().parent.parent

V2014 = [
    "political", "homeland", "military", "economic", "cultural", "social",
    "science_technology", "information", "ecological", "resource", "nuclear",
]  # fmt: skip
V2020 = [
    "political", "homeland", "military", "economic", "cultural", "social", "science_technology",
    "cyber", "ecological", "resource", "nuclear", "overseas_interests", "biological",
    "outer_space", "polar", "deep_sea",
]  # fmt: skip
V2023 = [*V2020, "financial", "food", "artificial_intelligence", "data"]
IDS = {"v2014": V2014, "v2020": V2020, "v2023": V2023}

# DESIGN.md section 1
CHINESE = {
    "political": "政治安全",
    "homeland": "国土安全",
    "military": "军事安全",
    "economic": "经济安全",
    "cultural": "文化安全",
    "social": "社会安全",
    "science_technology": "科技安全",
    "information": "信息安全",
    "cyber": "网络安全",
    "ecological": "生态安全",
    "resource": "资源安全",
    "nuclear": "核安全",
    "overseas_interests": "海外利益安全",
    "biological": "生物安全",
    "outer_space": "太空安全",
    "polar": "极地安全",
    "deep_sea": "深海安全",
    "financial": "金融安全",
    "food": "粮食安全",
    "artificial_intelligence": "人工智能安全",
    "data": "数据安全",
}
PAIRS = [(a, b) for a in PACKAGED for b in PACKAGED]


def close(a: Mapping[str, float], b: Mapping[str, float]) -> bool:
    keys = set(a) | set(b)
    return all(abs(a.get(k, 0.0) - b.get(k, 0.0)) < 1e-9 for k in keys)


def compose(
    first: Mapping[str, Mapping[str, float]], second: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for source, row in first.items():
        shares: dict[str, float] = {}
        for middle, weight in row.items():
            for target, share in second[middle].items():
                shares[target] = shares.get(target, 0.0) + weight * share
        out[source] = shares
    return out


# ---- the packaged versions -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", PACKAGED)
def test_packaged_versions_have_the_fixed_ids(version: str) -> None:
    assert load_taxonomy(version).ids() == IDS[version]


def test_counts_and_default() -> None:
    assert [len(load_taxonomy(v).fields) for v in PACKAGED] == [11, 16, 20]
    assert load_taxonomy().version == "v2014"
    assert load_taxonomy("v2014") is load_taxonomy("v2014")  # packaged versions are read once


@pytest.mark.parametrize("version", PACKAGED)
def test_every_field_has_both_names_a_definition_and_its_chinese_name(version: str) -> None:
    for field in load_taxonomy(version).fields:
        assert field.name_en.strip() and field.definition.strip(), field.id
        assert field.name_zh == CHINESE[field.id]
        assert "\n" not in field.definition and field.definition.endswith("."), field.id


@pytest.mark.parametrize("version", PACKAGED)
def test_traditional_fields_are_political_homeland_military(version: str) -> None:
    traditional = [f.id for f in load_taxonomy(version).fields if f.traditional]
    assert traditional == ["political", "homeland", "military"]
    assert load_taxonomy(version).field("nuclear").traditional is False


def test_versions_of_a_field_are_the_packaged_files_that_have_it() -> None:
    for version in PACKAGED:
        for field in load_taxonomy(version).fields:
            expected = tuple(v for v in PACKAGED if field.id in IDS[v])
            assert field.versions == expected, (version, field.id)


def test_a_field_has_the_same_names_in_every_version() -> None:
    seen: dict[str, tuple[str, str, bool]] = {}
    for version in PACKAGED:
        for f in load_taxonomy(version).fields:
            assert seen.setdefault(f.id, (f.name_en, f.name_zh, f.traditional)) == (
                f.name_en,
                f.name_zh,
                f.traditional,
            )


def test_unknown_field_names_the_known_ones() -> None:
    with pytest.raises(TaxonomyError, match=r"^v2014: no field 'cyber'; its fields are political, "):
        load_taxonomy("v2014").field("cyber")
    assert issubclass(TaxonomyError, HolosecError)


def test_fields_json_is_a_list_of_json_objects() -> None:
    rows = fields_json("v2023")
    assert len(rows) == 20
    assert set(rows[0]) == {"id", "name_en", "name_zh", "traditional", "definition", "versions"}
    assert rows[0]["traditional"] is True and rows[-1]["versions"] == ["v2023"]
    assert json.loads(json.dumps(rows, ensure_ascii=False)) == rows
    assert [r["id"] for r in fields_json()] == V2014


# ---- the version map -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_row_of_every_map_sums_to_one(source: str, target: str) -> None:
    mapping = version_map(source, target)
    assert list(mapping) == IDS[source]
    for field_id, row in mapping.items():
        assert row, field_id
        assert set(row) <= set(IDS[target]), field_id
        assert all(w > 0 for w in row.values()), field_id
        assert abs(sum(row.values()) - 1) < 1e-9, field_id


@pytest.mark.parametrize("version", PACKAGED)
def test_a_version_maps_to_itself_one_to_one(version: str) -> None:
    assert version_map(version, version) == {f: {f: 1.0} for f in IDS[version]}


def test_the_mapping_decisions() -> None:
    down14, down20 = version_map("v2023", "v2014"), version_map("v2023", "v2020")
    assert down14["cyber"] == {"information": 1.0}
    assert down14["data"] == {"information": 1.0} and down20["data"] == {"cyber": 1.0}
    assert down14["financial"] == down20["financial"] == {"economic": 1.0}
    assert down14["food"] == down20["food"] == {"economic": 0.5, "resource": 0.5}
    assert down14["artificial_intelligence"] == {"science_technology": 1.0}
    assert down14["overseas_interests"] == {"political": 0.5, "economic": 0.5}
    assert down14["biological"] == {"social": 1.0}
    for frontier in ("outer_space", "polar", "deep_sea"):
        assert "homeland" not in down14[frontier]
    up = version_map("v2014", "v2023")
    assert up["information"] == {"cyber": 0.75, "data": 0.25}
    assert up["economic"] == {"economic": 0.75, "financial": 0.25}
    assert up["homeland"] == {"homeland": 1.0}


def test_every_explicit_row_gives_its_reason() -> None:
    for version in ("v2014", "v2020"):
        links = load_taxonomy(version).links
        assert links
        assert all(len(link.why) > 20 for link in links), version


def test_v2023_to_v2014_goes_through_v2020() -> None:
    direct = version_map("v2023", "v2014")
    stepped = compose(version_map("v2023", "v2020"), version_map("v2020", "v2014"))
    assert all(close(direct[f], stepped[f]) for f in V2023)


@pytest.mark.parametrize("version", ["v2014", "v2020"])
def test_up_then_down_is_the_identity(version: str) -> None:
    round_trip = compose(version_map(version, "v2023"), version_map("v2023", version))
    assert all(close(round_trip[f], {f: 1.0}) for f in IDS[version])


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_recut_conserves_the_total(source: str, target: str) -> None:
    rng = random.Random(f"{source}-{target}")
    for _ in range(50):
        ids = rng.sample(IDS[source], rng.randint(1, len(IDS[source])))
        weights = {f: rng.choice([0.0, 1.0, rng.uniform(-5, 100), float(rng.randint(0, 10**6))]) for f in ids}
        out = recut(weights, source, target)
        assert set(out) <= set(IDS[target])
        assert sum(out.values()) == pytest.approx(sum(weights.values()), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize(
    "weights",
    [
        {"information": 10.0},
        {"economic": 4.0, "resource": 1.0, "science_technology": 2.5},
        {f: float(i + 1) for i, f in enumerate(V2014)},
        {"political": 0.2, "homeland": 0.3, "information": 0.5},
    ],
)
def test_v2014_to_v2023_and_back_returns_the_original(weights: dict[str, float]) -> None:
    assert close(recut(recut(weights, "v2014", "v2023"), "v2023", "v2014"), weights)
    assert close(recut(recut(weights, "v2014", "v2020"), "v2020", "v2014"), weights)


def test_recut_known_values() -> None:
    assert recut({"food": 2.0, "data": 1.0, "cyber": 1.0}, "v2023", "v2014") == {
        "economic": 1.0,
        "information": 2.0,
        "resource": 1.0,
    }
    assert recut({"information": 4.0}, "v2014", "v2020") == {"cyber": 4.0}
    assert recut({"overseas_interests": 2.0}, "v2020", "v2014") == {"political": 1.0, "economic": 1.0}


def test_recut_refuses_a_field_of_another_version() -> None:
    with pytest.raises(TaxonomyError, match=r"^v2014: 'cyber' is not one of its fields"):
        recut({"cyber": 1.0}, "v2014", "v2023")


# ---- users' own taxonomy files ---------------------------------------------------------------------------

STATE = ("political", "homeland", "military")


def user_file_text() -> str:
    """A good two-field taxonomy: the traditional fields are 'state', the rest 'society'."""
    rows = []
    for field_id in V2023:
        to = (
            "{ state = 0.2, society = 0.8 }"
            if field_id == "food"
            else ("{ state = 1.0 }" if field_id in STATE else "{ society = 1.0 }")
        )
        rows.append(f'[[from_v2023]]\nfield = "{field_id}"\nto = {to}\nwhy = "test"\n')
    return "\n".join(
        [
            'version = "mine"',
            'title = "State and society"',
            "",
            "[[fields]]",
            'id = "state"',
            'name_en = "State security"',
            'name_zh = "国家政权安全"',
            'definition = "The regime, territory and armed forces."',
            "traditional = true",
            "",
            "[[fields]]",
            'id = "society"',
            'name_en = "Societal security"',
            'name_zh = "社会安全"',
            'definition = "Everything else."',
            "traditional = false",
            "",
            *rows,
            "[[to_v2023]]",
            'field = "state"',
            "to = { political = 0.4, homeland = 0.3, military = 0.3 }",
            "",
        ]
    )


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_user_file_loads_and_recuts(tmp_path: Path) -> None:
    path = write(tmp_path, user_file_text())
    mine = load_taxonomy(path)
    assert (mine.version, mine.ids(), mine.title) == ("mine", ["state", "society"], "State and society")
    assert mine.field("state").traditional and mine.field("society").versions == ("mine",)
    assert mine.from_v2023["food"] == {"state": 0.2, "society": 0.8}
    assert load_taxonomy(str(path)).ids() == mine.ids()
    counts = {f: 1.0 for f in V2023}
    assert recut(counts, "v2023", mine) == pytest.approx({"state": 3.2, "society": 16.8})
    assert recut({"state": 10.0}, path, "v2023") == pytest.approx(
        {"political": 4.0, "homeland": 3.0, "military": 3.0}
    )
    society_back = mine.to_v2023["society"]  # derived: in proportion to what flows in
    assert society_back["food"] == pytest.approx(0.8 / 16.8)
    assert sum(society_back.values()) == pytest.approx(1)
    for row in version_map(mine, "v2014").values():
        assert sum(row.values()) == pytest.approx(1)
    assert version_map(mine, path) == {"state": {"state": 1.0}, "society": {"society": 1.0}}


def test_a_user_file_reusing_v2023_ids_needs_rows_only_for_the_rest(tmp_path: Path) -> None:
    blocks = [
        f'[[fields]]\nid = "{f.id}"\nname_en = "{f.name_en}"\nname_zh = "{f.name_zh}"\n'
        f'definition = "x."\ntraditional = {str(f.traditional).lower()}\n'
        for f in load_taxonomy("v2023").fields
        if f.id not in ("food", "data")
    ]
    text = "\n".join(
        [
            'version = "no-food"',
            *blocks,
            '[[from_v2023]]\nfield = "food"\nto = { resource = 1.0 }\n',
            '[[from_v2023]]\nfield = "data"\nto = { cyber = 1.0 }\n',
        ]
    )
    mine = load_taxonomy(write(tmp_path, text))
    assert len(mine.fields) == 18 and mine.from_v2023["political"] == {"political": 1.0}
    assert recut({"food": 2.0, "data": 1.0}, "v2023", mine) == {"cyber": 1.0, "resource": 2.0}


def _drop_from_row(text: str, field_id: str) -> str:
    row = f'[[from_v2023]]\nfield = "{field_id}"\nto = {{ society = 1.0 }}\nwhy = "test"\n'
    assert row in text
    return text.replace(row, "")


BAD_FILES = [
    # (what is wrong, how to break the good file, the message after "PATH: ")
    (
        "unknown target in a mapping",
        lambda t: t.replace("{ state = 0.2, society = 0.8 }", "{ state = 0.2, farm = 0.8 }"),
        "[[from_v2023]] 'food' maps to 'farm', which is not a mine field",
    ),
    (
        "unknown v2023 field in a mapping",
        lambda t: t.replace('field = "cultural"', 'field = "culture"'),
        "[[from_v2023]] names 'culture', which is not a v2023 field",
    ),
    (
        "unknown v2023 field in a back mapping",
        lambda t: t.replace("homeland = 0.3, military", "territory = 0.3, military"),
        "[[to_v2023]] 'state' maps to 'territory', which is not a v2023 field",
    ),
    (
        "missing name_en",
        lambda t: t.replace('name_en = "Societal security"\n', ""),
        "field 'society' has no name_en",
    ),
    (
        "blank name_zh",
        lambda t: t.replace('name_zh = "国家政权安全"', 'name_zh = "  "'),
        "field 'state' has no name_zh",
    ),
    (
        "missing definition",
        lambda t: t.replace('definition = "Everything else."\n', ""),
        "field 'society' has no definition",
    ),
    (
        "missing traditional",
        lambda t: t.replace("traditional = false\n", ""),
        "field 'society' has no traditional = true or false",
    ),
    (
        "a field without id",
        lambda t: t.replace('id = "society"\n', ""),
        "field #2 has no id",
    ),
    (
        "an id that is not an identifier",
        lambda t: t.replace('id = "society"', 'id = "Society Field"'),
        "field id 'Society Field' must be lower-case letters, digits and underscores",
    ),
    (
        "duplicate ids",
        lambda t: t.replace('id = "society"', 'id = "state"'),
        "field 'state' is defined twice",
    ),
    (
        "a mapping to nothing: empty table",
        lambda t: t.replace("{ state = 0.2, society = 0.8 }", "{}"),
        "[[from_v2023]] 'food' maps to nothing (its 'to' table is empty or missing)",
    ),
    (
        "a mapping to nothing: v2023 field left out",
        lambda t: _drop_from_row(t, "data"),
        "v2023 field 'data' maps to nothing in 'mine': no field has that id and no [[from_v2023]] entry "
        "gives its weights",
    ),
    (
        "weights not summing to 1",
        lambda t: t.replace("{ state = 0.2, society = 0.8 }", "{ state = 0.2, society = 0.7 }"),
        "[[from_v2023]] 'food' weights sum to 0.9, not 1",
    ),
    (
        "a weight of zero",
        lambda t: t.replace("{ state = 0.2, society = 0.8 }", "{ state = 0, society = 1 }"),
        "[[from_v2023]] 'food' weight for 'state' must be a number above 0",
    ),
    (
        "a field nothing maps to",
        lambda t: t.replace("{ state = 0.2, society = 0.8 }", "{ society = 1.0 }").replace(
            "{ state = 1.0 }", "{ society = 1.0 }"
        ),
        "field 'state' receives nothing from v2023: name it in a [[from_v2023]] 'to' table",
    ),
    (
        "a row given twice",
        lambda t: t + '\n[[from_v2023]]\nfield = "food"\nto = { state = 1.0 }\n',
        "[[from_v2023]] 'food' is given twice for 'mine'",
    ),
    (
        "a packaged version name",
        lambda t: t.replace('version = "mine"', 'version = "v2014"'),
        "version 'v2014' is a packaged taxonomy; give yours another name",
    ),
    (
        "no version",
        lambda t: t.replace('version = "mine"\n', ""),
        'no version: give the taxonomy a name, e.g. version = "mine"',
    ),
    (
        "a misspelt key",
        lambda t: t.replace('name_en = "State security"', 'name_en = "State security"\nnmae_zh = "x"'),
        "field 'state' has an unknown key 'nmae_zh'",
    ),
    (
        "no fields",
        lambda t: 'version = "mine"\n',
        "no fields: give each field as a [[fields]] table",
    ),
]


@pytest.mark.parametrize(("problem", "breaks", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_user_file_gives_one_line_naming_file_and_problem(
    tmp_path: Path, problem: str, breaks: object, message: str
) -> None:
    text = user_file_text()
    broken = breaks(text)  # type: ignore[operator]
    assert broken != text, problem
    path = write(tmp_path, broken)
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path)
    assert str(caught.value) == f"{path}: {message}"
    assert "\n" not in str(caught.value)


def test_a_file_that_is_not_toml_or_not_there(tmp_path: Path) -> None:
    path = write(tmp_path, "version = \n")
    with pytest.raises(TaxonomyError, match=r"mine\.toml: not valid TOML \("):
        load_taxonomy(path)
    with pytest.raises(ParameterError, match=r"^taxonomy: unknown taxonomy version 'v2099' \(give v2014"):
        load_taxonomy("v2099")
    with pytest.raises(TaxonomyError, match=r"missing\.toml: no such taxonomy file"):
        load_taxonomy(tmp_path / "missing.toml")


# ---- interwoven-threat families and flashpoints ----------------------------------------------------------


def test_families_are_data_with_names_and_definitions() -> None:
    families = load_families()
    assert [f.id for f in families] == [
        "terrorism",
        "separatism",
        "extremism",
        "hotspots",
        "ethnic_religious",
    ]
    assert [f.name_zh for f in families] == ["恐怖主义", "分裂主义", "极端主义", "热点问题", "民族宗教问题"]
    for family in families:
        assert family.name_en and family.definition.endswith(".")
        assert set(family.cuts_across) <= set(V2023) and len(family.cuts_across) >= 2
    assert families_json()[0]["cuts_across"] == list(families[0].cuts_across)


def test_flashpoints_name_real_countries_and_sane_boxes() -> None:
    points = load_flashpoints()
    assert {"korean_peninsula", "south_china_sea", "taiwan_strait", "kashmir"} <= {p.id for p in points}
    for point in points:
        assert point.name_en and point.name_zh and point.note
        assert all(country_name(c) for c in point.countries), point.id
    assert json.loads(json.dumps(flashpoints_json())) == flashpoints_json()


def test_flashpoint_cover_needs_the_country_and_a_point_in_a_box() -> None:
    sea = next(p for p in load_flashpoints() if p.id == "south_china_sea")
    assert sea.covers("PHL", 15.0, 117.0)  # Scarborough Shoal
    assert not sea.covers("JPN", 15.0, 117.0)  # not a listed country
    assert not sea.covers("CHN", 39.9, 116.4)  # Beijing: listed country, outside the box
    assert not sea.covers("VNM", None, None)  # no coordinates, so cannot be placed
    korea = next(p for p in load_flashpoints() if p.id == "korean_peninsula")
    assert korea.covers("PRK", None, None) and not korea.covers(None, 39.0, 125.7)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[families]]\nid = "a"\nname_en = "A"\nname_zh = "甲"\ndefinition = "x"\n' * 2
            + '[[flashpoints]]\nid = "p"\nname_en = "P"\nname_zh = "乙"\ncountries = ["CHN"]\n',
            "family 'a' is defined twice",
        ),
        (
            '[[families]]\nid = "a"\nname_en = "A"\nname_zh = "甲"\ndefinition = "x"\n'
            'cuts_across = ["cyberr"]\n',
            "family 'a' cuts across 'cyberr', which is not a v2023 field",
        ),
        (
            '[[families]]\nid = "a"\nname_en = "A"\ndefinition = "x"\n',
            "family 'a' has no name_zh",
        ),
    ],
)
def test_a_bad_families_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "families.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_families(path)
    assert str(caught.value) == f"{path}: {message}"


@pytest.mark.parametrize(
    ("point", "message"),
    [
        (
            'countries = ["China"]',
            "flashpoint 'p' countries must be a non-empty list of ISO3 codes like 'CHN'",
        ),
        (
            'countries = ["CHN"]\nboxes = [[120, 30, 110, 20]]',
            "flashpoint 'p' box [120, 30, 110, 20] is not [min_lon, min_lat, max_lon, max_lat]",
        ),
    ],
)
def test_a_bad_flashpoint(tmp_path: Path, point: str, message: str) -> None:
    path = tmp_path / "families.toml"
    path.write_text(f'[[flashpoints]]\nid = "p"\nname_en = "P"\nname_zh = "乙"\n{point}\n', encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_flashpoints(path)
    assert str(caught.value) == f"{path}: {message}"


# ---- docs/taxonomy.md ------------------------------------------------------------------------------------


def test_the_generated_part_of_the_taxonomy_doc_is_up_to_date() -> None:
    document = (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8")
    assert generated_part(document) == render(), "run: python -m holosec.documents.taxonomy docs/taxonomy.md"


def test_the_generated_part_shows_every_field_row_and_family() -> None:
    text = render()
    for version in PACKAGED:
        taxonomy: Taxonomy = load_taxonomy(version)
        assert f"### `{version}`: {taxonomy.title}" in text
        for field in taxonomy.fields:
            assert f"| `{field.id}` | {field.name_en} | {field.name_zh} |" in text
        for link in taxonomy.links:
            assert link.why in text
    for family in load_families():
        assert f"| `{family.id}` | {family.name_en} | {family.name_zh} |" in text


def test_splice_keeps_the_prose_and_replaces_only_the_generated_part() -> None:
    stale = f"# Title\n\nprose\n\n{BEGIN}\nold table\n{END}\n\nafter\n"
    fresh = splice(stale)
    assert fresh.startswith("# Title\n\nprose\n\n") and fresh.endswith("\n\nafter\n")
    assert "old table" not in fresh and generated_part(fresh) == render()
    assert generated_part(splice("# Only prose\n")) == render()
