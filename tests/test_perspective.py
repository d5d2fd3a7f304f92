"""Perspectives: the packaged files, and real GDELT events seen from them (internal or external, own or
common security, traditional or non-traditional).

Expectations come from the events' own actors, places and dates and from the groupings' published
membership, not from holosec's code.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from holosec.errors import ParameterError
from holosec.ingest import ingest_paths
from holosec.perspective import (
    PerspectiveError,
    classify_events,
    load_perspective,
    packaged,
    perspective_summary,
)
from holosec.perspective.model import data_path
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.taxonomy.tagging import tag_events

# The 26 CICA member states of 2014-2015 (holosec design guide, section 1).
CICA_2014 = {
    "AFG", "AZE", "BHR", "BGD", "KHM", "CHN", "EGY", "IND", "IRN", "IRQ", "ISR", "JOR", "KAZ", "KGZ", "MNG",
    "PAK", "PSE", "QAT", "KOR", "RUS", "TJK", "THA", "TUR", "ARE", "UZB", "VNM",
}  # fmt: skip


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("samples")) as store:
        ingest_paths(store, gdelt_samples())
        tag_events(store)
        yield store


def seen(store: Store, code: str, *event_ids: str) -> dict[str, tuple[str, str | None, str | None]]:
    rows = classify_events(store, load_perspective(code), list(event_ids))
    return {r["event_id"]: (r["relation"], r["security"], r["nature"]) for r in rows}


# -- the files ------------------------------------------------------------------------------------------


def test_the_packaged_perspectives_load() -> None:
    assert {"CHN", "JPN", "IND", "USA", "DEU"} <= set(packaged())
    for code in packaged():
        perspective = load_perspective(code)
        assert perspective.home == code
        assert perspective.groupings and perspective.major_powers
        assert code not in perspective.neighbours and code not in perspective.major_powers
    assert load_perspective().code == "CHN"


def test_china_has_fourteen_land_neighbours_and_its_groupings() -> None:
    china = load_perspective("CHN")
    assert len(china.land_neighbours) == 14 and "VNM" in china.land_neighbours
    assert {"KOR", "JPN", "PHL"} <= set(china.maritime_neighbours)
    assert {g.id for g in china.groupings} >= {"CICA", "SCO", "ASEAN"}


def test_cica_members_are_dated() -> None:
    cica = next(g for g in load_perspective("CHN").groupings if g.id == "CICA")
    members_2014 = {m.code for m in cica.members if m.since <= date(2014, 12, 31)}
    assert members_2014 == CICA_2014
    assert {m.code for m in cica.members} - members_2014 == {"LKA", "KWT"}
    # Partners exclude nobody by themselves; the home country is filtered when events are classified.
    assert "LKA" not in cica.partners(date(2015, 1, 1)) and "LKA" in cica.partners(date(2019, 1, 1))


def test_membership_follows_the_dates() -> None:
    germany = load_perspective("DEU")
    eu = next(g for g in germany.groupings if g.id == "EU")
    assert "GBR" in eu.partners(date(2019, 6, 1)) and "GBR" not in eu.partners(date(2020, 6, 1))
    sco = next(g for g in load_perspective("IND").groupings if g.id == "SCO")
    assert sco.partners(date(2016, 1, 1)) == []  # India joined in 2017
    assert "RUS" in sco.partners(date(2018, 1, 1))


def test_a_bad_perspective_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('home = "China"\n', encoding="utf-8")
    with pytest.raises(PerspectiveError, match=r"bad.toml: home must be a list of ISO3 codes"):
        load_perspective(bad)
    bad.write_text('home = "CHN"\n[[groupings]]\nid = "NOPE"\n', encoding="utf-8")
    with pytest.raises(PerspectiveError, match=r"grouping .* is not one of groupings.toml"):
        load_perspective(bad)
    with pytest.raises(PerspectiveError, match="no such file"):
        load_perspective(tmp_path / "missing.toml")
    with pytest.raises(ParameterError, match=r"^perspective: unknown perspective 'FRA' \(give CHN, DEU, IND"):
        load_perspective("FRA")


# -- real events ----------------------------------------------------------------------------------------


def test_a_china_japan_event_is_external_for_both(samples: Store) -> None:
    # China arrests (173) Japanese nationals, in Beijing (GDELT 1.0 daily file, 2016).
    row = samples.execute(
        "SELECT actor1_country, actor2_country, loc_country, event_code FROM events "
        "WHERE event_id = 'gdelt1:564160316'"
    ).fetchone()
    assert row == ("CHN", "JPN", "CHN", "173")
    assert seen(samples, "CHN", "gdelt1:564160316")["gdelt1:564160316"][:2] == ("external", "own")
    assert seen(samples, "JPN", "gdelt1:564160316")["gdelt1:564160316"][:2] == ("external", "own")
    germany = seen(samples, "DEU", "gdelt1:564160316")["gdelt1:564160316"]
    assert germany == ("unrelated", None, "non_traditional")


def test_a_domestic_chinese_event_is_internal(samples: Store) -> None:
    # A Chinese actor and a business in Shenzhen; a Chinese actor in Taiwan (the CHN file counts it as home).
    ids = ("gdelt2:410412360", "gdelt2:719025307")
    rows = samples.execute(
        "SELECT event_id, actor1_country, actor2_country, loc_country FROM events "
        "WHERE event_id IN (?, ?) ORDER BY event_id",
        list(ids),
    ).fetchall()
    assert rows == [("gdelt2:410412360", "CHN", None, "CHN"), ("gdelt2:719025307", "CHN", None, "TWN")]
    found = seen(samples, "CHN", *ids)
    assert {key: value[:2] for key, value in found.items()} == dict.fromkeys(ids, ("internal", "own"))
    assert seen(samples, "JPN", "gdelt2:410412360")["gdelt2:410412360"][0] == "external"
    assert seen(samples, "USA", "gdelt2:410412360")["gdelt2:410412360"][0] == "unrelated"


def test_partners_make_security_common_from_the_day_they_are_partners(samples: Store) -> None:
    # China and Russia in 2018 (SCO, CICA, BRICS); Russia and Britain in 1982, before any of them.
    found = seen(samples, "CHN", "gdelt2:719025341", "gdelt1:1553539")
    assert found["gdelt2:719025341"][:2] == ("external", "common")
    assert found["gdelt1:1553539"][:2] == ("external", "own")


def test_a_un_actor_makes_security_common(samples: Store) -> None:
    row = samples.execute(
        "SELECT actor1_type1, actor1_known_group, loc_country FROM events WHERE event_id = 'gdelt1:564137478'"
    ).fetchone()
    assert row == ("IGO", "UNO", "CHN")
    assert seen(samples, "CHN", "gdelt1:564137478")["gdelt1:564137478"][:2] == ("internal", "common")


def test_traditional_or_not_follows_the_fields(samples: Store) -> None:
    # A 190 clash (military) and a 163 sanctions event (economic first).
    assert seen(samples, "USA", "gdelt1:1553619")["gdelt1:1553619"][2] == "traditional"
    sanctions = seen(samples, "USA", "gdelt1:564443032")["gdelt1:564443032"]
    assert sanctions == ("external", "own", "non_traditional")


def test_a_home_event_is_internal_for_each_perspective(samples: Store) -> None:
    # A purely domestic event of each home country, from the samples.
    for code in ("USA", "DEU", "IND", "JPN"):
        event_id = samples.scalar(
            "SELECT min(event_id) FROM events WHERE loc_country = $1 "
            "AND coalesce(actor1_country, $1) = $1 AND coalesce(actor2_country, $1) = $1",
            [code],
        )
        assert event_id, code
        assert seen(samples, code, event_id)[event_id][0] == "internal", code


def test_interests_widen_what_is_external(samples: Store, tmp_path: Path) -> None:
    china = data_path("CHN.toml").read_text(encoding="utf-8")
    mine = tmp_path / "chn-brazil.toml"
    mine.write_text(china.replace("interests = []", 'interests = ["BRA"]'), encoding="utf-8")
    brazil = samples.scalar("SELECT min(event_id) FROM events WHERE loc_country = 'BRA'")
    assert brazil
    assert seen(samples, "CHN", brazil)[brazil][0] == "unrelated"
    rows = classify_events(samples, load_perspective(mine), [brazil])
    assert rows[0]["relation"] == "external"


def test_summary_counts_every_event(samples: Store) -> None:
    summary = perspective_summary(samples, load_perspective("CHN"))
    assert summary["events"] == 5540
    assert sum(summary["relation"].values()) == 5540
    assert summary["relation"]["internal"] > 0 and summary["relation"]["external"] > 0
    assert summary["security"]["none"] == summary["relation"]["unrelated"]
