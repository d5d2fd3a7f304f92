"""Perspectives as data: a home country, its neighbours, the major powers and the groupings it shares
security with (``holosec/perspective/data``: one TOML file per perspective, and ``groupings.toml``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from holosec.errors import HolosecError, ParameterError

DEFAULT = "CHN"
_ISO3 = re.compile(r"^[A-Z]{3}$")
_KEYS = {
    "code", "name", "home", "also_home", "land_neighbours", "maritime_neighbours", "major_powers",
    "interests", "sources", "groupings",
}  # fmt: skip


class PerspectiveError(HolosecError):
    """A perspective file cannot be used; the message names the file and the problem.

    >>> str(PerspectiveError("x.toml", "no home"))
    'x.toml: no home'
    """

    def __init__(self, where: str | Path, reason: str) -> None:
        super().__init__(f"{where}: {reason}")


def home_of(code: str, home_set: Sequence[str]) -> str:
    """The country ``code`` counts as under ``home_set`` (a home country, then the places it counts as
    home, as :attr:`Perspective.home_set`): the home country for one of those places, else ``code``. An
    empty ``home_set`` leaves every code its own country.

    >>> home_of("TWN", ("CHN", "HKG", "MAC", "TWN")), home_of("TWN", ()), home_of("VNM", ("CHN", "TWN"))
    ('CHN', 'TWN', 'VNM')
    """
    return home_set[0] if code in home_set[1:] else code


@dataclass(frozen=True)
class Member:
    """A member of a grouping from ``since`` (and until ``until``, the day it left, when it has)."""

    code: str
    since: date
    until: date | None = None
    checked: bool = True


@dataclass(frozen=True)
class Grouping:
    """A grouping the home country shares security with: its members, the home country's ``role`` in it
    and the day that role began (``home_since``)."""

    id: str
    name: str
    role: str
    home_since: date
    members: tuple[Member, ...]

    def partners(self, on: date) -> list[str]:
        """The members on a day, when the home country was already in the grouping (else none).

        >>> sco = next(g for g in load_perspective("CHN").groupings if g.id == "SCO")
        >>> "IND" in sco.partners(date(2016, 1, 1)), "IND" in sco.partners(date(2018, 1, 1))
        (False, True)
        """
        if on < self.home_since:
            return []
        return [m.code for m in self.members if m.since <= on and (m.until is None or on < m.until)]


@dataclass(frozen=True)
class Perspective:
    """Whose security we look from.

    >>> p = load_perspective()
    >>> p.home, "RUS" in p.neighbours, sorted(g.id for g in p.groupings)
    ('CHN', True, ['ASEAN', 'BRICS', 'CICA', 'SCO'])
    """

    code: str
    name: str
    home: str
    also_home: tuple[str, ...]
    land_neighbours: tuple[str, ...]
    maritime_neighbours: tuple[str, ...]
    major_powers: tuple[str, ...]
    interests: tuple[str, ...]
    groupings: tuple[Grouping, ...]
    multilateral_types: tuple[str, ...]
    multilateral_groups: tuple[str, ...]
    sources: tuple[str, ...] = ()

    @property
    def home_set(self) -> tuple[str, ...]:
        """The home country and the places it counts as home."""
        return (self.home, *self.also_home)

    def home_of(self, code: str) -> str:
        """The country ``code`` counts as from this perspective: the home country for a place it counts as
        home, else ``code`` itself.

        >>> china = load_perspective("CHN")
        >>> china.home_of("TWN"), china.home_of("HKG"), china.home_of("VNM")
        ('CHN', 'CHN', 'VNM')
        >>> load_perspective("USA").home_of("TWN")
        'TWN'
        """
        return home_of(code, self.home_set)

    @property
    def neighbours(self) -> tuple[str, ...]:
        """Land and maritime neighbours, each once."""
        return tuple(dict.fromkeys((*self.land_neighbours, *self.maritime_neighbours)))


def data_path(name: str) -> Path:
    """A packaged perspective data file.

    >>> data_path("CHN.toml").is_file()
    True
    """
    return Path(str(files("holosec.perspective").joinpath("data", name)))


def packaged() -> list[str]:
    """The perspectives shipped with holosec.

    >>> packaged()
    ['CHN', 'DEU', 'IND', 'JPN', 'USA']
    """
    return sorted(p.stem for p in data_path("").iterdir() if _ISO3.match(p.stem) and p.suffix == ".toml")


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PerspectiveError(path, "no such file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PerspectiveError(path, f"cannot be read ({exc})") from None


def _codes(doc: dict[str, Any], key: str, where: str, *, required: bool = False) -> tuple[str, ...]:
    value = doc.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and _ISO3.match(v) for v in value):
        raise PerspectiveError(where, f"{key} must be a list of ISO3 codes like 'CHN'")
    if required and not value:
        raise PerspectiveError(where, f"no {key}")
    return tuple(value)


def _day(value: object, where: str, what: str) -> date:
    if isinstance(value, date):
        return value
    raise PerspectiveError(where, f"{what} must be a date like 2001-06-15")


def _member(entry: Any, where: str, grouping: str) -> Member:
    if not isinstance(entry, dict) or not _ISO3.match(str(entry.get("code", ""))):
        raise PerspectiveError(where, f"grouping {grouping}: a member needs an ISO3 code and a since date")
    until = entry.get("until")
    return Member(
        code=entry["code"],
        since=_day(entry.get("since"), where, f"grouping {grouping} member {entry['code']} since"),
        until=_day(until, where, f"grouping {grouping} member {entry['code']} until") if until else None,
        checked=bool(entry.get("checked", True)),
    )


@cache
def _groupings() -> tuple[dict[str, tuple[str, tuple[Member, ...]]], tuple[str, ...], tuple[str, ...]]:
    """The packaged groupings ({id: (name, members)}) and the multilateral actor types and known groups."""
    where = "holosec/perspective/data/groupings.toml"
    doc = _read(data_path("groupings.toml"))
    found = {
        g["id"]: (g.get("name", g["id"]), tuple(_member(m, where, g["id"]) for m in g.get("members", [])))
        for g in doc.get("groupings", [])
    }
    multilateral = doc.get("multilateral", {})
    return found, tuple(multilateral.get("actor_types", ())), tuple(multilateral.get("known_groups", ()))


def _grouping(entry: Any, where: str) -> Grouping:
    known, _, _ = _groupings()
    if not isinstance(entry, dict) or entry.get("id") not in known:
        names = ", ".join(sorted(known))
        raise PerspectiveError(where, f"grouping {entry!r} is not one of groupings.toml ({names})")
    name, members = known[entry["id"]]
    return Grouping(
        id=entry["id"],
        name=name,
        role=str(entry.get("role", "member")),
        home_since=_day(entry.get("home_since"), where, f"grouping {entry['id']} home_since"),
        members=members,
    )


def _named(code_or_path: str | Path) -> bool:
    """Whether ``code_or_path`` is a name (such as FRA) rather than a file, there being no such file."""
    path = Path(code_or_path)
    bare = isinstance(code_or_path, str) and path.name == code_or_path and not path.suffix
    return bare and not path.exists()


def load_perspective(code_or_path: str | Path = DEFAULT) -> Perspective:
    """A packaged perspective (``"CHN"``, ``"JPN"``, ``"IND"``, ``"USA"``, ``"DEU"``) or a TOML file laid
    out like them; a :class:`PerspectiveError` names the file and the problem, a
    :class:`~holosec.errors.ParameterError` a name that is neither (``"FRA"``).

    >>> load_perspective("IND").land_neighbours[:3]
    ('PAK', 'CHN', 'NPL')
    """
    if isinstance(code_or_path, str) and code_or_path in packaged():
        path, where = data_path(f"{code_or_path}.toml"), f"holosec/perspective/data/{code_or_path}.toml"
    elif _named(code_or_path):
        choices = f"give {', '.join(packaged())} or a perspective TOML file"
        raise ParameterError("perspective", f"unknown perspective {code_or_path!r} ({choices})")
    else:
        path, where = Path(code_or_path), str(code_or_path)
    doc = _read(path)
    unknown = set(doc) - _KEYS
    if unknown:
        raise PerspectiveError(where, f"unknown keys {', '.join(sorted(unknown))}")
    home = _codes(doc, "home", where, required=True)
    _, types, groups = _groupings()
    return Perspective(
        code=str(doc.get("code", home[0])),
        name=str(doc.get("name", home[0])),
        home=home[0],
        also_home=_codes(doc, "also_home", where),
        land_neighbours=_codes(doc, "land_neighbours", where),
        maritime_neighbours=_codes(doc, "maritime_neighbours", where),
        major_powers=_codes(doc, "major_powers", where),
        interests=_codes(doc, "interests", where),
        groupings=tuple(_grouping(entry, where) for entry in doc.get("groupings", [])),
        multilateral_types=types,
        multilateral_groups=groups,
        sources=tuple(doc.get("sources", ())),
    )
