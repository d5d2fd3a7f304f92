"""ACLED event exports (the standard CSV of ACLED's export tool and API), which the user brings.

ACLED's terms of use forbid redistribution: holosec ships no ACLED rows, marks every stored row with that
licence, and :mod:`holosec.export` refuses to write them out in bulk.

Columns are found by name in the header (ACLED has added and renamed columns between releases). The
free-text ``notes`` field is read but never stored: it may name private persons, and holosec does not
profile them. Actor names (organisations, forces, groups) are kept as ACLED codes them.

Files come from ACLED's export tool, its API and HDX, with extra columns (ignored) and ``event_date`` as
``2024-01-31`` (a time and zone may follow: ``2024-01-31T00:00:00Z``), ``31 January 2024``,
``31-January-2024`` or ``31/01/2024``: the form of the file's first rows is the form of the file. A row
whose date is not in that form, or that leaves one of :data:`NONEMPTY` empty, is quarantined with its line
and reason, and so is the row of HXL hashtags (``#date`` ...) HDX adds under the header.

An actor's country is the one its name gives ("Military Forces of Myanmar (2021-)", "Civilians (India)").
A rebel group, militia, rioters, protesters or civilians (ACLED categories 2-7) whose name gives no place
("KIA: Kachin Independence Army", "People's Defense Force - Yesagyo") are of the country the row names
(``iso``, else ``iso3``, else ``country``), and the row is flagged ``actor_country_from_row``. State forces
and external forces (1 and 8) are never placed by the row, nor an actor whose name names another place.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from holosec.errors import InputError
from holosec.sources.header import CSV, Columns, coordinate_flags, details, field, header_of, values
from holosec.sources.inputs import unlimited_fields
from holosec.sources.layout import Layout, literal
from holosec.sources.loader import FileReport, Stored, load_file
from holosec.sources.lookups import load_country_lookups
from holosec.store import Store

ACLED_LICENCE = (
    "ACLED Terms of Use: redistribution of ACLED data is forbidden; "
    "the user brings the file from acleddata.com and may not share it"
)

# ACLED's documented export columns, in the order of its codebook.
DOCUMENTED = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
REQUIRED = (
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "actor2", "inter2",
    "country", "latitude", "longitude", "fatalities",
)  # fmt: skip
# Text columns a row must fill, or it is quarantined (actor2 is empty when an event has one actor).
NONEMPTY = ("event_id_cnty", "event_type", "sub_event_type", "actor1", "country")
COLUMNS = Columns(
    "an ACLED export",
    required=REQUIRED,
    optional=(*DOCUMENTED, "iso3", "data_id", "event_id_no_cnty"),
    types={"fatalities": "INTEGER"},
)
# Source-specific fields kept in ``details`` (never ``notes``).
DETAILS = (
    "assoc_actor_1", "assoc_actor_2", "interaction", "civilian_targeting", "disorder_type", "region",
    "admin3", "time_precision", "source", "source_scale", "tags",
)  # fmt: skip

# ACLED actor categories: the "inter" code, its label (newer exports write the label, singular or plural,
# instead of the code) and the CAMEO actor type holosec records where the correspondence is clear. Militias
# are CAMEO's unaligned armed forces; rioters, protesters and external/other forces have no clear type.
INTER = (
    (1, "State forces", "MIL"),
    (2, "Rebel groups", "REB"),
    (3, "Political militias", "UAF"),
    (4, "Identity militias", "UAF"),
    (5, "Rioters", None),
    (6, "Protesters", None),
    (7, "Civilians", "CVL"),
    (8, "External/Other forces", None),
)

# ACLED sub-event types -> the CAMEO root code whose meaning covers every event of the type, and its quad
# class as GDELT assigns it (roots 10-14 verbal conflict, 15-20 material conflict), so ACLED rows count
# alongside GDELT's. Strategic developments other than arrests and looting fit no single root: none.
CAMEO = (
    ("Armed clash", "19", 4),  # 190 use conventional military force
    ("Government regains territory", "19", 4),  # 192 occupy territory
    ("Non-state actor overtakes territory", "19", 4),
    ("Air/drone strike", "19", 4),  # 195 employ aerial weapons
    ("Shelling/artillery/missile attack", "19", 4),  # 194 fight with artillery and tanks
    ("Chemical weapon", "20", 4),  # 2041 use chemical, biological or radiological weapons
    ("Suicide bomb", "18", 4),  # 1831 carry out suicide bombing
    ("Remote explosive/landmine/IED", "18", 4),  # 183 non-military bombing
    ("Grenade", "18", 4),
    ("Attack", "18", 4),  # 18 assault
    ("Sexual violence", "18", 4),  # 1821 sexually assault
    ("Abduction/forced disappearance", "18", 4),  # 181 abduct, hijack, or take hostage
    ("Peaceful protest", "14", 3),  # 141 demonstrate or rally
    ("Protest with intervention", "14", 3),
    ("Excessive force against protesters", "17", 4),  # 175 use tactics of violent repression
    ("Violent demonstration", "14", 3),  # 145 protest violently, riot
    ("Mob violence", "14", 3),
    ("Arrests", "17", 4),  # 173 arrest, detain
    ("Looting/property destruction", "17", 4),  # 1711 confiscate, 1712 destroy property
    ("Agreement", None, None),
    ("Change to group/activity", None, None),
    ("Disrupted weapons use", None, None),
    ("Headquarters or base established", None, None),
    ("Non-violent transfer of territory", None, None),
    ("Other", None, None),
)

# State forces named by their branch: a CAMEO type closer than the category's.
BRANCHES = (("Police Forces of ", "COP"), ("Military Forces of ", "MIL"), ("Government of ", "GOV"))

# The forms ACLED's tools have written dates in, and the reader's format for each (ISO: none, a
# TIMESTAMP_S column, which takes a time and zone after the day).
DATE_FORMS = (
    (re.compile(r"\d{4}-\d\d-\d\d(?:[ T].*)?"), None),
    (re.compile(r"\d{1,2} [A-Za-z]+ \d{4}"), "%d %B %Y"),
    (re.compile(r"\d{1,2}-[A-Za-z]+-\d{4}"), "%d-%B-%Y"),
    (re.compile(r"\d{1,2}/\d{1,2}/\d{4}"), "%d/%m/%Y"),
)
# Actor categories a row's country may place (rebels, militias, rioters, protesters, civilians).
FROM_ROW = (2, 3, 4, 5, 6, 7)
# "Military Forces of India (2014-)": the country of a state actor; "Protesters (India)": of a group.
_STATE_OF = r" of (?:the )?([^()]+?) \([0-9]"
_GROUP_OF = r"\(([^()0-9]+)\)$"


def _inter_table(alias: str) -> str:
    # Labels are matched in lower case without a final "s", so "Rebel group" and "Rebel groups" agree.
    rows = [(code, label.lower().rstrip("s"), label, cameo) for code, label, cameo in INTER]
    return values(rows, f"{alias}(code, key, label, cameo)")


def _inter_join(n: int) -> str:
    inter = f'r."inter{n}"'
    return (
        f"LEFT JOIN {_inter_table(f'i{n}')} ON i{n}.code = TRY_CAST({inter} AS INTEGER) "
        f"OR i{n}.key = regexp_replace(lower(trim({inter})), 's$', '')"
    )


def _row_country(present: set[str]) -> str:
    return f"coalesce(loc.iso3, {field(present, 'iso3')}, c0.iso3)"


def _from_row(n: int, present: set[str]) -> str:
    # An actor of categories 2-7 whose name gives no place: of the row's country (None otherwise).
    return (
        f'CASE WHEN r."actor{n}" IS NOT NULL AND r.actor{n}_place IS NULL AND i{n}.code IN {FROM_ROW} '
        f"THEN {_row_country(present)} END"
    )


def _country(n: int, present: set[str]) -> str:
    # An actor named with the event's own country (in ACLED's spelling) is of the event's country.
    return (
        f'coalesce(CASE WHEN r.actor{n}_place = lower(r."country") THEN loc.iso3 END, c{n}.iso3, '
        f"{_from_row(n, present)})"
    )


def _actor(n: int, present: set[str]) -> str:
    inter = f'r."inter{n}"'
    branch = " ".join(
        f'WHEN starts_with(r."actor{n}", {literal(prefix)}) AND i{n}.code = 1 THEN {literal(cameo)}'
        for prefix, cameo in BRANCHES
    )
    return f"""
    r."actor{n}" AS actor{n}_name, {_country(n, present)} AS actor{n}_country,
    CASE {branch} ELSE i{n}.cameo END AS actor{n}_type1,
    CASE WHEN {inter} = '0' THEN NULL ELSE coalesce(i{n}.label, {inter}) END AS actor{n}_sector,"""


def _place(n: int) -> str:
    actor = f'"actor{n}"'
    return (
        f"lower(coalesce(nullif(regexp_extract({actor}, {literal(_STATE_OF)}, 1), ''), "
        f"nullif(regexp_extract({actor}, {literal(_GROUP_OF)}, 1), ''))) AS actor{n}_place"
    )


def _sources(present: set[str]) -> str:
    return f"len(list_filter(string_split({field(present, 'source')}, ';'), lambda s: trim(s) <> ''))"


def _quality(present: set[str]) -> str:
    return f"""list_filter([
        CASE WHEN {_sources(present)} = 1 THEN 'single_source' END,
        CASE WHEN {_country(1, present)} IS NULL AND {_country(2, present)} IS NULL
             THEN 'no_actor_country' END,
        CASE WHEN coalesce({_from_row(1, present)}, {_from_row(2, present)}) IS NOT NULL
             THEN 'actor_country_from_row' END,
        CASE WHEN (r."inter1" IS NOT NULL AND i1.label IS NULL)
               OR (r."inter2" IS NOT NULL AND r."inter2" <> '0' AND i2.label IS NULL)
             THEN 'unknown_actor_type' END,
        CASE WHEN x.sub IS NULL THEN 'unknown_event_code' END,
        CASE WHEN {field(present, "iso")} IS NOT NULL AND loc.iso3 IS NULL THEN 'unknown_location_code' END,
        {coordinate_flags()}
    ], lambda flag: flag IS NOT NULL)"""


def _select(present: set[str]) -> str:
    """The SELECT turning an export's rows (whatever columns it has) into events."""
    stamp = f"TRY_CAST({field(present, 'timestamp')} AS BIGINT)"
    crosswalk = values([(s.lower(), root, quad) for s, root, quad in CAMEO], "x(sub, root, quad)")
    return f"""
SELECT
    'acled:' || r."event_id_cnty" AS event_id, '{{source}}' AS source,
    CAST(md5_number_lower(r."event_id_cnty") >> 1 AS BIGINT) AS source_key, {{file_id}} AS file_id,
    CAST(r."event_date" AS DATE) AS date, make_timestamp({stamp} * 1000000) AS added_at,
    {_actor(1, present)}
    {_actor(2, present)}
    r."event_type" || ': ' || r."sub_event_type" AS event_label,
    x.root AS root_code, CAST(x.quad AS TINYINT) AS quad_class, r."fatalities" AS fatalities,
    {_sources(present)} AS num_sources,
    TRY_CAST(r."latitude" AS DOUBLE) AS lat, TRY_CAST(r."longitude" AS DOUBLE) AS lon,
    {_row_country(present)} AS loc_country,
    {field(present, "admin1")} AS loc_admin1, {field(present, "admin2")} AS loc_admin2,
    {field(present, "location")} AS loc_name,
    TRY_CAST({field(present, "geo_precision")} AS TINYINT) AS loc_precision,
    CAST(NULL AS VARCHAR) AS source_url, {{source_file}} AS source_file, {{licence}} AS licence,
    {details(present, DETAILS)} AS details, {_quality(present)} AS quality
FROM (SELECT *, {_place(1)}, {_place(2)} FROM {{read}} AS q) AS r
LEFT JOIN ref_iso_numeric loc ON loc.code = TRY_CAST({field(present, "iso")} AS INTEGER)
LEFT JOIN ref_country_name c0 ON c0.name = lower(r."country")
LEFT JOIN ref_country_name c1 ON c1.name = r.actor1_place
LEFT JOIN ref_country_name c2 ON c2.name = r.actor2_place
{_inter_join(1)}
{_inter_join(2)}
LEFT JOIN {crosswalk} ON x.sub = lower(trim(r."sub_event_type"))
"""


