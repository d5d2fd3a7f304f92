"""The redesigned threat index on real dense series: the bundled GDELT aggregates of China, North Korea and
South Korea (every month 2008-01 .. 2019-06), in the location view, as ``docs/validation.md`` computes it.

Held here: scores are bounded; raising a sub-indicator never lowers a score; the own baseline is a level
(a month at the country's five-year record of reported conflict scores near 10 against its own past,
where the old 12-month robust z lets a steady high level drift back to 5); the method file chooses the
scale and refuses an unknown one; the weights in use move the ranks (sensitivity); and the validation's
onset lift reads real episodes against real series."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from holosec.documents.references import onsets
from holosec.documents.validation import Reference, candidates, score
from holosec.errors import InputError
from holosec.indicators.index import History, Index, Method
from holosec.indicators.query import panel
from holosec.ingest.aggregates import ingest_aggregates
from holosec.samples import aggregate_samples
from holosec.store import Store


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    with Store.open(tmp_path_factory.mktemp("dense")) as store:
        assert ingest_aggregates(store, aggregate_samples()).exit_code == 0
        rows = panel(store, by="month", view="location")
    found = History.from_rows(rows, "month")
    assert set(found.countries["2014-05"]) == {"CHN", "KOR", "PRK"}
    return found


@pytest.fixture(scope="module")
def index(history: History) -> Index:
    return Index(history, Method.load(), "v2014")


def test_every_score_is_between_0_and_10(index: Index) -> None:
    scores = [
        s.score
        for period in index.history.covered[::7]
        for country in index.history.countries[period]
        for s in index.scores(period, country)
        if s.score is not None
    ]
    assert len(scores) > 200 and all(0 <= s <= 10 for s in scores)
    assert min(scores) < 4 and max(scores) > 6  # the scale is used, not flattened around 5


@pytest.mark.parametrize("name", ["volume", "hostility", "tone"])
def test_raising_a_sub_indicator_never_lowers_the_score(index: Index, name: str) -> None:
    period, country = "2013-04", "PRK"  # the month of North Korea's 2013 threats
    before = index.scores(period, country)
    x = index.history.value(period, country, None, name)
    assert x is not None
    raised = Index(index.history.with_value(period, country, None, name, x + 5.0), index.method, "v2014")
    after = raised.scores(period, country)
    assert after[-1].score is not None and before[-1].score is not None
    assert after[-1].score >= before[-1].score
    whole_before = index.scorer.field_score(period, country, None).score
    whole_after = raised.scorer.field_score(period, country, None).score
    assert whole_before is not None and whole_after is not None and whole_after >= whole_before


def _record_month(history: History, country: str) -> str:
    """The month of the country's highest reported conflict after its first five years."""
    months = history.covered[60:]
    return max(months, key=lambda p: history.value(p, country, None, "volume") or 0.0)


def test_the_own_baseline_is_a_level_not_a_change(index: Index) -> None:
    period = _record_month(index.history, "CHN")
    own = index.scorer.component(period, "CHN", None, "volume").own
    assert own is not None and own >= 9.5  # above every one of the previous 60 months
    z = Index(index.history, replace(index.method, own="z"), "v2014")
    z_own = z.scorer.component(period, "CHN", None, "volume").own
    assert z_own is not None and z_own != own


def test_the_method_file_chooses_the_scale(tmp_path: Path) -> None:
    text = (Path(__file__).parents[1] / "src/holosec/data/index.toml").read_text(encoding="utf-8")
    assert 'own = "percentile"' in text
    bad = tmp_path / "index.toml"
    bad.write_text(text.replace('own = "percentile"', 'own = "zscore"'), encoding="utf-8")
    with pytest.raises(InputError, match="own must be one of percentile, z"):
        Method.load(bad)
    as_z = tmp_path / "z.toml"
    as_z.write_text(text.replace('own = "percentile"', 'own = "z"'), encoding="utf-8")
    assert Method.load(as_z).own == "z"


def test_the_weights_in_use_move_the_scores(index: Index) -> None:
    period = "2013-04"
    base = {c: index.scores(period, c)[-1].score for c in ("CHN", "KOR", "PRK")}
    only_tone = index.method.reweighted({**dict.fromkeys(index.method.weights, 0.0), "tone": 1.0})
    other = Index(index.history, only_tone, "v2014")
    moved = {c: other.scores(period, c)[-1].score for c in base}
    assert moved != base


def test_the_validation_scores_real_series_against_real_onsets(history: History) -> None:
    found = onsets()
    assert found[("CHN", "2014-05")] == 1.0  # the HYSY-981 oil-rig crisis with Viet Nam (ICB 472)
    months = history.covered
    reference = Reference("onsets", "onsets", found, "2008-01", "2014-12", onsets=True)
    volume = {
        c: np.array([history.value(p, c, None, "volume") or np.nan for p in months]) for c in ("CHN", "PRK")
    }
    lift = score(volume, reference, months)
    assert lift.countries == 2 and lift.lift is not None and 0.0 < lift.lift < 1.0
    assert lift.levels is None  # an onset reference is read as lift, not correlation


def test_candidates_hold_the_index_and_every_sub_indicator(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        ingest_aggregates(store, aggregate_samples()[:1])
        months, countries, found = candidates(store, Method.load())
    assert countries == ["CHN"] and months[0] == "2008-01" and months[-1] == "2019-06"
    assert "index (holosec's method)" in found and "sub-indicator volume" in found
    ours = found["index (holosec's method)"]["CHN"]
    assert len(ours) == len(months) and np.nanmin(ours) >= 0 and np.nanmax(ours) <= 10
    field = found["index, military field"]["CHN"]
    assert np.isfinite(field).sum() > 100 and not np.allclose(
        field[np.isfinite(field)], ours[np.isfinite(field)]
    )
