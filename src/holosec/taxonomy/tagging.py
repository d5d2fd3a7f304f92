"""Tagging: every event and article gets its security fields, each with a weight and the rule that gave it.

Tags are rows of ``event_tags`` and ``article_tags`` (``field``, ``weight``, ``rule``): one row per rule that
matched the record. How the rules combine (see ``docs/tagging.md``):

- **Prefix rules** (CAMEO codes, GKG themes): the longest key that matches wins, and every row of that key
  applies (``1831`` uses the ``183`` rows for fields when it has none of its own). Field rows and family rows
  resolve apart, so ``1831`` still gets ``family:terrorism`` from its own row.
- **All other rules add up**: actor types, known groups, religion and ethnic codes, PLOVER type, mode and
  contexts, ACLED labels, places. A rule counts once per record, however many actors or themes carry it.
- **Weights are shares**: a record's security-field rows sum to 1 (each rule's weight divided by the sum over
  the record's field rules), so ``sum(weight) GROUP BY field`` is the record's profile across fields.
- **Families** (``family:terrorism``, ``family:separatism``, ``family:extremism``, ``family:hotspots``,
  ``family:ethnic_religious``) are rows of the same tables, outside the normalisation: their weight is the
  rule's own (0-1), and coverage counts only security fields.

The work is done in DuckDB, once per distinct *signature* of an event (its CAMEO code, quad class, actor
attributes, PLOVER codes, label and the places its location lies in; places are matched once per
distinct location), so millions of events cost a few joins and one write.
"""

from __future__ import annotations

import time
from typing import Any

from holosec.store import Store
from holosec.taxonomy.rule_tables import drop_rule_tables, load_rule_tables, table
from holosec.taxonomy.text_tags import profile_rows, profiles

_ACTOR_TYPES = [f"actor{n}_type{k}" for n in (1, 2) for k in (1, 2, 3)]
# The columns that place an event: place rules are matched once per distinct location.
_LOCATION = ("loc_fips", "loc_admin1", "loc_name", "loc_country", "loc_precision", "lat", "lon", "source")
_LOC_HASH = "hash(" + ", ".join(f"e.{column}" for column in _LOCATION) + ")"
# The columns that decide an event's tags, with the place rules of its location.
_SIGNATURE = (
    "coalesce(e.event_code, e.root_code) AS code",
    "e.quad_class AS quad",
    *(f"e.{column}" for column in _ACTOR_TYPES),
    *(f"e.actor{n}_{part}" for part in ("known_group", "religion", "ethnic") for n in (1, 2)),
    "e.plover_type",
    "e.plover_mode",
    "e.plover_context",
    "e.event_label",
    "p.places",
)
_SIG_HASH = "hash(" + ", ".join(expr.split(" AS ")[0] for expr in _SIGNATURE) + ")"
_WITH_PLACES = f"LEFT JOIN tag_loc_place p ON p.loc = {_LOC_HASH}"
_FAMILY = "starts_with(field, 'family:')"
# Where a box asks for a point: a GDELT city or landmark (types 3, 4); ACLED's own precision scale (1 exact
# .. 3 region) never places an event at a country centroid, so its points count.
_POINT = "(e.loc_precision IN (3, 4) OR e.source = 'acled')"


def _scope(table: str, file_id: int | None) -> tuple[str, list[Any]]:
    if file_id is None:
        return f"SELECT * FROM {table}", []
    return f"SELECT * FROM {table} WHERE file_id = ?", [file_id]


