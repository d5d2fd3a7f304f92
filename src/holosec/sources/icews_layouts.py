"""The ICEWS file layouts holosec reads, as data: columns, the types that must parse, and the SQL that
turns a row into an event of the one Event schema.

Two layouts: the Harvard Dataverse ``.tab`` files (a header line, 20 tab-separated columns, ``NA`` or
nothing for missing values), and the name-only triples of research copies (``source name, event text,
target name, date``: ICEWS05-15, ICEWS14 and their kin). Both name actors in words; holosec resolves the
names to countries, CAMEO actor codes and types with the lookup tables :mod:`holosec.sources.icews`
creates (``ref_icews_*``), and keeps every actor it cannot resolve, flagged.

How the columns are filled:

- ``event_id``: ``icews:<Event ID>`` (Dataverse); for triples ``icews:`` and the MD5 of the four fields,
  so two identical lines (same actors, text and day) are one event: the second replaces the first and is
  counted in ``rows_replaced``. ``source_key``: the Event ID, or 63 bits of that MD5.
- ``actor{1,2}_name``: the name as ICEWS writes it; ``_sector``: the Dataverse sectors as coded
  ("Executive,Foreign Ministry,Government"), or the sector of a triple's "Sector (Place)" name;
  ``_country``, ``_country_code``, ``_code``, ``_type1``: the ICEWS country and sectors of a Dataverse
  row where it gives them, else what the name resolves to (whole name, then "Sector (Place)", then the
  name without middle names, then country word + generic agent as in "Israeli Defense Forces").
- ``event_code``: the CAMEO code (Dataverse; a dropped leading zero is put back), or the code the event
  text names (triples); ``event_base_code``, ``root_code``, ``quad_class`` (from the root) and
  ``goldstein`` (GDELT's CAMEO table) follow from it; ``event_label``: the ICEWS event text.
- Dataverse only: ``lat``, ``lon``, ``loc_country`` (ICEWS's country name as ISO3), ``loc_admin1`` (the
  province name), ``loc_name``, ``loc_precision`` (4 city, 5 province, 1 country, 0 none) and
  ``details`` (story id, sentence number, publisher, ICEWS intensity, city, district).
"""

from __future__ import annotations

from dataclasses import dataclass

from holosec.sources.layout import Dialect, Layout

_CITE = "ICEWS Coded Event Data (Boschee et al., Harvard Dataverse, doi:10.7910/DVN/28075)"
DATAVERSE_LICENCE = f"{_CITE}: Harvard Dataverse terms of use; cite ICEWS"
TRIPLES_LICENCE = (
    f"{_CITE}, as published in a research copy (ICEWS05-15 and ICEWS14: BSD-3-Clause, NEC Labs Europe): "
    "cite ICEWS and the copy"
)
SOURCE = "icews"

# Dates are ISO (2018-06-01); the shared reader parses DATE columns as yyyymmdd, so they are read as
# TIMESTAMPTZ, whose ISO parsing is strict and independent of that setting: a bad date is quarantined.
_DAY = "TIMESTAMPTZ"
_SECTOR_PLACE = r"'^(.+) \(([^()]+)\)$'"  # "Police (Australia)": sector, then place

DATAVERSE_HEADER = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
_DATAVERSE_TYPES = {"Event ID": "BIGINT", "Event Date": _DAY}
_DATAVERSE_COLUMNS = tuple(
    (name.lower().replace(" ", "_"), _DATAVERSE_TYPES.get(name, "VARCHAR")) for name in DATAVERSE_HEADER
)
_TRIPLE_COLUMNS = (
    ("source_name", "VARCHAR"),
    ("event_text", "VARCHAR"),
    ("target_name", "VARCHAR"),
    ("event_date", _DAY),
)


def _na(column: str) -> str:
    """A Dataverse text field, NULL when it says NA (R's missing value, as some copies write it)."""
    return f"NULLIF(t.{column}, 'NA')"


