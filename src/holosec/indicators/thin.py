"""When a score rests on too little to read plainly: the one rule every page, chart and briefing uses to
flag a thin score, as the threat index defines it (``holosec/data/index.toml``, section ``[evidence]``).

A score's evidence is its events (counted once per story, weighted by their field share) plus, where the
index reads attention, its weight of articles. Under :data:`FLOOR_EVENTS` there is no score at all
(``insufficient``); from there to under :data:`THIN_EVENTS` the score is shown but marked thin (the index's
``low_evidence`` and ``evidence = "thin"``: it is also shrunk towards the neutral 5); from
:data:`THIN_EVENTS` on it is ``sufficient``. Both numbers are read from the packaged method file, so they
cannot drift from :class:`holosec.indicators.index.Method`'s ``min_events`` and ``floor``.

>>> THIN_EVENTS, FLOOR_EVENTS
(5.0, 1.0)
>>> [is_thin(e) for e in (0.5, 1.0, 4.99, 5.0, 40.0)]
[True, True, True, False, False]
"""

from __future__ import annotations

import tomllib
from importlib.resources import files
from typing import Final


def _evidence() -> dict[str, float]:
    doc = tomllib.loads(files("holosec").joinpath("data", "index.toml").read_text(encoding="utf-8"))
    section = doc["evidence"]
    return {"min_events": float(section["min_events"]), "floor": float(section.get("floor", 1.0))}


_EVIDENCE = _evidence()

THIN_EVENTS: Final[float] = _EVIDENCE["min_events"]
"""A score resting on fewer events than this is thin: shown, marked, read with care."""

FLOOR_EVENTS: Final[float] = _EVIDENCE["floor"]
"""A score resting on fewer events than this is not given at all (insufficient data)."""


def is_thin(evidence: float) -> bool:
    """Whether a score resting on ``evidence`` (events plus article weight) is thin or missing, that is
    under :data:`THIN_EVENTS`."""
    return evidence < THIN_EVENTS