def _location_places(store: Store, scope: str, params: list[Any]) -> None:
    """``tag_loc_place(loc, places)``: for each distinct location of the events in scope (by the hash of
    its columns) that meets a place rule or a flashpoint, those rules (one per area: the first rule id)."""
    columns = ", ".join(f"any_value(e.{column}) AS {column}" for column in _LOCATION)
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE tag_loc AS
        WITH e AS ({scope}) SELECT {_LOC_HASH} AS loc, {columns} FROM e GROUP BY loc
        """,
        params,
    )
    store.execute(f"""
        CREATE OR REPLACE TEMP TABLE tag_loc_place AS
        WITH hit AS (
            SELECT e.loc, p.rule, p.area FROM tag_loc e JOIN tag_place p
                ON p.kind = 'fips' AND p.code = e.loc_fips
            UNION ALL
            SELECT e.loc, p.rule, p.area FROM tag_loc e JOIN tag_place p
                ON p.kind = 'admin1' AND p.code = e.loc_admin1
            UNION ALL
            SELECT e.loc, p.rule, p.area FROM tag_loc e JOIN tag_place p
                ON p.kind = 'feature' AND p.code = lower(trim(split_part(e.loc_name, ',', 1)))
            UNION ALL
            SELECT e.loc, p.rule, p.area FROM tag_loc e
            JOIN tag_place_cell c ON c.lat_cell = CAST(floor(e.lat) AS INTEGER)
                                 AND c.lon_cell = CAST(floor(e.lon) AS INTEGER)
            JOIN tag_place p ON p.rule = c.rule
            WHERE e.lat BETWEEN p.south AND p.north AND e.lon BETWEEN p.west AND p.east
              AND (NOT p.point OR {_POINT})
            UNION ALL
            SELECT e.loc, f.rule, f.rule FROM tag_loc e JOIN tag_flashpoint f ON f.country = e.loc_country
            WHERE f.south IS NULL OR (e.lat BETWEEN f.south AND f.north AND e.lon BETWEEN f.west AND f.east)
        )
        SELECT loc, string_agg(rule, ' ' ORDER BY rule) AS places FROM (
            SELECT * FROM hit QUALIFY row_number() OVER (PARTITION BY loc, area ORDER BY rule) = 1
        ) GROUP BY loc
    """)


def _signatures(store: Store, scope: str, params: list[Any]) -> None:
    """``tag_sig``: one row per distinct signature of the events in scope."""
    names = [expr.split(" AS ")[-1].split(".")[-1] for expr in _SIGNATURE]
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE tag_sig AS
        WITH e AS ({scope})
        SELECT sig, {", ".join(f"any_value({name}) AS {name}" for name in names)} FROM (
            SELECT {_SIG_HASH} AS sig, {", ".join(_SIGNATURE)}
            FROM e {_WITH_PLACES}
        ) GROUP BY sig
        """,
        params,
    )


def _plover(column: str) -> str:
    return f"lower(replace(trim({column}), ' ', '_'))"


# What a signature shows to the equality-matched rules: (rule kind, key expression, condition).
_OBSERVATIONS = (
    ("type", f"upper(unnest([{', '.join(_ACTOR_TYPES)}]))", "true"),
    ("known_group", "upper(unnest([actor1_known_group, actor2_known_group]))", "true"),
    ("religion", "upper(unnest([actor1_religion, actor2_religion]))", "true"),
    ("religion", "'*'", "coalesce(actor1_religion, actor2_religion) IS NOT NULL"),
    ("ethnic", "upper(unnest([actor1_ethnic, actor2_ethnic]))", "true"),
    ("ethnic", "'*'", "coalesce(actor1_ethnic, actor2_ethnic) IS NOT NULL"),
    ("plover_type", _plover("plover_type"), "true"),
    ("plover_mode", _plover("plover_mode"), "true"),
    ("plover_context", _plover("unnest(plover_context)"), "true"),
    ("acled", "lower(trim(event_label))", "true"),
    ("acled", "lower(trim(split_part(event_label, ':', 1))) || ': *'", "contains(event_label, ':')"),
    ("place", "unnest(string_split(places, ' '))", "true"),
)


def _observations(store: Store) -> None:
    """``tag_obs(sig, quad, kind, key)``: what each signature shows to the equality-matched rules."""
    parts = " UNION ALL ".join(
        f"SELECT sig, quad, '{kind}' AS kind, {key} AS key FROM tag_sig WHERE {where}"
        for kind, key, where in _OBSERVATIONS
    )
    store.execute(
        f"CREATE OR REPLACE TEMP TABLE tag_obs AS SELECT DISTINCT * FROM ({parts}) WHERE key IS NOT NULL"
    )


def _prefix_matches(keys: str, kinds: str) -> str:
    """SQL resolving each key of ``keys`` (a query with column ``key``) against prefix rules of ``kinds``:
    the longest rule key wins, field rows and family rows apart; rules of the last kind listed (Phoenix
    issues) count only where no rule of an earlier kind matches."""
    return f"""
        SELECT k.key AS matched, r.rule, r.field, r.weight, r.fallback
        FROM ({keys}) AS k JOIN tag_rule r
          ON r.kind IN {kinds}
         AND (r.key = k.key OR (ends_with(r.key, '*') AND starts_with(k.key, rtrim(r.key, '*'))))
        QUALIFY rank() OVER (
            PARTITION BY k.key, r.family
            ORDER BY r.kind = 'issue', length(rtrim(r.key, '*')) DESC
        ) = 1
    """


