"""The GDELT file layouts holosec reads, as data: columns, the types that must parse, and the SQL that
normalises a parsed row into a store table.

Every layout is told apart from the others by its number of tab-separated columns, so a file's layout is
found by counting, whatever the file is called.
"""

from __future__ import annotations

from dataclasses import replace

from holosec.sources.layout import Layout

GDELT_LICENCE = "GDELT open data: unrestricted use with citation of the GDELT Project"

_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_ACTION = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)
_TYPES = {
    "GLOBALEVENTID": "BIGINT",
    "SQLDATE": "DATE",
    "IsRootEvent": "INTEGER",
    "QuadClass": "INTEGER",
    "GoldsteinScale": "DOUBLE",
    "NumMentions": "INTEGER",
    "NumSources": "INTEGER",
    "NumArticles": "INTEGER",
    "AvgTone": "DOUBLE",
}


def _event_columns(adm2: bool, added: str, url: bool) -> tuple[tuple[str, str], ...]:
    geo = [
        "Type",
        "FullName",
        "CountryCode",
        "ADM1Code",
        *(["ADM2Code"] if adm2 else []),
        "Lat",
        "Long",
        "FeatureID",
    ]
    names = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    names += [f"Actor{n}{field}" for n in (1, 2) for field in _ACTOR]
    names += list(_ACTION)
    names += [f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in geo]
    names += ["DATEADDED", *(["SOURCEURL"] if url else [])]
    types = {**_TYPES, "DATEADDED": added}
    return tuple((name, types.get(name, "VARCHAR")) for name in names)


def _actor_select(n: int) -> str:
    return f"""
    r.Actor{n}Code AS actor{n}_code, r.Actor{n}Name AS actor{n}_name,
    r.Actor{n}CountryCode AS actor{n}_country_code, c{n}.iso3 AS actor{n}_country,
    r.Actor{n}KnownGroupCode AS actor{n}_known_group, r.Actor{n}EthnicCode AS actor{n}_ethnic,
    r.Actor{n}Religion1Code AS actor{n}_religion, r.Actor{n}Type1Code AS actor{n}_type1,
    r.Actor{n}Type2Code AS actor{n}_type2, r.Actor{n}Type3Code AS actor{n}_type3,"""


