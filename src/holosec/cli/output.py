"""What the ``holosec`` commands print: rich text on stdout, one-line messages, the one JSON emitter, the
one table emitter (table, CSV or JSON) and the progress bar.

Nothing here is sized at import: a console is made for each print, so it takes the width of the terminal
(or ``COLUMNS``) of that moment.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from rich.console import Console
from rich.measure import Measurement
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table


class _Out:
    """Rich text on stdout, through a console made at each call (never at import, so never a stale width)."""

    def print(self, *objects: Any, **options: Any) -> None:
        """Print ``objects`` as :meth:`rich.console.Console.print` does, but with console markup off unless
        asked for: text from data (a URL, a headline) may hold ``[brackets]``, and stays text.

        >>> out.print("[red]not markup[/red]")
        [red]not markup[/red]
        """
        options.setdefault("markup", False)
        Console().print(*objects, **options)


out = _Out()


def say(line: str) -> None:
    """One message line on stderr, never wrapped (scripts and people grep it)."""
    sys.stderr.write(line + "\n")


def emit_json(data: Any) -> None:
    """``data`` as one line of JSON on stdout: non-ASCII text kept, dates and paths as strings.

    >>> emit_json({"period": "2018-01", "name": "中国"})
    {"period": "2018-01", "name": "中国"}
    """
    sys.stdout.write(json.dumps(data, default=str, ensure_ascii=False) + "\n")


def emit_jsonl(rows: Sequence[Any]) -> None:
    """Each of ``rows`` as one line of JSON on stdout (a stream; nothing for no rows)."""
    for row in rows:
        emit_json(row)


class Format(StrEnum):
    """How a command prints its result: a table for people, CSV with a header row, or one JSON document."""

    table = "table"
    csv = "csv"
    json = "json"


def chosen_format(fmt: Format, as_json: bool) -> Format:
    """``--format``, with ``--json`` meaning ``--format json``."""
    return Format.json if as_json else fmt


@dataclass(frozen=True)
class Column:
    """A column of a printed table: the row key it shows, its header, its kind and its cell pattern.

    An ``id`` or a ``number`` is never wrapped nor cut (a number is right-aligned); ``text`` wraps.
    A missing value (None) shows as ``-`` in a table and as an empty cell in CSV, where values are raw.

    >>> Column("per_1000", "per 1,000", "number", "{:.2f}").cell({"per_1000": 2.345})
    '2.35'
    """

    key: str
    header: str = ""
    kind: Literal["id", "number", "text"] = "id"
    pattern: str | Callable[[Any], str] = "{}"

    @property
    def title(self) -> str:
        """The header shown: ``header``, else the key."""
        return self.header or self.key

    def cell(self, row: Mapping[str, Any]) -> str:
        """The cell of ``row`` as a table shows it."""
        value = row.get(self.key)
        if value is None:
            return "-"
        return self.pattern(value) if callable(self.pattern) else self.pattern.format(value)


def number(value: float) -> str:
    """A number in full, without an exponent for everyday sizes: whole ones as integers, others with
    three significant digits (at least one decimal at 1,000 and more).

    >>> number(292.0), number(1234567.0), number(0.1234), number(1234.56)
    ('292', '1234567', '0.123', '1234.6')
    """
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}" if abs(value) >= 1000 else f"{value:.3g}"


_TEXT_MIN = 12
"""Narrowest a wrapping text column may get before the table becomes blocks of ``key: value`` lines."""


def _rich_table(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], title: str | None) -> Table:
    table = Table(title=title, box=None)
    for column in columns:
        if column.kind == "text":
            longest = max((len(column.cell(row)) for row in rows), default=0)
            table.add_column(column.title, overflow="fold", min_width=min(_TEXT_MIN, max(longest, 1)))
        else:
            justify: Literal["left", "right"] = "right" if column.kind == "number" else "left"
            table.add_column(column.title, justify=justify, no_wrap=True)
    for row in rows:
        table.add_row(*(column.cell(row) for column in columns))
    return table


def _blocks(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]], title: str | None) -> str:
    """Rows as blocks of ``header: value`` lines, for a terminal too narrow for the table."""
    blocks = [title] if title else []
    blocks += ["\n".join(f"{column.title}: {column.cell(row)}" for column in columns) for row in rows]
    return "\n\n".join(blocks) + "\n"


def _csv_value(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return "" if value is None else value


def emit_table(
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    fmt: Format = Format.table,
    *,
    title: str | None = None,
) -> None:
    """``rows`` as a table on stdout, or with ``fmt`` csv as CSV with a header row of the column keys.

    The table never cuts a number or an identifier: when it cannot fit the terminal's width, each row
    is printed as a block of ``header: value`` lines instead. (JSON is the command's own document:
    print it with :func:`emit_json`.)
    """
    if fmt is Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([column.key for column in columns])
        writer.writerows([_csv_value(row.get(column.key)) for column in columns] for row in rows)
        return
    console = Console()
    table = _rich_table(columns, rows, title)
    needed = Measurement.get(console, console.options.update(width=1_000_000), table).minimum
    if needed > console.width:
        sys.stdout.write(_blocks(columns, rows, title))
        return
    console.print(table)


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """A transient progress bar on stderr, shown only on a terminal."""
    columns = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), DownloadColumn()]
    console = Console(stderr=True)
    with Progress(
        *columns, TimeRemainingColumn(), console=console, transient=True, disable=not console.is_terminal
    ) as progress:
        yield progress


def tracker(progress: Progress) -> Callable[[Path, int, int], None]:
    """A callback that shows an ingest's progress through one file on ``progress``."""
    task = progress.add_task("ingest", total=None)

    def track(path: Path, done: int, total: int) -> None:
        progress.update(task, description=f"ingest {path.name}", completed=done, total=total)

    return track