def _cameo_prefix(keys: str) -> str:
    return f"""
        SELECT k.key AS matched, r.rule, r.field, r.weight, r.fallback
        FROM ({keys}) AS k JOIN tag_rule r ON r.kind = 'cameo' AND starts_with(k.key, r.key)
        QUALIFY rank() OVER (PARTITION BY k.key, r.family ORDER BY length(r.key) DESC) = 1
    """


def _normalised(hits: str, record: str) -> str:
    """Rows (record, field, weight, rule) from hits (record, rule, field, weight, fallback): fallback rules
    dropped where a record has another field rule, field weights as shares, families as given."""
    return f"""
        SELECT {record}, field, rule,
               CASE WHEN {_FAMILY} THEN weight
                    ELSE weight / sum(CASE WHEN {_FAMILY} THEN 0 ELSE weight END) OVER (PARTITION BY {record})
               END AS weight
        FROM (
            SELECT *, bool_or(NOT fallback AND NOT {_FAMILY}) OVER (PARTITION BY {record}) AS specific
            FROM (SELECT DISTINCT {record}, rule, field, weight, fallback FROM ({hits}) WHERE weight > 0)
        ) WHERE NOT (fallback AND specific)
    """


_SIGNATURE_HITS = f"""
    SELECT o.sig, r.rule, r.field, r.weight, r.fallback FROM tag_obs o
    JOIN tag_rule r ON r.kind = o.kind AND r.key = o.key
    WHERE r.quad IS NULL OR list_contains(r.quad, o.quad)
    UNION ALL
    SELECT s.sig, c.rule, c.field, c.weight, c.fallback FROM tag_sig s
    JOIN ({_cameo_prefix("SELECT DISTINCT code AS key FROM tag_sig WHERE code IS NOT NULL")}) AS c
      ON c.matched = s.code
"""


def _signature_tags(store: Store) -> None:
    """``tag_sig_tag(sig, field, rule, weight)``: the tags of every signature."""
    store.execute(f"CREATE OR REPLACE TEMP TABLE tag_sig_tag AS {_normalised(_SIGNATURE_HITS, 'sig')}")


def _text_tables(store: Store, scope: str, params: list[Any], texts: str) -> bool:
    """``tag_text(text, prof)`` and ``tag_text_rule(prof, rule, field, weight)``: the text profile of each
    distinct text of the records in scope that gives text tags (see :mod:`.text_tags`); whether any does.
    ``texts`` is the select list of a text and its kind (``slug``, ``news``) from a record ``r``."""
    found = store.execute(f"SELECT DISTINCT {texts} FROM ({scope}) AS r", params).fetchall()
    tagged: list[tuple[str, int]] = []
    rows: list[tuple[int, str, str, float]] = []
    for kind in sorted({kind for _, kind in found}):
        of_kind = [text for text, k in found if k == kind and text]
        numbers, profiled = profiles(of_kind)
        offset = max((number for number, *_ in rows), default=0)
        tagged += [(text, offset + n) for text, n in zip(of_kind, numbers, strict=True) if n]
        rows += [(offset + n, rule, field, weight) for n, rule, field, weight in profile_rows(profiled, kind)]
    table(store, "tag_text", {"text": "VARCHAR", "prof": "INTEGER"}, tagged)
    columns = {"prof": "INTEGER", "rule": "VARCHAR", "field": "VARCHAR", "weight": "DOUBLE"}
    table(store, "tag_text_rule", columns, rows)
    return bool(tagged)


