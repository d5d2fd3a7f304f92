"""CSV files whose columns are found by name in their header line (ACLED, UCDP GED).

Such sources add, drop and reorder columns between releases, so a layout is built for each file from its
header: the columns holosec needs must be there, in any order; columns it does not know are read and
ignored.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from holosec.errors import InputError
from holosec.sources.layout import Dialect, literal

CSV = Dialect(delim=",", quote='"', escape='"', header=True)


def header_of(sample: bytes, path: Path) -> list[str]:
    """The column names in the first record of a comma-separated file, stripped and in lower case.

    >>> header_of(b'\\xef\\xbb\\xbfId,"Date"\\n1,2\\n', Path("x.csv"))
    ['id', 'date']
    """
    text = sample.decode("utf-8-sig", errors="replace")
    first = next(csv.reader(io.StringIO(text)), None)
    if not first or not any(name.strip() for name in first):
        raise InputError(path, "no header line: the first line is blank")
    return [name.strip().lower() for name in first]


@dataclass(frozen=True)
class Columns:
    """What a source (``what``: "an ACLED export") needs of a header: ``required`` names, ``optional``
    ones it uses when present, and the types of those that must parse (everything else is text)."""

    what: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    types: dict[str, str]

    def check(self, header: list[str], path: Path) -> None:
        """Raise :class:`InputError` naming the required columns the header lacks, or a repeated one."""
        missing = [name for name in self.required if name not in header]
        if len(missing) == len(self.required):
            raise InputError(
                path, f"not {self.what}: its first line names none of the columns {', '.join(missing)}"
            )
        if missing:
            raise InputError(path, f"not {self.what}: the header lacks {', '.join(missing)}")
        known = set(self.required) | set(self.optional)
        repeated = sorted({name for name in header if name in known and header.count(name) > 1})
        if repeated:
            raise InputError(path, f"not {self.what}: the header repeats {', '.join(repeated)}")

    def read(self, header: list[str], **types: str) -> tuple[tuple[str, str], ...]:
        """The reader's columns for a file with ``header``: known names with their types (``types``
        overrides a few for this file); unknown ones as text named ``extra_N``, never referred to."""
        known = set(self.required) | set(self.optional)
        kinds = {**self.types, **types}
        return tuple(
            (name, kinds.get(name, "VARCHAR")) if name in known else (f"extra_{n}", "VARCHAR")
            for n, name in enumerate(header, start=1)
        )


def field(present: set[str], name: str) -> str:
    """SQL for column ``name`` of the reader row ``r``, or a text NULL when the file lacks it.

    >>> field({"a"}, "a"), field({"a"}, "b")
    ('r."a"', 'CAST(NULL AS VARCHAR)')
    """
    return f'r."{name}"' if name in present else "CAST(NULL AS VARCHAR)"


def details(present: set[str], names: tuple[str, ...]) -> str:
    """SQL for a MAP(VARCHAR, VARCHAR) of the columns ``names`` the file has, leaving out empty values.

    >>> details(set(), ("a",))
    'CAST(NULL AS MAP(VARCHAR, VARCHAR))'
    """
    entries = [
        f"struct_pack(k := '{name}', v := CAST(r.\"{name}\" AS VARCHAR))" for name in names if name in present
    ]
    if not entries:
        return "CAST(NULL AS MAP(VARCHAR, VARCHAR))"
    return f"map_from_entries(list_filter([{', '.join(entries)}], lambda e: e.v IS NOT NULL))"


def values(rows: Sequence[tuple[object, ...]], alias: str) -> str:
    """SQL for a small inline table (a crosswalk kept as data in a source module).

    >>> values([(1, "a", None)], "t(code, label, cameo)")
    "(VALUES (1, 'a', NULL)) AS t(code, label, cameo)"
    """

    def sql(value: object) -> str:
        return "NULL" if value is None else literal(value) if isinstance(value, str) else str(value)

    return f"(VALUES {', '.join('(' + ', '.join(map(sql, row)) + ')' for row in rows)}) AS {alias}"


def coordinate_flags() -> str:
    """SQL for the quality flags of the reader row's ``latitude`` and ``longitude`` text columns."""
    lat, lon = 'TRY_CAST(r."latitude" AS DOUBLE)', 'TRY_CAST(r."longitude" AS DOUBLE)'
    return f"""CASE WHEN r."latitude" IS NULL OR r."longitude" IS NULL THEN 'no_geocode' END,
        CASE WHEN (r."latitude" IS NOT NULL AND NOT coalesce({lat} BETWEEN -90 AND 90, false))
               OR (r."longitude" IS NOT NULL AND NOT coalesce({lon} BETWEEN -180 AND 180, false))
             THEN 'bad_coordinates' END"""