def _events_select(adm2: bool, url: bool) -> str:
    admin2 = "r.ActionGeo_ADM2Code" if adm2 else "NULL"
    source_url = "r.SOURCEURL" if url else "NULL"
    return f"""
SELECT
    '{{source}}:' || r.GLOBALEVENTID AS event_id, '{{source}}' AS source, r.GLOBALEVENTID AS source_key,
    {{file_id}} AS file_id, r.SQLDATE AS date, CAST(r.DATEADDED AS TIMESTAMP) AS added_at,
    {_actor_select(1)}
    {_actor_select(2)}
    r.IsRootEvent = 1 AS is_root_event, r.EventCode AS event_code, r.EventBaseCode AS event_base_code,
    r.EventRootCode AS root_code, CAST(NULL AS VARCHAR) AS plover_type,
    CAST(r.QuadClass AS TINYINT) AS quad_class, r.GoldsteinScale AS goldstein,
    r.NumMentions AS num_mentions, r.NumSources AS num_sources, r.NumArticles AS num_articles,
    r.AvgTone AS tone,
    g1.iso3 AS actor1_geo_country, g2.iso3 AS actor2_geo_country,
    TRY_CAST(r.ActionGeo_Type AS TINYINT) AS loc_precision, r.ActionGeo_FullName AS loc_name,
    r.ActionGeo_CountryCode AS loc_fips, ga.iso3 AS loc_country, r.ActionGeo_ADM1Code AS loc_admin1,
    {admin2} AS loc_admin2, TRY_CAST(r.ActionGeo_Lat AS DOUBLE) AS lat,
    TRY_CAST(r.ActionGeo_Long AS DOUBLE) AS lon, r.ActionGeo_FeatureID AS loc_feature_id,
    {source_url} AS source_url, {{source_file}} AS source_file, {{licence}} AS licence,
    list_filter([
        CASE WHEN r.NumSources <= 1 THEN 'single_source' END,
        CASE WHEN c1.iso3 IS NULL AND c2.iso3 IS NULL THEN 'no_actor_country' END,
        CASE WHEN (r.Actor1CountryCode IS NOT NULL AND c1.code IS NULL)
               OR (r.Actor2CountryCode IS NOT NULL AND c2.code IS NULL) THEN 'unknown_actor_country' END,
        CASE WHEN (r.Actor1Type1Code IS NOT NULL AND t1.code IS NULL)
               OR (r.Actor2Type1Code IS NOT NULL AND t2.code IS NULL) THEN 'unknown_actor_type' END,
        CASE WHEN ec.code IS NULL THEN 'unknown_event_code' END,
        CASE WHEN r.ActionGeo_CountryCode IS NOT NULL AND ga.fips IS NULL THEN 'unknown_location_code' END,
        CASE WHEN r.ActionGeo_Type IS NULL OR r.ActionGeo_Type = '0' THEN 'no_geocode' END,
        CASE WHEN r.ActionGeo_Type = '1' THEN 'country_level_geocode' END,
        CASE WHEN (r.ActionGeo_Lat IS NOT NULL AND NOT coalesce(
                       TRY_CAST(r.ActionGeo_Lat AS DOUBLE) BETWEEN -90 AND 90, false))
               OR (r.ActionGeo_Long IS NOT NULL AND NOT coalesce(
                       TRY_CAST(r.ActionGeo_Long AS DOUBLE) BETWEEN -180 AND 180, false))
             THEN 'bad_coordinates' END,
        CASE WHEN r.QuadClass NOT BETWEEN 1 AND 4 THEN 'bad_quad_class' END
    ], lambda flag: flag IS NOT NULL) AS quality
FROM {{read}} AS r
LEFT JOIN ref_cameo_country c1 ON c1.code = r.Actor1CountryCode
LEFT JOIN ref_cameo_country c2 ON c2.code = r.Actor2CountryCode
LEFT JOIN ref_actor_type t1 ON t1.code = r.Actor1Type1Code
LEFT JOIN ref_actor_type t2 ON t2.code = r.Actor2Type1Code
LEFT JOIN ref_event_code ec ON ec.code = r.EventCode
LEFT JOIN ref_fips g1 ON g1.fips = r.Actor1Geo_CountryCode
LEFT JOIN ref_fips g2 ON g2.fips = r.Actor2Geo_CountryCode
LEFT JOIN ref_fips ga ON ga.fips = r.ActionGeo_CountryCode
"""


_MENTIONS_COLUMNS = (
    ("GLOBALEVENTID", "BIGINT"),
    ("EventTimeDate", "TIMESTAMP"),
    ("MentionTimeDate", "TIMESTAMP"),
    ("MentionType", "INTEGER"),
    ("MentionSourceName", "VARCHAR"),
    ("MentionIdentifier", "VARCHAR"),
    ("SentenceID", "VARCHAR"),
    ("Actor1CharOffset", "VARCHAR"),
    ("Actor2CharOffset", "VARCHAR"),
    ("ActionCharOffset", "VARCHAR"),
    ("InRawText", "VARCHAR"),
    ("Confidence", "VARCHAR"),
    ("MentionDocLen", "VARCHAR"),
    ("MentionDocTone", "VARCHAR"),
    ("MentionDocTranslationInfo", "VARCHAR"),
    ("Extras", "VARCHAR"),
)

_MENTIONS_SELECT = """
SELECT
    md5(concat_ws('|', r.GLOBALEVENTID, r.MentionTimeDate, r.MentionIdentifier, r.SentenceID,
        r.Actor1CharOffset, r.Actor2CharOffset, r.ActionCharOffset)) AS mention_id,
    'gdelt2:' || r.GLOBALEVENTID AS event_id, '{source}' AS source, {file_id} AS file_id,
    r.EventTimeDate AS event_time, r.MentionTimeDate AS mention_time,
    CAST(r.MentionType AS TINYINT) AS mention_type, r.MentionSourceName AS source_name,
    r.MentionIdentifier AS url, TRY_CAST(r.SentenceID AS INTEGER) AS sentence_id,
    TRY_CAST(r.Actor1CharOffset AS INTEGER) AS actor1_offset,
    TRY_CAST(r.Actor2CharOffset AS INTEGER) AS actor2_offset,
    TRY_CAST(r.ActionCharOffset AS INTEGER) AS action_offset,
    TRY_CAST(r.InRawText AS INTEGER) = 1 AS in_raw_text, TRY_CAST(r.Confidence AS INTEGER) AS confidence,
    TRY_CAST(r.MentionDocLen AS INTEGER) AS doc_length, TRY_CAST(r.MentionDocTone AS DOUBLE) AS doc_tone,
    r.MentionDocTranslationInfo AS translation_info, {source_file} AS source_file, {licence} AS licence
FROM {read} AS r
"""