def _name_keys(n: int, name: str) -> str:
    """Lookup keys of an actor name: the whole name; the sector and place of 'Sector (Place)'; first and
    last word of a name of three words or more (a person without middle names: only a person's entry,
    elite or government, may match it); the first one or two words and the rest ('Israeli' + 'Defense
    Forces')."""
    words = f"string_split(icews_key({name}), ' ')"
    return f"""{name} AS actor{n}_name, icews_key({name}) AS key{n},
           NULLIF(regexp_extract({name}, {_SECTOR_PLACE}, 1), '') AS actor{n}_sector_named,
           icews_key(regexp_extract({name}, {_SECTOR_PLACE}, 1)) AS sector_key{n},
           icews_key(regexp_extract({name}, {_SECTOR_PLACE}, 2)) AS place_key{n},
           CASE WHEN len({words}) >= 3 THEN {words}[1] || ' ' || {words}[-1] END AS short_key{n},
           {words}[1] AS head1_key{n}, array_to_string({words}[2:], ' ') AS rest1_key{n},
           array_to_string({words}[:2], ' ') AS head2_key{n},
           array_to_string({words}[3:], ' ') AS rest2_key{n}"""


def _during(alias: str) -> str:
    return f"r.day >= {alias}.valid_from AND r.day < {alias}.valid_to"


def _actor_joins(n: int) -> str:
    """The lookups of one actor's name, in the name table as of the event's day, and the sector table."""
    joins = [
        f"LEFT JOIN ref_icews_name a{n} ON a{n}.key = r.key{n} AND {_during(f'a{n}')}",
        f"LEFT JOIN ref_icews_name p{n} ON p{n}.key = r.place_key{n} AND {_during(f'p{n}')}",
        f"LEFT JOIN ref_icews_sector s{n} ON s{n}.key = r.sector_key{n}",
        f"LEFT JOIN ref_icews_name f{n} ON f{n}.key = r.short_key{n} AND {_during(f'f{n}')} "
        f"AND coalesce(f{n}.type1, 'ELI') IN ('ELI', 'GOV')",
    ]
    for k in (1, 2):
        head, agent = f"h{k}{n}", f"g{k}{n}"
        joins += [
            f"LEFT JOIN ref_icews_name {head} ON {head}.key = r.head{k}_key{n} AND {_during(head)} "
            f"AND {head}.code = {head}.country_code AND {head}.iso3 IS NOT NULL",
            f"LEFT JOIN ref_icews_sector {agent} ON {agent}.key = r.rest{k}_key{n} "
            f"AND {head}.key IS NOT NULL",
        ]
    return "\n" + "\n".join(joins)


@dataclass(frozen=True)
class _Resolved:
    """SQL expressions of what an actor's name resolved to: first the whole name, then 'Sector (Place)',
    then the name without middle names, then a country word and a generic agent ('Israeli Defense
    Forces')."""

    code: str
    country_code: str
    iso3: str
    type1: str
    found: str


def _first(*options: str) -> str:
    return "coalesce(" + ", ".join(options) + ")"


def _resolved(n: int) -> _Resolved:
    a, p, s, f = (f"{alias}{n}" for alias in "apsf")
    heads = [(f"h{k}{n}", f"g{k}{n}") for k in (1, 2)]

    def with_agent(column: str, composed: bool = False) -> list[str]:
        return [
            f"CASE WHEN {g}.key IS NOT NULL THEN {h}.{column}{f' || {g}.type1' if composed else ''} END"
            for h, g in heads
        ]

    return _Resolved(
        code=_first(
            f"{a}.code", f"{p}.code || coalesce({s}.type1, '')", f"{f}.code", *with_agent("code", True)
        ),
        country_code=_first(*(f"{x}.country_code" for x in (a, p, f)), *with_agent("country_code")),
        iso3=_first(*(f"{x}.iso3" for x in (a, p, f)), *with_agent("iso3")),
        type1=_first(f"{s}.type1", f"{a}.type1", f"{f}.type1", *(f"{g}.type1" for _, g in heads)),
        found=_first(f"{a}.key", f"{p}.key", f"{f}.key", *with_agent("key")) + " IS NOT NULL",
    )


def _triple_actor(n: int) -> str:
    """An actor named in a triple, as its name resolved."""
    found = _resolved(n)
    return f"""
    r.actor{n}_name, {found.code} AS actor{n}_code, {found.country_code} AS actor{n}_country_code,
    {found.iso3} AS actor{n}_country, {found.type1} AS actor{n}_type1,
    r.actor{n}_sector_named AS actor{n}_sector, {found.found} AS resolved{n},"""


