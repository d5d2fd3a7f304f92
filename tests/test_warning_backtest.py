"""Verification against reference episodes: episodes built from the real ICB and MIE rows, and precision,
recall and lead time recomputed by hand on a small real case."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from holosec.errors import InputError
from holosec.periods import Grain, Period
from holosec.warning import Panel, detect, load_episodes, shipped_records, verify
from holosec.warning.episodes import Episode, write_episodes
from holosec.warning.groundtruth import ICB_FILE, MIE_FILE, build_episodes
from test_warning import DATA, MONTHS, scs_counts


@pytest.fixture(scope="module")
def episodes(tmp_path_factory: pytest.TempPathFactory) -> list[Episode]:
    folder = tmp_path_factory.mktemp("series")
    for name, cut in ((ICB_FILE, "icb2v14-cut.csv"), (MIE_FILE, "mie-1.0-cut.csv")):
        (folder / name).parent.mkdir(parents=True)
        shutil.copy(DATA / cut, folder / name)
    return build_episodes(folder)


def find(episodes: list[Episode], countries: tuple[str, str], start: str) -> Episode:
    (found,) = [e for e in episodes if e.countries == countries and e.start == date.fromisoformat(start)]
    return found


def test_episodes_come_from_the_icb_and_mie_rows(episodes: list[Episode]) -> None:
    # ICB 467: PHI's trigger on 10 April 2012 by China; MIE 4703 event 7 (8 April) is the same episode.
    scarborough = find(episodes, ("CHN", "PHL"), "2012-04-10")
    assert scarborough.kind == "crisis" and "ICB v14 crisis 467" in scarborough.source
    assert "MIE 1.0 micnum 4703 event 7" in scarborough.source
    # ICB 472: trigger 2 May 2014; MIE 4702 begins 4 May.
    rig = find(episodes, ("CHN", "VNM"), "2014-05-02")
    assert rig.kind == "crisis" and "micnum 4702" in rig.source
    # MIE 4703 begins on 25 February 2011 (Reed Bank); 4699 on 5 May 2011 (cable cutting).
    assert find(episodes, ("CHN", "PHL"), "2011-02-25").kind == "dispute"
    assert find(episodes, ("CHN", "VNM"), "2011-05-05").kind == "dispute"
    # The named escalation of the long Senkaku/Diaoyu dispute (4491), dated by its event 25.
    assert find(episodes, ("CHN", "JPN"), "2012-08-15").kind == "escalation"
    # MIE 4027 event 1 has no day (-9): the dispute is dated by event 2 and folded into ICB 414.
    assert find(episodes, ("CHN", "PHL"), "1995-02-02").source.startswith("ICB v14 crisis 414")


def test_episodes_round_trip_and_the_shipped_file_holds_them(episodes: list[Episode], tmp_path: Path) -> None:
    write_episodes(episodes, tmp_path / "mine.csv")
    assert load_episodes(tmp_path / "mine.csv") == episodes
    shipped = load_episodes()
    assert {(e.countries, e.start) for e in episodes} <= {(e.countries, e.start) for e in shipped}


def test_a_bad_episode_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,countries,start,source,kind\nx,CHN-PHL,2012-04-10,s,crisis\ny,CHN-PHL,2012-13-01,s,crisis\n"
    )
    with pytest.raises(InputError, match=r"bad.csv:3: start '2012-13-01' is not a date"):
        load_episodes(path)


def test_precision_recall_and_lead_by_hand(episodes: list[Episode]) -> None:
    counts = scs_counts()
    months = MONTHS[MONTHS.index("2009-01") :]
    panel = Panel.from_arrays(
        Grain.month,
        Period.parse(months[0]).ordinal,
        {k: [counts[k][m] for m in months] for k in ("CHN-VNM", "CHN-PHL")},
    )
    alerts = detect(panel)
    record = verify(alerts, panel, episodes, history=12)

    def index(period: str) -> int:
        return months.index(period)

    placed = [
        (e, "-".join(e.countries), index(f"{e.start:%Y-%m}"))
        for e in episodes
        if "-".join(e.countries) in ("CHN-VNM", "CHN-PHL") and f"{e.start:%Y-%m}" in months[12:]
    ]
    caught, leads = 0, []
    for _, key, t in placed:
        near = [index(a.period) for a in alerts if a.key == key and t - 2 <= index(a.period) <= t + 1]
        if near:
            caught, leads = caught + 1, [*leads, t - min(near)]
    near_alerts = sum(
        any(a.key == k and t - 2 <= index(a.period) <= t + 1 for _, k, t in placed) for a in alerts
    )
    assert record.episodes == len(placed) == 4  # MIE 4703 and 4699 onsets, Scarborough, the oil rig
    assert (record.caught, record.alerts, record.near) == (caught, len(alerts), near_alerts)
    assert record.recall == caught / len(placed) and record.precision == near_alerts / len(alerts)
    assert sorted(record.leads) == sorted(leads)
    assert record.alert_rate == len(alerts) / (2 * len(months))
    # The two crises of the case are in the counts: Scarborough (76 events in 2012-04 after about 9 a
    # month) and the oil rig (310 in 2014-05): both caught in the month they began.
    by_episode = {c.episode.start: c for c in record.catches}
    assert (by_episode[date(2012, 4, 10)].alert, by_episode[date(2012, 4, 10)].lead) == ("2012-04", 0)
    assert (by_episode[date(2014, 5, 2)].alert, by_episode[date(2014, 5, 2)].lead) == ("2014-05", 0)


def test_the_track_records_shown_beside_alerts_are_the_reports() -> None:
    """``verification.json`` and ``docs/backtests.md`` come from one run of ``scripts/backtests``."""
    doc = (Path(__file__).parent.parent / "docs" / "backtests.md").read_text()
    row = next(line for line in doc.splitlines() if line.startswith("| **surge (default)** |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    record = shipped_records()["surge"]
    assert cells[1] == f"{record['caught']}/{record['episodes']}"
    assert cells[5] == str(record["alerts"]) and cells[6] == f"{record['alert_rate']:.1%}"
    assert 0 < record["alert_rate"] < 0.03
