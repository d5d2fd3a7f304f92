"""POLECAT weekly event files (PLOVER-coded; Harvard Dataverse, doi:10.7910/DVN/AJGVIT): recognised by
their header line, read by column name, loaded by the shared loader.

A file is tab-separated with a header; columns may come in any order and extra columns are ignored. The
columns holosec reads (``|`` separates names accepted for the same field; * must be present):

- ``Event ID`` *: ``event_id`` = ``polecat:<Event ID>``; ``source_key`` = a 63-bit number from its MD5.
- ``Event Date`` *: ``date``, an ISO date (``2023-01-02``, a time may follow); else the row is quarantined.
- ``Event Type`` *, ``Event Mode`` *, ``Contexts``: ``plover_type`` (upper case), ``plover_mode`` and
  ``plover_context`` (split on commas or semicolons), kept as coded; ``event_label`` is ``TYPE: mode``.
  ``root_code`` and the fallback ``quad_class`` come from the CAMEO-to-PLOVER table read in reverse
  (:mod:`holosec.sources.plover`); ``event_code`` stays NULL: PLOVER does not say which CAMEO code.
- ``Quad Code``: ``quad_class`` when it is 1-4 or a quad name (``verbal cooperation`` ...): POLECAT's own.
- ``Actor Name`` *, ``Actor Country`` *, ``Primary Actor Sector`` (and the same for ``Recipient`` *): actor
  name, country as given (``actor1_country_code``) and its ISO3 (``actor1_country``; ISO3 codes and GeoNames
  country names are known; PLOVER's IGO, UNO, EUR, NGO, ISM, IMG and MNC are no country but set the CAMEO type
  and known group), sector (``actor1_sector``) and its CAMEO type (``actor1_type1``) where one means the same.
- ``Placename|Address``, ``City``, ``State|Province``, ``District``, ``Country``, ``Latitude``,
  ``Longitude``, ``GeoNames ID``, ``Feature Type``: ``loc_name`` (the place, else city, state, country),
  ``loc_admin1``, ``loc_admin2``, ``loc_country`` (ISO3 from a code or a name), ``lat``, ``lon``,
  ``loc_feature_id``, ``loc_precision`` (from GeoNames feature codes PCL*, ADM1*, PPL*).
- Into ``details``: ``Event Intensity`` (PLOVER's own -10..10 score: not a Goldstein score, so ``goldstein``
  stays NULL), ``Quad Code`` as written, ``Source`` (the outlet), ``Publication Date`` (also ``added_at``),
  ``Actor|Recipient COW``, ``... Sectors``, ``... Title``, ``Wikipedia Actor|Recipient ID``, ``City``,
  ``GeoNames ID``, ``Feature Type``, ``Language``, ``Version``.

Not stored: ``Story People`` (holosec never profiles private persons), ``Actor Name Raw``,
``Recipient Name Raw`` (raw mentions, which may name private persons), ``Raw Placename``,
``Story Organizations`` and ``Story Locations`` (about the story, not the event).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from holosec import reference
from holosec.errors import InputError
from holosec.sources.layout import Dialect, Layout
from holosec.sources.loader import FileReport, Stored, load_file
from holosec.sources.plover import actor_codes, reverse_crosswalk
from holosec.sources.polecat_sql import events_select
from holosec.store import Store

# The POLECAT Dataverse record states the data's terms; holosec could not check them offline (CC BY-NC 4.0
# is often quoted), so the events carry the citation and a pointer to the record rather than a licence name.
POLECAT_LICENCE = (
    "POLECAT weekly data (Scarborough et al., Harvard Dataverse, doi:10.7910/DVN/AJGVIT): "
    "terms as stated on the Dataverse record; cite the dataset"
)


@dataclass(frozen=True)
class Field:
    """A field holosec reads: its role in the SQL and the column names that hold it."""

    role: str
    names: tuple[str, ...]
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("id", ("Event ID",), True),
    Field("date", ("Event Date",), True),
    Field("event_type", ("Event Type",), True),
    Field("mode", ("Event Mode",), True),
    Field("intensity", ("Event Intensity",)),
    Field("quad", ("Quad Code",)),
    Field("contexts", ("Contexts", "Context")),
    *(
        field
        for who in ("Actor", "Recipient")
        for field in (
            Field(f"{who.lower()}_name", (f"{who} Name",), True),
            Field(f"{who.lower()}_country", (f"{who} Country",), True),
            Field(f"{who.lower()}_cow", (f"{who} COW",)),
            Field(f"{who.lower()}_sector", (f"Primary {who} Sector",)),
            Field(f"{who.lower()}_sectors", (f"{who} Sectors",)),
            Field(f"{who.lower()}_title", (f"{who} Title",)),
            Field(f"{who.lower()}_wikipedia_id", (f"Wikipedia {who} ID",)),
        )
    ),
    Field("place", ("Placename", "Address")),
    Field("city", ("City",)),
    Field("admin1", ("State", "Province")),
    Field("admin2", ("District",)),
    Field("loc_country", ("Country",)),
    Field("lat", ("Latitude",)),
    Field("lon", ("Longitude",)),
    Field("geonames_id", ("GeoNames ID",)),
    Field("feature", ("Feature Type",)),
    Field("outlet", ("Source",)),
    Field("published", ("Publication Date",)),
    Field("language", ("Language",)),
    Field("version", ("Version",)),
)

# The columns of a POLECAT release file, in release order: the layout ``--layout polecat`` forces.
RELEASE_HEADER: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors", "Actor Title",
    "Actor Name Raw", "Wikipedia Actor ID",
    "Recipient Name", "Recipient Country", "Recipient COW", "Primary Recipient Sector", "Recipient Sectors",
    "Recipient Title", "Recipient Name Raw", "Wikipedia Recipient ID",
    "Placename", "City", "State", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Feature Type", "Source", "Publication Date", "Story People", "Story Organizations", "Story Locations",
    "Language", "Version",
)  # fmt: skip


def read_header(sample: bytes) -> list[str]:
    """The column names on the first line of a file: trimmed, unquoted, unique.

    >>> read_header(b'\\xef\\xbb\\xbf"Event ID"\\tEvent Date \\tX\\tX\\r\\n1\\t2')
    ['Event ID', 'Event Date', 'X', 'X (4)']
    """
    first = sample.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r")
    names: list[str] = []
    for number, raw in enumerate(first.split("\t"), start=1):
        name = "".join(ch for ch in raw.strip().strip('"') if ch not in '"{}').strip() or f"column {number}"
        names.append(name if name not in names else f"{name} ({number})")
    return names


def layout_for(header: Sequence[str], path: str | Path = "POLECAT file") -> Layout:
    """The layout of a file with this header; :class:`InputError` naming the columns it lacks.

    >>> layout_for(["Event ID", "Event Date"], "x.tsv")
    Traceback (most recent call last):
    ...
    holosec.errors.InputError: x.tsv: not a POLECAT file: its header lacks Event Type, Event Mode, \
