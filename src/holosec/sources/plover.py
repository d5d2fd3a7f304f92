"""PLOVER and CAMEO: the CAMEO-to-PLOVER table read both ways, and PLOVER actor codes in CAMEO terms.

The table is the Open Event Data Alliance's ``CAMEO2PLOVER-2021.txt`` (PLOVER manual draft 0.8, CC BY-SA 4.0),
shipped in ``holosec/reference/data``: one line per CAMEO code, ``code: EVENT, mode, context # name``.

**Reverse rule** (PLOVER event type and mode -> CAMEO root and quad class). The candidates are the CAMEO
codes the table maps to that event type *and* mode (an empty mode counts as a mode: ``COERCE`` with no mode
is CAMEO 170); when the table never lists that mode, the candidates are every code of the event type. The
CAMEO root is the one root all candidates share, or None when they span several: holosec never picks one
root for the others (``ASSAULT`` alone spans 17-20; ``ASSAULT`` + ``firearms`` is 19). The quad class is
the CAMEO quad class (:func:`holosec.reference.quad_class`: roots 01-05 verbal cooperation 1, 06-08
material cooperation 2, 09-13 verbal conflict 3, 14-20 material conflict 4) that all candidates share; in
this table every event type's codes share one, so a known event type always gets a quad class, even where
its root is ambiguous.

PLOVER's own quad categories differ for two types: the PLOVER manual (v2.0, Table 7.2) puts CONCEDE in
verbal cooperation (CAMEO 08, YIELD, is material cooperation) and SANCTION in verbal conflict (CAMEO 16 is
material conflict, and so is SANCTION in the manual's section 3.13.4). The crosswalk gives the CAMEO quad
class; a POLECAT file's own ``Quad Code`` is kept where it has one (see :mod:`holosec.sources.polecat`).

>>> plover_to_cameo("ASSAULT", "firearms"), plover_to_cameo("ASSAULT")
(('19', 4), (None, 4))
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from holosec import reference

CROSSWALK_FILE = "CAMEO2PLOVER-2021.txt"
ACTORS_FILE = "plover_actors.tsv"
ANY_MODE = "*"
"""The mode key of an event type's row that covers every mode (used when a mode is not in the table)."""

_ROW = re.compile(r"^(\d{3,4}):([^#]*)")


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    """One line of the CAMEO-to-PLOVER table."""

    cameo: str
    event: str
    mode: str
    contexts: tuple[str, ...]

    @property
    def root(self) -> str:
        return self.cameo[:2]


@dataclass(frozen=True, slots=True)
class Equivalent:
    """The CAMEO side of a PLOVER event type and mode: the roots of its candidates, the root and quad
    class they all share (None when they do not)."""

    roots: tuple[str, ...]
    root: str | None
    quad: int | None


@dataclass(frozen=True, slots=True)
class ActorCode:
    """A PLOVER actor code (non-state entity or sector) and its CAMEO type, known group and ISO3 code."""

    kind: str
    code: str
    cameo_type: str | None
    known_group: str | None
    iso3: str | None


def _data(name: str) -> str:
    return files("holosec.reference").joinpath("data", name).read_text(encoding="utf-8")


@cache
def crosswalk() -> tuple[CrosswalkRow, ...]:
    """Every CAMEO code of the CAMEO-to-PLOVER table, in file order (a line listed twice is kept once).

    >>> [row for row in crosswalk() if row.cameo == "163"]
    [CrosswalkRow(cameo='163', event='COERCE', mode='restrict', contexts=('diplomatic',))]
    """
    rows: dict[tuple[str, str, str], CrosswalkRow] = {}
    for line in _data(CROSSWALK_FILE).splitlines():
        match = _ROW.match(line)
        if not match:
            continue
        event, mode, context = ([part.strip() for part in match.group(2).split(",")] + ["", ""])[:3]
        contexts = tuple(c.strip() for c in context.split(";") if c.strip())
        row = CrosswalkRow(match.group(1), event, mode, contexts)
        rows.setdefault((row.cameo, row.event, row.mode), row)
    return tuple(rows.values())


@cache
def reverse_crosswalk() -> dict[tuple[str, str], Equivalent]:
    """(PLOVER event type, mode) -> its CAMEO equivalent, by the rule of this module's docstring.

    Keys hold the modes the table lists ('' for none) and, per event type, :data:`ANY_MODE` for all modes.

    >>> reverse_crosswalk()[("ACCUSE", ANY_MODE)]
    Equivalent(roots=('09', '11'), root=None, quad=3)
    """
    roots: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in crosswalk():
        roots[(row.event, row.mode)].add(row.root)
        roots[(row.event, ANY_MODE)].add(row.root)
    table: dict[tuple[str, str], Equivalent] = {}
    for key, found in roots.items():
        quads = {quad for root in found if (quad := reference.quad_class(root)) is not None}
        root = next(iter(found)) if len(found) == 1 else None
        table[key] = Equivalent(tuple(sorted(found)), root, next(iter(quads)) if len(quads) == 1 else None)
    return table


def mode_key(mode: str | None) -> str:
    """A mode as the crosswalk knows it: the first of several (``beat;primitive``), trimmed, lower case.

    >>> mode_key(" Beat; primitive"), mode_key(None)
    ('beat', '')
    """
    return re.split(r"[,;|]", mode or "")[0].strip().lower()


def plover_to_cameo(event_type: str, mode: str | None = None) -> tuple[str | None, int | None]:
    """The CAMEO root code and quad class of a PLOVER event type and mode, where the table allows.

    >>> plover_to_cameo("SANCTION"), plover_to_cameo("COERCE", "restrict"), plover_to_cameo("coerce")
    (('16', 4), (None, 4), ('17', 4))
    >>> plover_to_cameo("REQUEST", "no such mode"), plover_to_cameo("FIGHT")
    (('10', 3), (None, None))
    """
    table = reverse_crosswalk()
    kind = event_type.strip().upper()
    found = table.get((kind, mode_key(mode))) or table.get((kind, ANY_MODE))
    return (found.root, found.quad) if found else (None, None)


def cameo_to_plover(code: str) -> CrosswalkRow | None:
    """The table's PLOVER coding of a CAMEO event code, or of its three-digit parent; None when CAMEO's
    01 and 02 (statements and appeals, which PLOVER dropped) or an unknown code.

    >>> cameo_to_plover("1823").event, cameo_to_plover("0101") is None
    ('ASSAULT', True)
    """
    rows = {row.cameo: row for row in crosswalk()}
    return rows.get(code) or rows.get(code[:3])


@cache
def actor_codes(kind: str) -> dict[str, ActorCode]:
    """PLOVER actor codes of one kind: ``entity`` (IGO, UNO, EUR ..., and KOS) or ``sector`` (GOV, MIL ...).

    >>> actor_codes("sector")["JRN"].cameo_type, actor_codes("entity")["EUR"].known_group
    ('MED', 'EEC')
    """
    codes: dict[str, ActorCode] = {}
    for line in _data(ACTORS_FILE).splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        found, code, cameo_type, group, iso3 = (line.split("\t") + [""] * 5)[:5]
        if found == kind:
            codes[code] = ActorCode(found, code, cameo_type or None, group or None, iso3 or None)
    return codes
