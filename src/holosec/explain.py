"""Why an event looks the way it does in holosec: its normalised record and what it was linked with."""

from __future__ import annotations

from typing import Any

from holosec.fusion import links_of
from holosec.perspective import DEFAULT, classify_events, load_perspective
from holosec.store import Store
from holosec.taxonomy.coverage import event_fields
from holosec.taxonomy.text import read_text
from holosec.text.headline import reading

QUALITY_FLAGS = (
    "actor_country_from_row",
    "ambiguous_cameo_root",
    "bad_coordinates",
    "bad_quad_class",
    "country_level_geocode",
    "no_actor_country",
    "no_cameo_equivalent",
    "no_event_id",
    "no_geocode",
    "quad_class_differs_from_cameo",
    "single_source",
    "unknown_actor_country",
    "unknown_actor_type",
    "unknown_event_code",
    "unknown_location_code",
)
"""The quality flags the sources' loaders set on a record (``events.quality``); each has words in the
catalogue (``quality_<flag>``), so a page can name them."""
LANGS = ("en", "zh")


def readable(store: Store, event: dict[str, Any]) -> dict[str, Any]:
    """The event in words for each language (``en``, ``zh``: actors, what, headline, outlet; the stored
    article title as headline when there is one), its ``quality`` flags, each marked ``known`` when the
    catalogue has words for it, and its ``tone`` rounded to one decimal."""
    url = event.get("source_url")
    title = None
    if url:
        title = store.scalar("SELECT min(title) FROM articles WHERE url = ? AND title IS NOT NULL", [url])
    flags = event.get("quality") or []
    tone = event.get("tone")
    return {
        **{lang: reading(event, lang, title) for lang in LANGS},
        "quality": [{"flag": flag, "known": flag in QUALITY_FLAGS} for flag in flags],
        "tone": None if tone is None else round(float(tone), 1),
    }


def explain_event(store: Store, event_id: str, perspective: str = DEFAULT) -> dict[str, Any] | None:
    """The stored record of ``event_id`` (None when there is none), its fused event, its links, and its
    security fields with the weight and the rule behind each (code rules and ``text.slug.*`` rules), what
    the text classifier reads in its URL (``text``: the words read, the fields and the terms that drove
    them; None without a URL), and where it stands relative to a ``perspective`` (internal or external, own
    or common security, traditional or not). ``reading`` is the event in words (:func:`readable`).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     explain_event(store, "gdelt2:1") is None
    True
    """
    cursor = store.execute("SELECT * FROM events WHERE event_id = ?", [event_id])
    row = cursor.fetchone()
    if row is None:
        return None
    names = [column[0] for column in cursor.description]
    fused = store.scalar("SELECT fused_id FROM fused_events WHERE event_id = ?", [event_id])
    event = dict(zip(names, row, strict=True))
    return {
        "event": event,
        "fused_id": fused or event_id,
        "linked": links_of(store, event_id),
        "fields": event_fields(store, event_id),
        "text": read_text(event["source_url"]) if event.get("source_url") else None,
        "perspective": classify_events(store, load_perspective(perspective), [event_id])[0],
        "reading": readable(store, event),
    }
