"""Security-field tags of events and articles: the crosswalk rules applied to the real GDELT samples, the
PLOVER gold-standard records, and the ACLED and POLECAT fixtures.

Expected fields come from what the codes mean (the CAMEO codebook, GDELT's theme names, PLOVER's contexts),
checked on real rows; the coverage bar is the issue's.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from holosec import reference
from holosec.errors import TaxonomyError
from holosec.explain import explain_event
from holosec.ingest import ingest_paths
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.taxonomy import load_flashpoints, load_taxonomy
from holosec.taxonomy.agreement import agreement, context_fields
from holosec.taxonomy.coverage import article_fields, coverage, event_fields, rules_by_id
from holosec.taxonomy.rules import data_dir, load_places, load_rules, read_tsv
from holosec.taxonomy.tagging import retag, tag_articles, tag_events

DATA = Path(__file__).parent / "data"
GSR_CODES = DATA / "polecat" / "plover_gsr_cameo_codes_derived_by_holosec.tsv"
GSR_RECORDS = DATA / "plover_gsr" / "plover_gsr_records_derived_by_holosec.tsv"
POLECAT = DATA / "polecat" / "polecat_fixture_written_by_holosec.tsv"
ACLED = DATA / "acled" / "acled_fixture_written_by_holosec.csv"
FIELDS = load_taxonomy("v2023").ids()

Tags = set[tuple[str, str, float, str]]


def all_tags(store: Store) -> Tags:
    rows = store.execute("SELECT event_id, field, weight, rule FROM event_tags").fetchall()
    rows += store.execute("SELECT article_id, field, weight, rule FROM article_tags").fetchall()
    return {(key, field, round(weight, 9), rule) for key, field, weight, rule in rows}


def tag_each_file(store: Store) -> None:
    """What the ingest hook does: tag the events and articles of every ingested file, in ingest order."""
    for record in store.files():
        tag_events(store, record.file_id)
        tag_articles(store, record.file_id)


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Every real GDELT sample, ingested and tagged file by file."""
    with Store.open(tmp_path_factory.mktemp("samples")) as store:
        ingest_paths(store, gdelt_samples())
        tag_each_file(store)
        yield store


@pytest.fixture(scope="module")
def report(samples: Store) -> dict[str, Any]:
    return coverage(samples)


def fields_of(store: Store, event_id: str) -> dict[str, float]:
    return {e["field"]: e["weight"] for e in event_fields(store, event_id)}


def article_fields_of(store: Store, article_id: str) -> dict[str, float]:
    return {e["field"]: e["weight"] for e in article_fields(store, article_id)}


# -- the quality bar -------------------------------------------------------------------------------------


def test_nine_in_ten_events_get_a_field(report: dict[str, Any]) -> None:
    assert report["events"]["records"] == 5540
    assert report["events_tagged_share"] >= 0.90
    assert all(s["tagged_share"] >= 0.90 for s in report["events"]["by_source"].values())


def test_eight_in_ten_gkg_articles_get_a_field(report: dict[str, Any]) -> None:
    by_source = report["articles"]["by_source"]
    assert by_source["gdelt2-gkg"]["records"] == 200
    assert by_source["gdelt2-gkg"]["tagged_share"] >= 0.80
    assert by_source["gdelt1-gkg"]["tagged_share"] >= 0.80
    assert report["articles_tagged_share"] >= 0.80


@pytest.mark.parametrize("kind", ["events", "articles"])
def test_no_field_takes_half_of_the_tags(report: dict[str, Any], kind: str) -> None:
    # Both ways of counting: (record, field) tags, and the records' field weight.
    assert report[kind]["max_field_share"] < 0.5
    assert max(report[kind]["weight_share"].values()) < 0.5
    assert sum(1 for n in report[kind]["per_field"].values() if n) >= 8


def test_coverage_reports_every_field_and_the_rules(report: dict[str, Any]) -> None:
    assert list(report["per_field"]) == FIELDS
    assert set(report["events"]["per_family"]) <= {
        "terrorism",
        "separatism",
        "extremism",
        "hotspots",
        "ethnic_religious",
    }
    assert not any(field.startswith("family:") for field in report["per_field"])
    assert set(report["per_rule"]) <= set(rules_by_id())
    assert report["per_rule"]["cameo.19.military"] > 0


