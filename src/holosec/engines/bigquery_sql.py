"""The BigQuery SQL holosec writes to set a dataset up over GDELT's public tables (``holosec export
bigquery``): text only, no client, so every statement can be printed (``--dry-run``), parsed and kept as a
snapshot by the tests.

What a dataset holds (``docs/engines.md``):

- ``ref_cameo_country``, ``ref_fips``, ``ref_actor_type``, ``ref_event_code``: holosec's crosswalks (CAMEO
  actor countries and FIPS 10-4 to ISO3, the known codes), uploaded as small tables;
- ``events``: a view over GDELT 2.0's public events table (``gdelt-bq.gdeltv2.events``), normalised the way
  :mod:`holosec.sources.gdelt_layouts` normalises a downloaded file, bounded by the ``DATEADDED`` it was set
  up at (its mark), so the tags always cover every event it shows;
- ``tag_place``, ``tag_place_cell``, ``tag_flashpoint``: the place rules; ``loc_places``: the place rules
  each distinct location meets, computed there;
- ``signature_tags``: the tags of every distinct *signature* (:data:`holosec.taxonomy.tagging.
  SIGNATURE_COLUMNS`), tagged by holosec's own rules on the machine that runs holosec and uploaded;
  ``event_tags``: a view joining the events to them;
- ``fused_events`` and ``aggregate_counts``: empty (fusion across sources stays local; GDELT's public
  aggregates are not read there), so the indicator code finds every table it reads;
- ``rollup_days`` (partitioned by month, clustered by taxonomy, view and country), ``rollup_state`` and
  ``holosec_mark``: the day cells holosec builds there, their state and the dataset's mark.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import ibis
from ibis.backends.sql.datatypes import BigQueryType

from holosec import reference
from holosec.sources.gdelt_layouts import GDELT_LICENCE

GDELT_EVENTS = "gdelt-bq.gdeltv2.events"
"""GDELT 2.0's events in BigQuery's public datasets (from 2015-02-18, updated every 15 minutes)."""

_LOCATION = ("loc_fips", "loc_admin1", "loc_name", "loc_country", "loc_precision", "lat", "lon", "source")
_ACTOR_TYPES = tuple(f"actor{n}_type{k}" for n in (1, 2) for k in (1, 2, 3))
_SIGNATURE = (
    ("code", "COALESCE(e.event_code, e.root_code)"),
    ("quad", "e.quad_class"),
    *((column, f"e.{column}") for column in _ACTOR_TYPES),
    *(
        (f"actor{n}_{part}", f"e.actor{n}_{part}")
        for part in ("known_group", "religion", "ethnic")
        for n in (1, 2)
    ),
    ("plover_type", "e.plover_type"),
    ("plover_mode", "e.plover_mode"),
    ("plover_context", "e.plover_context"),
    ("event_label", "e.event_label"),
    ("places", "p.places"),
)
LOC_KEY = "FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(" + ", ".join(f"e.{c}" for c in _LOCATION) + ")))"
"""A location's key: the fingerprint of the columns that place an event (as tagging groups them)."""
SIG_KEY = "FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(" + ", ".join(f"{x} AS {n}" for n, x in _SIGNATURE) + ")))"
"""A signature's key: the fingerprint of the columns that decide an event's code tags."""


@dataclass(frozen=True)
class Statement:
    """One statement of a setup: what it makes (``name``) and its SQL."""

    name: str
    sql: str


def quoted(dataset: str, name: str) -> str:
    """A table of ``dataset`` (``project.dataset``) as BigQuery names it.

    >>> quoted("my-project.holosec", "events")
    '`my-project.holosec.events`'
    """
    return f"`{dataset}.{name}`"


