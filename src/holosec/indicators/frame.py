"""The rows indicators are counted from: one row per stored event and security field, with the event's
field weight and whether it is the one report counted for its story.

A **story** is what holosec counts as one event: stored records that report the same thing collapse into
one. Records of one fused group (``holosec fuse``) are one story; any other records are one story when they
share the day, both actors (CAMEO code, or name where the source has none), the CAMEO event code and the
place (GDELT feature id, else place name, else location country). The story is counted once, with the
values of its best-covered report (most mentions, then most sources, then the smallest event id); every
report still counts towards the story's distinct sources. With ``dedup=False`` every stored record counts.
Analysts' active corrections are laid over the records first (:mod:`holosec.corrections.overlay`): a record
that is not an event is dropped, a duplicate is never its story's counted report, and corrected codes,
countries and fields replace the ingested ones (the stored rows never change).

Each event has one row per field of the chosen taxonomy version with its weight (its tags re-cut from
``v2023`` by the version map, so weights still sum to 1 per tagged event) and one row with field ``''``
and weight 1 for "all events whatever their fields" (untagged events too).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis
from ibis import _

from holosec.corrections.overlay import DUPLICATE_COLUMN, corrected, corrected_tags, duplicates
from holosec.engines import Engine
from holosec.errors import ParameterError
from holosec.taxonomy import DEFAULT, version_map
from holosec.taxonomy.parse import FINEST

ALL = ""  # the key value meaning "all fields" / "all partners" / "the world"
# The host of a source URL without "www.": one news outlet.
OUTLET_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:www\.)?([^/:?#]+)"
_LOCATIONS = ("country", "admin1", "city")
_UNRESOLVED = ("no_actor_country", "unknown_actor_country", "unresolved_actor1", "unresolved_actor2")


@dataclass(frozen=True)
class Quality:
    """Optional filters on the records counted.

    ``min_sources`` / ``min_mentions``: at least that many (GDELT's NumSources / NumMentions; records
    without the count pass); ``actors_resolved``: drop records with an actor holosec could not place in a
    country; ``location``: the least precise place kept (``country`` drops records with no place,
    ``admin1`` also those placed only at country level, ``city`` keeps only points).
    """

    min_sources: int = 0
    min_mentions: int = 0
    actors_resolved: bool = False
    location: str | None = None

    def __post_init__(self) -> None:
        if self.location is not None and self.location not in _LOCATIONS:
            raise ParameterError("location", f"must be one of {', '.join(_LOCATIONS)}, not {self.location!r}")

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return self != Quality()


def _filtered(events: ibis.Table, quality: Quality) -> ibis.Table:
    if quality.min_sources:
        events = events.filter(events.num_sources.isnull() | (events.num_sources >= quality.min_sources))
    if quality.min_mentions:
        events = events.filter(events.num_mentions.isnull() | (events.num_mentions >= quality.min_mentions))
    if quality.actors_resolved:
        flags = events.quality.fill_null(ibis.literal([], type="array<string>"))
        for flag in _UNRESOLVED:
            events = events.filter(~flags.contains(flag))
    if quality.location is not None:
        flags = events.quality.fill_null(ibis.literal([], type="array<string>"))
        events = events.filter(events.loc_country.notnull() & ~flags.contains("no_geocode"))
        if quality.location in ("admin1", "city"):
            events = events.filter(~flags.contains("country_level_geocode"))
        if quality.location == "city":
            events = events.filter(events.loc_precision.isin([3, 4]) | (events.source == "acled"))
    return events


def _outlet(url: ibis.StringValue) -> ibis.StringValue:
    """The URL's host, lower-cased and without "www." (NULL when there is none): one news outlet. The host
    itself, not a hash of it: a 32-bit hash (Spark's) collides at GDELT's scale of outlets."""
    return url.re_extract(OUTLET_HOST, 1).lower().nullif("")


def first_of_group(table: ibis.Table, group: list[ibis.Value], order: list[Any]) -> ibis.BooleanValue:
    """True on the first row of each group of ``table`` in ``order`` (exactly one row per group): the
    portable form of ``first(order_by=...)``, a ``row_number()`` window, which every engine runs (Spark
    has no ordered ``first``)."""
    window = ibis.window(group_by=group, order_by=order)
    return ibis.row_number().over(window) == 0


def _reports(engine: Engine, events: ibis.Table, dedup: bool) -> ibis.Table:
    """The columns indicators need, with ``counted`` 1 for the report counted for its story, else 0."""
    slim = events.select(
        "event_id",
        "date",
        "file_id",
        a1=_.actor1_country,
        a2=_.actor2_country,
        loc=_.loc_country,
        quad=_.quad_class,
        goldstein=_.goldstein,
        tone=_.tone,
        mentions=_.num_mentions,
        nsources=_.num_sources,
        outlet=_outlet(events.source_url),
        same_actor1=_.actor1_code.fill_null(_.actor1_name),
        same_actor2=_.actor2_code.fill_null(_.actor2_name),
        same_code=_.event_code,
        same_place=_.loc_feature_id.fill_null(_.loc_name).fill_null(_.loc_country),
        **duplicates(events),  # analysts' corrections: a duplicate is never the report counted
    )
    if not dedup:
        return slim.mutate(counted=ibis.literal(1, type="int8")).drop(*_STORY_KEYS, *duplicates(slim))
    fused = engine.table("fused_events")
    slim = slim.left_join(fused, "event_id").drop("event_id_right")
    alone = slim.fused_id.isnull()
    group = [
        slim.fused_id.name("story_fused"),
        *(
            ibis.ifelse(alone, slim[key], ibis.null(slim[key].type())).name(f"story_{key}")
            for key in ("date", *_STORY_KEYS)
        ),
    ]
    best = [slim.mentions.desc(nulls_first=False), slim.nsources.desc(nulls_first=False), slim.event_id]
    counted = first_of_group(slim, group, best)
    if duplicates(slim):
        counted = first_of_group(slim, group, [slim[DUPLICATE_COLUMN], *best]) & ~slim[DUPLICATE_COLUMN]
    return slim.mutate(counted=counted.cast("int8")).drop("fused_id", *_STORY_KEYS, *duplicates(slim))


_STORY_KEYS = ("same_actor1", "same_actor2", "same_code", "same_place")


def reports(engine: Engine, events: ibis.Table, dedup: bool, quality: Quality | None = None) -> ibis.Table:
    """The ``events`` that pass ``quality``, one row each with ``counted`` (see the module docstring),
    as analysts' active corrections have them (:mod:`holosec.corrections.overlay`)."""
    return _reports(engine, _filtered(corrected(engine, events), quality or Quality()), dedup)


def field_weights(
    engine: Engine, taxonomy: str, events: ibis.Table | None = None, *, per_tag: bool = False
) -> ibis.Table:
    """(event_id, field, w): each tagged event's weight on each field of ``taxonomy`` (only the events of
    ``events``, when given: the tags are narrowed before they are summed). ``per_tag=True`` leaves one
    row per tag, not yet summed per event and field: cheaper for a caller that only sums them."""
    tags = engine.table("event_tags")
    tags = corrected_tags(engine, tags.filter(~tags.field.startswith("family:")))
    if events is not None:
        tags = tags.filter(tags.event_id.isin(events.event_id))
    if taxonomy == FINEST:
        if per_tag:
            return tags.select("event_id", "field", w=tags.weight)
        return tags.group_by(["event_id", "field"]).aggregate(w=tags.weight.sum())
    shares = version_map(FINEST, taxonomy)
    rows = [(src, dst, part) for src, row in shares.items() for dst, part in row.items()]
    mapping = engine.small_table(
        f"holosec_map_{taxonomy}",
        {"field": [r[0] for r in rows], "target": [r[1] for r in rows], "share": [r[2] for r in rows]},
        {"field": "string", "target": "string", "share": "float64"},
    )
    joined = tags.join(mapping, "field")
    if per_tag:
        return joined.select("event_id", field=joined.target, w=joined.weight * joined.share)
    return joined.group_by(["event_id", joined.target.name("field")]).aggregate(
        w=(joined.weight * joined.share).sum()
    )


def counted_rows(
    engine: Engine,
    *,
    taxonomy: str = DEFAULT,
    dedup: bool = True,
    quality: Quality | None = None,
    events: ibis.Table | None = None,
    field: str | None = None,
) -> ibis.Table:
    """One row per (event, field) with ``w`` and ``counted``, plus one row per event with field ``''``.

    ``events`` narrows the records (any expression over the ``events`` table); stories are formed among
    them, so pass whole days when deduplicating. ``field`` keeps only that field's rows (``''``: only the
    rows of all events).
    """
    source = events if events is not None else engine.table("events")
    return with_fields(engine, reports(engine, source, dedup, quality), taxonomy, events, field)


def with_fields(
    engine: Engine,
    counted: ibis.Table,
    taxonomy: str,
    events: ibis.Table | None = None,
    field: str | None = None,
    *,
    per_tag: bool = False,
) -> ibis.Table:
    """The rows of :func:`counted_rows` from reports already counted (:func:`reports`, which a caller may
    materialise once); ``events`` narrows the tags summed (None: every event's). With ``per_tag`` an
    event has a row per tag rather than per field (:func:`field_weights`), for callers that only sum."""
    every = counted.mutate(field=ibis.literal(ALL), w=ibis.literal(1.0))
    if field == ALL:
        return every
    weights = field_weights(engine, taxonomy, events, per_tag=per_tag)
    if field is not None:
        weights = weights.filter(weights.field == field)
    tagged = counted.join(weights, "event_id")
    if field is not None:
        return tagged
    return tagged.union(every.select(tagged.columns).cast(tagged.schema()))
