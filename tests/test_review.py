"""Precision audits (holosec.review) on the bundled real data: the queue is a stratified sample of exactly
the events the indicator counts, spread over its strata as designed and the same for the same seed; the
Wilson interval and Cohen's kappa are right on published cases; the weights bring the estimate back to
the population; judgments round-trip through the command line."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from holosec import review
from holosec.cli import app
from holosec.indicators import Selection, indicators
from holosec.review.precision import Judged, estimate
from holosec.review.sample import stratum_of
from holosec.review.stats import allocate, kappa, wilson
from holosec.store import Store
from holosec.store.backup import backup, restore


@pytest.fixture(scope="module")
def audit_dir(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo store (every bundled sample), so the queues and judgments of these
    tests never reach the shared one."""
    root = tmp_path_factory.mktemp("audit")
    backup(demo_store, root / "backup")
    restore(root / "backup", root / "data")
    return root / "data"


@pytest.fixture
def audited(audit_dir: Path) -> Iterator[Store]:
    with Store.open(audit_dir) as store:
        yield store


def _stored_strata(store: Store, queue: str) -> dict[str, int]:
    rows = store.execute("SELECT stratum FROM review_items WHERE queue = ?", [queue]).fetchall()
    return dict(Counter(stratum for (stratum,) in rows))


def test_the_population_is_what_the_indicator_counts(audited: Store) -> None:
    counted = sum(row["conflict_events"] or 0 for row in indicators(audited, Selection(country="CHN")))
    found = review.population(audited, "conflict_events", country="CHN")
    assert counted > 100 and len(found) == counted
    material = sum(
        row["material_conflict_events"] or 0 for row in indicators(audited, Selection(country="CHN"))
    )
    assert len(review.population(audited, "material_conflict_events", country="CHN")) == material < counted


def test_the_sample_is_stratified_as_designed(audited: Store) -> None:
    drawn = review.draw(audited, "conflict_events", 200, seed=11, name="strata-11")
    events = review.population(audited, "conflict_events")
    sizes = Counter(e["stratum"] for e in events)
    assert {s["stratum"]: s["population"] for s in drawn["strata"]} == dict(sizes)
    assert drawn["population"] == len(events) and drawn["items"] == 200
    designed = allocate(sizes, 200)
    assert {s["stratum"]: s["drawn"] for s in drawn["strata"]} == designed
    assert _stored_strata(audited, "strata-11") == {h: k for h, k in designed.items() if k}
    # Equal allocation: strata not exhausted get the same number of draws, give or take one; small
    # strata are taken whole, so the sample holds far more multi-source GDELT events than their share.
    open_strata = [designed[h] for h in sizes if designed[h] < sizes[h]]
    assert open_strata and max(open_strata) - min(open_strata) <= 1
    assert all(designed[h] == sizes[h] for h in sizes if sizes[h] <= min(open_strata))
    assert len(sizes) >= 12 and {h.split("|")[0] for h in sizes} == {"gdelt1", "gdelt2", "icews"}
    # Each item's stratum is the one its stored event reads as, and no event is drawn twice.
    items = review.items(audited, "strata-11")
    assert len({i["event_id"] for i in items}) == 200 and [i["position"] for i in items] == list(
        range(1, 201)
    )
    for item in items[:40]:
        row = audited.execute(
            "SELECT source, num_sources, num_mentions, quality FROM events WHERE event_id = ?",
            [item["event_id"]],
        ).fetchone()
        assert row is not None
        unresolved = {"no_actor_country", "unknown_actor_country", "unresolved_actor1", "unresolved_actor2"}
        resolved = not unresolved.intersection(row[3] or [])
        assert item["stratum"] == stratum_of(row[0], row[1], row[2], resolved)


