"""GDELT files (events 1.0/2.0, mentions, GKG 1.0/2.1): recognised by their column count, loaded by the
shared loader with the layouts of :mod:`holosec.sources.gdelt_layouts`."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from holosec.errors import InputError
from holosec.sources.gdelt_layouts import BY_WIDTH, LAYOUTS
from holosec.sources.layout import Layout
from holosec.sources.loader import FileReport, Stored, load_file
from holosec.store import Store

_SNIFF_LINES = 50


def sniff(sample: bytes, path: Path) -> Layout:
    """The layout of a file, from the column count most of its first lines have.

    >>> sniff(b"1\\t2\\n", Path("x.csv"))
    Traceback (most recent call last):
    ...
    holosec.errors.InputError: x.csv: not a GDELT file: its lines have 2 tab-separated columns; \
GDELT files have 11, 15, 16, 27, 57, 58 or 61
    """
    text = sample.decode("utf-8", errors="replace")
    head = text.lstrip().lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")):
        raise InputError(path, "not a GDELT file: it is an HTML or XML page (an error page saved as data?)")
    lines = text.split("\n")
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may end inside a line
    widths = Counter(line.count("\t") + 1 for line in lines[:_SNIFF_LINES] if line.strip())
    if not widths:
        raise InputError(path, "no data: the file holds only blank lines")
    width = widths.most_common(1)[0][0]
    if width not in BY_WIDTH:
        known = ", ".join(str(w) for w in sorted(BY_WIDTH))
        known = known[: known.rfind(",")] + " or" + known[known.rfind(",") + 1 :]
        raise InputError(
            path, f"not a GDELT file: its lines have {width} tab-separated columns; GDELT files have {known}"
        )
    return BY_WIDTH[width]


def load_gdelt_file(
    store: Store, path: Path, *, workdir: Path, layout: str | None = None, on_stored: Stored | None = None
) -> FileReport:
    """Ingest one GDELT file; ``layout`` forces a layout name (see ``LAYOUTS``) instead of recognising it.

    Bad input never raises: it is reported in the returned :class:`FileReport`.
    """
    forced = LAYOUTS[layout] if layout else None
    return load_file(
        store, path, workdir=workdir, choose=lambda sample, p: forced or sniff(sample, p), on_stored=on_stored
    )
