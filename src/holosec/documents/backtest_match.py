"""Panels of the backtest report and the comparison of every detector with the naive threshold at the same
alert rate (used by :mod:`holosec.documents.backtests`).

- :class:`Case`: one panel of the report, the periods its records count, and (where the data has it) each
  series' all-event volume and its own episodes.
- :func:`gdelt_case`: GDELT's dense monthly counts per country, scored against every ICB/MIE episode the
  country takes part in, over the years both references cover.
- :func:`matches` / :func:`match_table`: for every detector, the naive threshold "mean of the previous
  12 months plus ``k`` SDs" (merged like the default) at the ``k`` whose alert rate is closest to the
  detector's, and which of the two catches more episodes there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from holosec.periods import Grain, Period
from holosec.warning.alerts import Alert
from holosec.warning.backtest import Record, closest, threshold_ladder, verify
from holosec.warning.episodes import Episode, by_country
from holosec.warning.panels import GDELT_FOLDER, gdelt_panel
from holosec.warning.series import FloatArray, Panel

__all__ = ["GDELT_END", "Case", "Match", "cut", "gdelt_case", "match_table", "matches"]

GDELT_END = date(2014, 12, 1)
"""The last month of the GDELT panel that is scored: MIE 1.0 ends in 2014 (ICB v14 in 2017), so later
months would count every alert as false and every dispute as absent."""


@dataclass(frozen=True)
class Case:
    """One panel of the report, with the range of periods its records count (``first``..``last``), the
    periods of history an episode needs, each series' all-event ``volume`` (same shape as the panel's
    values, or None), and the ``episodes`` it is scored against (None: the shipped ones as they are)."""

    name: str
    panel: Panel
    first: int
    last: int
    history: int = 12
    volume: FloatArray | None = None
    episodes: tuple[Episode, ...] | None = None


def cut(case: Case, alerts: Iterable[Alert]) -> tuple[Panel, list[Alert]]:
    """The case's panel and alerts within its range of periods."""
    p = case.panel
    sub = Panel(
        p.kind,
        p.start + case.first,
        p.keys,
        p.values[:, case.first : case.last],
        p.filled[:, case.first : case.last],
    )
    labels = set(sub.labels())
    return sub, [a for a in alerts if a.period in labels]


def gdelt_case(shared: Path, episodes: Sequence[Episode]) -> Case:
    """The dense GDELT panel: every country file of ``series/VickyVouk__GDELT_GPI_project`` (conflict events
    located in the country, per month), its all-event volume, and every episode each country is part of;
    scored from 2008-01 to :data:`GDELT_END`."""
    conflict, volume = gdelt_panel(sorted((shared / "series" / GDELT_FOLDER).glob("*.csv")))
    last = Period.of(GDELT_END, Grain.month).ordinal - conflict.start + 1
    return Case(
        f"GDELT, conflict events located in {len(conflict.keys)} countries, "
        f"{conflict.label(0)}..{conflict.label(last - 1)}",
        conflict,
        0,
        last,
        volume=volume.values,
        episodes=tuple(by_country(episodes, conflict.keys)),
    )


@dataclass(frozen=True)
class Match:
    """A detector's record and the naive threshold's at the ``k`` whose alert rate is closest to it."""

    name: str
    label: str
    record: Record
    k: float
    threshold: Record

    @property
    def comparable(self) -> bool:
        """False when the rates differ by more than a quarter and the one alerting more catches more (the
        threshold cannot alert as rarely as a sparse panel's detector: a zero SD alerts at any ``k``)."""
        mine, theirs = self.record.alert_rate, self.threshold.alert_rate
        if theirs > 1.25 * mine:
            return self.threshold.caught <= self.record.caught
        if mine > 1.25 * theirs:
            return self.record.caught <= self.threshold.caught
        return True

    @property
    def verdict(self) -> str:
        """``beats`` / ``ties`` / ``loses``: more, as many or fewer episodes caught than the threshold
        (``no match`` when the alert rates are not comparable)."""
        mine, theirs = self.record.caught, self.threshold.caught
        if not self.comparable:
            return "no match (rates differ)"
        return "beats" if mine > theirs else "ties" if mine == theirs else "loses"


def matches(
    case: Case, episodes: Sequence[Episode], records: dict[str, Record], labels: dict[str, str]
) -> list[Match]:
    """Every detector of ``records`` beside the naive threshold at its closest alert rate on ``case``."""
    history = case.history if case.first == 0 else 0
    ladder = {
        k: verify(cut(case, alerts)[1], cut(case, [])[0], episodes, history=history, detector=f"k={k:g}")
        for k, alerts in threshold_ladder(case.panel).items()
    }
    found = []
    for name, record in records.items():
        k, threshold = closest(record.alert_rate, ladder)
        found.append(Match(name, labels.get(name, record.detector), record, k, threshold))
    return found


def match_table(found: list[Match]) -> list[str]:
    """The Markdown table of :func:`matches`."""
    lines = [
        "| detector | alert rate | caught | recall | threshold k | its alert rate | its caught | its recall "
        "| detector vs threshold |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m in found:
        r, t = m.record, m.threshold
        lines.append(
            f"| {m.label} | {r.alert_rate:.2%} | {r.caught}/{r.episodes} | {r.recall:.2f} | {m.k:g} | "
            f"{t.alert_rate:.2%} | {t.caught}/{t.episodes} | {t.recall:.2f} | {m.verdict} |"
        )
    return lines
