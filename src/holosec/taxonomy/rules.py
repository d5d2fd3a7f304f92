"""The crosswalk rules as data: every rule file in ``holosec/taxonomy/data/rules`` and the places file,
read into small records and checked (unique ids, known fields and families, weights from 0 to 1).

Each rule row gives one field (a ``v2023`` id) or one interwoven-threat family (``family:terrorism`` ...)
a weight when an observation carries its key:

- ``cameo.tsv``: a CAMEO code prefix (``19``, ``163``, ``1831``), matched to ``event_code`` (else
  ``root_code``);
- ``actor_types.tsv``: an actor type, known group, religion or ethnic code, matched to the actor columns;
- ``plover.tsv``: a PLOVER event type, mode or context (``plover_type``, ``plover_mode``, ``plover_context``);
- ``acled.tsv``: an ACLED ``event_type: sub_event_type``, matched to ``event_label``;
- ``gkg_themes.tsv``: a GKG theme, or a theme prefix ending in ``*``, matched to ``articles.themes``;
- ``phoenix_issues.tsv``: a Phoenix issue tag, matched to ``articles.themes`` as an exact name;
- ``places.tsv``: a FIPS country or ADM1 code, a feature name or a box, matched to the event's place.

>>> rules = load_rules()
>>> [(r.id, r.field, r.weight) for r in rules if r.kind == "cameo" and r.key == "163"]
[('cameo.163.economic', 'economic', 1.0), ('cameo.163.political', 'political', 0.5)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from holosec.errors import TaxonomyError
from holosec.taxonomy import load_families, load_taxonomy
from holosec.taxonomy.parse import FINEST

NO_FIELD = "none"
FAMILY = "family:"
RULES_DIR = "rules"
PLACES_FILE = "places.tsv"
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_*-]+)+$")
_CAMEO = re.compile(r"^[0-9]{2,4}$")
_THEME = re.compile(r"^[A-Z0-9_]+\*?$")
_PLACE_KINDS = ("fips", "admin1", "feature", "box")


@dataclass(frozen=True)
class Rule:
    """One crosswalk row: observations of ``kind`` with ``key`` give ``field`` the ``weight``.

    ``quad`` (CAMEO quad classes) restricts the rule to events of those classes when not empty; a
    ``fallback`` rule counts only when no other field rule matched the record.
    """

    id: str
    kind: str
    key: str
    field: str
    weight: float
    note: str
    source: str
    quad: tuple[int, ...] = ()
    fallback: bool = False

    @property
    def is_family(self) -> bool:
        """Whether the rule tags an interwoven-threat family rather than a security field."""
        return self.field.startswith(FAMILY)


@dataclass(frozen=True)
class Place:
    """A place rule: events located by ``kind`` (``fips``, ``admin1``, ``feature``, ``box``) get ``field``.

    ``box`` is (south, north, west, east) in degrees; ``point`` keeps a box to events placed at a city or
    landmark.
    """

    id: str
    area: str
    kind: str
    code: str
    box: tuple[float, float, float, float] | None
    point: bool
    field: str
    weight: float
    note: str


Row = dict[str, str]


def data_dir() -> Path:
    """The folder of the packaged rule files.

    >>> (data_dir() / "rules" / "cameo.tsv").is_file()
    True
    """
    return Path(str(files("holosec.taxonomy").joinpath("data")))


def read_tsv(path: Path) -> Iterator[tuple[int, Row]]:
    """The rows of a rule file as (line number, {column: value}); ``#`` lines are comments."""
    header: list[str] | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise TaxonomyError(
                f"{path.name}:{number}", f"{len(cells)} columns, the header has {len(header)}"
            )
        yield number, dict(zip(header, cells, strict=True))


def _weight(text: str, where: str) -> float:
    try:
        weight = float(text)
    except ValueError:
        raise TaxonomyError(where, f"weight {text!r} is not a number") from None
    if not 0 <= weight <= 1:
        raise TaxonomyError(where, f"weight {weight} is not between 0 and 1")
    return weight


def _quad(text: str, where: str) -> tuple[int, ...]:
    if not text:
        return ()
    if not re.fullmatch(r"[1-4](,[1-4])*", text):
        raise TaxonomyError(where, f"quad {text!r} is not a list of quad classes 1-4 like '3,4'")
    return tuple(int(q) for q in text.split(","))


def _flag(text: str, where: str) -> bool:
    if text not in ("", "yes"):
        raise TaxonomyError(where, f"fallback {text!r} is not 'yes' or empty")
    return text == "yes"


def _cameo(row: Row, where: str) -> tuple[str, str]:
    if not _CAMEO.match(row["prefix"]):
        raise TaxonomyError(where, f"CAMEO prefix {row['prefix']!r} is not 2-4 digits")
    return "cameo", row["prefix"]


def _actor(row: Row, where: str) -> tuple[str, str]:
    attribute, code = row["attribute"], row["code"].upper()
    if attribute not in ("type", "known_group", "religion", "ethnic"):
        raise TaxonomyError(where, f"attribute {attribute!r} is not type, known_group, religion or ethnic")
    return attribute, code


def plover_key(value: str) -> str:
    """How PLOVER values are compared: lower case, spaces and hyphens as in the codebook's ids.

    >>> plover_key("Political Institutions"), plover_key("suicide-attack")
    ('political_institutions', 'suicide-attack')
    """
    return value.strip().lower().replace(" ", "_")


