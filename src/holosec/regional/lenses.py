"""The seven foreign-affairs lenses as data (``data/lenses.toml``, or a user file laid out like it): each
a named selection of the events between the perspective's home country and a set of countries, narrowed
by actor types, known groups, CAMEO event codes and security fields, with its own indicators per period.

Every country code, actor type, known group, event code and field is checked when a file is read; a bad
one is refused with the file, the lens and the value named.

>>> [lens.id for lens in load_lenses()][:3]
['neighbourhood', 'major-countries', 'developing']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from holosec import reference
from holosec.errors import InputError, ParameterError
from holosec.regional.files import read_toml
from holosec.taxonomy import load_taxonomy
from holosec.taxonomy.parse import FINEST

IDS = (
    "neighbourhood", "major-countries", "developing", "multilateral", "belt-and-road", "foreign-aid",
    "overseas-interests",
)  # fmt: skip
SYMBOLS = ("@neighbours", "@major_powers", "@interests")
DIRECTIONS = ("either", "from_home", "to_home")
_ID = re.compile(r"^[a-z0-9-]{1,40}$")
_KEYS = {
    "id", "name", "name_zh", "description", "description_zh", "countries", "direction", "actor_types",
    "known_groups", "event_codes", "themes",
}  # fmt: skip


@dataclass(frozen=True)
class Lens:
    """One lens: which events between the home country and ``countries`` it selects (see the data file)."""

    id: str
    name: str
    name_zh: str
    description: str
    countries: tuple[str, ...] = ()
    direction: str = "either"
    actor_types: tuple[str, ...] = ()
    known_groups: tuple[str, ...] = ()
    event_codes: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    description_zh: str = ""

    def label(self, lang: str = "en") -> str:
        """Its name in ``lang`` (en, zh).

        >>> find_lens("foreign-aid").label("zh")
        '对外援助'
        """
        return self.name_zh if lang == "zh" else self.name

    def about(self, lang: str = "en") -> str:
        """What it watches, in ``lang`` (en, zh): the Chinese description, else the English one."""
        return self.description_zh if lang == "zh" and self.description_zh else self.description

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in self.__dict__.items()}


class _Check:
    """Validates one lens entry of one file."""

    def __init__(self, where: str, lens: str) -> None:
        self.where, self.lens = where, lens

    def fail(self, what: str) -> InputError:
        return InputError(self.where, f"lens {self.lens!r}: {what}")

    def strings(self, entry: dict[str, Any], key: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key} must be a list of strings")
        return tuple(value)

    def country(self, code: str) -> str:
        if code in SYMBOLS:
            return code
        if code.startswith("@grouping:"):
            from holosec.regional.groupings import read_groupings

            if code.split(":", 1)[1].upper() not in read_groupings():
                raise self.fail(f"unknown grouping in {code!r}")
            return code
        if reference.country_name(code) is None:
            raise self.fail(
                f"unknown country code {code!r} (expected ISO3 such as CHN, or {', '.join(SYMBOLS)})"
            )
        return code

    def known(self, values: tuple[str, ...], table: dict[str, str], what: str) -> tuple[str, ...]:
        for value in values:
            if value not in table:
                raise self.fail(f"unknown {what} {value!r}")
        return values


def _lens(entry: object, where: str) -> Lens:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not _ID.match(entry["id"]):
        got = entry.get("id") if isinstance(entry, dict) else entry
        raise InputError(
            where, f"every [[lens]] needs an id of lower-case letters, digits and '-', not {got!r}"
        )
    check = _Check(where, entry["id"])
    if unknown := sorted(set(entry) - _KEYS):
        raise check.fail(f"unknown key {unknown[0]!r}")
    direction = entry.get("direction", "either")
    if direction not in DIRECTIONS:
        raise check.fail(f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}")
    fields = {f: f for f in load_taxonomy(FINEST).ids()}
    return Lens(
        id=entry["id"],
        name=str(entry.get("name", entry["id"])),
        name_zh=str(entry.get("name_zh", entry.get("name", entry["id"]))),
        description=str(entry.get("description", "")),
        countries=tuple(check.country(c) for c in check.strings(entry, "countries")),
        direction=direction,
        actor_types=check.known(check.strings(entry, "actor_types"), reference.actor_types(), "actor type"),
        known_groups=check.known(
            check.strings(entry, "known_groups"), reference.known_groups(), "known group"
        ),
        event_codes=check.known(
            check.strings(entry, "event_codes"), reference.event_codes(), "CAMEO event code"
        ),
        themes=check.known(check.strings(entry, "themes"), fields, "security field"),
        description_zh=str(entry.get("description_zh", "")),
    )


def load_lenses(path: Path | None = None) -> list[Lens]:
    """The lenses of ``path`` (laid out like the packaged file), or holosec's seven."""
    doc, where = read_toml(path, "lenses.toml")
    lenses = [_lens(entry, where) for entry in doc.get("lens", [])]
    if not lenses:
        raise InputError(where, "no [[lens]] entries")
    if len({lens.id for lens in lenses}) != len(lenses):
        raise InputError(where, "lens ids must be unique")
    return lenses


def find_lens(name: str, path: Path | None = None) -> Lens:
    """One lens by id; an :class:`InputError` names the choices."""
    lenses = load_lenses(path)
    for lens in lenses:
        if lens.id == name:
            return lens
    raise ParameterError("name", f"no lens {name!r}; choose from {', '.join(lens.id for lens in lenses)}")
