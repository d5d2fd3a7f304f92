"""UCDP Georeferenced Event Dataset (GED) CSV files: events of organised violence with at least one death.

Columns are found by name in the header (GED releases add columns). The news-source fields
(``source_article``, ``source_original`` ...) are read but never stored: they may name private persons,
and holosec does not profile them.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from holosec.sources.header import CSV, Columns, coordinate_flags, details, field, header_of, values
from holosec.sources.layout import Layout
from holosec.sources.loader import FileReport, Stored, load_file
from holosec.sources.lookups import load_country_lookups
from holosec.store import Store

UCDP_LICENCE = (
    "UCDP GED, CC BY 4.0: cite the Uppsala Conflict Data Program, Sundberg and Melander (2013) "
    "'Introducing the UCDP Georeferenced Event Dataset', Journal of Peace Research 50(4), and the GED version"
)

# The columns of a GED CSV (release 23.1), in order.
DOCUMENTED = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)  # fmt: skip
REQUIRED = (
    "id", "year", "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "country", "region",
    "latitude", "longitude", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "best",
    "low", "high",
)  # fmt: skip
_COUNTS = ("deaths_a", "deaths_b", "deaths_civilians", "best", "low", "high")
COLUMNS = Columns(
    "a UCDP GED file",
    required=REQUIRED,
    optional=DOCUMENTED,
    types={
        "id": "BIGINT",
        "type_of_violence": "INTEGER",
        # TIMESTAMP_S is read with ISO 8601 rules ("1989-01-01", "1989-01-01 00:00:00.000"), not the
        # reader's GDELT date formats; a date that does not parse quarantines its row.
        "date_start": "TIMESTAMP_S",
        "date_end": "TIMESTAMP_S",
        **dict.fromkeys(_COUNTS, "INTEGER"),
    },
)
# Source-specific fields kept in ``details`` (never the news-source fields).
DETAILS = (
    "relid", "conflict_new_id", "conflict_name", "dyad_new_id", "dyad_name", "side_a_new_id",
    "side_b_new_id", "gwnoa", "gwnob", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "low",
    "high", "code_status", "event_clarity", "date_prec", "priogrid_gid", "region",
)  # fmt: skip

# UCDP's three types of violence, and the CAMEO root and quad class holosec records for them: armed
# fighting is 19 (fight); one-sided violence is 18 (assault): a GED event may be one killing, which 20
# (unconventional mass violence) would overstate. All are material conflict.
VIOLENCE = (
    (1, "state-based conflict", "19", 4),
    (2, "non-state conflict", "19", 4),
    (3, "one-sided violence", "18", 4),
)
# How a side is named or placed -> its sector and CAMEO type. In state-based conflict the non-government
# side is a rebel group by UCDP's definition; the target of one-sided violence is civilians.
SECTORS = {
    "government": ("Government", "GOV"),
    "rebels": ("Rebel group", "REB"),
    "civilians": ("Civilians", "CVL"),
    "other": ("Non-state group", None),
}


def _name(text: str) -> str:
    """A UCDP country name without its bracketed former name, in lower case: 'myanmar'."""
    return f"lower(trim(regexp_replace({text}, '\\s*\\([^()]*\\)\\s*$', '')))"


def _role(n: int) -> str:
    side = "side_a" if n == 1 else "side_b"
    rebels = "WHEN r.type_of_violence = 1 THEN 'rebels'" if n == 2 else ""
    civilians = "WHEN r.type_of_violence = 3 THEN 'civilians'" if n == 2 else ""
    return (
        f"CASE WHEN starts_with(r.\"{side}\", 'Government of ') THEN 'government' {civilians} {rebels} "
        "ELSE 'other' END"
    )


def _actor(n: int) -> str:
    side = "side_a" if n == 1 else "side_b"
    return f"""
    r."{side}" AS actor{n}_name, g{n}.iso3 AS actor{n}_country, s{n}.cameo AS actor{n}_type1,
    s{n}.label AS actor{n}_sector,"""


def _joins(n: int) -> str:
    side = "side_a" if n == 1 else "side_b"
    sectors = values(
        [(k, label, cameo) for k, (label, cameo) in SECTORS.items()], f"s{n}(role, label, cameo)"
    )
    government = f"regexp_extract(r.\"{side}\", '^Government of (.+)$', 1)"
    return (
        f"LEFT JOIN ref_country_name g{n} ON g{n}.name = {_name(government)}\n"
        f"LEFT JOIN {sectors} ON s{n}.role = {_role(n)}"
    )


def _quality(present: set[str]) -> str:
    precision = f"TRY_CAST({field(present, 'where_prec')} AS INTEGER)"
    return f"""list_filter([
        CASE WHEN TRY_CAST({field(present, "number_of_sources")} AS INTEGER) = 1 THEN 'single_source' END,
        CASE WHEN g1.iso3 IS NULL AND g2.iso3 IS NULL THEN 'no_actor_country' END,
        CASE WHEN v.code IS NULL THEN 'unknown_event_code' END,
        CASE WHEN r."country" IS NOT NULL AND loc.iso3 IS NULL THEN 'unknown_location_code' END,
        CASE WHEN {precision} = 6 THEN 'country_level_geocode' END,
        {coordinate_flags()}
    ], lambda flag: flag IS NOT NULL)"""


def _select(present: set[str]) -> str:
    """The SELECT turning GED rows (whatever columns the release has) into events."""
    violence = values(list(VIOLENCE), "v(code, label, root, quad)")
    sources = f"TRY_CAST({field(present, 'number_of_sources')} AS INTEGER)"
    return f"""
