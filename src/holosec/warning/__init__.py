"""Early warning: detectors that run on any series, forecasts with uncertainty, and backtests that show
how well each detector has done on real series (its track record, shown beside every alert).

>>> from holosec.periods import Grain
>>> from holosec.warning import Panel, detect
>>> panel = Panel.from_arrays(Grain.month, 24000, {"CHN-VNM": [5, 3, 6, 4, 7, 5, 4, 6, 310]})
>>> [(alert.key, alert.period, alert.direction) for alert in detect(panel)]
[('CHN-VNM', '2000-09', 'up')]
"""

from holosec.warning.alerts import DEFAULT, DETECTORS, Alert, detect, make_detector
from holosec.warning.backtest import Record, SeriesScore, forecast_scores, shipped_records, verify
from holosec.warning.episodes import Episode, load_episodes
from holosec.warning.forecast import LEVELS, brier, crps, learned, persistence, seasonal_naive
from holosec.warning.series import Panel, read_series

__all__ = [
    "DEFAULT",
    "DETECTORS",
    "LEVELS",
    "Alert",
    "Episode",
    "Panel",
    "Record",
    "SeriesScore",
    "brier",
    "crps",
    "detect",
    "forecast_scores",
    "learned",
    "load_episodes",
    "make_detector",
    "persistence",
    "read_series",
    "seasonal_naive",
    "shipped_records",
    "verify",
]