# -- real rows whose fields are beyond dispute ----------------------------------------------------------


def test_a_cameo_190_clash_is_military(samples: Store) -> None:
    # SYR vs ISR, "use conventional military force", on the Golan Heights (GDELT 1.0 daily file).
    event = samples.execute(
        "SELECT event_code, actor1_code, actor2_code, loc_name FROM events WHERE event_id = 'gdelt1:1553619'"
    ).fetchone()
    assert event == ("190", "SYR", "ISR", "Golan Heights, Syria (general), Syria")
    fields = fields_of(samples, "gdelt1:1553619")
    assert max(fields, key=lambda f: fields[f] if f in FIELDS else -1) == "military"
    assert "homeland" in fields  # the Golan Heights are a listed disputed area
    military = next(e for e in event_fields(samples, "gdelt1:1553619") if e["field"] == "military")
    assert [r["rule"] for r in military["rules"]] == ["cameo.19.military"]


def test_every_190_event_is_military(samples: Store) -> None:
    ids = [r[0] for r in samples.execute("SELECT event_id FROM events WHERE event_code = '190'").fetchall()]
    assert len(ids) > 100
    assert all("military" in fields_of(samples, i) for i in ids[:50])


def test_a_163_sanctions_event_is_economic(samples: Store) -> None:
    # USA "impose embargo, boycott, or sanctions" on RUS (GDELT 1.0 daily file).
    code = samples.scalar("SELECT event_code FROM events WHERE event_id = 'gdelt1:564443032'")
    assert code == "163"
    fields = fields_of(samples, "gdelt1:564443032")
    assert max(fields, key=lambda f: fields[f]) == "economic"
    # The code gives economic and political; the URL's headline (".../2b-lng-pipeline-russian-team-coming-
    # start-talks-commercial-contract/") adds resource through a text rule.
    assert set(fields) == {"economic", "political", "resource"}
    rules = {r["rule"] for e in event_fields(samples, "gdelt1:564443032") for r in e["rules"]}
    assert "text.slug.resource" in rules


def test_gkg_cyber_attack_and_oil_themes(samples: Store) -> None:
    # No sample record has both CYBER_ATTACK and ENV_OIL: one record for each.
    cyber_themes = samples.scalar(
        "SELECT themes FROM articles WHERE article_id = 'gdelt2-gkg:20150218230000-8'"
    )
    oil_themes = samples.scalar(
        "SELECT themes FROM articles WHERE article_id = 'gdelt2-gkg:20150218230000-20'"
    )
    assert "CYBER_ATTACK" in cyber_themes and "ENV_OIL" in oil_themes
    assert "cyber" in article_fields_of(samples, "gdelt2-gkg:20150218230000-8")
    oil = article_fields(samples, "gdelt2-gkg:20150218230000-20")
    resource = next(e for e in oil if e["field"] == "resource")
    assert "gkg.ENV_OIL.resource" in [r["rule"] for r in resource["rules"]]
    # ENV_OIL's own row wins over the ENV_* prefix: oil is a resource, not (by itself) an ecological theme.
    assert not any(r["rule"] == "gkg.ENV_*.ecological" for e in oil for r in e["rules"])


def test_a_protest_in_a_disputed_area_is_homeland_and_social(samples: Store) -> None:
    # Palestinian rebels demonstrate in Gaza City, which GDELT places as "Gaza, Israel (general)".
    row = samples.execute(
        "SELECT event_code, actor1_code, loc_name, lat, lon FROM events WHERE event_id = 'gdelt2:719026692'"
    ).fetchone()
    assert row == ("141", "PSEREB", "Gaza, Israel (general), Israel", 31.4167, 34.3333)
    fields = event_fields(samples, "gdelt2:719026692")
    by_field = {e["field"]: e for e in fields}
    assert {"homeland", "social"} <= set(by_field)
    assert [r["rule"] for r in by_field["homeland"]["rules"]] == ["place.gaza.box"]
    assert "family:hotspots" in by_field