def _layout(header: list[str], date_format: str | None) -> Layout:
    """The layout of an export with ``header`` whose dates are in ``date_format`` (None: ISO). The reader
    parses the dates, so a row whose date is not in the file's form is quarantined."""
    if date_format is None:
        event_date, dialect = "TIMESTAMP_S", CSV
    else:
        event_date, dialect = "DATE", replace(CSV, dateformat=date_format)
    return replace(
        _BASE,
        columns=COLUMNS.read(header, event_date=event_date),
        select=_select(set(header)),
        dialect=dialect,
        required=tuple(name for name in NONEMPTY if name in header),
    )


def _date_format(dates: list[str]) -> str | None:
    """The reader's format of the date form most of ``dates`` are in (None for ISO, or when none is)."""
    forms = Counter(
        next((form for pattern, form in DATE_FORMS if pattern.fullmatch(text.strip())), "?") for text in dates
    )
    found = [form for form, _ in forms.most_common() if form != "?"]
    return found[0] if found else None


def _is_hxl(row: list[str]) -> bool:
    tags = [value.strip() for value in row if value.strip()]
    return bool(tags) and all(tag.startswith("#") for tag in tags)


def recognise(sample: bytes, path: Path) -> Layout:
    """The layout of an ACLED export, from its header line and first rows; raises :class:`InputError`
    naming the columns an ACLED export must have and this file lacks.

    >>> recognise(b"GLOBALEVENTID\\tSQLDATE\\n", Path("x.csv"))
    Traceback (most recent call last):
    ...
    holosec.errors.InputError: x.csv: not an ACLED export: its first line names none of the columns \
event_id_cnty, event_date, event_type, sub_event_type, actor1, inter1, actor2, inter2, country, latitude, \
longitude, fatalities
    >>> recognise(b"event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,country,"
    ...           b"latitude,longitude,fatalities\\nA1,31 January 2024\\n", Path("x.csv")).dialect.dateformat
    '%d %B %Y'
    """
    header = header_of(sample, path)
    if "event_id_cnty" not in header and {"events", "fatalities"} <= set(header):
        raise InputError(
            path,
            "not an ACLED export: it counts events and fatalities by place and month (as HDX publishes "
            "ACLED's aggregates); holosec reads ACLED's events, from its export tool or API",
        )
    COLUMNS.check(header, path)
    index = header.index("event_date")
    with unlimited_fields():  # a long quoted field (notes) is the loader's to quarantine, not a crash here
        records = csv.reader(io.StringIO(sample.decode("utf-8-sig", errors="replace")))
        next(records, None)
        dates = [row[index] for row in records if len(row) > index and not _is_hxl(row)]
    return _layout(header, _date_format(dates))


_BASE = Layout(
    "acled",
    "ACLED event export (CSV)",
    "events",
    "acled",
    (),
    "",
    "event_id",
    "source_key",
    licence=ACLED_LICENCE,
    dialect=CSV,
)
LAYOUTS: dict[str, Layout] = {"acled": _layout(list(DOCUMENTED), None)}


def load_acled_file(
    store: Store, path: Path, *, workdir: Path, layout: str | None = None, on_stored: Stored | None = None
) -> FileReport:
    """Ingest one ACLED export (plain, zip or gzip); ``layout`` may only name ``acled``, the one layout,
    whose columns are matched by name in each file's header.

    Bad input never raises: it is reported in the returned :class:`FileReport`.
    """
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown ACLED layout {layout!r}")
    load_country_lookups(store)
    return load_file(store, path, workdir=workdir, choose=recognise, on_stored=on_stored)