def _signature_text_tags(store: Store, scope: str, params: list[Any]) -> None:
    """``tag_event(event_id, sig, prof)`` and ``tag_sig_tag(sig, prof, field, rule, weight)``: the tags of
    every signature and text profile that occur together."""
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE tag_event AS
        WITH e AS ({scope})
        SELECT e.event_id, {_SIG_HASH} AS sig, coalesce(t.prof, 0) AS prof
        FROM e {_WITH_PLACES} LEFT JOIN tag_text t ON t.text = e.source_url
        """,
        params,
    )
    hits = f"""
        WITH combo AS (SELECT DISTINCT sig, prof FROM tag_event)
        SELECT c.sig, c.prof, h.rule, h.field, h.weight, h.fallback
        FROM combo c JOIN ({_SIGNATURE_HITS}) h ON h.sig = c.sig
        UNION ALL
        SELECT c.sig, c.prof, r.rule, r.field, r.weight, false
        FROM combo c JOIN tag_text_rule r ON r.prof = c.prof
    """
    store.execute(f"CREATE OR REPLACE TEMP TABLE tag_sig_tag AS {_normalised(hits, 'sig, prof')}")


SIGNATURE_COLUMNS: dict[str, str] = {
    "code": "VARCHAR",
    "quad": "TINYINT",
    **dict.fromkeys(_ACTOR_TYPES, "VARCHAR"),
    **{f"actor{n}_{part}": "VARCHAR" for part in ("known_group", "religion", "ethnic") for n in (1, 2)},
    "plover_type": "VARCHAR",
    "plover_mode": "VARCHAR",
    "plover_context": "VARCHAR[]",
    "event_label": "VARCHAR",
    "places": "VARCHAR",
}
"""What decides an event's code tags (its *signature*): the columns of ``tag_sig`` with their types;
``places`` is the space-separated place rules its location meets."""


def tag_signatures(store: Store, signatures: list[dict[str, Any]]) -> list[tuple[Any, str, float, str]]:
    """The tags ``(sig, field, weight, rule)`` of signatures given as rows (``sig``, a key of the caller's,
    and the :data:`SIGNATURE_COLUMNS`), by the same rules and SQL as :func:`tag_events` without text
    tags: how an engine that holds the events elsewhere (BigQuery) tags them, a signature at a time.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     tags = tag_signatures(store, [{"sig": 7, "code": "190", "quad": 4}])
    >>> sorted({(sig, field) for sig, field, _, _ in tags})
    [(7, 'military')]
    """
    columns = {"sig": "BIGINT", **SIGNATURE_COLUMNS}
    rows = [tuple(row.get(column) for column in columns) for row in signatures]
    load_rule_tables(store)
    try:
        table(store, "tag_sig", columns, rows)
        _observations(store)
        _signature_tags(store)
        found = store.execute("SELECT sig, field, weight, rule FROM tag_sig_tag ORDER BY ALL").fetchall()
    finally:
        _drop_work(store, "tag_sig", "tag_obs", "tag_sig_tag")
        drop_rule_tables(store)
    return [(sig, field, float(weight), rule) for sig, field, weight, rule in found]


# The text a record's text tags read, and its kind: an event's URL; a news article's title and the start of
# its text, any other article's URL (GKG).
_EVENT_TEXT = "r.source_url AS text, 'slug' AS kind"
_ARTICLE_TEXT_OF = "CASE WHEN source = 'news' THEN concat_ws(' ', title, summary) ELSE url END"
_ARTICLE_TEXT = f"{_ARTICLE_TEXT_OF} AS text, CASE WHEN source = 'news' THEN 'news' ELSE 'slug' END AS kind"
_WORK_TABLES = (
    "tag_loc", "tag_loc_place", "tag_sig", "tag_obs", "tag_sig_tag", "tag_text", "tag_text_rule", "tag_event",
    "tag_art_obs",
)  # fmt: skip


def _drop_work(store: Store, *names: str) -> None:
    for name in names:
        store.execute(f"DROP TABLE IF EXISTS {name}")


def tag_events(store: Store, file_id: int | None = None, *, fresh: bool = False, text: bool = True) -> int:
    """Tag the events of one ingested file (``file_id``), or every stored event; returns the rows written.

    Tags the events had before are replaced (a re-ingested event keeps no stale tags); ``fresh=True`` skips
    that delete when the caller knows none of these events has tags yet; ``text=False`` applies the code
    rules only (no ``text.slug.*`` tags: how the tags looked before the text classifier, for comparisons).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     tag_events(store)
    0
    """
    scope, params = _scope("events", file_id)
    load_rule_tables(store)
    try:
        if not fresh:
            store.execute(
                f"DELETE FROM event_tags WHERE event_id IN (SELECT event_id FROM ({scope}))", params
            )
        _location_places(store, scope, params)
        _signatures(store, scope, params)
        _observations(store)
        # Tag rows need no particular order; letting DuckDB write them in any order is ~20% faster.
        store.execute("SET preserve_insertion_order = false")
        if text and _text_tables(store, scope, params, _EVENT_TEXT):
            _signature_text_tags(store, scope, params)
            insert = """
                SELECT e.event_id, t.field, t.weight, t.rule FROM tag_event e
                JOIN tag_sig_tag t ON t.sig = e.sig AND t.prof = e.prof
            """
        else:
            _signature_tags(store)
            insert = f"""
                WITH e AS ({scope})
                SELECT e.event_id, t.field, t.weight, t.rule
                FROM e {_WITH_PLACES}
                JOIN tag_sig_tag t ON t.sig = {_SIG_HASH}
            """
        row = store.execute(
            f"INSERT INTO event_tags (event_id, field, weight, rule) {insert}",
            params if "?" in insert else [],
        ).fetchone()
    finally:
        store.execute("RESET preserve_insertion_order")
        _drop_work(store, *_WORK_TABLES)
        drop_rule_tables(store)
    return int(row[0]) if row else 0


def tag_articles(store: Store, file_id: int | None = None, *, fresh: bool = False) -> int:
    """Tag the articles (GKG records) of one ingested file, or every stored article; returns the rows
    written. Themes are matched against the GKG theme rules (then Phoenix issue names); the article's
    location countries against the FIPS place rules and the flashpoints that have no boxes.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     tag_articles(store)
    0
    """
    scope, params = _scope("articles", file_id)
    load_rule_tables(store)
    try:
        if not fresh:
            store.execute(
                f"DELETE FROM article_tags WHERE article_id IN (SELECT article_id FROM ({scope}))", params
            )
        store.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE tag_art_obs AS
            WITH a AS ({scope})
            SELECT DISTINCT article_id, 'theme' AS kind, unnest(themes) AS key FROM a
            UNION SELECT DISTINCT article_id, 'fips', unnest(location_fips) FROM a
            UNION SELECT article_id, 'text', {_ARTICLE_TEXT_OF} FROM a
            """,
            params,
        )
        _text_tables(store, scope, params, _ARTICLE_TEXT)
        themes = "SELECT DISTINCT key FROM tag_art_obs WHERE kind = 'theme'"
        hits = f"""
            SELECT o.article_id, t.rule, t.field, t.weight, t.fallback FROM tag_art_obs o
            JOIN ({_prefix_matches(themes, "('theme', 'issue')")}) AS t
              ON o.kind = 'theme' AND t.matched = o.key
            UNION ALL
            SELECT o.article_id, r.rule, r.field, r.weight, r.fallback FROM tag_art_obs o
            JOIN tag_place p ON o.kind = 'fips' AND p.kind = 'fips' AND p.code = o.key
            JOIN tag_rule r ON r.kind = 'place' AND r.key = p.rule
            QUALIFY row_number() OVER (PARTITION BY o.article_id, p.area ORDER BY p.rule) = 1
            UNION ALL
            SELECT o.article_id, r.rule, r.field, r.weight, r.fallback FROM tag_art_obs o
            JOIN ref_fips c ON o.kind = 'fips' AND c.fips = o.key
            JOIN tag_flashpoint f ON f.country = c.iso3 AND f.south IS NULL
            JOIN tag_rule r ON r.kind = 'place' AND r.key = f.rule
            UNION ALL
            SELECT o.article_id, r.rule, r.field, r.weight, false FROM tag_art_obs o
            JOIN tag_text t ON o.kind = 'text' AND t.text = o.key
            JOIN tag_text_rule r ON r.prof = t.prof
        """
        row = store.execute(
            "INSERT INTO article_tags (article_id, field, weight, rule) "
            f"SELECT article_id, field, weight, rule FROM ({_normalised(hits, 'article_id')})"
        ).fetchone()
    finally:
        _drop_work(store, *_WORK_TABLES)
        drop_rule_tables(store)
    return int(row[0]) if row else 0


def retag(store: Store) -> dict[str, Any]:
    """Recompute every tag from the stored events and articles (no source file is read), in one
    transaction: after a change to the rules or the taxonomy. Returns rows written and seconds taken.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     sorted(retag(store))
    ['article_tags', 'event_tags', 'seconds']
    """
    started = time.perf_counter()
    with store.transaction():
        store.execute("DELETE FROM event_tags")
        store.execute("DELETE FROM article_tags")
        events = tag_events(store, fresh=True)
        articles = tag_articles(store, fresh=True)
        store.mark_changed("tags")
    return {
        "event_tags": events,
        "article_tags": articles,
        "seconds": round(time.perf_counter() - started, 3),
    }
