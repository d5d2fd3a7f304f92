"""The pieces of the security situation that the dashboard and the briefings both show, built once: field
names, the field x period heatmap, change labels and arrows, and each alert's series and track record.

The numbers come from :class:`holosec.indicators.index.Index` and the stored alerts; the words from
:mod:`holosec.presentation.i18n`. Each interface adds only what is its own (a page's links, a
briefing's sentences around them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from holosec import charts
from holosec.indicators.index import DETERIORATED, IMPROVED, OVERALL, UNCHANGED, Index
from holosec.presentation.i18n import word
from holosec.taxonomy.versions import resolve

ARROWS = {DETERIORATED: "▲", IMPROVED: "▼", UNCHANGED: "►"}


def field_names(taxonomy: str, lang: str) -> dict[str, str]:
    """Field id -> the field's name in ``lang``, in taxonomy order.

    >>> field_names("v2014", "en")["military"], field_names("v2014", "zh")["military"]
    ('Military security', '军事安全')
    """
    return {f.id: f.name_zh if lang == "zh" else f.name_en for f in resolve(taxonomy).fields}


def arrow(change: str | None) -> str:
    """The arrow of a change label (none for no label).

    >>> arrow("deteriorated"), arrow(None)
    ('▲', '')
    """
    return ARROWS.get(change or "", "")


def change_label(change: str, lang: str, *, prose: bool = False) -> str:
    """A change label in ``lang``; in ``prose`` (a briefing's sentences) "unchanged" reads as "no
    significant change".

    >>> change_label("unchanged", "en"), change_label("unchanged", "en", prose=True)
    ('unchanged', 'no significant change')
    """
    return word("no_significant_change" if prose and change == UNCHANGED else change, lang)


def heatmap_periods(index: Index, period: str, count: int) -> list[str]:
    """The ``count`` periods of the index's history that end with ``period``, oldest first."""
    return sorted([period, *index.history.window(period, count - 1)])


def heatmap_rows(
    index: Index,
    country: str,
    periods: list[str],
    names: Mapping[str, str],
    *,
    shown: Callable[[float | None], str],
    href: Callable[[str], str] | None = None,
) -> list[dict[str, Any]]:
    """One row per field and period of ``country``'s index (``overall`` left out): the period, the field's
    name, the score and its tooltip (``shown`` writes the score), with the link ``href`` makes of the
    field when given."""
    rows = []
    for label in periods:
        for row in index.rows(country, label):
            field = row["field"]
            if field == OVERALL:
                continue
            name = names.get(field, field)
            cell: dict[str, Any] = {
                "period": label,
                "name": name,
                "score": row["score"],
                "label": f"{name} {label}: {shown(row['score'])}",
            }
            if href is not None:
                cell["href"] = href(field)
            rows.append(cell)
    return rows


def heatmap_chart(rows: list[dict[str, Any]], lang: str, *, score: str = "index") -> dict[str, Any]:
    """The heatmap of :func:`heatmap_rows` as a chart, titled in ``lang`` (``score``: the key of the
    colour legend's phrase)."""
    return charts.field_heatmap(
        rows,
        title=word("heatmap", lang),
        period=word("period", lang),
        field=word("field", lang),
        score=word(score, lang),
    )


def alert_series(alert: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The country (or pair) and the field an alert is about, as both the pages and the briefings name it.

    >>> alert_series({"country": "CHN", "partner": "VNM", "field": "military"}, {"military": "Military"})
    'CHN-VNM Military'
    """
    who = alert["country"] + (f"-{alert['partner']}" if alert["partner"] else "")
    return f"{who} {names.get(alert['field'] or '', alert['field'] or '')}"


def alert_record(alert: Mapping[str, Any], lang: str) -> str:
    """The detector's track record on real series (its backtest), in ``lang``.

    >>> alert_record({"record": {"recall": 0.5, "precision": 0.25, "alert_rate": 0.1}}, "en")
    'recall 0.5, precision 0.25, alert rate 0.1'
    >>> alert_record({"record": None}, "en")
    'no backtest for this detector'
    """
    record = alert.get("record") or {}
    if record.get("recall") is None:
        return word("no_record", lang)
    return word(
        "record_line",
        lang,
        recall=record["recall"],
        precision=record["precision"],
        alert_rate=record["alert_rate"],
    )
