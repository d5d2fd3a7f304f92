"""ICEWS files (Dataverse ``.tab`` and name triples): recognised by their first line, loaded by the shared
loader with the layouts of :mod:`holosec.sources.icews_layouts`.

ICEWS names its actors in words ("Police (Australia)", "China", "Pervez Musharraf"). Before a file is read,
the lookups that resolve them are created as temporary tables of the store's connection (once per
connection), from reference files shipped with holosec (see ``reference/data/PROVENANCE.md``):

- ``ref_icews_name``: name key -> CAMEO actor code, country and type over time: GeoNames country names,
  ICEWS's spellings of them, CAMEO's country and region names ("Middle East"), then the people and
  organisations of the Phoenix actor dictionaries (an office holder's code follows the dates of the
  office).
- ``ref_icews_sector``: ICEWS sector or generic actor name -> CAMEO type, with a rank (lower is more
  specific) to choose among an actor's several sectors.
- ``ref_icews_label``: ICEWS event text -> CAMEO event code; ``ref_icews_quad`` and
  ``ref_icews_goldstein``: a code's quad class and Goldstein score.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from holosec import reference
from holosec.errors import InputError
from holosec.sources.icews_layouts import DATAVERSE_HEADER, LAYOUTS
from holosec.sources.layout import Layout, literal
from holosec.sources.loader import FileReport, Stored, load_file
from holosec.store import Store

__all__ = ["LAYOUTS", "Resolution", "actor_resolution", "load_icews_file", "prepare_reference", "sniff"]

_SNIFF_LINES = 50
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Among an actor's sectors, the CAMEO type listed first here wins ("Government,Police" is police).
TYPE_PRECEDENCE = (
    "MIL", "COP", "SPY", "PKO", "REB", "INS", "SEP", "RAD", "UAF", "IMG", "CRM", "JUD", "LEG", "GOV", "IGO",
    "NGO", "MNC", "OPP", "PTY", "BUS", "MED", "EDU", "HLH", "HRI", "LAB", "AGR", "REF", "ELI", "CVL",
)  # fmt: skip
_SENTINEL = "ref_icews_goldstein"  # the last lookup created: when it exists, all do


def _data(name: str) -> str:
    return literal(Path(str(files("holosec.reference").joinpath("data", name))).as_posix())


def _tsv(name: str, *columns: str) -> str:
    """A reader of one of holosec's reference TSV files ('#' lines are comments, then a header)."""
    spec = "{" + ", ".join(f"{literal(c)}: 'VARCHAR'" for c in columns) + "}"
    return (
        f"read_csv({_data(name)}, delim = '\\t', quote = '', escape = '', header = true, comment = '#', "
        f"columns = {spec}, auto_detect = false)"
    )


_KEY_MACRO = (
    "CREATE OR REPLACE TEMP MACRO icews_key(name) AS "
    "trim(regexp_replace(upper(strip_accents(name)), '[^A-Z0-9]+', ' ', 'g'))"
)

_NAMES = f"""
CREATE OR REPLACE TEMP TABLE ref_icews_name AS
WITH countries AS (
    SELECT icews_key(name) AS key, arg_min(iso3, rank) AS code FROM (
        SELECT unnest($1::VARCHAR[]) AS name, unnest($2::VARCHAR[]) AS iso3, 1 AS rank
        UNION ALL SELECT name, iso3, 2 FROM {_tsv("icews_country_names.tsv", "name", "iso3")}
        UNION ALL SELECT unnest($3::VARCHAR[]), unnest($4::VARCHAR[]), 3
    ) GROUP BY ALL
), named AS (
    SELECT key, code, CAST(NULL AS VARCHAR) AS type1, DATE '-infinity' AS valid_from,
           DATE 'infinity' AS valid_to FROM countries
    UNION ALL
    SELECT p.key, p.code, NULLIF(p.type, ''), coalesce(TRY_CAST(p.valid_from AS DATE), DATE '-infinity'),
           coalesce(TRY_CAST(p.valid_to AS DATE), DATE 'infinity')
    FROM {_tsv("phoenix_actors.tsv.gz", "key", "code", "type", "valid_from", "valid_to")} AS p
    ANTI JOIN countries c ON c.key = p.key
)
SELECT n.key, n.code, n.type1, n.valid_from, n.valid_to, c.code AS country_code, c.iso3
FROM named n LEFT JOIN ref_cameo_country c ON c.code = left(n.code, 3)
"""

_SECTORS = f"""
CREATE OR REPLACE TEMP TABLE ref_icews_sector AS
WITH listed AS (
    SELECT icews_key(sector) AS key, type AS type1 FROM {_tsv("icews_sectors.tsv", "sector", "type")}
)
SELECT key, type1, coalesce(list_position($1::VARCHAR[], type1), 99) AS rank FROM (
    SELECT * FROM listed
    UNION ALL
    SELECT a.key, a.type FROM {_tsv("phoenix_agents.tsv.gz", "key", "type")} AS a
    ANTI JOIN listed l ON l.key = a.key
)
"""

_LABELS = f"""
CREATE OR REPLACE TEMP TABLE ref_icews_label AS
SELECT lower(label) AS key, code FROM {_tsv("icews_event_labels.tsv", "label", "code")}
"""

_QUADS = """
CREATE OR REPLACE TEMP TABLE ref_icews_quad AS
SELECT unnest($1::VARCHAR[]) AS root, unnest($2::INTEGER[]) AS quad_class
"""
_GOLDSTEIN = f"""
CREATE OR REPLACE TEMP TABLE {_SENTINEL} AS
SELECT unnest($1::VARCHAR[]) AS code, unnest($2::DOUBLE[]) AS goldstein
"""


