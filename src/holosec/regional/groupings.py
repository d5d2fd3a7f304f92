# ruff: noqa: RUF002
"""Groupings as data: the members of CICA, SCO, ASEAN and the other groupings holosec ships (the file the
perspectives use, ``holosec/perspective/data/groupings.toml``), or of groupings a user writes in a file
laid out the same way. Built-in and user groupings go through one parser, so they behave alike.

>>> cica = load_grouping("CICA")
>>> len(cica.members_on(date(2015, 1, 1))), "LKA" in cica.members_on(date(2015, 1, 1))
(26, False)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from holosec import reference
from holosec.errors import InputError, ParameterError
from holosec.perspective.model import Member, data_path

DEFAULT = "CICA"
BUILT_IN = "holosec/perspective/data/groupings.toml"
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


@dataclass(frozen=True)
class Grouping:
    """A grouping's id, name, members with their dates, the file it came from, and its name and short
    name in Chinese (empty when the file gives none)."""

    id: str
    name: str
    members: tuple[Member, ...]
    where: str = BUILT_IN
    name_zh: str = ""
    short_zh: str = ""

    def label(self, lang: str = "en") -> str:
        """Its full name in ``lang`` (en, zh): the Chinese name when there is one, else the English.

        >>> load_grouping("CICA").label("zh"), load_grouping("SCO").label("en")
        ('亚洲相互协作与信任措施会议（亚信）', 'Shanghai Cooperation Organisation')
        """
        return self.name_zh if lang == "zh" and self.name_zh else self.name

    def short(self, lang: str = "en") -> str:
        """Its short name in ``lang``: the Chinese short name (else full name) in Chinese, the id otherwise.

        >>> load_grouping("ASEAN").short("zh"), load_grouping("ASEAN").short("en")
        ('东盟', 'ASEAN')
        """
        if lang == "zh":
            return self.short_zh or self.name_zh or self.id
        return self.id

    def members_on(self, day: date) -> list[str]:
        """ISO3 codes of the members on ``day``, sorted.

        >>> load_grouping("SCO").members_on(date(2016, 1, 1))
        ['CHN', 'KAZ', 'KGZ', 'RUS', 'TJK', 'UZB']
        """
        return sorted(m.code for m in self.members if m.since <= day and (m.until is None or day < m.until))

    def ever(self) -> list[str]:
        """Every country that has been a member, sorted."""
        return sorted({m.code for m in self.members})


def _read(path: Path, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(where, f"cannot be read ({exc})") from None


def _day(value: object, where: str, what: str) -> date:
    if isinstance(value, date):
        return value
    raise InputError(where, f"{what} must be a date like 2001-06-15, not {value!r}")


def _member(entry: object, where: str, grouping: str) -> Member:
    if not isinstance(entry, dict):
        raise InputError(where, f"grouping {grouping}: a member must be a table like {{ code = 'CHN', ... }}")
    code = str(entry.get("code", ""))
    if reference.country_name(code) is None:
        raise InputError(where, f"grouping {grouping}: {code!r} is not an ISO3 country code")
    until = entry.get("until")
    return Member(
        code=code,
        since=_day(entry.get("since"), where, f"grouping {grouping} member {code} since"),
        until=_day(until, where, f"grouping {grouping} member {code} until") if until else None,
        checked=bool(entry.get("checked", True)),
    )


def read_groupings(path: Path | None = None) -> dict[str, Grouping]:
    """The groupings of a file laid out like holosec's ``groupings.toml`` (default: that file), by id.

    >>> sorted(read_groupings())[:3]
    ['ASEAN', 'BRICS', 'CICA']
    """
    where = str(path) if path else BUILT_IN
    doc = _read(path or data_path("groupings.toml"), where)
    found: dict[str, Grouping] = {}
    for entry in doc.get("groupings", []):
        gid = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(gid, str) or not _ID.match(gid):
            raise InputError(
                where, f"every [[groupings]] entry needs an id of letters and digits, not {gid!r}"
            )
        members = tuple(_member(m, where, gid) for m in entry.get("members", []))
        if len(members) < 2:
            raise InputError(where, f"grouping {gid}: needs at least two members")
        found[gid.upper()] = Grouping(
            gid,
            str(entry.get("name", gid)),
            members,
            where,
            name_zh=str(entry.get("name_zh", "")),
            short_zh=str(entry.get("short_zh", "")),
        )
    if not found:
        raise InputError(where, "no [[groupings]] entries")
    return found


def load_grouping(name: str = DEFAULT, path: Path | None = None) -> Grouping:
    """A grouping by id (any case): from the file ``path`` when given (its groupings come first), else
    holosec's built-in ones; an :class:`InputError` names the choices when there is no such grouping."""
    known = read_groupings()
    if path is not None:
        known = {**known, **read_groupings(path)}
    found = known.get(name.upper())
    if found is None:
        raise ParameterError("grouping", f"no grouping {name!r}; choose from {', '.join(sorted(known))}")
    return found