def test_events_at_sea_in_the_south_china_sea_are_homeland(samples: Store) -> None:
    ids = [
        r[0]
        for r in samples.execute(
            "SELECT event_id FROM events WHERE loc_name LIKE 'South China Sea%' ORDER BY event_id"
        ).fetchall()
    ]
    assert len(ids) == 9
    for event_id in ids:
        rules = {r["rule"] for e in event_fields(samples, event_id) for r in e["rules"]}
        # The feature and the box are one area: it counts once.
        assert "place.south_china_sea.box_central" in rules
        assert "place.south_china_sea.feature" not in rules


# -- how rules combine -------------------------------------------------------------------------------------


def test_field_weights_sum_to_one_per_record(samples: Store) -> None:
    for table, key in (("event_tags", "event_id"), ("article_tags", "article_id")):
        sums = samples.execute(
            f"SELECT min(s), max(s) FROM (SELECT sum(weight) AS s FROM {table} "
            f"WHERE NOT starts_with(field, 'family:') GROUP BY {key})"
        ).fetchone()
        assert sums is not None and sums[0] == pytest.approx(1) and sums[1] == pytest.approx(1)


def insert_events(store: Store, rows: list[dict[str, Any]]) -> None:
    for number, row in enumerate(rows):
        values = {"source": "test", "source_key": number, "file_id": 0, "date": "2018-01-01", **row}
        columns = ", ".join(values)
        store.execute(
            f"INSERT INTO events ({columns}) VALUES ({', '.join('?' for _ in values)})", list(values.values())
        )


def test_the_longest_prefix_wins_and_families_resolve_apart(store: Store) -> None:
    insert_events(
        store,
        [
            {"event_id": "t:1831", "event_code": "1831", "quad_class": 4},
            {"event_id": "t:1823", "event_code": "1823", "quad_class": 4},
            {"event_id": "t:192", "event_code": "192", "quad_class": 4},
        ],
    )
    tag_events(store)
    rules = {
        key: {r["rule"] for e in event_fields(store, key) for r in e["rules"]}
        for key in ("t:1831", "t:1823", "t:192")
    }
    assert rules["t:1831"] == {"cameo.183.social", "cameo.1831.terrorism"}
    assert rules["t:1823"] == {"cameo.182.social"}
    assert rules["t:192"] == {"cameo.192.military", "cameo.192.homeland"}


def test_fallback_rules_give_way_to_specific_ones(store: Store) -> None:
    insert_events(
        store,
        [
            {"event_id": "t:consult", "event_code": "040", "actor1_type1": "GOV"},
            {"event_id": "t:military", "event_code": "040", "actor1_type1": "GOV", "actor2_type1": "MIL"},
        ],
    )
    tag_events(store)
    assert fields_of(store, "t:consult") == {"political": 1.0}
    assert fields_of(store, "t:military") == {"military": 1.0}


def test_an_actor_rule_counts_once_and_quad_conditions_hold(store: Store) -> None:
    both = {"actor1_religion": "MOS", "actor2_religion": "CHR", "actor1_type1": "COP", "actor2_type1": "COP"}
    insert_events(
        store,
        [
            {"event_id": "t:peace", "event_code": "036", "quad_class": 1, **both},
            {"event_id": "t:clash", "event_code": "190", "quad_class": 4, **both},
        ],
    )
    tag_events(store)
    peace = {r["rule"]: r["weight"] for e in event_fields(store, "t:peace") for r in e["rules"]}
    assert peace == pytest.approx(
        {"actor.type.COP.social": 2 / 3, "actor.religion.any.cultural": 1 / 3}, abs=1e-4
    )
    clash = fields_of(store, "t:clash")
    assert clash["family:ethnic_religious"] == 1.0 and "military" in clash