def _plover(row: Row, where: str) -> tuple[str, str]:
    if row["attribute"] not in ("type", "mode", "context"):
        raise TaxonomyError(where, f"attribute {row['attribute']!r} is not type, mode or context")
    return f"plover_{row['attribute']}", plover_key(row["value"])


def acled_key(event_type: str, sub_event_type: str) -> str:
    """How ACLED labels are compared: ``event_type: sub_event_type`` in lower case.

    >>> acled_key("Battles", "Armed clash")
    'battles: armed clash'
    """
    return f"{event_type.strip().lower()}: {sub_event_type.strip().lower()}"


def _acled(row: Row, where: str) -> tuple[str, str]:
    return "acled", acled_key(row["event_type"], row["sub_event_type"])


def _theme(row: Row, where: str) -> tuple[str, str]:
    if not _THEME.match(row["theme"]):
        raise TaxonomyError(where, f"theme {row['theme']!r} is not a GKG theme (or a prefix ending in *)")
    return "theme", row["theme"]


def _issue(row: Row, where: str) -> tuple[str, str]:
    if not _THEME.match(row["issue"]) or row["issue"].endswith("*"):
        raise TaxonomyError(where, f"issue {row['issue']!r} is not a Phoenix issue tag")
    return "issue", row["issue"]


# Each rule file and how its row names the kind and key of the observation it matches.
RULE_FILES: dict[str, Callable[[Row, str], tuple[str, str]]] = {
    "cameo.tsv": _cameo,
    "actor_types.tsv": _actor,
    "plover.tsv": _plover,
    "acled.tsv": _acled,
    "gkg_themes.tsv": _theme,
    "phoenix_issues.tsv": _issue,
}


@cache
def targets() -> frozenset[str]:
    """Every tag a rule may give: the ``v2023`` field ids, ``family:<id>`` for each family, and ``none``.

    >>> sorted(t for t in targets() if t.startswith("family:"))[:2]
    ['family:ethnic_religious', 'family:extremism']
    """
    fields = load_taxonomy(FINEST).ids()
    families = [FAMILY + family.id for family in load_families()]
    return frozenset([*fields, *families, NO_FIELD])


def _target(field: str, weight: float, where: str) -> str:
    if field not in targets():
        raise TaxonomyError(where, f"{field!r} is not a {FINEST} field, a family:<id> or {NO_FIELD}")
    if (field == NO_FIELD) != (weight == 0):
        raise TaxonomyError(where, f"weight 0 goes with field {NO_FIELD} (and only there)")
    return field


def _rules_of(path: Path, key_of: Callable[[Row, str], tuple[str, str]]) -> Iterator[Rule]:
    for number, row in read_tsv(path):
        where = f"{path.name}:{number}"
        weight = _weight(row["weight"], where)
        kind, key = key_of(row, where)
        yield Rule(
            id=row["id"],
            kind=kind,
            key=key,
            field=_target(row["field"], weight, where),
            weight=weight,
            note=row.get("note", ""),
            source=path.name,
            quad=_quad(row.get("quad", ""), where),
            fallback=_flag(row.get("fallback", ""), where),
        )


def _check_ids(ids: Sequence[tuple[str, str]]) -> None:
    seen: dict[str, str] = {}
    for rule_id, source in ids:
        if not _ID.match(rule_id):
            raise TaxonomyError(source, f"rule id {rule_id!r} is not like 'cameo.190.military'")
        if rule_id in seen:
            raise TaxonomyError(source, f"rule id {rule_id!r} is also used in {seen[rule_id]}")
        seen[rule_id] = source


@cache
def load_rules(folder: Path | None = None) -> tuple[Rule, ...]:
    """Every rule of the rule files in ``folder`` (default: holosec's), checked.

    >>> any(r.id == "gkg.CYBER_ATTACK.cyber" for r in load_rules())
    True
    """
    folder = folder or data_dir() / RULES_DIR
    rules = [rule for name, key_of in RULE_FILES.items() for rule in _rules_of(folder / name, key_of)]
    places = load_places()
    _check_ids([(r.id, r.source) for r in rules] + [(p.id, PLACES_FILE) for p in places])
    return tuple(rules)


def _box(row: Row, where: str) -> tuple[float, float, float, float]:
    try:
        south, north, west, east = (float(row[k]) for k in ("south", "north", "west", "east"))
    except ValueError:
        raise TaxonomyError(where, "a box needs numbers for south, north, west and east") from None
    if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
        raise TaxonomyError(where, f"box {south}, {north}, {west}, {east} is not south < north, west < east")
    return south, north, west, east


def _place(row: Row, where: str) -> Place:
    kind = row["kind"]
    if kind not in _PLACE_KINDS:
        raise TaxonomyError(where, f"kind {kind!r} is not one of {', '.join(_PLACE_KINDS)}")
    box = _box(row, where) if kind == "box" else None
    if kind != "box" and not row["code"]:
        raise TaxonomyError(where, f"a {kind} place needs a code")
    weight = _weight(row["weight"], where)
    return Place(
        id=row["id"],
        area=row["area"],
        kind=kind,
        code=row["code"].lower() if kind == "feature" else row["code"].upper(),
        box=box,
        point=row["point"] == "yes",
        field=_target(row["field"], weight, where),
        weight=weight,
        note=row["source"],
    )


@cache
def load_places(path: Path | None = None) -> tuple[Place, ...]:
    """The place rules of ``places.tsv`` (default: holosec's).

    >>> [p.code for p in load_places() if p.id == "place.spratly.fips"]
    ['PG']
    """
    path = path or data_dir() / PLACES_FILE
    return tuple(_place(row, f"{path.name}:{number}") for number, row in read_tsv(path))
