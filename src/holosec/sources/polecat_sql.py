"""The SQL that turns a POLECAT row into an ``events`` row (see :mod:`holosec.sources.polecat`).

An inner SELECT names the fields a file has by role (absent fields are NULL), so one outer SELECT serves
every column order. The outer SELECT joins the lookups :func:`holosec.sources.polecat.load_reference`
creates: ``ref_plover`` (the reverse crosswalk: ``mode = '*'`` rows cover any mode), ``ref_polecat_country``
and ``ref_plover_sector``.
"""

from __future__ import annotations

from collections.abc import Sequence

from holosec.sources.layout import literal

# Quad Code values POLECAT may write, normalised (upper case, single spaces) -> quad class.
QUAD_NAMES: dict[str, int] = {
    "VERBAL COOPERATION": 1,
    "MATERIAL COOPERATION": 2,
    "VERBAL CONFLICT": 3,
    "MATERIAL CONFLICT": 4,
}
# Optional fields kept in ``details`` under these keys, when the file has them and they are not empty.
DETAILS: dict[str, str] = {
    "intensity": "intensity",
    "quad_code": "quad",
    "source": "outlet",
    "published": "published",
    "actor_cow": "actor_cow",
    "actor_sectors": "actor_sectors",
    "actor_title": "actor_title",
    "actor_wikipedia_id": "actor_wikipedia_id",
    "recipient_cow": "recipient_cow",
    "recipient_sectors": "recipient_sectors",
    "recipient_title": "recipient_title",
    "recipient_wikipedia_id": "recipient_wikipedia_id",
    "city": "city",
    "geonames_id": "geonames_id",
    "feature_type": "feature",
    "language": "language",
    "version": "version",
}
_TEXT_ROLES = (
    *("id", "event_type", "mode", "intensity", "quad", "contexts"),
    *(f"{who}_{part}" for who in ("actor", "recipient") for part in ("name", "country", "cow")),
    *(f"{who}_{part}" for who in ("actor", "recipient") for part in ("sector", "sectors", "title")),
    *("actor_wikipedia_id", "recipient_wikipedia_id", "place", "city", "admin1", "admin2", "loc_country"),
    *("lat", "lon", "geonames_id", "feature", "outlet", "published", "language", "version"),
)


def _quad(expr: str) -> str:
    names = " ".join(f"WHEN {literal(name)} THEN {quad}" for name, quad in QUAD_NAMES.items())
    number = f"TRY_CAST({expr} AS DOUBLE)"
    return (
        f"CASE WHEN {number} IN (1, 2, 3, 4) THEN CAST({number} AS INTEGER) "
        f"ELSE CASE upper(regexp_replace({expr}, '[\\s_-]+', ' ', 'g')) {names} END END"
    )


def _inner(present: dict[str, str], header: Sequence[str]) -> str:
    """The fields of a row by role: text trimmed (NULL when empty), the date as a DATE; and a hash of the
    whole row (the id of a row without an Event ID). The hash reads every column: when a column is left
    unread, DuckDB's reader names the wrong column in the reasons rows are rejected for."""

    def column(role: str) -> str:
        return f'r."{present[role]}"' if role in present else "CAST(NULL AS VARCHAR)"

    fields = [f"nullif(trim({column(role)}), '') AS {role}" for role in _TEXT_ROLES]
    every = ", ".join(f'CAST(r."{name}" AS VARCHAR)' for name in header)
    return f"""
        SELECT {", ".join(fields)}, CAST({column("date")} AS DATE) AS date,
            md5(concat_ws(chr(9), {every})) AS row_hash
        FROM {{read}} AS r"""


_ACTOR = """
    p.{who}_name AS actor{n}_name, p.{who}_country AS actor{n}_country_code, a{n}.iso3 AS actor{n}_country,
    a{n}.known_group AS actor{n}_known_group, coalesce(a{n}.cameo_type, s{n}.cameo_type) AS actor{n}_type1,
    CASE WHEN a{n}.cameo_type IS NOT NULL THEN s{n}.cameo_type END AS actor{n}_type2,
    p.{who}_sector AS actor{n}_sector,"""

