"""Drawing a review queue: a stratified random sample of the events that count toward an indicator.

The **population** is what the indicator counts: the counted report of each story (stories collapsed, as
:func:`holosec.indicators.frame.counted_rows` forms them over every stored event) whose quad class the
indicator counts (``conflict_events``: 3-4, verbal and material conflict; ``material_conflict_events``:
4; ``events``: all), narrowed to one country (either actor of it, the country view) and one source when
asked. No quality filter is applied, so the judgments can measure every filter.

Each event falls into one **stratum**, ``source|sources|mentions|actors``: its source (``gdelt2``,
``icews`` ...), whether it was seen in one news source or ``2+`` (GDELT's NumSources; ``-`` where the
source has no such count), in fewer than ``5`` mentions (``<5``) or ``5+`` (``-`` likewise), and whether
holosec placed both actors in a country (``resolved``) or not (``unresolved``). The bounds are those of
the quality filters the audit reports (``--min-sources 2``, ``--min-mentions 5``,
``--actors-resolved``), so each filter keeps whole strata.

The draws are spread by :func:`holosec.review.stats.allocate` (equal allocation, capped); within a
stratum the events are drawn at random by the seed from the stratum's events in event id order, and the
queue is then shuffled by the same seed, so one seed on one store gives the same queue every time.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from holosec.engines import engine_for
from holosec.errors import InputError, NoData, ParameterError
from holosec.indicators.frame import ALL, counted_rows
from holosec.reference import country_name
from holosec.review.queue import summary
from holosec.review.stats import allocate
from holosec.store import Store
from holosec.taxonomy import DEFAULT

QUADS: dict[str, tuple[int, ...]] = {
    "conflict_events": (3, 4),
    "material_conflict_events": (4,),
    "events": (1, 2, 3, 4),
}
"""The indicators a queue can audit, with the quad classes of the events each counts."""
MAX_N = 5000
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
MIN_SOURCES = 2
MIN_MENTIONS = 5
_UNRESOLVED = ("no_actor_country", "unknown_actor_country", "unresolved_actor1", "unresolved_actor2")


def stratum_of(source: str, sources: int | None, mentions: int | None, resolved: bool) -> str:
    """The stratum of an event (see the module notes).

    >>> stratum_of("gdelt2", 3, 1, True), stratum_of("icews", None, None, False)
    ('gdelt2|2+|<5|resolved', 'icews|-|-|unresolved')
    """
    many = "-" if sources is None else ("2+" if sources >= MIN_SOURCES else "1")
    heard = "-" if mentions is None else ("5+" if mentions >= MIN_MENTIONS else "<5")
    return f"{source}|{many}|{heard}|{'resolved' if resolved else 'unresolved'}"


def queue_name(indicator: str, country: str | None, source: str | None, seed: int) -> str:
    """The default name of a queue.

    >>> queue_name("conflict_events", "CHN", None, 42)
    'conflict_events-CHN-all-42'
    """
    return f"{indicator}-{country or 'world'}-{source or 'all'}-{seed}"


def population(
    store: Store,
    indicator: str,
    *,
    country: str | None = None,
    source: str | None = None,
    taxonomy: str = DEFAULT,
) -> list[dict[str, Any]]:
    """The events that count toward ``indicator`` (see the module notes), one dict each: ``event_id``,
    ``source``, ``num_sources``, ``num_mentions``, ``actors_resolved`` and ``stratum``, by event id."""
    engine = engine_for(store)
    rows = counted_rows(engine, taxonomy=taxonomy, field=ALL)
    rows = rows.filter((rows.counted == 1) & rows.quad.isin(QUADS[indicator]))
    if country is not None:
        rows = rows.filter((rows.a1 == country) | (rows.a2 == country))
    events = engine.table("events").select("event_id", "source", "num_sources", "num_mentions", "quality")
    if source is not None:
        events = events.filter(events.source == source)
    joined = rows.select("event_id").join(events, "event_id").order_by("event_id")
    found = []
    for row in engine.rows(joined):
        flags = set(row["quality"] or ())
        resolved = not flags.intersection(_UNRESOLVED)
        found.append(
            {
                "event_id": str(row["event_id"]),
                "source": str(row["source"]),
                "num_sources": row["num_sources"],
                "num_mentions": row["num_mentions"],
                "actors_resolved": resolved,
                "stratum": stratum_of(row["source"], row["num_sources"], row["num_mentions"], resolved),
            }
        )
    return found


def _checked(indicator: str, n: int, country: str | None, name: str) -> str | None:
    if indicator not in QUADS:
        raise ParameterError("indicator", f"must be one of {', '.join(QUADS)}, not {indicator!r}")
    if not 1 <= n <= MAX_N:
        raise ParameterError("n", f"must be between 1 and {MAX_N}, not {n}")
    if not NAME.match(name):
        raise ParameterError("name", "letters, digits, '.', '_' and '-' only, at most 80, not " + repr(name))
    if country is None:
        return None
    code = country.upper()
    if country_name(code) is None:
        raise ParameterError("country", f"{country!r} is not an ISO3 country code")
    return code


def draw(
    store: Store,
    indicator: str = "conflict_events",
    n: int = 200,
    *,
    seed: int | None = None,
    country: str | None = None,
    source: str | None = None,
    taxonomy: str = DEFAULT,
    name: str | None = None,
    user: str | None = None,
) -> dict[str, Any]:
    """Draw a queue of ``n`` events (fewer when the population is smaller) and store it; its summary
    (:func:`holosec.review.queue.summary`). ``seed`` None: a random seed, kept with the queue."""
    seed = random.SystemRandom().randrange(1, 10**6) if seed is None else seed
    name = name or queue_name(indicator, country.upper() if country else None, source, seed)
    code = _checked(indicator, n, country, name)
    if store.scalar("SELECT count(*) FROM review_queues WHERE queue = ?", [name]):
        raise InputError(name, "a review queue of that name exists: give another --name")
    events = population(store, indicator, country=code, source=source, taxonomy=taxonomy)
    if not events:
        raise NoData("country", f"no events count toward {indicator} in this selection")
    strata: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        strata[event["stratum"]].append(event)
    counts = allocate({h: len(members) for h, members in strata.items()}, n)
    rng = random.Random(seed)
    chosen = [e for h in sorted(strata) for e in rng.sample(strata[h], counts[h])]
    rng.shuffle(chosen)
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        store.execute(
            "INSERT INTO review_queues VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, indicator, code, source, taxonomy, len(chosen), seed, len(events), now, user],
        )
        store.executemany(
            "INSERT INTO review_strata VALUES (?, ?, ?, ?)",
            [(name, h, len(strata[h]), counts[h]) for h in sorted(strata)],
        )
        store.executemany(
            "INSERT INTO review_items VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    name,
                    at,
                    e["event_id"],
                    e["stratum"],
                    e["source"],
                    e["num_sources"],
                    e["num_mentions"],
                    e["actors_resolved"],
                )
                for at, e in enumerate(chosen, start=1)
            ],
        )
    return summary(store, name)