def prepare_reference(store: Store) -> None:
    """Create the ICEWS lookup tables on the store's connection, unless they exist already.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     prepare_reference(store)
    ...     store.scalar("SELECT iso3 FROM ref_icews_name WHERE key = icews_key('Côte d''Ivoire')")
    'CIV'
    """
    exists = "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?"
    if store.scalar(exists, [_SENTINEL]):
        return
    names = {c.name: c.iso3 for c in reference.countries()}
    cameo = {label: code for code, label in reference.cameo_countries().items()}
    quads = reference.quad_classes()
    scores = reference.goldstein_scale()
    store.execute(_KEY_MACRO)
    store.execute(_NAMES, [list(names), list(names.values()), list(cameo), list(cameo.values())])
    store.execute(_SECTORS, [list(TYPE_PRECEDENCE)])
    store.execute(_LABELS)
    store.execute(_QUADS, [list(quads), list(quads.values())])
    store.execute(_GOLDSTEIN, [list(scores), list(scores.values())])


def sniff(sample: bytes, path: Path) -> Layout:
    """The layout of an ICEWS file, from its first lines.

    >>> sniff(b"Colombia\\tInvestigate\\tGuerrilla (Colombia)\\t2008-07-25\\n", Path("t.txt")).name
    'icews-triples'
    >>> sniff(b"1\\t2\\n", Path("x.csv"))
    Traceback (most recent call last):
    ...
    holosec.errors.InputError: x.csv: not an ICEWS file: its lines have 2 tab-separated columns; ICEWS \
files are Dataverse .tab files (an 'Event ID' header and 20 columns) or name triples (4 columns: source, \
event text, target, date)
    """
    text = sample.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line.rstrip("\r") for line in text.split("\n")]
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may end inside a line
    lines = [line for line in lines[:_SNIFF_LINES] if line.strip()]
    if not lines:
        raise InputError(path, "no data: the file holds only blank lines")
    header = lines[0].split("\t")
    if header[0] == DATAVERSE_HEADER[0]:
        if tuple(header) != DATAVERSE_HEADER:
            raise InputError(
                path,
                f"not an ICEWS Dataverse file: its header has {len(header)} columns "
                f"({', '.join(header[:3])} ...); expected the 20 of ICEWS "
                f"({', '.join(DATAVERSE_HEADER[:3])} ...)",
            )
        return LAYOUTS["icews-dataverse"]
    width = Counter(line.count("\t") + 1 for line in lines).most_common(1)[0][0]
    if all(field.lstrip("-").isdigit() for field in lines[0].split("\t")) and width in (4, 5):
        raise InputError(
            path,
            "not a file holosec reads: ICEWS as numbered triples (entity and relation ids, as in link-"
            "prediction copies of ICEWS14) carries no names; decode it with its entity2id and relation2id "
            "files into name triples (source, event text, target, date) first",
        )
    if width == 4:
        if not any(_DATE.match(line.split("\t")[3]) for line in lines if line.count("\t") == 3):
            raise InputError(path, "not an ICEWS file: 4 columns, but the last is not a date (YYYY-MM-DD)")
        return LAYOUTS["icews-triples"]
    raise InputError(
        path,
        f"not an ICEWS file: its lines have {width} tab-separated columns; ICEWS files are Dataverse .tab "
        "files (an 'Event ID' header and 20 columns) or name triples (4 columns: source, event text, "
        "target, date)",
    )


def load_icews_file(
    store: Store, path: Path, *, workdir: Path, layout: str | None = None, on_stored: Stored | None = None
) -> FileReport:
    """Ingest one ICEWS file; ``layout`` forces a layout name (see ``LAYOUTS``) instead of recognising it.

    Bad input never raises: it is reported in the returned :class:`FileReport`.
    """
    forced = LAYOUTS[layout] if layout else None

    def choose(sample: bytes, found: Path) -> Layout:
        chosen = forced or sniff(sample, found)
        prepare_reference(store)
        return chosen

    return load_file(store, path, workdir=workdir, choose=choose, on_stored=on_stored)


@dataclass(frozen=True)
class Resolution:
    """How many ICEWS actor mentions (two per event, where named) holosec resolved."""

    actors: int
    resolved: int
    with_country: int

    @property
    def rate(self) -> float:
        """Share of actor mentions resolved to a country or a coded actor (0..1)."""
        return self.resolved / self.actors if self.actors else 0.0

    @property
    def country_rate(self) -> float:
        """Share of actor mentions placed in a country (0..1)."""
        return self.with_country / self.actors if self.actors else 0.0


def actor_resolution(store: Store, *, file_ids: list[int] | None = None) -> Resolution:
    """Actor mentions of the stored ICEWS events (of ``file_ids`` only, when given), and how many were
    resolved: an actor is unresolved when it carries the ``unresolved_actor1``/``unresolved_actor2`` flag.
    """
    where = "source = 'icews'" + (" AND list_contains($1, file_id)" if file_ids is not None else "")
    row = store.execute(
        f"""
        SELECT count(*) FILTER (WHERE name IS NOT NULL),
               count(*) FILTER (WHERE name IS NOT NULL AND NOT unresolved),
               count(*) FILTER (WHERE country IS NOT NULL)
        FROM (
            SELECT actor1_name AS name, actor1_country AS country,
                   list_contains(quality, 'unresolved_actor1') AS unresolved FROM events WHERE {where}
            UNION ALL
            SELECT actor2_name, actor2_country, list_contains(quality, 'unresolved_actor2')
            FROM events WHERE {where}
        )
        """,
        [file_ids] if file_ids is not None else [],
    ).fetchone()
    return Resolution(*(int(value) for value in row)) if row else Resolution(0, 0, 0)