def literal(value: Any) -> str:
    """``value`` as a BigQuery literal: text is quoted and escaped, so a value can never end the literal.

    >>> literal("it's"), literal(None), literal(2.5), literal(True), literal(date(2015, 2, 18))
    ("'it\\\\'s'", 'NULL', '2.5', 'TRUE', "DATE '2015-02-18'")
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "NULL"
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return f"'{text}'"


def bigquery_type(kind: str | ibis.DataType) -> str:
    """The BigQuery type of an Ibis type (``string`` is STRING, ``int8`` INT64, ``array<string>`` ...).

    >>> bigquery_type("array<string>"), bigquery_type("float64"), bigquery_type("date")
    ('ARRAY<STRING>', 'FLOAT64', 'DATE')
    """
    dtype = ibis.dtype(kind)
    if dtype.is_timestamp():
        return "TIMESTAMP"  # an instant, in UTC as every holosec timestamp
    if dtype.is_map():
        return "JSON"  # BigQuery has no maps (holosec keeps a source's extra fields in one)
    return str(BigQueryType.to_string(dtype))


def rows_sql(schema: Mapping[str, str | ibis.DataType], rows: Iterable[Sequence[Any]]) -> str:
    """A query of ``rows`` (tuples in the order of ``schema``, a column name to Ibis type map), typed.

    >>> rows_sql({"fips": "string", "iso3": "string"}, [("CH", "CHN")])
    "SELECT * FROM UNNEST(ARRAY<STRUCT<fips STRING, iso3 STRING>>[('CH', 'CHN')])"
    """
    struct = ", ".join(f"{column} {bigquery_type(kind)}" for column, kind in schema.items())
    values = ", ".join("(" + ", ".join(literal(v) for v in row) + ")" for row in rows)
    return f"SELECT * FROM UNNEST(ARRAY<STRUCT<{struct}>>[{values}])"


def table_sql(
    dataset: str, name: str, schema: Mapping[str, str | ibis.DataType], rows: Iterable[Sequence[Any]]
) -> str:
    """Replace table ``name`` of ``dataset`` by ``rows``."""
    return f"CREATE OR REPLACE TABLE {quoted(dataset, name)} AS\n{rows_sql(schema, rows)}"


def empty_table_sql(dataset: str, name: str, schema: Mapping[str, ibis.DataType], extra: str = "") -> str:
    """Create table ``name`` of ``dataset`` with ``schema`` when it does not exist (``extra``: its
    partitioning and clustering)."""
    columns = ",\n  ".join(f"{column} {bigquery_type(kind)}" for column, kind in schema.items())
    return f"CREATE TABLE IF NOT EXISTS {quoted(dataset, name)} (\n  {columns}\n){extra}"


def reference_statements(dataset: str) -> list[Statement]:
    """The crosswalks the events view joins, from the installed package's reference data."""
    pairs = {
        "ref_cameo_country": ("code", reference.actor_country_codes()),
        "ref_fips": ("fips", reference.fips_codes()),
        "ref_actor_type": ("code", dict.fromkeys(reference.actor_types())),
        "ref_event_code": ("code", dict.fromkeys(reference.event_codes())),
    }
    return [
        Statement(name, table_sql(dataset, name, {key: "string", "iso3": "string"}, sorted(mapping.items())))
        for name, (key, mapping) in pairs.items()
    ]


def _stamp(column: str, parts: tuple[str, ...], kind: str) -> str:
    """``column`` (digits such as YYYYMMDD) as a ``kind`` (DATE, TIMESTAMP), NULL when it is none."""
    text = f"CAST({column} AS STRING)"
    pieces = [f"SUBSTR({text}, {part})" for part in parts]
    marks = ["-", "-", " ", ":", ":"]
    joined = ", ".join(
        x for n, piece in enumerate(pieces) for x in ((piece,) if n == 0 else (f"'{marks[n - 1]}'", piece))
    )
    return f"SAFE_CAST(CONCAT({joined}) AS {kind})"


_DATE = _stamp("r.SQLDATE", ("1, 4", "5, 2", "7, 2"), "DATE")


