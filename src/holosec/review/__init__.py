"""Precision audits: a stratified random sample of the events an indicator counts, drawn into a review
queue (:mod:`.sample`); reviewers' verdicts on its items (:mod:`.queue`); and from them the indicator's
precision with its confidence interval, per source and per quality filter, and the agreement between
reviewers (:mod:`.precision`, :mod:`.stats`). ``docs/precision.md`` says how to run an audit and read it.
"""

from holosec.review.precision import latest, measured, precision
from holosec.review.queue import VERDICTS, exists, export, item, items, judge, progress, queues, summary
from holosec.review.sample import QUADS, draw, population

__all__ = [
    "QUADS",
    "VERDICTS",
    "draw",
    "exists",
    "export",
    "item",
    "items",
    "judge",
    "latest",
    "measured",
    "population",
    "precision",
    "progress",
    "queues",
    "summary",
]