def _dataverse_actor(n: int) -> str:
    """An actor of a Dataverse row: its country and sectors as ICEWS coded them; its name where ICEWS gives
    no country (international organisations, regions)."""
    found = _resolved(n)
    sector = f"r.sector_type{n}"
    return f"""
    r.actor{n}_name,
    coalesce(c{n}.country_code || coalesce({sector}, ''), {found.code}, {sector}) AS actor{n}_code,
    coalesce(c{n}.country_code, {found.country_code}) AS actor{n}_country_code,
    coalesce(c{n}.iso3, {found.iso3}) AS actor{n}_country,
    coalesce({sector}, {found.type1}) AS actor{n}_type1,
    r.sectors{n} AS actor{n}_sector,
    (c{n}.key IS NOT NULL OR {sector} IS NOT NULL OR {found.found}) AS resolved{n},"""


def _sector_type(n: int, sectors: str) -> str:
    """The most specific CAMEO type among a Dataverse actor's comma-separated sectors."""
    return (
        f"(SELECT arg_min(s.type1, s.rank) FROM unnest(string_split({sectors}, ',')) AS u(sector) "
        f"JOIN ref_icews_sector s ON s.key = icews_key(u.sector)) AS sector_type{n}"
    )


_EVENT = """
    r.cameo AS event_code, left(r.cameo, 3) AS event_base_code, left(r.cameo, 2) AS root_code,
    e.code IS NOT NULL AS code_known,
    CAST(q.quad_class AS TINYINT) AS quad_class, g.goldstein AS goldstein, r.event_text AS event_label,
    'icews' AS source, {file_id} AS file_id, r.day AS date, {source_file} AS source_file,
    {licence} AS licence,"""

_EVENT_JOINS = """
LEFT JOIN ref_event_code e ON e.code = r.cameo
LEFT JOIN ref_icews_quad q ON q.root = left(r.cameo, 2)
LEFT JOIN ref_icews_goldstein g ON g.code = r.cameo"""

# Flags computed over the normalised row; helper columns are dropped before the insert.
_QUALITY = """
SELECT x.* EXCLUDE (resolved1, resolved2, code_known, geo_given, loc_country_given), list_filter([
    CASE WHEN x.actor1_name IS NOT NULL AND NOT x.resolved1 THEN 'unresolved_actor1' END,
    CASE WHEN x.actor2_name IS NOT NULL AND NOT x.resolved2 THEN 'unresolved_actor2' END,
    CASE WHEN x.actor1_country IS NULL AND x.actor2_country IS NULL THEN 'no_actor_country' END,
    CASE WHEN NOT x.code_known THEN 'unknown_event_code' END,
    CASE WHEN x.loc_country_given AND x.loc_country IS NULL THEN 'unknown_location_code' END,
    CASE WHEN x.lat IS NULL OR x.lon IS NULL THEN 'no_geocode' END,
    CASE WHEN x.loc_precision = 1 THEN 'country_level_geocode' END,
    CASE WHEN x.geo_given AND NOT coalesce(x.lat BETWEEN -90 AND 90 AND x.lon BETWEEN -180 AND 180, false)
         THEN 'bad_coordinates' END
], lambda flag: flag IS NOT NULL) AS quality
FROM ({select}) AS x
"""


_TRIPLES_SELECT = _QUALITY.replace(
    "{select}",
    f"""
SELECT
    'icews:' || md5(concat_ws(chr(9), r.actor1_name, r.event_text, r.actor2_name, r.day_text)) AS event_id,
    CAST(md5_number_lower(concat_ws(chr(9), r.actor1_name, r.event_text, r.actor2_name, r.day_text)) >> 1
         AS BIGINT) AS source_key,
    {_triple_actor(1)}
    {_triple_actor(2)}
    {_EVENT}
    CAST(NULL AS DOUBLE) AS lat, CAST(NULL AS DOUBLE) AS lon, CAST(0 AS TINYINT) AS loc_precision,
    CAST(NULL AS VARCHAR) AS loc_country, false AS geo_given, false AS loc_country_given
FROM (
    SELECT t.event_text, CAST(t.event_date AS DATE) AS day, strftime(t.event_date, '%Y-%m-%d') AS day_text,
           l.code AS cameo, {_name_keys(1, "t.source_name")}, {_name_keys(2, "t.target_name")}
    FROM {{read}} AS t
    LEFT JOIN ref_icews_label l ON l.key = lower(trim(t.event_text))
) AS r
{_actor_joins(1)}
{_actor_joins(2)}
{_EVENT_JOINS}
""",
)


