"""Early-warning detectors on real ICEWS series: they see the 2014 oil-rig crisis, stay quiet on quiet
series, and read series files as documented. Also the real-data helpers the other warning tests reuse."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from holosec import reference
from holosec.errors import InputError
from holosec.periods import Grain, Period
from holosec.warning import Panel, detect, make_detector, read_series
from holosec.warning.alerts import DETECTORS

DATA = Path(__file__).parent / "data" / "warning"
SCS = DATA / "south-china-sea-conflict-cut.csv"
COW = {"710": "CHN", "816": "VNM", "840": "PHL", "830": "SGP", "850": "IDN", "820": "MYS", "835": "BRN"}
QUIET = ("SGP-VNM", "PHL-SGP", "IDN-VNM", "MYS-VNM", "BRN-VNM")
MONTHS = [f"{y}-{m:02d}" for y in range(1991, 2015) for m in range(1, 13)]  # 1991-01 .. 2014-12


def scs_counts() -> dict[str, Counter[str]]:
    """Monthly conflict-event counts per pair, both directions summed, from the real ICEWS rows."""
    counts: dict[str, Counter[str]] = {}
    with SCS.open(newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["cooperation"] == "0"
            key = "-".join(sorted((COW[row["sourcecode"]], COW[row["targetcode"]])))
            month = f"{row['date'][:4]}-{row['date'][4:]}"
            counts.setdefault(key, Counter())[month] += int(row["count"])
    return counts


def write_series(path: Path, keys: tuple[str, ...], *, zeros: bool = True, dates: bool = False) -> Path:
    """A ``period,key,value`` file of real monthly counts 1991-01..2014-12 (with or without zero rows;
    months written as ``YYYY-MM`` or, with ``dates``, as the date of their first day)."""
    counts = scs_counts()
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["period", "key", "value"])
        for key in keys:
            for month in MONTHS:
                if zeros or counts[key][month]:
                    writer.writerow([f"{month}-01" if dates else month, key, counts[key][month]])
    return path


def icews14_weekly_conflict() -> Counter[str]:
    """China-Vietnam conflict events (quad classes 3-4) per ISO week of 2014, decoded from ICEWS14."""
    labels_file = Path(str(files("holosec.reference").joinpath("data", "icews_event_labels.tsv")))
    codes = {}
    for line in labels_file.read_text().splitlines():
        if not line.startswith("#") and not line.startswith("label\t"):
            label, code = line.split("\t")
            codes[label.lower()] = code
    relations = dict(
        (int(i), name)
        for name, i in (
            x.rsplit("\t", 1) for x in (DATA / "icews14-relation2id.txt").read_text().splitlines()
        )
    )
    weeks: Counter[str] = Counter()
    for split in ("train", "valid", "test"):
        for line in (DATA / f"icews14-{split}-china-vietnam.txt").read_text().splitlines():
            _, relation, _, hour, _ = line.split("\t")
            day = date(2014, 1, 1) + timedelta(days=int(hour) // 24)
            code = codes[relations[int(relation)].replace("_", " ").lower()]
            if reference.quad_class(code) in (3, 4):
                year, week, _ = day.isocalendar()
                weeks[f"{year}-W{week:02d}"] += 1
    return weeks


def scs_panel(keys: tuple[str, ...]) -> Panel:
    counts = scs_counts()
    start = Period.parse(MONTHS[0]).ordinal
    return Panel.from_arrays(Grain.month, start, {k: [counts[k][m] for m in MONTHS] for k in keys})


def test_the_oil_rig_crisis_is_caught_in_the_month_it_began() -> None:
    alerts = [a for a in detect(scs_panel(("CHN-VNM",))) if a.period.startswith("2014")]
    assert [(a.period, a.direction) for a in alerts] == [("2014-05", "up")]
    (alert,) = alerts
    assert alert.value == scs_counts()["CHN-VNM"]["2014-05"] > 10 * alert.baseline
    assert alert.severity == "high" and alert.detector == "surge"
    assert "2014-05" in alert.reasoning and f"{alert.value:g}" in alert.reasoning


def test_the_scarborough_standoff_is_caught_in_april_2012() -> None:
    periods = [a.period for a in detect(scs_panel(("CHN-PHL",))) if a.period.startswith("2012")]
    assert periods[:1] == ["2012-04"]


def test_the_oil_rig_crisis_is_caught_in_weekly_icews14_counts() -> None:
    weeks = icews14_weekly_conflict()
    labels = [f"2014-W{w:02d}" for w in range(1, 53)]
    panel = Panel.from_arrays(
        Grain.week, Period.parse("2014-W01").ordinal, {"CHN-VNM": [weeks[w] for w in labels]}
    )
    alerts = detect(panel)
    # The rig was moved in on 2 May 2014 and news of the clashes began in the week of 5 May (W19).
    assert alerts and alerts[0].period == "2014-W19"
    assert all(a.period >= "2014-W19" for a in alerts)


@pytest.mark.parametrize("name", sorted(set(DETECTORS) - {"naive_z", "no_change"}))
def test_every_detector_sees_the_oil_rig_crisis(name: str) -> None:
    months = {a.period for a in detect(scs_panel(("CHN-VNM",)), name)}
    assert months & {"2014-05", "2014-06"}, name


def test_alert_rate_is_bounded_on_quiet_real_series() -> None:
    panel = scs_panel(QUIET)
    judged = panel.observed() - 12 * len(QUIET)
    surge = detect(panel)
    naive = detect(panel, "naive_z")
    assert len(surge) <= 0.01 * judged
    assert len(naive) > 3 * len(surge)  # the naive z-score alerts on every blip after a run of zeros
    assert all(a.value >= 3 for a in surge)


def test_merging_gives_one_alert_per_episode() -> None:
    panel = scs_panel(("CHN-VNM",))
    merged = {a.period for a in detect(panel)}
    every = {a.period for a in detect(panel, merge=0)}
    assert merged < every
    assert "2014-06" in every and "2014-06" not in merged  # 99 after 310 continues the oil-rig episode


def test_a_volume_series_rescales_the_baseline() -> None:
    counts = scs_counts()
    # Volume: the pair's own count doubled; relative to it, nothing ever changes, so nothing alerts.
    series = {
        "CHN-VNM": [counts["CHN-VNM"][m] for m in MONTHS],
        "all": [2 * counts["CHN-VNM"][m] + 1 for m in MONTHS],
    }
    panel = Panel.from_arrays(Grain.month, Period.parse(MONTHS[0]).ordinal, series)
    assert detect(panel)  # without the volume the surges alert
    assert all(a.key != "all" for a in detect(panel, volume="all"))
    assert len(detect(panel, volume="all")) < len(detect(panel))


def test_falls_are_alerted_only_when_asked() -> None:
    panel = scs_panel(("CHN-VNM", "CHN-PHL"))
    both = detect(panel, directions=("up", "down"))
    assert {a.direction for a in detect(panel)} == {"up"}
    assert {a.direction for a in both} == {"up", "down"}
    for alert in (a for a in both if a.direction == "down"):
        assert alert.value < alert.baseline


def test_seasonal_baseline_compares_with_the_same_month() -> None:
    panel = scs_panel(("CHN-VNM",))
    seasonal = detect(panel, season=12)
    assert "2014-05" in {a.period for a in seasonal}
    assert "same season" in seasonal[0].reasoning


def test_unknown_detector_or_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown detector"):
        make_detector("nope")
    with pytest.raises(ValueError, match="no setting"):
        make_detector("surge", window2=3)


def test_read_series_fills_missing_periods_with_zero(tmp_path: Path) -> None:
    sparse = read_series(write_series(tmp_path / "sparse.csv", ("CHN-VNM",), zeros=False))
    full = read_series(write_series(tmp_path / "full.csv", ("CHN-VNM",)))
    first = full.labels().index(sparse.labels()[0])
    assert np.array_equal(sparse.values, full.values[:, first : first + sparse.values.shape[1]])
    assert sparse.filled.sum() == np.count_nonzero(sparse.values == 0) > 0
    assert not full.filled.any()
    with pytest.raises(InputError, match="has no row for period"):
        read_series(tmp_path / "sparse.csv", missing="error")


def test_non_count_series_use_a_normal_tail() -> None:
    counts = scs_counts()["CHN-VNM"]
    shifted = [counts[m] - 50.5 for m in MONTHS]  # negative, not whole: not a count series
    panel = Panel.from_arrays(Grain.month, Period.parse(MONTHS[0]).ordinal, {"x": shifted})
    assert "2014-05" in {a.period for a in detect(panel)}