_GKG2_NAMES = (
    "GKGRECORDID",
    "DATE",
    "SourceCollectionIdentifier",
    "SourceCommonName",
    "DocumentIdentifier",
    "Counts",
    "V2Counts",
    "Themes",
    "V2Themes",
    "Locations",
    "V2Locations",
    "Persons",
    "V2Persons",
    "Organizations",
    "V2Organizations",
    "V2Tone",
    "Dates",
    "GCAM",
    "SharingImage",
    "RelatedImages",
    "SocialImageEmbeds",
    "SocialVideoEmbeds",
    "Quotations",
    "AllNames",
    "Amounts",
    "TranslationInfo",
    "Extras",
)

# Persons named in articles are deliberately not stored: holosec never profiles private persons.
_GKG2_SELECT = """
SELECT
    '{source}:' || r.GKGRECORDID AS article_id, '{source}' AS source, {file_id} AS file_id,
    CAST(r.DATE AS DATE) AS date, r.DATE AS published_at, r.SourceCommonName AS source_name,
    r.DocumentIdentifier AS url, 1 AS num_articles,
    list_filter(string_split(r.Themes, ';'), lambda t: t <> '') AS themes,
    list_distinct(list_filter(list_transform(string_split(r.Locations, ';'),
        lambda loc: string_split(loc, '#')[3]), lambda f: f IS NOT NULL AND f <> '')) AS location_fips,
    TRY_CAST(string_split(r.V2Tone, ',')[1] AS DOUBLE) AS tone,
    TRY_CAST(string_split(r.V2Tone, ',')[7] AS INTEGER) AS word_count,
    CAST([] AS VARCHAR[]) AS linked_event_ids,
    {source_file} AS source_file, {licence} AS licence
FROM {read} AS r
"""

_GKG1_NAMES = (
    "DATE",
    "NUMARTS",
    "COUNTS",
    "THEMES",
    "LOCATIONS",
    "PERSONS",
    "ORGANIZATIONS",
    "TONE",
    "CAMEOEVENTIDS",
    "SOURCES",
    "SOURCEURLS",
)

_GKG1_SELECT = """
SELECT
    '{source}:' || md5(concat_ws(chr(9), r.DATE, r.NUMARTS, r.COUNTS, r.THEMES, r.LOCATIONS, r.TONE,
                                 r.CAMEOEVENTIDS, r.SOURCES, r.SOURCEURLS)) AS article_id,
    '{source}' AS source, {file_id} AS file_id, r.DATE AS date, CAST(NULL AS TIMESTAMP) AS published_at,
    r.SOURCES AS source_name, string_split(r.SOURCEURLS, '<UDIV>')[1] AS url,
    TRY_CAST(r.NUMARTS AS INTEGER) AS num_articles,
    list_filter(string_split(r.THEMES, ';'), lambda t: t <> '') AS themes,
    list_distinct(list_filter(list_transform(string_split(r.LOCATIONS, ';'),
        lambda loc: string_split(loc, '#')[3]), lambda f: f IS NOT NULL AND f <> '')) AS location_fips,
    TRY_CAST(string_split(r.TONE, ',')[1] AS DOUBLE) AS tone,
    TRY_CAST(string_split(r.TONE, ',')[7] AS INTEGER) AS word_count,
    list_transform(list_filter(string_split(r.CAMEOEVENTIDS, ','), lambda e: e <> ''),
                   lambda e: 'gdelt1:' || e) AS linked_event_ids,
    {source_file} AS source_file, {licence} AS licence
FROM {read} AS r
"""

_GKG1_COUNTS_NAMES = (
    "DATE",
    "NUMARTS",
    "COUNTTYPE",
    "NUMBER",
    "OBJECTTYPE",
    "GEO_TYPE",
    "GEO_FULLNAME",
    "GEO_COUNTRYCODE",
    "GEO_ADM1CODE",
    "GEO_LAT",
    "GEO_LONG",
    "GEO_FEATUREID",
    "CAMEOEVENTIDS",
    "SOURCES",
    "SOURCEURLS",
)

