"""The records of a delimited file with their physical lines, for the checks the CSV reader cannot make.

DuckDB's reader rejects a field that does not parse as its type, but not an empty text field: a layout's
``required`` text columns are checked here, record by record, with the line each record starts on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from holosec.sources.inputs import unlimited_fields
from holosec.sources.layout import Layout


@dataclass(frozen=True)
class Rejected:
    """A record of a file read row by row (news, aggregates) that cannot be stored: its line (or entry
    number), its raw text and why."""

    line: int
    raw: str
    reason: str


def records(path: Path, delim: str, quote: str) -> Iterator[tuple[int, str, list[str]]]:
    """(first line, raw text, fields) of every record of a delimited file; a quoted field may hold line
    breaks, and may be longer than Python's CSV reader takes by default."""
    taken: list[str] = []
    with unlimited_fields(), path.open(newline="", encoding="utf-8", errors="replace") as stream:

        def lines() -> Iterator[str]:
            for line in stream:
                taken.append(line)
                yield line

        options = {"quotechar": quote} if quote else {"quoting": csv.QUOTE_NONE}
        reader = csv.reader(lines(), delimiter=delim, **options)
        start = 1
        for fields in reader:
            yield start, "".join(taken).rstrip("\r\n"), fields
            taken.clear()
            start = reader.line_num + 1


def record_lines(path: Path, delim: str, quote: str, wanted: set[int]) -> dict[int, int]:
    """The physical line (from 1) where each of the ``wanted`` records (numbered from 1) begins, in a file
    whose quoted fields may hold line breaks.

    >>> import tempfile
    >>> sample = Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = sample.write_text('a,"b\\nc"\\nd,e\\n')
    >>> record_lines(sample, ",", '"', {1, 2})
    {1: 1, 2: 3}
    """
    found: dict[int, int] = {}
    for number, (start, _, _) in enumerate(records(path, delim, quote), start=1):
        if number in wanted:
            found[number] = start
            if len(found) == len(wanted):
                break
    return found


def empty_required(path: Path, layout: Layout, listed: set[int]) -> list[tuple[int, str, str]]:
    """(line, raw record, reason) of each record of the layout's width, not on a ``listed`` line, that
    leaves one of the layout's ``required`` text columns empty.

    >>> import tempfile
    >>> from holosec.sources.layout import Dialect
    >>> sample = Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = sample.write_text('id,name\\n1,"a\\nb"\\n,c\\n')
    >>> layout = Layout("x", "x", "t", "x", (("id", "VARCHAR"), ("name", "VARCHAR")), "", "id", "id",
    ...                 dialect=Dialect(delim=",", quote='"', header=True), required=("id",))
    >>> empty_required(sample, layout, set())
    [(4, ',c', 'empty required field: id')]
    """
    names = [name for name, _ in layout.columns]
    positions = [(names.index(name), name) for name in layout.required]
    found: list[tuple[int, str, str]] = []
    dialect = layout.dialect
    rows = records(path, dialect.delim, dialect.quote)
    if dialect.header:
        next(rows, None)
    for line, raw, fields in rows:
        if line in listed or len(fields) != len(names):
            continue
        empty = [name for index, name in positions if fields[index] == ""]
        if empty:
            found.append((line, raw, f"empty required field: {', '.join(empty)}"))
    return found