Actor Name, Actor Country, Recipient Name, Recipient Country
    """
    present: dict[str, str] = {}
    for field in FIELDS:
        name = next((n for n in field.names if n in header), None)
        if name is not None:
            present[field.role] = name
    missing = [field.names[0] for field in FIELDS if field.required and field.role not in present]
    if missing:
        raise InputError(path, f"not a POLECAT file: its header lacks {', '.join(missing)}")
    # The event date is read as TIMESTAMP_S: DuckDB parses it as ISO 8601 whatever the loader's (GDELT)
    # date format, and a row whose date does not parse is quarantined by the reader.
    columns = tuple((name, "TIMESTAMP_S" if name == present["date"] else "VARCHAR") for name in header)
    return Layout(
        "polecat",
        "POLECAT weekly events (PLOVER)",
        "events",
        "polecat",
        columns,
        events_select(present, header),
        key="event_id",
        prune="date",
        licence=POLECAT_LICENCE,
        dialect=Dialect(delim="\t", header=True),
    )


LAYOUTS: dict[str, Layout] = {"polecat": layout_for(RELEASE_HEADER)}


def _table(store: Store, name: str, columns: dict[str, list[str | int | None]]) -> None:
    kinds = {col: "INTEGER" if col == "quad_class" else "VARCHAR" for col in columns}
    select = ", ".join(f"unnest(${i}::{kinds[col]}[]) AS {col}" for i, col in enumerate(columns, start=1))
    store.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}", list(columns.values()))


def load_reference(store: Store) -> None:
    """Create the lookups the POLECAT layout joins: ``ref_plover`` (the reverse crosswalk),
    ``ref_polecat_country`` (country codes, names and PLOVER entities) and ``ref_plover_sector``.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     load_reference(store)
    ...     store.execute("SELECT root_code, quad_class FROM ref_plover "
    ...                   "WHERE event_type = 'ASSAULT' AND mode = 'firearms'").fetchall()
    [('19', 4)]
    """
    crosswalk = reverse_crosswalk()
    _table(
        store,
        "ref_plover",
        {
            "event_type": [event for event, _ in crosswalk],
            "mode": [mode for _, mode in crosswalk],
            "root_code": [eq.root for eq in crosswalk.values()],
            "quad_class": [eq.quad for eq in crosswalk.values()],
        },
    )
    keys: dict[str, tuple[str | None, str | None, str | None]] = {}
    for code in actor_codes("entity").values():
        keys[code.code] = (code.iso3, code.cameo_type, code.known_group)
    for country in reference.countries():
        keys.setdefault(country.name.upper(), (country.iso3, None, None))
        keys[country.iso3] = (country.iso3, None, None)
    values = list(keys.values())
    _table(
        store,
        "ref_polecat_country",
        {
            "key": list(keys),
            "iso3": [v[0] for v in values],
            "cameo_type": [v[1] for v in values],
            "known_group": [v[2] for v in values],
        },
    )
    sectors = actor_codes("sector")
    _table(
        store,
        "ref_plover_sector",
        {"code": list(sectors), "cameo_type": [s.cameo_type for s in sectors.values()]},
    )


def load_polecat_file(
    store: Store, path: Path, *, workdir: Path, layout: str | None = None, on_stored: Stored | None = None
) -> FileReport:
    """Ingest one POLECAT file; ``layout="polecat"`` forces the release column order instead of reading the
    header's names. Bad input never raises: it is reported in the returned :class:`FileReport`.
    """
    forced = LAYOUTS[layout] if layout else None

    def choose(sample: bytes, where: Path) -> Layout:
        chosen = forced or layout_for(read_header(sample), where)
        load_reference(store)
        return chosen

    return load_file(store, path, workdir=workdir, choose=choose, on_stored=on_stored)
