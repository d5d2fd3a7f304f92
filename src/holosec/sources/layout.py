"""How a source's file layout is described: columns, dialect, and the SQL that normalises its rows.

Every source module declares its layouts as data with :class:`Layout`; one loader reads them all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    """How fields are written: the delimiter, the quote and escape characters ('' for none), a header,
    and the formats of DATE and TIMESTAMP columns (strptime codes; GDELT's by default)."""

    delim: str = "\t"
    quote: str = ""
    escape: str = ""
    header: bool = False
    dateformat: str = "%Y%m%d"
    timestampformat: str = "%Y%m%d%H%M%S"


TAB = Dialect()


@dataclass(frozen=True)
class Layout:
    """One GDELT file layout and how its rows become store rows.

    ``strict`` columns must parse as their type (an empty value fails too), or the row is quarantined.
    ``key`` and ``prune`` name the target table's identity column and a column whose range narrows the
    search for earlier copies of the same rows (GDELT ids and timestamps grow with time).
    ``required`` text columns must hold something: a row that leaves one empty is quarantined.
    """

    name: str
    title: str
    table: str
    source: str
    columns: tuple[tuple[str, str], ...]
    select: str
    key: str
    prune: str
    alternate: Layout | None = None
    licence: str = ""
    dialect: Dialect = TAB
    required: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return len(self.columns)

    @property
    def strict(self) -> list[str]:
        return [name for name, kind in self.columns if kind != "VARCHAR"]

    def sql(self, *, file_id: int, source_file: str, read: str) -> str:
        """The SELECT that turns rows of ``read`` (a reader subquery) into rows of the layout's table."""
        return self.select.format(
            source=self.source,
            file_id=file_id,
            source_file=literal(source_file),
            licence=literal(self.licence),
            read=read,
        )


def literal(text: str) -> str:
    """A SQL string literal.

    >>> literal("it's")
    "'it''s'"
    """
    return "'" + text.replace("'", "''") + "'"
