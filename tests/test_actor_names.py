"""ICEWS actor names in Chinese (:func:`holosec.reference.actor_label`), on the real names of the bundled
ICEWS sample, of the demo store's events and of a real alert's evidence: a role and country reads as the
country's Chinese name then the role's (土库曼斯坦政府首脑); people and organisations stay as given."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from typing import Any

from holosec.reference import actor_label, country_label
from holosec.reference.actor_names import icews_country, roles_zh
from holosec.samples import icews_samples
from holosec.warning.watch import stored_alerts

COMPOUND = re.compile(r"^(.+) \(([^()]+)\)$")
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def sample_names() -> Counter[str]:
    """Every source and target actor name of the bundled ICEWS sample, with how often it occurs."""
    found: Counter[str] = Counter()
    for path in icews_samples():
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                cells = line.rstrip("\n").split("\t")
                found.update((cells[0], cells[2]))
    return found


def compounds(names: Counter[str]) -> Counter[str]:
    return Counter({name: n for name, n in names.items() if COMPOUND.match(name)})


def test_the_names_the_issue_names() -> None:
    names = sample_names()
    for name, chinese in (
        ("Head of Government (Turkmenistan)", "土库曼斯坦政府首脑"),
        ("Lawmaker (Vietnam)", "越南议员"),
        ("Citizen (Australia)", "澳大利亚公民"),
        ("Police (Philippines)", "菲律宾警方"),
    ):
        assert names[name] > 0, name  # a real name of the sample
        assert actor_label(name, "zh") == chinese
        assert actor_label(name, "en") == name


def test_the_roles_cover_the_sample() -> None:
    """The roles' table covers at least 95% of the sample's role-and-country names (as PROVENANCE.md
    says), and those whose place is a country or region read wholly in Chinese."""
    found = compounds(sample_names())
    total = sum(found.values())
    assert total > 50_000
    roles = [(name, n, COMPOUND.match(name)) for name, n in found.items()]
    covered = sum(n for _, n, match in roles if match and match[1].casefold() in roles_zh())
    assert covered / total >= 0.95
    chinese = sum(n for name, n in found.items() if actor_label(name, "zh") != name)
    assert chinese / total >= 0.95
    for name in found:
        shown = actor_label(name, "zh")
        assert shown is not None
        if shown != name:
            assert CJK.search(shown) and not LATIN.search(shown) and "(" not in shown, (name, shown)


def test_the_country_comes_first_by_its_chinese_name() -> None:
    found = compounds(sample_names())
    checked = 0
    for name in found:
        role, place = COMPOUND.match(name).groups()  # type: ignore[union-attr]
        iso3 = icews_country(place)
        chinese_role = roles_zh().get(role.casefold())
        if iso3 and chinese_role:
            assert actor_label(name, "zh") == country_label(iso3, "zh") + chinese_role
            checked += 1
    assert checked > 1000
    assert actor_label("Member of Legislative (Govt) (Russian Federation)", "zh") == "俄罗斯立法机构成员"


def test_people_and_organisations_stay_as_given() -> None:
    names = sample_names()
    for name in ("Xi Jinping", "Mahmoud Abbas", "Militant (Taliban)", "Party President (Bharatiya Janata)"):
        assert names[name] > 0, name
        assert actor_label(name, "zh") == name
    assert actor_label(None, "zh") is None and actor_label("", "zh") == ""


def test_the_demo_stores_icews_actors_read_in_chinese(demo_store: Any) -> None:
    rows = demo_store.execute(
        "SELECT name, count(*) FROM (SELECT actor1_name AS name FROM events WHERE source = 'icews' "
        "UNION ALL SELECT actor2_name FROM events WHERE source = 'icews') WHERE name LIKE '% (%)' "
        "GROUP BY name"
    ).fetchall()
    total = sum(n for _, n in rows)
    assert total > 1000
    chinese = sum(n for name, n in rows if CJK.search(actor_label(name, "zh") or ""))
    assert chinese / total >= 0.95


def test_a_real_alerts_evidence_names_its_actors_in_chinese(demo_store: Any) -> None:
    """The evidence stored with the demo store's alerts names ICEWS actors by role and country; each
    reads in Chinese as the country's name then the role's."""
    seen = {
        name
        for alert in stored_alerts(demo_store)
        for row in alert.get("evidence") or []
        for name in (row.get("actor1_name"), row.get("actor2_name"))
        if name and COMPOUND.match(name)
    }
    assert seen, "the demo store's alerts cite ICEWS actors"
    for name in seen:
        role, place = COMPOUND.match(name).groups()  # type: ignore[union-attr]
        iso3 = icews_country(place)
        if iso3 and role.casefold() in roles_zh():
            assert actor_label(name, "zh") == country_label(iso3, "zh") + roles_zh()[role.casefold()]
    assert any(CJK.search(actor_label(name, "zh") or "") for name in seen)