_GKG1_COUNTS_SELECT = """
SELECT
    '{source}:' || md5(concat_ws(chr(9), r.DATE, r.NUMARTS, r.COUNTTYPE, r.NUMBER, r.OBJECTTYPE,
        r.GEO_TYPE, r.GEO_FULLNAME, r.GEO_COUNTRYCODE, r.GEO_ADM1CODE, r.GEO_LAT, r.GEO_LONG,
        r.GEO_FEATUREID, r.CAMEOEVENTIDS, r.SOURCES, r.SOURCEURLS)) AS count_id,
    '{source}' AS source, {file_id} AS file_id, r.DATE AS date,
    TRY_CAST(r.NUMARTS AS INTEGER) AS num_articles, r.COUNTTYPE AS count_type,
    TRY_CAST(r.NUMBER AS BIGINT) AS number, r.OBJECTTYPE AS object_type,
    TRY_CAST(r.GEO_TYPE AS TINYINT) AS geo_type, r.GEO_FULLNAME AS geo_name,
    r.GEO_COUNTRYCODE AS geo_fips, g.iso3 AS geo_country, r.GEO_ADM1CODE AS geo_admin1,
    TRY_CAST(r.GEO_LAT AS DOUBLE) AS lat, TRY_CAST(r.GEO_LONG AS DOUBLE) AS lon,
    r.GEO_FEATUREID AS feature_id,
    list_transform(list_filter(string_split(r.CAMEOEVENTIDS, ','), lambda e: e <> ''),
                   lambda e: 'gdelt1:' || e) AS linked_event_ids,
    r.SOURCES AS source_names, r.SOURCEURLS AS urls, {source_file} AS source_file, {licence} AS licence
FROM {read} AS r
LEFT JOIN ref_fips g ON g.fips = r.GEO_COUNTRYCODE
"""


def _all_text(names: tuple[str, ...], **types: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, types.get(name, "VARCHAR")) for name in names)


_HISTORICAL = Layout(
    "events1-historical",
    "GDELT 1.0 events (historical backfiles)",
    "events",
    "gdelt1",
    _event_columns(adm2=False, added="DATE", url=False),
    _events_select(adm2=False, url=False),
    "source_key",
    "source_key",
    licence=GDELT_LICENCE,
)
_DAILY = Layout(
    "events1",
    "GDELT 1.0 events (daily files)",
    "events",
    "gdelt1",
    _event_columns(adm2=False, added="DATE", url=True),
    _events_select(adm2=False, url=True),
    "source_key",
    "source_key",
    alternate=_HISTORICAL,
    licence=GDELT_LICENCE,
)

# GDELT 1.0 files may mix both widths: each layout falls back on the other for rows of the other width.
LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "events2",
            "GDELT 2.0 events",
            "events",
            "gdelt2",
            _event_columns(adm2=True, added="TIMESTAMP", url=True),
            _events_select(adm2=True, url=True),
            "source_key",
            "source_key",
            licence=GDELT_LICENCE,
        ),
        _DAILY,
        replace(_HISTORICAL, alternate=_DAILY),
        Layout(
            "mentions2",
            "GDELT 2.0 mentions",
            "mentions",
            "gdelt2",
            _MENTIONS_COLUMNS,
            _MENTIONS_SELECT,
            "mention_id",
            "mention_time",
            licence=GDELT_LICENCE,
        ),
        Layout(
            "gkg2",
            "GDELT GKG 2.1",
            "articles",
            "gdelt2-gkg",
            _all_text(_GKG2_NAMES, DATE="TIMESTAMP"),
            _GKG2_SELECT,
            "article_id",
            "published_at",
            licence=GDELT_LICENCE,
        ),
        Layout(
            "gkg1",
            "GDELT GKG 1.0 graph",
            "articles",
            "gdelt1-gkg",
            _all_text(_GKG1_NAMES, DATE="DATE"),
            _GKG1_SELECT,
            "article_id",
            "date",
            licence=GDELT_LICENCE,
        ),
        Layout(
            "gkg1-counts",
            "GDELT GKG 1.0 counts",
            "gkg_counts",
            "gdelt1-gkg",
            _all_text(_GKG1_COUNTS_NAMES, DATE="DATE"),
            _GKG1_COUNTS_SELECT,
            "count_id",
            "date",
            licence=GDELT_LICENCE,
        ),
    )
}

BY_WIDTH: dict[int, Layout] = {layout.width: layout for layout in LAYOUTS.values()}
