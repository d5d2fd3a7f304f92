"""How ``holosec --help`` is written: click's plain help (no rich markup, so a ``[bracket]`` is text), wrapped
at spaces only.

Click wraps with :mod:`textwrap`, which also breaks after a hyphen: ``--data-dir`` or ``agency-analyst``
split over two lines at some widths. The help formatter here hides hyphens from the wrapper (a non-breaking
hyphen of the same width while it wraps) and gives them back after, so a line breaks only between words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from typer._click.formatting import HelpFormatter
else:
    HelpFormatter = typer.Context.formatter_class  # click's, or recent typer's own copy of click

__all__ = ["HelpGroup"]

_KEPT = "\u2011"  # a non-breaking hyphen: textwrap never breaks a line at it


class _Formatter(HelpFormatter):
    def write_text(self, text: str) -> None:
        super().write_text(text.replace("-", _KEPT))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        kept = [(term, text.replace("-", _KEPT)) for term, text in rows]
        super().write_dl(kept, col_max, col_spacing)

    def getvalue(self) -> str:
        return str(super().getvalue()).replace(_KEPT, "-")


class _Context(typer.Context):
    formatter_class = _Formatter


def _use_context(command: Any) -> None:
    command.context_class = _Context
    for child in getattr(command, "commands", {}).values():
        _use_context(child)


class HelpGroup(TyperGroup):
    """The ``holosec`` group: it and every command under it write their help with the formatter above.

    >>> import typer
    >>> typer.Typer(cls=HelpGroup, rich_markup_mode=None).info.cls is HelpGroup
    True
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _use_context(self)