def _gdelt_columns() -> dict[str, str]:
    """Each column of holosec's events table that GDELT gives, as the view computes it from a row ``r``."""
    flags = ",\n    ".join(
        (
            "IF(r.NumSources <= 1, 'single_source', NULL)",
            "IF(c1.iso3 IS NULL AND c2.iso3 IS NULL, 'no_actor_country', NULL)",
            "IF((r.Actor1CountryCode IS NOT NULL AND c1.code IS NULL)"
            " OR (r.Actor2CountryCode IS NOT NULL AND c2.code IS NULL), 'unknown_actor_country', NULL)",
            "IF((r.Actor1Type1Code IS NOT NULL AND t1.code IS NULL)"
            " OR (r.Actor2Type1Code IS NOT NULL AND t2.code IS NULL), 'unknown_actor_type', NULL)",
            "IF(ec.code IS NULL, 'unknown_event_code', NULL)",
            "IF(r.ActionGeo_CountryCode IS NOT NULL AND ga.fips IS NULL, 'unknown_location_code', NULL)",
            "IF(r.ActionGeo_Type IS NULL OR CAST(r.ActionGeo_Type AS STRING) = '0', 'no_geocode', NULL)",
            "IF(CAST(r.ActionGeo_Type AS STRING) = '1', 'country_level_geocode', NULL)",
            "IF((r.ActionGeo_Lat IS NOT NULL AND NOT COALESCE(SAFE_CAST(r.ActionGeo_Lat AS FLOAT64)"
            " BETWEEN -90 AND 90, FALSE)) OR (r.ActionGeo_Long IS NOT NULL AND NOT COALESCE("
            "SAFE_CAST(r.ActionGeo_Long AS FLOAT64) BETWEEN -180 AND 180, FALSE)), 'bad_coordinates', NULL)",
            "IF(r.QuadClass NOT BETWEEN 1 AND 4, 'bad_quad_class', NULL)",
        )
    )
    return {
        "event_id": "CONCAT('gdelt2:', CAST(r.GLOBALEVENTID AS STRING))",
        "source": "'gdelt2'",
        "source_key": "CAST(r.GLOBALEVENTID AS INT64)",
        "file_id": "CAST(r.DATEADDED AS INT64)",  # the mark refreshes compare: newer events, newer days
        "date": _DATE,
        "added_at": _stamp("r.DATEADDED", ("1, 4", "5, 2", "7, 2", "9, 2", "11, 2", "13, 2"), "TIMESTAMP"),
        **{
            f"actor{n}_{part}": f"r.Actor{n}{name}"
            for n in (1, 2)
            for part, name in (
                ("code", "Code"),
                ("name", "Name"),
                ("country_code", "CountryCode"),
                ("known_group", "KnownGroupCode"),
                ("ethnic", "EthnicCode"),
                ("religion", "Religion1Code"),
                ("type1", "Type1Code"),
                ("type2", "Type2Code"),
                ("type3", "Type3Code"),
            )
        },
        "actor1_country": "c1.iso3",
        "actor2_country": "c2.iso3",
        "is_root_event": "r.IsRootEvent = 1",
        "event_code": "r.EventCode",
        "event_base_code": "r.EventBaseCode",
        "root_code": "r.EventRootCode",
        "quad_class": "SAFE_CAST(r.QuadClass AS INT64)",
        "goldstein": "SAFE_CAST(r.GoldsteinScale AS FLOAT64)",
        "num_mentions": "SAFE_CAST(r.NumMentions AS INT64)",
        "num_sources": "SAFE_CAST(r.NumSources AS INT64)",
        "num_articles": "SAFE_CAST(r.NumArticles AS INT64)",
        "tone": "SAFE_CAST(r.AvgTone AS FLOAT64)",
        "actor1_geo_country": "g1.iso3",
        "actor2_geo_country": "g2.iso3",
        "loc_precision": "SAFE_CAST(r.ActionGeo_Type AS INT64)",
        "loc_name": "r.ActionGeo_FullName",
        "loc_fips": "r.ActionGeo_CountryCode",
        "loc_country": "ga.iso3",
        "loc_admin1": "r.ActionGeo_ADM1Code",
        "loc_admin2": "r.ActionGeo_ADM2Code",
        "lat": "SAFE_CAST(r.ActionGeo_Lat AS FLOAT64)",
        "lon": "SAFE_CAST(r.ActionGeo_Long AS FLOAT64)",
        "loc_feature_id": "CAST(r.ActionGeo_FeatureID AS STRING)",
        "source_url": "r.SOURCEURL",
        "licence": literal(GDELT_LICENCE),
        "quality": f"ARRAY(SELECT flag FROM UNNEST([\n    {flags}\n  ]) AS flag WHERE flag IS NOT NULL)",
    }