SELECT
    'ucdp:' || r."id" AS event_id, '{{source}}' AS source, r."id" AS source_key, {{file_id}} AS file_id,
    CAST(r."date_start" AS DATE) AS date, CAST(r."date_end" AS DATE) AS date_end,
    {_actor(1)}
    {_actor(2)}
    v.label AS event_label, v.root AS root_code, CAST(v.quad AS TINYINT) AS quad_class,
    r."best" AS fatalities, CASE WHEN {sources} > 0 THEN {sources} END AS num_sources,
    TRY_CAST(r."latitude" AS DOUBLE) AS lat, TRY_CAST(r."longitude" AS DOUBLE) AS lon,
    loc.iso3 AS loc_country, {field(present, "adm_1")} AS loc_admin1, {field(present, "adm_2")} AS loc_admin2,
    {field(present, "where_coordinates")} AS loc_name,
    TRY_CAST({field(present, "where_prec")} AS TINYINT) AS loc_precision,
    CAST(NULL AS VARCHAR) AS source_url, {{source_file}} AS source_file, {{licence}} AS licence,
    {details(present, DETAILS)} AS details, {_quality(present)} AS quality
FROM {{read}} AS r
LEFT JOIN {violence} ON v.code = r."type_of_violence"
LEFT JOIN ref_country_name loc ON loc.name = {_name('r."country"')}
{_joins(1)}
{_joins(2)}
"""


def _layout(header: list[str]) -> Layout:
    return replace(_BASE, columns=COLUMNS.read(header), select=_select(set(header)))


def recognise(sample: bytes, path: Path) -> Layout:
    """The layout of a GED CSV file, from its header line; raises :class:`InputError` naming the columns
    a GED file must have and this one lacks.

    >>> recognise(b"id,year\\n", Path("x.csv"))
    Traceback (most recent call last):
    ...
    holosec.errors.InputError: x.csv: not a UCDP GED file: the header lacks type_of_violence, \
conflict_name, dyad_name, side_a, side_b, country, region, latitude, longitude, date_start, date_end, \
deaths_a, deaths_b, deaths_civilians, best, low, high
    """
    header = header_of(sample, path)
    COLUMNS.check(header, path)
    return _layout(header)


_BASE = Layout(
    "ucdp-ged",
    "UCDP Georeferenced Event Dataset (CSV)",
    "events",
    "ucdp",
    (),
    "",
    "source_key",
    "source_key",
    licence=UCDP_LICENCE,
    dialect=CSV,
)
LAYOUTS: dict[str, Layout] = {"ucdp-ged": _layout(list(DOCUMENTED))}


def load_ucdp_file(
    store: Store, path: Path, *, workdir: Path, layout: str | None = None, on_stored: Stored | None = None
) -> FileReport:
    """Ingest one UCDP GED CSV file (plain, zip or gzip); ``layout`` may only name ``ucdp-ged``, the one
    layout, whose columns are matched by name in each file's header.

    Bad input never raises: it is reported in the returned :class:`FileReport`.
    """
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown UCDP layout {layout!r}")
    load_country_lookups(store)
    return load_file(store, path, workdir=workdir, choose=recognise, on_stored=on_stored)
