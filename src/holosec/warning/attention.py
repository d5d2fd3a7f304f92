"""Attention series to watch: per field, the share of the articles naming a country that are about it
(:func:`holosec.indicators.attention.attention`), by month.

A share of a handful of articles swings wildly, so a period with fewer than ``min_articles`` articles
naming the country has **no value** (NaN): it is neither judged nor part of any baseline. Periods in
which no article names the country have no value either (nothing was measured, unlike a month without
events).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from holosec.indicators.attention import MIN_ARTICLES, attention
from holosec.periods import Grain, Period
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.warning.series import Panel

__all__ = ["MIN_ARTICLES", "attention_panel"]


def attention_panel(
    store: Store,
    country: str,
    fields: tuple[str, ...] | None = None,
    *,
    taxonomy: str = DEFAULT,
    by: str = "month",
    min_articles: int = MIN_ARTICLES,
) -> tuple[Panel, dict[str, dict[Period, dict[str, Any]]]] | None:
    """The attention shares of ``country`` as a panel (one series ``COUNTRY:field`` per field, thin periods
    NaN) and, per series and period, its attention row; None when no article names the country.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     attention_panel(store, "CHN") is None
    True
    """
    rows: dict[str, dict[Period, dict[str, Any]]] = {}
    for row in attention(store, country=country, taxonomy=taxonomy, by=by):
        if fields is None or row["field"] in fields:
            rows.setdefault(f"{row['country']}:{row['field']}", {})[Period.parse(row["period"])] = row
    if not rows:
        return None
    columns = {key: {p.ordinal: row["share"] for p, row in points.items()} for key, points in rows.items()}
    panel = Panel.from_columns(Grain(by), columns)
    enough = np.zeros(panel.values.shape, dtype=bool)
    for i, key in enumerate(panel.keys):
        for period, row in rows[key].items():
            enough[i, period.ordinal - panel.start] = row["all_articles"] >= min_articles
    return dataclasses.replace(panel, values=np.where(enough, panel.values, np.nan)), rows