def test_the_same_seed_draws_the_same_queue(audited: Store) -> None:
    first = review.draw(audited, "conflict_events", 60, seed=5, country="CHN", name="seed-5-a")
    again = review.draw(audited, "conflict_events", 60, seed=5, country="chn", name="seed-5-b")
    other = review.draw(audited, "conflict_events", 60, seed=6, country="CHN", name="seed-6")
    order = [i["event_id"] for i in review.items(audited, "seed-5-a")]
    assert order == [i["event_id"] for i in review.items(audited, "seed-5-b")]
    assert order != [i["event_id"] for i in review.items(audited, "seed-6")]
    assert first["strata"] == again["strata"] == other["strata"]  # the allocation does not depend on it
    assert first["country"] == "CHN" and first["seed"] == 5


def test_a_source_and_a_small_population(audited: Store) -> None:
    found = review.draw(
        audited, "conflict_events", 5000, seed=1, source="gdelt1", country="CHN", name="small"
    )
    population = review.population(audited, "conflict_events", source="gdelt1", country="CHN")
    assert 0 < found["items"] == len(population) < 5000  # everything, when fewer than asked
    assert all(i["source"] == "gdelt1" for i in review.items(audited, "small"))


def test_wrong_requests_are_refused(audited: Store) -> None:
    from holosec.errors import InputError, ParameterError

    with pytest.raises(ParameterError, match="indicator"):
        review.draw(audited, "tone", 10, seed=1)
    with pytest.raises(ParameterError, match="ISO3"):
        review.draw(audited, "conflict_events", 10, seed=1, country="XXX")
    with pytest.raises(ParameterError, match="letters"):
        review.draw(audited, "conflict_events", 10, seed=1, name="../etc")
    review.draw(audited, "conflict_events", 3, seed=1, name="twice")
    with pytest.raises(InputError, match="exists"):
        review.draw(audited, "conflict_events", 3, seed=2, name="twice")
    with pytest.raises(ParameterError, match="verdict"):
        review.judge(audited, "twice", 1, "ann", "maybe")
    with pytest.raises(ParameterError, match="no item 4"):
        review.judge(audited, "twice", 4, "ann", "accept")


# -- the statistics, on published cases ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson, no correction).
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_the_wilson_interval_on_newcombes_table(successes: int, n: int, low: float, high: float) -> None:
    from scipy.stats import binomtest

    found = wilson(successes, n)
    assert (round(found[0], 4), round(found[1], 4)) == (low, high)
    scipy = binomtest(successes, n).proportion_ci(method="wilson")
    assert found == pytest.approx((scipy.low, scipy.high), abs=1e-12)


def test_cohens_kappa_on_the_textbook_case() -> None:
    # 50 proposals: both yes 20, both no 15, A yes B no 5, A no B yes 10 -> po 0.7, pe 0.5, kappa 0.4.
    a = ["accept"] * 25 + ["reject"] * 25
    b = ["accept"] * 20 + ["reject"] * 5 + ["accept"] * 10 + ["reject"] * 15
    assert kappa(a, b, review.VERDICTS) == pytest.approx(0.4)
    assert kappa(a, a, review.VERDICTS) == pytest.approx(1.0)
    assert kappa(["accept"] * 3, ["accept"] * 3, review.VERDICTS) is None


def test_weights_bring_the_estimate_back_to_the_population() -> None:
    # Stratum A: 900 events, 10 judged, 9 right; stratum B: 100 events, 10 judged, 2 right. The sample is
    # half B, but the population is 90% A: precision 0.9*0.9 + 0.1*0.2 = 0.83, not the sample's 0.55.
    a, b = "gdelt2|1|<5|resolved", "gdelt2|2+|5+|resolved"
    judged = [Judged(a, "gdelt2", 1, 1, True, 1.0 if i < 9 else 0.0) for i in range(10)]
    judged += [Judged(b, "gdelt2", 3, 9, True, 1.0 if i < 2 else 0.0) for i in range(10)]
    found = estimate(judged, {a: 900, b: 100})
    assert found["precision"] == pytest.approx(0.83)
    assert found["effective_n"] == pytest.approx(1000**2 / (10 * 90**2 + 10 * 10**2), abs=0.01)
    assert found["low"] < 0.83 < found["high"] and found["coverage"] == 1.0
    # A filter keeps whole strata: at least 2 sources keeps B alone, and its plain share.
    only_b = estimate(judged, {a: 900, b: 100}, lambda j: (j.num_sources or 0) >= 2)
    assert only_b["precision"] == pytest.approx(0.2) and only_b["population"] == 100
    assert (only_b["low"], only_b["high"]) == pytest.approx(wilson(2, 10), abs=1e-4)