def test_retag_recomputes_the_tags_written_at_ingest(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        ingest_paths(store, gdelt_samples())
        tag_each_file(store)
        at_ingest = all_tags(store)
        assert len(at_ingest) > 10_000
        store.execute("DELETE FROM event_tags WHERE rule = 'cameo.19.military'")
        store.execute("INSERT INTO article_tags VALUES ('gone', 'military', 1.0, 'stale')")
        result = retag(store)
        assert result["event_tags"] + result["article_tags"] == len(at_ingest)
        assert all_tags(store) == at_ingest
        # Re-tagging one file replaces its tags rather than adding to them.
        first = store.files()[0].file_id
        tag_events(store, first)
        tag_articles(store, first)
        assert all_tags(store) == at_ingest


def test_hotspots_agree_with_the_flashpoint_list(samples: Store) -> None:
    rows = samples.execute(
        "SELECT e.event_id, e.loc_country, e.lat, e.lon, list(t.rule ORDER BY t.rule) "
        "FILTER (WHERE t.field = 'family:hotspots') FROM events e "
        "LEFT JOIN event_tags t USING (event_id) GROUP BY ALL"
    ).fetchall()
    points = load_flashpoints()
    for event_id, country, lat, lon, rules in rows:
        expected = sorted(f"hotspot.{p.id}" for p in points if p.covers(country, lat, lon))
        assert (rules or []) == expected, event_id


# -- the rule files ---------------------------------------------------------------------------------------


def test_rule_files_load_with_unique_ids() -> None:
    rules = load_rules()
    ids = [r.id for r in rules] + [p.id for p in load_places()]
    assert len(ids) == len(set(ids))
    kinds = {r.kind for r in rules}
    assert {"cameo", "type", "known_group", "theme", "issue", "acled", "plover_context"} <= kinds
    assert {r.field for r in rules} - {"none"} <= {*FIELDS, *(f"family:{f}" for f in FAMILIES)}


FAMILIES = ("terrorism", "separatism", "extremism", "hotspots", "ethnic_religious")


def test_every_cameo_code_gets_a_field(store: Store) -> None:
    codes = sorted(reference.event_codes())
    insert_events(store, [{"event_id": f"c:{code}", "event_code": code} for code in codes])
    tag_events(store)
    untagged = store.execute(
        "SELECT event_id FROM events WHERE event_id NOT IN "
        "(SELECT event_id FROM event_tags WHERE NOT starts_with(field, 'family:'))"
    ).fetchall()
    assert untagged == []


def test_a_bad_rule_file_is_named_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    for name in ("cameo.tsv", "actor_types.tsv", "plover.tsv", "acled.tsv", "gkg_themes.tsv"):
        (folder / name).write_bytes((data_dir() / "rules" / name).read_bytes())
    (folder / "phoenix_issues.tsv").write_text(
        "id\tissue\tcategory\tfield\tweight\tnote\nphoenix.X.y\tTERROR\tTERROR\tsecurity\t1\t-\n",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match=r"phoenix_issues.tsv:2: 'security' is not a v2023 field"):
        load_rules(folder)
    rows = list(read_tsv(folder / "cameo.tsv"))
    assert rows[0][1]["id"].startswith("cameo.")


# -- other sources ------------------------------------------------------------------------------------------


def test_acled_event_types_are_tagged(store: Store) -> None:
    ingest_paths(store, [ACLED], source="acled")
    tag_events(store)
    labels = store.execute("SELECT event_id, event_label FROM events").fetchall()
    assert labels
    for event_id, label in labels:
        fields = fields_of(store, event_id)
        rules = {r["rule"] for e in event_fields(store, event_id) for r in e["rules"]}
        if label.startswith("Battles"):
            assert "acled.battles.any.military" in rules and "military" in fields
        if label.startswith("Protests"):
            assert "social" in fields


def test_polecat_contexts_and_modes_are_tagged(store: Store) -> None:
    ingest_paths(store, [POLECAT], source="polecat")
    tag_events(store)
    rows = store.execute("SELECT event_id, plover_context, plover_mode FROM events").fetchall()
    assert len(rows) == 21
    for event_id, contexts, _mode in rows:
        fields = fields_of(store, event_id)
        assert fields, event_id
        assert context_fields(contexts or []) <= set(fields), event_id


# -- the PLOVER gold standard --------------------------------------------------------------------------


def gold_records() -> list[dict[str, str]]:
    with GSR_CODES.open(encoding="utf-8") as codes_file, GSR_RECORDS.open(encoding="utf-8") as records_file:
        codes = {row["gsr_id"]: row["cameo_code"] for row in csv.DictReader(codes_file, delimiter="\t")}
        records = list(csv.DictReader(records_file, delimiter="\t"))
    for record in records:
        record["cameo_code"] = codes[record["gsr_id"]]
    return records


def gold_event(record: dict[str, str], number: int) -> dict[str, Any]:
    """A gold record as an event: its CAMEO code, quad class and actors (no PLOVER coding)."""
    code = record["cameo_code"]
    row: dict[str, Any] = {
        "event_id": f"gsr:{record['gsr_id']}",
        "source_key": number,
        "event_code": code,
        "root_code": code[:2],
        "quad_class": reference.quad_class(code),
    }
    for n in (1, 2):
        actor, kind = record[f"actor{n}_code"], record[f"actor{n}_type"]
        if actor in reference.actor_types():
            kind = kind or actor
        elif actor:
            row[f"actor{n}_country"] = reference.iso3_from_cameo(actor) or actor
        row[f"actor{n}_type1"] = kind or None
        row[f"actor{n}_ethnic"] = record[f"actor{n}_ethnic"] or None
        row[f"actor{n}_religion"] = record[f"actor{n}_religion"] or None
    return row


# Measured on the 322 gold records (see docs/tagging.md); asserted a little below, as floors.
GOLD_FLOORS = {
    "political": (0.60, 0.78),
    "military": (0.50, 0.75),
    "economic": (0.55, 0.50),
    "social": (0.38, 0.60),
    "family:terrorism": (0.80, 0.35),
}


def test_plover_gold_records_agree_with_their_contexts(store: Store) -> None:
    records = gold_records()
    assert len(records) == 322
    insert_events(store, [gold_event(record, n) for n, record in enumerate(records)])
    tag_events(store)
    predicted: dict[str, set[str]] = defaultdict(set)
    for event_id, field in store.execute("SELECT event_id, field FROM event_tags").fetchall():
        predicted[event_id].add(field)
    gold = {f"gsr:{r['gsr_id']}": context_fields(r["context"]) for r in records}
    result = agreement(predicted, gold)
    for field, (precision, recall) in GOLD_FLOORS.items():
        assert result[field]["precision"] >= precision, (field, result[field])
        assert result[field]["recall"] >= recall, (field, result[field])
    with_gold = [key for key, fields in gold.items() if fields]
    overlap = sum(1 for key in with_gold if gold[key] & predicted[key]) / len(with_gold)
    assert overlap >= 0.78


def test_text_tags_give_the_fields_codes_cannot_see(samples: Store) -> None:
    report = coverage(samples)["events"]
    # Ecological, nuclear and cyber have no CAMEO code: on the samples they come from URL words alone.
    for field in ("ecological", "nuclear", "cyber", "resource"):
        assert report["from_text"][field]["records_from_text_only"] > 0, field
        assert report["from_text"][field]["share"] > 0.9, field
    assert report["from_text"]["political"]["share"] < 0.1
    # A "political by default" statement yields to its URL: "exxon spent millions on climate change
    # disinformation campaign" (CAMEO 010, make a statement).
    fields = fields_of(samples, "gdelt2:479493314")
    assert max(fields, key=lambda f: fields[f]) == "ecological"
    rules = {r["rule"] for e in event_fields(samples, "gdelt2:479493314") for r in e["rules"]}
    assert "text.slug.ecological" in rules and "cameo.01.political" not in rules


def test_code_only_tagging_is_still_there(samples: Store, tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        ingest_paths(store, [p for p in gdelt_samples() if "export" in p.name])
        with store.transaction():
            store.execute("DELETE FROM event_tags")
            tag_events(store, fresh=True, text=False)
        rules = {r for (r,) in store.execute("SELECT DISTINCT rule FROM event_tags").fetchall()}
    assert rules and not any(rule.startswith("text.") for rule in rules)


def test_explain_shows_what_the_classifier_read(samples: Store) -> None:
    seen = explain_event(samples, "gdelt2:479493314")
    assert seen is not None and seen["text"] is not None
    assert seen["text"]["read"] == "exxon spent millions on climate change disinformation campaign"
    assert seen["text"]["top"] == "ecological" and seen["text"]["tags"] is True
    assert "climate change" in seen["text"]["terms"]
