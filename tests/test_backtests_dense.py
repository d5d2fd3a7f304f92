"""The volume-gated z-score on real GDELT counts (the bundled China, North Korea and South Korea slices), and
the comparison of a detector with the naive threshold at the same alert rate.

The volume guard is what these tests hold: when the whole source grows in a month, or a month is missing
from the source (zero all-event volume), no alert; a gap is never a zero in a baseline."""

from __future__ import annotations

import itertools
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from holosec.documents.backtest_match import Match
from holosec.periods import Grain
from holosec.warning.backtest import Record, closest, raise_alerts, threshold_ladder
from holosec.warning.detectors import NaiveZ, ShareZ, gaps
from holosec.warning.panels import gdelt_panel
from holosec.warning.series import Panel

AGGREGATES = Path(str(files("holosec").joinpath("data/samples/aggregates/VickyVouk__GDELT_GPI_project")))


@pytest.fixture(scope="module")
def china() -> tuple[Panel, np.ndarray, np.ndarray]:
    """China's real monthly conflict counts and all-event volume (GDELT, 2008-01 .. 2019-06)."""
    conflict, volume = gdelt_panel([AGGREGATES / "CH.csv.gz"])
    assert conflict.keys == ("CHN",) and conflict.labels()[0] == "2008-01"
    return conflict, conflict.values.copy(), volume.values.copy()


def month(panel: Panel, label: str) -> int:
    return panel.labels().index(label)


def test_the_gdelt_panel_counts_conflict_and_every_event() -> None:
    conflict, volume = gdelt_panel(sorted(AGGREGATES.glob("*.csv.gz")))
    assert conflict.keys == volume.keys == ("CHN", "PRK", "KOR")
    assert conflict.values.shape == volume.values.shape == (3, 138)
    # Conflict is part of all events, never all of it, and GDELT has every month of these countries.
    assert (conflict.values > 0).all() and (conflict.values < volume.values).all()
    # The PROVENANCE table: 13,525,321 events located in China over the whole file.
    assert volume.values[0].sum() == 13_525_321


def test_a_month_when_the_whole_source_doubles_raises_nothing(
    china: tuple[Panel, np.ndarray, np.ndarray],
) -> None:
    panel, values, volume = china
    t = month(panel, "2012-06")
    assert not ShareZ().judge(values, volume).up[0, t]
    # The source doubles its coverage in that month: twice the conflict events, twice all events.
    grown, grown_volume = values.copy(), volume.copy()
    grown[0, t] *= 2
    grown_volume[0, t] *= 2
    # The raw count alone is far out of range (so a detector without the guard alerts) ...
    assert ShareZ().judge(grown).up[0, t]
    assert NaiveZ().judge(grown).up[0, t]
    # ... but the share of all events has not moved: no alert.
    judged = ShareZ().judge(grown, grown_volume)
    assert not judged.up[0, t]
    assert judged.extras["share_z"][0, t] == pytest.approx(
        ShareZ().judge(values, volume).extras["share_z"][0, t]
    )


def test_a_real_surge_in_the_share_still_alerts(china: tuple[Panel, np.ndarray, np.ndarray]) -> None:
    panel, values, volume = china
    t = month(panel, "2012-06")
    surged = values.copy()
    surged[0, t] *= 2  # twice the conflict events, in a month of the usual volume
    assert ShareZ().judge(surged, volume).up[0, t]


def test_a_gap_month_is_missing_not_zero(china: tuple[Panel, np.ndarray, np.ndarray]) -> None:
    panel, values, volume = china
    t = month(panel, "2012-06")
    holed, holed_volume = values.copy(), volume.copy()
    holed[0, t] = 0.0  # the source has nothing at all that month
    holed_volume[0, t] = 0.0
    assert np.isnan(gaps(holed, holed_volume)[0, t])
    judged = ShareZ().judge(holed, holed_volume)
    # The gap itself is not judged: no fall alert for a month the source did not cover ...
    assert not judged.up[0, t] and not judged.down[0, t] and judged.score[0, t] == 0
    # ... and the next month's baseline is the mean of the 11 known months before it, the gap left out.
    known = [values[0, j] for j in range(t - 11, t + 1) if j != t]
    assert judged.baseline[0, t + 1] == pytest.approx(np.mean(known))
    # Taken as a zero, the gap would have pulled the baseline down by about a twelfth.
    assert judged.baseline[0, t + 1] > 1.05 * np.mean(values[0, t - 11 : t + 1] * (np.arange(12) != 11))
    # A year later the gap is out of the window and nothing differs from the gap-free series.
    clean = ShareZ().judge(values, volume)
    after = slice(t + 13, None)
    assert (judged.up[0, after] == clean.up[0, after]).all()


def test_without_volume_no_gap_is_assumed() -> None:
    values = np.array([[50.0, 53, 46, 54, 47, 55, 44, 56, 43, 50, 54, 46, 0]])
    assert ShareZ().judge(values).down[0, 12]  # a real zero, with no volume to say it is a gap
    assert not ShareZ().judge(values, np.full(values.shape, 100.0) * (values > 0)).down[0, 12]


def test_alerts_raised_with_each_series_own_volume(china: tuple[Panel, np.ndarray, np.ndarray]) -> None:
    conflict, volume = gdelt_panel(sorted(AGGREGATES.glob("*.csv.gz")))
    alerts = raise_alerts(conflict, ShareZ(), volume.values)
    assert {a.key for a in alerts} <= set(conflict.keys)
    assert all(a.detector == "share_z" and a.direction == "up" for a in alerts)
    # Merged as detect merges: no two alerts of a series within 3 months.
    for key in conflict.keys:
        ts = [conflict.labels().index(a.period) for a in alerts if a.key == key]
        assert all(b - a > 3 for a, b in itertools.pairwise(ts))


def test_the_threshold_ladder_alerts_less_as_k_grows() -> None:
    conflict, _ = gdelt_panel(sorted(AGGREGATES.glob("*.csv.gz")))
    ladder = threshold_ladder(conflict, (2.0, 3.0, 5.0, 98.0))
    counts = [len(ladder[k]) for k in (2.0, 3.0, 5.0, 98.0)]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def record(caught: int, alerts: int, periods: int = 1000) -> Record:
    return Record("x", episodes=20, caught=caught, alerts=alerts, near=0, series_periods=periods, leads=())


def test_the_threshold_is_matched_at_the_closest_alert_rate() -> None:
    ladder = {2.0: record(12, 40), 3.0: record(9, 22), 5.0: record(6, 11), 98.0: record(2, 9)}
    assert closest(0.021, ladder)[0] == 3.0
    assert closest(0.0001, ladder)[0] == 98.0
    k, threshold = closest(0.02, ladder)
    assert Match("surge", "surge", record(11, 20), k, threshold).verdict == "beats"
    assert Match("surge", "surge", record(9, 20), k, threshold).verdict == "ties"
    assert Match("surge", "surge", record(8, 20), k, threshold).verdict == "loses"
    # A sparse panel: the threshold alerts ten times as often and catches more: not comparable.
    assert not Match("surge", "surge", record(1, 1), 98.0, ladder[98.0]).comparable
    assert Match("surge", "surge", record(1, 1), 98.0, ladder[98.0]).verdict.startswith("no match")


def test_gdelt_months_are_monthly() -> None:
    conflict, _ = gdelt_panel([AGGREGATES / "KN.csv.gz"])
    assert conflict.kind is Grain.month and conflict.labels()[-1] == "2019-06"