def test_precision_and_agreement_from_judgments(audited: Store) -> None:
    review.draw(audited, "conflict_events", 40, seed=3, country="CHN", name="judged")
    items = review.items(audited, "judged")
    for item in items[:20]:
        review.judge(
            audited, "judged", item["position"], "ann", "accept" if item["position"] % 4 else "reject"
        )
    for item in items[:10]:
        review.judge(audited, "judged", item["position"], "bob", "accept")
    review.judge(audited, "judged", items[0]["position"], "ann", "correct", note="wrong place")  # replaces
    found = review.precision(audited, "judged")
    assert found["judged"] == 20 and found["overall"]["judged"] == 20
    assert {row["source"] for row in found["by_source"]} <= {"gdelt1", "gdelt2", "icews"}
    assert found["by_filter"][0]["filter"] == "none"
    pair = found["agreement"][0]
    assert pair["reviewers"] == ["ann", "bob"] and pair["items"] == 10
    ann = {
        i["position"]: j["verdict"]
        for i in review.items(audited, "judged")
        for j in i["judgments"]
        if j["reviewer"] == "ann"
    }
    same = sum(ann[i["position"]] == "accept" for i in items[:10]) / 10
    assert pair["agreement"] == pytest.approx(same)
    first = review.item(audited, "judged", items[0]["position"])
    assert first is not None
    assert [
        (j["reviewer"], j["verdict"], j["note"]) for j in first["judgments"] if j["reviewer"] == "ann"
    ] == [("ann", "correct", "wrong place")]
    assert review.progress(audited, "judged", "bob") == {"judged": 10, "total": 40, "next": 11}
    shown = review.measured(audited, "CHN")
    assert shown["conflict_events"]["queue"] == "judged"


def test_judgments_round_trip_through_the_command_line(audit_dir: Path) -> None:
    runner = CliRunner()
    where = ["--data-dir", str(audit_dir)]
    drawn = runner.invoke(
        app,
        [
            "review",
            "sample",
            "--indicator",
            "conflict_events",
            "--country",
            "VNM",
            "--n",
            "12",
            "--seed",
            "9",
            *where,
            "--json",
        ],
    )
    assert drawn.exit_code == 0, drawn.output
    queue = json.loads(drawn.output)["queue"]
    assert queue == "conflict_events-VNM-all-9"
    judged = runner.invoke(
        app,
        [
            "review",
            "judge",
            queue,
            "2",
            "--verdict",
            "reject",
            "--user",
            "cli-reviewer",
            "--note",
            "a forex note",
            *where,
        ],
    )
    assert judged.exit_code == 0, judged.output
    exported = json.loads(runner.invoke(app, ["review", "export", queue, *where, "--json"]).output)
    second = exported["data"][1]
    assert second["position"] == 2
    assert [(j["reviewer"], j["verdict"], j["note"]) for j in second["judgments"]] == [
        ("cli-reviewer", "reject", "a forex note")
    ]
    status = json.loads(runner.invoke(app, ["review", "status", *where, "--json"]).output)
    mine = next(q for q in status["data"] if q["queue"] == queue)
    assert mine["judged"] == 1 and mine["reviewers"] == [{"reviewer": "cli-reviewer", "judged": 1}]
    measured = json.loads(runner.invoke(app, ["review", "precision", queue, *where, "--json"]).output)
    assert measured["overall"]["precision"] == 0.0 and measured["overall"]["judged"] == 1
    wrong = runner.invoke(app, ["review", "judge", queue, "2", "--verdict", "maybe", "--user", "x", *where])
    assert wrong.exit_code == 2
    again = runner.invoke(app, ["review", "sample", "--country", "VNM", "--n", "12", "--seed", "9", *where])
    assert again.exit_code == 1 and "exists" in again.output
