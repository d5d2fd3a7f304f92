"""Build holosec's ICEWS reference tables from the open dictionaries they come from (run once, checked in).

    python scripts/icews_reference.py [--data ../shared/data] [--out src/holosec/reference/data]

Writes, into ``--out``:

- ``icews_event_labels.tsv``: ICEWS event text -> CAMEO code, from the CAMEO code list with ICEWS label
  variants (philip-schrodt/ICEWS-to-jsonl ``CAMEO_codefile.txt``: ``LABEL`` and ``LABELi`` lines).
- ``phoenix_actors.tsv.gz``: actor name key -> CAMEO actor code over time, from the Phoenix actor
  dictionaries of openeventdata/petrarch2 (countries, international, militarised non-state). A name's date
  restrictions become a timeline of non-overlapping periods, one code each.
- ``phoenix_agents.tsv.gz``: generic agent name key -> CAMEO type, from ``Phoenix.agents.txt``.

Name keys are upper-case ASCII with every run of other characters one space (``BARACK_H._OBAMA`` ->
``BARACK H OBAMA``): the same key holosec computes from ICEWS names at ingest.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from holosec import reference

ROOT = Path(__file__).resolve().parent.parent
PETRARCH = "petrarch/openeventdata__petrarch2"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
CODEFILE = "cameo_lookups/philip-schrodt__ICEWS-to-jsonl/CAMEO_codefile.txt"
# Two-digit years in the dictionaries run from 1931 to 2014: below 30 is this century.
CENTURY_PIVOT = 30
# CAMEO actor-type codes the Phoenix dictionaries use besides those of GDELT's type list.
EXTRA_TYPES = ("PTY", "PPL", "REL", "MUS", "CHR", "BUD", "HIN", "JEW", "SIK", "ATH")

_CODE = re.compile(r"\[([^\]]*)\]")
_LABEL = re.compile(r"^LABEL(i?):\s*(\w{2,5})\s*=\s*(.+?)\s*$", re.IGNORECASE)
# Codes of the code list that are typos: a trailing 'i' marks a variant ('0811i'), and '13y' is 137, the
# one code of 'Threaten with violent repression' (its LABELi variant reads 'Threaten with repression').
_TYPOS = {"13y": "137"}


def name_key(name: str) -> str:
    """The lookup key of a name: ASCII letters and digits, upper case, words separated by one space."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", " ", ascii_name.upper()).strip()


def _day(text: str) -> date | None:
    digits = text.strip()
    if len(digits) == 6:
        year = int(digits[:2])
        digits = f"{20 if year < CENTURY_PIVOT else 19}{digits}"
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


@dataclass
class Restriction:
    """One code of an actor, valid on [start, end) (None: open)."""

    code: str
    start: date | None = None
    end: date | None = None


@dataclass
class Entry:
    """One dictionary entry: its names and its codes."""

    names: list[str]
    codes: list[Restriction] = field(default_factory=list)


def _restriction(text: str, bad: Counter[str]) -> Restriction | None:
    """``CODE``, ``CODE yymmdd-yymmdd``, ``CODE >yymmdd`` or ``CODE <yymmdd``; None for ``---`` and bad
    dates (counted)."""
    parts = text.split(None, 1)
    if not parts or not parts[0].isalpha():
        return None
    code, when = parts[0], (parts[1].replace(" ", "") if len(parts) > 1 else "")
    if not when:
        return Restriction(code)
    if when[0] in "<>":
        day = _day(when[1:])
        if day is None:
            bad["bad date"] += 1
            return None
        return Restriction(code, start=day) if when[0] == ">" else Restriction(code, end=day)
    first, _, last = when.partition("-")
    start, end = _day(first), _day(last)
    if start is None or end is None or end < start:
        bad["bad date"] += 1
        return None
    return Restriction(code, start=start, end=end + timedelta(days=1))


def read_entries(path: Path, bad: Counter[str]) -> list[Entry]:
    """The entries of a TABARI/PETRARCH actor dictionary, in file order.

    A primary phrase without a code directly followed (no blank line between) by another is taken as a
    synonym of it: the Phoenix files list some office holders' name variants that way (Yeltsin, Medvedev).
    """
    entries: list[Entry] = []
    after_blank = True
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw.strip():
            after_blank = True
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        name = line.lstrip("+").split("[", 1)[0].split("{", 1)[0].strip()
        codes = [r for c in _CODE.findall(line) if (r := _restriction(c, bad))]
        if line[0].isspace() and entries:
            entries[-1].codes += codes
        elif line.startswith("+") and entries:
            entries[-1].names.append(name)
            entries[-1].codes += codes
        elif name:
            carried = entries.pop().names if entries and not entries[-1].codes and not after_blank else []
            entries.append(Entry([*carried, name], codes))
        after_blank = False
    return entries


def timeline(codes: list[Restriction], country_of: Callable[[str], str]) -> list[Restriction]:
    """Non-overlapping periods covering all time, each with one code: the first listed dated code that
    holds, else the undated (default) code. Where neither holds, PETRARCH codes nothing; holosec keeps
    the country of the nearest dated code (an office holder before or after office is still of that
    country), with no type."""
    default = next((c.code for c in codes if c.start is None and c.end is None), None)
    dated = [c for c in codes if c.start is not None or c.end is not None]
    if not dated:
        return [Restriction(default)] if default else []
    cuts = sorted({d for c in dated for d in (c.start, c.end) if d is not None})
    bounds: list[date | None] = [None, *cuts, None]
    periods: list[Restriction] = []
    for start, end in pairwise(bounds):
        day = start or (end - timedelta(days=1) if end else date.min)
        code = next((c.code for c in dated if _holds(c, day)), None) or default
        code = code or country_of(_nearest(dated, day))
        if periods and periods[-1].code == code:
            periods[-1].end = end
        else:
            periods.append(Restriction(code, start, end))
    return periods