_QUALITY = """
    list_filter([
        CASE WHEN p.id IS NULL THEN 'no_event_id' END,
        CASE WHEN xt.event_type IS NULL THEN 'no_cameo_equivalent' END,
        CASE WHEN xt.event_type IS NOT NULL AND coalesce(xm.root_code, xt.root_code) IS NULL
             THEN 'ambiguous_cameo_root' END,
        CASE WHEN p.quad IS NOT NULL AND p.quad_class IS NULL THEN 'bad_quad_class' END,
        CASE WHEN p.quad_class <> coalesce(xm.quad_class, xt.quad_class)
             THEN 'quad_class_differs_from_cameo' END,
        CASE WHEN a1.iso3 IS NULL AND a2.iso3 IS NULL THEN 'no_actor_country' END,
        CASE WHEN (p.actor_country IS NOT NULL AND a1.key IS NULL)
               OR (p.recipient_country IS NOT NULL AND a2.key IS NULL) THEN 'unknown_actor_country' END,
        CASE WHEN (p.actor_sector IS NOT NULL AND s1.code IS NULL)
               OR (p.recipient_sector IS NOT NULL AND s2.code IS NULL) THEN 'unknown_actor_type' END,
        CASE WHEN p.loc_country IS NOT NULL AND lc.key IS NULL THEN 'unknown_location_code' END,
        CASE WHEN TRY_CAST(p.lat AS DOUBLE) IS NULL OR TRY_CAST(p.lon AS DOUBLE) IS NULL
             THEN 'no_geocode' END,
        CASE WHEN upper(p.feature) LIKE 'PCL%' THEN 'country_level_geocode' END,
        CASE WHEN (p.lat IS NOT NULL AND NOT coalesce(TRY_CAST(p.lat AS DOUBLE) BETWEEN -90 AND 90, false))
               OR (p.lon IS NOT NULL AND NOT coalesce(TRY_CAST(p.lon AS DOUBLE) BETWEEN -180 AND 180, false))
             THEN 'bad_coordinates' END
    ], lambda flag: flag IS NOT NULL) AS quality"""

_PRECISION = """
    CASE WHEN upper(p.feature) LIKE 'PCL%' THEN 1
         WHEN upper(p.feature) LIKE 'ADM1%' THEN CASE WHEN lc.iso3 = 'USA' THEN 2 ELSE 5 END
         WHEN upper(p.feature) LIKE 'PPL%' THEN CASE WHEN lc.iso3 = 'USA' THEN 3 ELSE 4 END
    END AS loc_precision,"""


def _details() -> str:
    entries = ", ".join(
        f"struct_pack(key := {literal(key)}, value := p.{role})" for key, role in DETAILS.items()
    )
    return f"map_from_entries(list_filter([{entries}], lambda e: e.value IS NOT NULL)) AS details,"


def events_select(present: dict[str, str], header: Sequence[str]) -> str:
    """The layout SELECT for a file with these columns (``header``), which hold the roles in ``present``
    (role -> column name); it keeps the placeholders :meth:`Layout.sql` fills (``{read}``, ``{source}`` ...).
    """
    key = "coalesce(p.id, 'row-' || p.row_hash)"
    return f"""
SELECT
    '{{source}}:' || {key} AS event_id, '{{source}}' AS source,
    CAST(md5_number_lower({key}) >> 1 AS BIGINT) AS source_key, {{file_id}} AS file_id, p.date AS date,
    TRY_CAST(p.published AS TIMESTAMP) AS added_at,
    {_ACTOR.format(who="actor", n=1)}
    {_ACTOR.format(who="recipient", n=2)}
    p.event_type AS plover_type, p.mode AS plover_mode, p.contexts AS plover_context,
    p.event_type || coalesce(': ' || p.mode, '') AS event_label,
    coalesce(xm.root_code, xt.root_code) AS root_code,
    CAST(coalesce(p.quad_class, xm.quad_class, xt.quad_class) AS TINYINT) AS quad_class,
    coalesce(p.place, nullif(concat_ws(', ', p.city, p.admin1, p.loc_country), '')) AS loc_name,
    lc.iso3 AS loc_country, p.admin1 AS loc_admin1, p.admin2 AS loc_admin2,
    TRY_CAST(p.lat AS DOUBLE) AS lat, TRY_CAST(p.lon AS DOUBLE) AS lon, p.geonames_id AS loc_feature_id,
    {_PRECISION}
    {_details()}
    {{source_file}} AS source_file, {{licence}} AS licence,
    {_QUALITY}
FROM (
    SELECT q.* REPLACE (
            upper(q.event_type) AS event_type,
            list_filter(list_transform(regexp_split_to_array(q.contexts, '[,;|]'), lambda c: trim(c)),
                lambda c: c <> '') AS contexts),
        lower(trim(regexp_extract(coalesce(q.mode, ''), '^[^,;|]*'))) AS mode_key,
        {_quad("q.quad")} AS quad_class
    FROM ({_inner(present, header)}) AS q
) AS p
LEFT JOIN ref_plover xm ON xm.event_type = p.event_type AND xm.mode = p.mode_key
LEFT JOIN ref_plover xt ON xt.event_type = p.event_type AND xt.mode = '*'
LEFT JOIN ref_polecat_country a1 ON a1.key = upper(p.actor_country)
LEFT JOIN ref_polecat_country a2 ON a2.key = upper(p.recipient_country)
LEFT JOIN ref_polecat_country lc ON lc.key = upper(p.loc_country)
LEFT JOIN ref_plover_sector s1 ON s1.code = upper(p.actor_sector)
LEFT JOIN ref_plover_sector s2 ON s2.code = upper(p.recipient_sector)
"""
