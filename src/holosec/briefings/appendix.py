"""The evidence appendix: every event (or article) a briefing cites, numbered in the order it is first
cited, so a claim carries short references (``E1``, ``E2`` ...) that link to the event's id (the
article's title) and source URL.

>>> appendix = Appendix()
>>> appendix.cite([{"event_id": "gdelt2:1", "date": "2018-01-01", "source_url": "https://a.example/x"},
...                {"event_id": "icews:7", "date": "2018-01-02", "source_url": None}])
['E1', 'E2']
>>> appendix.cite([{"event_id": "gdelt2:1", "date": "2018-01-01", "source_url": "https://a.example/x"}])
['E1']
>>> [(row["ref"], row["anchor"], row["event_id"]) for row in appendix.rows()]
[('E1', 'ev-e1', 'gdelt2:1'), ('E2', 'ev-e2', 'icews:7')]
>>> appendix.cite([{"article_id": "news:9", "date": "2018-01-03", "title": "Typhoon", "source_url": None}])
['E3']
>>> appendix.rows()[-1]["title"], appendix.rows()[-1]["event_id"]
('Typhoon', None)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from holosec.briefings.words import period_name
from holosec.reference import country_label, event_label


def anchor(ref: str) -> str:
    """The HTML id (and Markdown anchor) of a reference.

    >>> anchor("E12")
    'ev-e12'
    """
    return f"ev-{ref.lower()}"


def _actors(event: Mapping[str, Any]) -> str | None:
    one, two = event.get("actor1_country"), event.get("actor2_country")
    if one is None and two is None:
        return None
    return f"{one or '-'} > {two or '-'}"


class Appendix:
    """The events cited so far, keyed by event id; :meth:`cite` gives their references."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}

    def cite(self, events: Iterable[Mapping[str, Any]]) -> list[str]:
        """References of ``events`` (rows with ``event_id``, ``date``, ``source_url`` and, when known,
        actors' countries and the CAMEO code; or articles: ``article_id``, ``title``, ``date``,
        ``source_url``), numbering the new ones."""
        refs = []
        for event in events:
            article = event.get("event_id") is None
            key = f"article:{event['article_id']}" if article else str(event["event_id"])
            if key not in self._rows:
                ref = f"E{len(self._rows) + 1}"
                self._rows[key] = {
                    "ref": ref,
                    "anchor": anchor(ref),
                    "event_id": None if article else key,
                    "title": (event.get("title") or str(event["article_id"])) if article else None,
                    "date": str(event.get("date") or ""),
                    "source_url": event.get("source_url") or None,
                    "actors": _actors(event),
                    "event_code": event.get("event_code"),
                    "countries": (event.get("actor1_country"), event.get("actor2_country")),
                }
            else:
                found = self._rows[key]
                found["actors"] = found["actors"] or _actors(event)
                found["event_code"] = found["event_code"] or event.get("event_code")
                if found["countries"] == (None, None):
                    found["countries"] = (event.get("actor1_country"), event.get("actor2_country"))
            refs.append(self._rows[key]["ref"])
        return list(dict.fromkeys(refs))

    def rows(self, lang: str | None = None) -> list[dict[str, Any]]:
        """Every cited event, in reference order; with ``lang``, each also in words (:func:`worded`)."""
        found = [({k: v for k, v in row.items() if k != "countries"}, row) for row in self._rows.values()]
        if lang is None:
            return [row for row, _ in found]
        return [worded(row, cited, lang) for row, cited in found]


def worded(row: dict[str, Any], cited: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """``row`` with ``day`` (its date as a reader writes it), ``who`` (the actors' countries named in
    ``lang``, "China → Vietnam") and ``what`` (the CAMEO event in plain words; None when unknown).

    >>> worded({"date": "2015-10-15", "event_code": "112"}, {"countries": ("VNM", "CHN")}, "zh")["who"]
    '越南 → 中国'
    """
    one, two = cited.get("countries") or (None, None)
    names = [country_label(code, lang) for code in (one, two) if code]
    return {
        **row,
        "day": period_name(row["date"], lang) if row.get("date") else "",
        "who": " → ".join(names) if one != two else (names[0] if names else None),
        "what": event_label(row.get("event_code"), lang),
    }