def events_view_sql(
    dataset: str, schema: Mapping[str, ibis.DataType], through: int, source: str = GDELT_EVENTS
) -> str:
    """The ``events`` view: GDELT's public events added up to ``through`` (a ``DATEADDED``,
    YYYYMMDDhhmmss), with every column of holosec's ``schema`` (those GDELT lacks are NULL). A row
    without a valid date, which holosec's ingest would quarantine, is left out."""
    given = {**_gdelt_columns(), "source_file": literal(f"bigquery:{source}")}
    columns = ",\n  ".join(
        f"{given[column]} AS {column}"
        if column in given
        else f"CAST(NULL AS {bigquery_type(kind)}) AS {column}"
        for column, kind in schema.items()
    )
    return f"""CREATE OR REPLACE VIEW {quoted(dataset, "events")} AS
SELECT
  {columns}
FROM `{source}` AS r
LEFT JOIN {quoted(dataset, "ref_cameo_country")} AS c1 ON c1.code = r.Actor1CountryCode
LEFT JOIN {quoted(dataset, "ref_cameo_country")} AS c2 ON c2.code = r.Actor2CountryCode
LEFT JOIN {quoted(dataset, "ref_actor_type")} AS t1 ON t1.code = r.Actor1Type1Code
LEFT JOIN {quoted(dataset, "ref_actor_type")} AS t2 ON t2.code = r.Actor2Type1Code
LEFT JOIN {quoted(dataset, "ref_event_code")} AS ec ON ec.code = r.EventCode
LEFT JOIN {quoted(dataset, "ref_fips")} AS g1 ON g1.fips = r.Actor1Geo_CountryCode
LEFT JOIN {quoted(dataset, "ref_fips")} AS g2 ON g2.fips = r.Actor2Geo_CountryCode
LEFT JOIN {quoted(dataset, "ref_fips")} AS ga ON ga.fips = r.ActionGeo_CountryCode
WHERE r.DATEADDED <= {through} AND {_DATE} IS NOT NULL"""


def mark_sql(source: str = GDELT_EVENTS) -> str:
    """The newest ``DATEADDED`` of GDELT's public events: the mark a setup bounds the view by."""
    return f"SELECT MAX(DATEADDED) AS through FROM `{source}`"


_POINT = "(e.loc_precision IN (3, 4) OR e.source = 'acled')"


def loc_places_sql(dataset: str) -> str:
    """``loc_places(loc, places)``: the place rules each distinct location of the events meets (one per
    area, the first rule id), as :func:`holosec.taxonomy.tagging` finds them locally."""

    def q(name: str) -> str:
        return quoted(dataset, name)

    return f"""CREATE OR REPLACE TABLE {q("loc_places")} AS
WITH loc AS (
  SELECT DISTINCT {LOC_KEY} AS loc, {", ".join(f"e.{c}" for c in _LOCATION)}
  FROM {q("events")} AS e
),
hit AS (
  SELECT e.loc, p.rule, p.area FROM loc AS e JOIN {q("tag_place")} AS p
    ON p.kind = 'fips' AND p.code = e.loc_fips
  UNION ALL
  SELECT e.loc, p.rule, p.area FROM loc AS e JOIN {q("tag_place")} AS p
    ON p.kind = 'admin1' AND p.code = e.loc_admin1
  UNION ALL
  SELECT e.loc, p.rule, p.area FROM loc AS e JOIN {q("tag_place")} AS p
    ON p.kind = 'feature' AND p.code = LOWER(TRIM(SPLIT(e.loc_name, ',')[SAFE_OFFSET(0)]))
  UNION ALL
  SELECT e.loc, p.rule, p.area FROM loc AS e
  JOIN {q("tag_place_cell")} AS c
    ON c.lat_cell = CAST(FLOOR(e.lat) AS INT64) AND c.lon_cell = CAST(FLOOR(e.lon) AS INT64)
  JOIN {q("tag_place")} AS p ON p.rule = c.rule
  WHERE e.lat BETWEEN p.south AND p.north AND e.lon BETWEEN p.west AND p.east
    AND (NOT p.point OR {_POINT})
  UNION ALL
  SELECT e.loc, f.rule, f.rule FROM loc AS e JOIN {q("tag_flashpoint")} AS f ON f.country = e.loc_country
  WHERE f.south IS NULL OR (e.lat BETWEEN f.south AND f.north AND e.lon BETWEEN f.west AND f.east)
),
first AS (
  SELECT * FROM hit WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (PARTITION BY loc, area ORDER BY rule) = 1
)
SELECT loc, STRING_AGG(rule, ' ' ORDER BY rule) AS places FROM first GROUP BY loc"""


