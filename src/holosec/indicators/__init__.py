"""Threat-perception indicators: counts, rates, Goldstein, conflict shares, cooperation-conflict balance,
tone and distinct sources per field x country | pair | location x day | week | month, from materialised day
cells the ingest step keeps current (reads never refresh them); composite indices, interwoven threats and
the evidence behind every number build on them. The method is in ``docs/indicators.md``.
"""

from holosec.indicators.frame import Quality
from holosec.indicators.query import Selection, indicators, panel, perspective_indicators
from holosec.indicators.rollup import RefreshReport, StaleRollups, build, refresh, refresh_all

__all__ = [
    "Quality",
    "RefreshReport",
    "Selection",
    "StaleRollups",
    "build",
    "indicators",
    "panel",
    "perspective_indicators",
    "refresh",
    "refresh_all",
]