def _holds(c: Restriction, day: date) -> bool:
    return (c.start is None or c.start <= day) and (c.end is None or day < c.end)


def _nearest(dated: list[Restriction], day: date) -> str:
    def distance(c: Restriction) -> int:
        if c.end is not None and c.end <= day:
            return (day - c.end).days + 1
        return (c.start - day).days if c.start is not None and c.start > day else 0

    return min(dated, key=distance).code


def actor_type(code: str, types: frozenset[str], countries: dict[str, str | None]) -> str:
    """The first CAMEO type in an actor code after its country part ('' when none)."""
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    if chunks and chunks[0] in countries:
        chunks = chunks[1:]
    return next((chunk for chunk in chunks if chunk in types), "")


def actor_rows(data: Path, bad: Counter[str]) -> list[tuple[str, str, str, str, str]]:
    """(key, code, type, valid_from, valid_to) rows: the first entry naming a key wins."""
    types = frozenset(reference.actor_types()) | frozenset(EXTRA_TYPES)
    countries = reference.actor_country_codes()
    seen: set[str] = set()
    rows = []

    def country_of(code: str) -> str:
        return code[:3] if code[:3] in countries else code

    for name in ACTOR_FILES:
        for entry in read_entries(data / PETRARCH / name, bad):
            periods = timeline(entry.codes, country_of)
            if not periods:
                bad["entry without a code"] += 1
                continue
            for key in dict.fromkeys(name_key(n) for n in entry.names):
                if not key or key in seen:
                    bad["name listed twice (first kept)"] += key in seen
                    continue
                seen.add(key)
                for p in periods:
                    iso = [d.isoformat() if d else "" for d in (p.start, p.end)]
                    rows.append((key, p.code, actor_type(p.code, types, countries), *iso))
    return rows


def agent_rows(data: Path) -> list[tuple[str, str]]:
    """(key, type) of the generic agents (``POLICE [~COP]``), with their ``!MACRO!`` forms and plurals."""
    macros: dict[str, list[str]] = {}
    found: dict[str, str] = {}
    text = (data / PETRARCH / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if macro := re.match(r"^(!\w+!)\s*=\s*(.+)$", line):
            macros[macro.group(1)] = [word.strip() for word in macro.group(2).split(",")]
            continue
        agent = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]{3})[A-Z]*\]", line)
        if not agent:
            continue
        name, plural, kind = agent.groups()
        names = [name]
        for macro_name, words in macros.items():
            names = [n.replace(macro_name, w) for n in names for w in words] if macro_name in name else names
        forms = [*names, *([n + "S" for n in names] if plural is None else [])]
        forms += [p for p in (plural or "").strip("{}").split(",") if p.strip()]
        for form in forms:
            found.setdefault(name_key(form), kind)
    return sorted(found.items())


def label_rows(data: Path) -> list[tuple[str, str]]:
    """(label, code): ICEWS event texts and CAMEO names; a LABEL line beats a LABELi variant naming the same
    text with another code (the code list's LABELi '025x= Demand ...' lines are ICEWS's 105x codes). Codes
    GDELT's CAMEO table lacks (106, 1213, 1214) are kept: they are CAMEO's, and ICEWS uses them."""
    chosen: dict[str, tuple[bool, str, str]] = {}
    for line in (data / CODEFILE).read_text(encoding="utf-8").splitlines():
        match = _LABEL.match(line)
        if not match:
            continue
        code = _TYPOS.get(match.group(2), match.group(2).removesuffix("i"))
        if not code.isdigit():
            continue
        variant, label = bool(match.group(1)), match.group(3)
        key = label.lower()
        if key not in chosen or (chosen[key][0] and not variant):
            chosen[key] = (variant, code, label)
    return sorted((label, code) for _, code, label in chosen.values())


def _write(path: Path, header: str, rows: list[tuple[str, ...]]) -> None:
    text = header + "".join("\t".join(row) + "\n" for row in rows)
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode(), mtime=0))
    else:
        path.write_text(text, encoding="utf-8")
    sys.stdout.write(f"{path}: {len(rows)} rows\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "holosec" / "reference" / "data")
    args = parser.parse_args()
    source = "# Built by scripts/icews_reference.py from {}; see PROVENANCE.md.\n"
    bad: Counter[str] = Counter()
    _write(
        args.out / "phoenix_actors.tsv.gz",
        source.format(", ".join(ACTOR_FILES)) + "key\tcode\ttype\tvalid_from\tvalid_to\n",
        actor_rows(args.data, bad),
    )
    _write(
        args.out / "phoenix_agents.tsv.gz",
        source.format("Phoenix.agents.txt") + "key\ttype\n",
        agent_rows(args.data),
    )
    _write(
        args.out / "icews_event_labels.tsv",
        source.format("CAMEO_codefile.txt") + "label\tcode\n",
        label_rows(args.data),
    )
    for problem, count in sorted(bad.items()):
        sys.stdout.write(f"skipped: {problem}: {count}\n")


if __name__ == "__main__":
    main()