def signatures_sql(dataset: str) -> str:
    """One row per distinct signature of the events, with its key (``sig``): what holosec downloads,
    tags with its own rules and uploads as ``signature_tags``."""
    names = ", ".join(f"ANY_VALUE({name}) AS {name}" for name, _ in _SIGNATURE)
    columns = ",\n    ".join(f"{expr} AS {name}" for name, expr in _SIGNATURE)
    return f"""SELECT sig, {names}
FROM (
  SELECT {SIG_KEY} AS sig,
    {columns}
  FROM {quoted(dataset, "events")} AS e
  LEFT JOIN {quoted(dataset, "loc_places")} AS p ON p.loc = {LOC_KEY}
)
GROUP BY sig"""


def event_tags_view_sql(dataset: str) -> str:
    """The ``event_tags`` view: every event's tags, through its signature."""
    return f"""CREATE OR REPLACE VIEW {quoted(dataset, "event_tags")} AS
SELECT e.event_id, t.field, t.weight, t.rule
FROM {quoted(dataset, "events")} AS e
LEFT JOIN {quoted(dataset, "loc_places")} AS p ON p.loc = {LOC_KEY}
JOIN {quoted(dataset, "signature_tags")} AS t ON t.sig = {SIG_KEY}"""


SIGNATURE_TAGS = {"sig": "int64", "field": "string", "weight": "float64", "rule": "string"}
ROLLUP_STATE = {
    "taxonomy": "string",
    "through_file": "int64",
    "tags_serial": "int64",
    "fusion_serial": "int64",
    "built_at": "timestamp",
}
MARK = {"through_file": "int64", "tags_serial": "int64", "fusion_serial": "int64", "written_at": "timestamp"}


def merge_cells_sql(dataset: str, taxonomy: str, cells: str, days: Sequence[date] | None) -> str:
    """Replace the day cells of ``taxonomy`` (those of ``days`` only, when given) by the rows of the query
    ``cells``, in one atomic MERGE."""
    scope = f"T.taxonomy = {literal(taxonomy)}"
    if days is not None:
        scope += f" AND T.period IN UNNEST({literal(sorted(days))})"
    return f"""MERGE {quoted(dataset, "rollup_days")} AS T
USING (
{cells}
) AS S
ON FALSE
WHEN NOT MATCHED BY SOURCE AND {scope} THEN DELETE
WHEN NOT MATCHED BY TARGET THEN INSERT ROW"""


def save_state_sql(dataset: str, taxonomy: str, mark: tuple[int, int, int]) -> str:
    """Record that the day cells of ``taxonomy`` match ``mark``."""
    given = ", ".join(
        f"{literal(value)} AS {name}"
        for name, value in zip(
            ("taxonomy", "through_file", "tags_serial", "fusion_serial"), (taxonomy, *mark), strict=True
        )
    )
    return f"""MERGE {quoted(dataset, "rollup_state")} AS T
USING (SELECT {given}, CURRENT_TIMESTAMP() AS built_at) AS S
ON T.taxonomy = S.taxonomy
WHEN MATCHED THEN UPDATE SET through_file = S.through_file, tags_serial = S.tags_serial,
  fusion_serial = S.fusion_serial, built_at = S.built_at
WHEN NOT MATCHED THEN INSERT ROW"""