def _cameo(code: str) -> str:
    """A Dataverse CAMEO code as text. Numeric copies of the files drop CAMEO's leading zero ('40' for
    '040', '211' for '0211'); no CAMEO root is above 20, so the zero is put back. Without a code, the event
    text names it."""
    return (
        f"coalesce(CASE WHEN length({code}) = 2 OR (length({code}) = 3 AND left({code}, 2) > '20') "
        f"THEN '0' || {code} ELSE {code} END, l.code)"
    )


_DATAVERSE_SELECT = _QUALITY.replace(
    "{select}",
    f"""
SELECT
    'icews:' || r.event_id AS event_id, r.event_id AS source_key,
    {_dataverse_actor(1)}
    {_dataverse_actor(2)}
    {_EVENT}
    r.lat, r.lon, lc.iso3 AS loc_country, r.province AS loc_admin1,
    NULLIF(concat_ws(', ', r.city, r.district, r.province, r.country), '') AS loc_name,
    CAST(CASE WHEN r.lat IS NULL OR r.lon IS NULL THEN 0 WHEN r.city IS NOT NULL THEN 4
              WHEN r.province IS NOT NULL THEN 5 ELSE 1 END AS TINYINT) AS loc_precision,
    r.lat_text IS NOT NULL OR r.lon_text IS NOT NULL AS geo_given,
    r.country IS NOT NULL AS loc_country_given,
    map_from_entries(list_filter([
        ('story_id', r.story_id), ('sentence_number', r.sentence_number), ('publisher', r.publisher),
        ('intensity', r.intensity), ('city', r.city), ('district', r.district)
    ], lambda entry: entry[2] IS NOT NULL)) AS details
FROM (
    SELECT t.event_id, CAST(t.event_date AS DATE) AS day, {_na("event_text")} AS event_text,
           {_cameo(f"trim({_na('cameo_code')})")} AS cameo,
           {_name_keys(1, _na("source_name"))}, {_name_keys(2, _na("target_name"))},
           {_na("source_sectors")} AS sectors1, {_na("target_sectors")} AS sectors2,
           {_sector_type(1, "t.source_sectors")}, {_sector_type(2, "t.target_sectors")},
           icews_key({_na("source_country")}) AS country_key1,
           icews_key({_na("target_country")}) AS country_key2,
           {_na("story_id")} AS story_id, {_na("sentence_number")} AS sentence_number,
           {_na("publisher")} AS publisher, {_na("intensity")} AS intensity, {_na("city")} AS city,
           {_na("district")} AS district, {_na("province")} AS province, {_na("country")} AS country,
           {_na("latitude")} AS lat_text, {_na("longitude")} AS lon_text,
           TRY_CAST({_na("latitude")} AS DOUBLE) AS lat, TRY_CAST({_na("longitude")} AS DOUBLE) AS lon
    FROM {{read}} AS t
    LEFT JOIN ref_icews_label l ON l.key = lower(trim(t.event_text))
) AS r
LEFT JOIN ref_icews_name c1 ON c1.key = r.country_key1 AND {_during("c1")}
LEFT JOIN ref_icews_name c2 ON c2.key = r.country_key2 AND {_during("c2")}
LEFT JOIN ref_icews_name lc ON lc.key = icews_key(r.country) AND {_during("lc")}
{_actor_joins(1)}
{_actor_joins(2)}
{_EVENT_JOINS}
""",
)

LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "icews-dataverse",
            "ICEWS coded events, Harvard Dataverse .tab (header line, 20 columns)",
            "events",
            SOURCE,
            _DATAVERSE_COLUMNS,
            _DATAVERSE_SELECT,
            "event_id",
            "date",
            licence=DATAVERSE_LICENCE,
            dialect=Dialect(delim="\t", quote="", header=True),
        ),
        Layout(
            "icews-triples",
            "ICEWS name triples: source name, event text, target name, date (ICEWS05-15, ICEWS14 ...)",
            "events",
            SOURCE,
            _TRIPLE_COLUMNS,
            _TRIPLES_SELECT,
            "event_id",
            "date",
            licence=TRIPLES_LICENCE,
            dialect=Dialect(delim="\t", quote="", header=False),
        ),
    )
}
