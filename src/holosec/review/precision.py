"""Precision from the judgments of a review queue: how many of the events an indicator counts are right,
for the whole population, per source and per quality filter, with Wilson intervals; and how far two
reviewers agree (Cohen's kappa).

An item is **right** when its reviewer accepts it; a rejected item and one that needs a correction are
not (the record, as counted, is wrong). An item judged by several reviewers counts as the share of them
that accepted it. Items nobody judged are left out, as if missing at random within their stratum.

**Weights.** The sample over-draws small strata (:func:`holosec.review.stats.allocate`), so a judged item
of stratum *h* stands for ``N_h / m_h`` events: the stratum's population when the queue was drawn over
the items of it that were judged. The precision of a set of events (a source, or the events a filter
keeps) is the weighted share of right items among the judged items in that set (a ratio estimate over a
domain), so it holds for the population, not the sample. Its interval is Wilson's score interval at
95 % for the **effective sample size** ``(sum w)^2 / sum w^2`` (Kish), which is the number of judged items
when the weights are equal and less when they differ: an approximation that is standard for weighted
survey proportions, not an exact interval. ``coverage`` is the share of the set's population in strata
with at least one judged item: below 1, strata nobody has judged are missing from the estimate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from holosec.review.queue import VERDICTS, items, summary
from holosec.review.sample import MIN_MENTIONS, MIN_SOURCES, QUADS
from holosec.review.stats import CONFIDENCE, kappa, wilson
from holosec.store import Store

Row = dict[str, Any]


@dataclass(frozen=True)
class Judged:
    """One judged item: its stratum, what the quality filters read, and the share of reviewers who
    accepted it."""

    stratum: str
    source: str
    num_sources: int | None
    num_mentions: int | None
    actors_resolved: bool
    right: float


FILTERS: tuple[tuple[str, Callable[[Judged], bool]], ...] = (
    ("none", lambda j: True),
    (f"min_sources={MIN_SOURCES}", lambda j: j.num_sources is None or j.num_sources >= MIN_SOURCES),
    (f"min_mentions={MIN_MENTIONS}", lambda j: j.num_mentions is None or j.num_mentions >= MIN_MENTIONS),
    ("actors_resolved", lambda j: j.actors_resolved),
    (
        f"min_sources={MIN_SOURCES},min_mentions={MIN_MENTIONS},actors_resolved",
        lambda j: (
            (j.num_sources is None or j.num_sources >= MIN_SOURCES)
            and (j.num_mentions is None or j.num_mentions >= MIN_MENTIONS)
            and j.actors_resolved
        ),
    ),
)
"""The quality filters the table reports, named as holosec's options set them (a record without a count
passes a count filter, as :class:`holosec.indicators.frame.Quality` lets it)."""


def _stratum_keeps(stratum: str, keep: Callable[[Judged], bool]) -> bool:
    """Whether a filter keeps the events of a stratum (a stratum's events agree on every filter)."""
    source, many, heard, actors = stratum.split("|")
    sources = None if many == "-" else (MIN_SOURCES if many == "2+" else 1)
    mentions = None if heard == "-" else (MIN_MENTIONS if heard == "5+" else 1)
    return keep(Judged(stratum, source, sources, mentions, actors == "resolved", 0.0))


def estimate(
    judged: Sequence[Judged], population: dict[str, int], keep: Callable[[Judged], bool] = lambda j: True
) -> Row:
    """The weighted precision of the events ``keep`` selects (see the module notes): ``precision``,
    ``low`` and ``high`` (None when no judged item is in the set), ``judged`` items, ``effective_n``,
    the set's ``population`` (events of strata it keeps) and ``coverage``.

    Equal weights give the plain share and Wilson's interval for it; here 3 of 4 accepted in one stratum:

    >>> items = [Judged("s|1|<5|resolved", "s", 1, 1, True, y) for y in (1.0, 1.0, 1.0, 0.0)]
    >>> row = estimate(items, {"s|1|<5|resolved": 40})
    >>> row["precision"], [round(x, 4) for x in (row["low"], row["high"])], row["effective_n"]
    (0.75, [0.3006, 0.9544], 4.0)
    """
    kept_population = {h: n for h, n in population.items() if _stratum_keeps(h, keep)}
    chosen = [j for j in judged if keep(j)]
    counts: dict[str, int] = defaultdict(int)
    for j in chosen:
        counts[j.stratum] += 1
    weights = [population[j.stratum] / counts[j.stratum] for j in chosen]
    total = sum(kept_population.values())
    covered = sum(kept_population[h] for h in counts if h in kept_population)
    row: Row = {
        "judged": len(chosen),
        "population": total,
        "coverage": round(covered / total, 4) if total else None,
        "precision": None,
        "low": None,
        "high": None,
        "effective_n": None,
    }
    if not chosen:
        return row
    weight = sum(weights)
    share = sum(w * j.right for w, j in zip(weights, chosen, strict=True)) / weight
    effective = weight * weight / sum(w * w for w in weights)
    low, high = wilson(share * effective, effective)
    return {
        **row,
        "precision": round(share, 4),
        "low": round(low, 4),
        "high": round(high, 4),
        "effective_n": round(effective, 2),
    }


def _judged(rows: list[Row]) -> list[Judged]:
    found = []
    for item in rows:
        verdicts = [j["verdict"] for j in item["judgments"]]
        if not verdicts:
            continue
        found.append(
            Judged(
                item["stratum"],
                item["source"],
                item["num_sources"],
                item["num_mentions"],
                bool(item["actors_resolved"]),
                sum(v == "accept" for v in verdicts) / len(verdicts),
            )
        )
    return found


def agreement(rows: list[Row]) -> list[Row]:
    """For each pair of reviewers who judged items in common: ``reviewers``, ``items``, ``agreement``
    (the share of those items with the same verdict) and Cohen's ``kappa`` (None when undefined)."""
    verdicts: dict[str, dict[int, str]] = defaultdict(dict)
    for item in rows:
        for j in item["judgments"]:
            verdicts[j["reviewer"]][item["position"]] = j["verdict"]
    found = []
    for a, b in combinations(sorted(verdicts), 2):
        common = sorted(verdicts[a].keys() & verdicts[b].keys())
        if not common:
            continue
        first = [verdicts[a][at] for at in common]
        second = [verdicts[b][at] for at in common]
        same = sum(x == y for x, y in zip(first, second, strict=True)) / len(common)
        value = kappa(first, second, VERDICTS)
        found.append(
            {
                "reviewers": [a, b],
                "items": len(common),
                "agreement": round(same, 4),
                "kappa": None if value is None else round(value, 4),
            }
        )
    return found


def _of_source(source: str) -> Callable[[Judged], bool]:
    return lambda j: j.source == source


def _both(source: str, keep: Callable[[Judged], bool]) -> Callable[[Judged], bool]:
    return lambda j: j.source == source and keep(j)


def precision(store: Store, queue: str) -> dict[str, Any]:
    """The precision table of a queue: ``overall``, ``by_source``, ``by_filter`` and
    ``by_source_filter`` (each row as :func:`estimate` gives it, with its ``source`` and or ``filter``),
    ``agreement`` between reviewers, and
    the queue's ``indicator``, ``country``, ``source``, ``items`` and ``judged``."""
    about = summary(store, queue)
    rows = items(store, queue)
    judged = _judged(rows)
    population = {s["stratum"]: int(s["population"]) for s in about["strata"]}
    sources = sorted({h.split("|")[0] for h in population})
    return {
        "queue": queue,
        "indicator": about["indicator"],
        "country": about["country"],
        "source": about["source"],
        "confidence": CONFIDENCE,
        "items": about["items"],
        "judged": len(judged),
        "overall": estimate(judged, population),
        "by_source": [{"source": s, **estimate(judged, population, _of_source(s))} for s in sources],
        "by_filter": [{"filter": name, **estimate(judged, population, keep)} for name, keep in FILTERS],
        "by_source_filter": [
            {"source": s, "filter": name, **estimate(judged, population, _both(s, keep))}
            for s in sources
            for name, keep in FILTERS
        ],
        "agreement": agreement(rows),
    }


def latest(store: Store, indicator: str, country: str | None = None) -> dict[str, Any] | None:
    """The precision of the newest queue of ``indicator`` with judgments, drawn for ``country`` (else for
    the world, with no source named); None when there is none. What the indicator answers show."""
    found = store.execute(
        "SELECT q.queue, q.country FROM review_queues q WHERE q.indicator = ? AND q.source IS NULL "
        "AND (q.country IS NULL OR q.country = ?) "
        "AND EXISTS (SELECT 1 FROM review_judgments j WHERE j.queue = q.queue) "
        "ORDER BY (q.country IS NULL), q.created_at DESC, q.queue LIMIT 1",
        [indicator, country],
    ).fetchall()
    return precision(store, str(found[0][0])) if found else None


def measured(store: Store, country: str | None = None) -> dict[str, Any]:
    """What an indicator answer shows beside its numbers: per audited indicator (``conflict_events`` ...)
    the :func:`latest` queue's name, items judged, overall precision and its rows per source and per
    filter; empty when no queue of any indicator has judgments."""
    shown = {}
    for indicator in QUADS:
        found = latest(store, indicator, country)
        if found is not None:
            shown[indicator] = {
                key: found[key]
                for key in (
                    "queue",
                    "country",
                    "confidence",
                    "items",
                    "judged",
                    "overall",
                    "by_source",
                    "by_filter",
                )
            }
    return shown
