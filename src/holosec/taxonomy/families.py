"""Interwoven-threat families (terrorism, separatism, extremism, hotspots, ethnic and religious conflict) and
the flashpoints behind "hotspots": named tags that cut across the security fields, kept as data in
``holosec/taxonomy/data/families.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from holosec.errors import TaxonomyError
from holosec.taxonomy.parse import (
    FINEST,
    check_keys,
    check_unique,
    entry_id,
    read_toml,
    required_text,
    text_list,
)
from holosec.taxonomy.versions import data_path, load_taxonomy

Box = tuple[float, float, float, float]
_ISO3 = re.compile(r"^[A-Z]{3}$")
_TOP_KEYS = {"as_of", "sources", "families", "flashpoints"}
_FAMILY_KEYS = {"id", "name_en", "name_zh", "definition", "cuts_across"}
_FLASHPOINT_KEYS = {"id", "name_en", "name_zh", "countries", "boxes", "note"}


@dataclass(frozen=True)
class Family:
    """A named threat family that cuts across fields; ``cuts_across`` lists the v2023 fields it most touches.

    >>> load_families()[0].name_zh
    '恐怖主义'
    """

    id: str
    name_en: str
    name_zh: str
    definition: str
    cuts_across: tuple[str, ...]


@dataclass(frozen=True)
class Flashpoint:
    """A named place of recurrent tension: the data behind the ``hotspots`` family.

    >>> strait = next(f for f in load_flashpoints() if f.id == "taiwan_strait")
    >>> strait.covers("CHN", 24.5, 118.1), strait.covers("CHN", 39.9, 116.4), strait.covers("CHN", None, None)
    (True, False, False)
    """

    id: str
    name_en: str
    name_zh: str
    countries: tuple[str, ...]
    boxes: tuple[Box, ...]
    note: str

    def covers(self, country: str | None, lat: float | None, lon: float | None) -> bool:
        """Whether an event located in ``country`` (ISO3) at ``lat``/``lon`` lies in this flashpoint.

        The country must be one of ``countries``; where the flashpoint has ``boxes``, the point must also lie
        in one of them (an event without coordinates then does not).
        """
        if country not in self.countries:
            return False
        if not self.boxes:
            return True
        if lat is None or lon is None:
            return False
        return any(w <= lon <= e and s <= lat <= n for w, s, e, n in self.boxes)


def load_families(path: str | Path | None = None) -> tuple[Family, ...]:
    """The threat families in ``path`` (a TOML file laid out like the packaged one), or holosec's.

    >>> [f.id for f in load_families()]
    ['terrorism', 'separatism', 'extremism', 'hotspots', 'ethnic_religious']
    """
    doc, where = _document(path)
    raw = _tables(doc, "families", where)
    finest = load_taxonomy(FINEST).ids()
    families = [_family(entry, where, number, finest) for number, entry in enumerate(raw, start=1)]
    check_unique([f.id for f in families], where, "family")
    return tuple(families)


def load_flashpoints(path: str | Path | None = None) -> tuple[Flashpoint, ...]:
    """The flashpoints in ``path`` (a TOML file laid out like the packaged one), or holosec's.

    >>> next(f for f in load_flashpoints() if f.id == "kashmir").countries
    ('IND', 'PAK')
    """
    doc, where = _document(path)
    raw = _tables(doc, "flashpoints", where)
    points = [_flashpoint(entry, where, number) for number, entry in enumerate(raw, start=1)]
    check_unique([p.id for p in points], where, "flashpoint")
    return tuple(points)


def families_json(families: Sequence[Family] | None = None) -> list[dict[str, Any]]:
    """The families as JSON-ready objects: id, name_en, name_zh, definition, cuts_across.

    >>> families_json()[3]["id"], families_json()[3]["name_zh"]
    ('hotspots', '热点问题')
    """
    return [
        {
            "id": f.id,
            "name_en": f.name_en,
            "name_zh": f.name_zh,
            "definition": f.definition,
            "cuts_across": list(f.cuts_across),
        }
        for f in (load_families() if families is None else families)
    ]


def flashpoints_json(points: Sequence[Flashpoint] | None = None) -> list[dict[str, Any]]:
    """The flashpoints as JSON-ready objects: id, name_en, name_zh, countries, boxes, note.

    >>> flashpoints_json()[0]["countries"]
    ['PRK', 'KOR']
    """
    return [
        {
            "id": p.id,
            "name_en": p.name_en,
            "name_zh": p.name_zh,
            "countries": list(p.countries),
            "boxes": [list(box) for box in p.boxes],
            "note": p.note,
        }
        for p in (load_flashpoints() if points is None else points)
    ]


def _document(path: str | Path | None) -> tuple[dict[str, Any], str]:
    if path is None:
        where = "holosec/taxonomy/data/families.toml"
        doc = read_toml(data_path("families.toml"), where)
    else:
        where = str(path)
        doc = read_toml(Path(path))
    check_keys(doc, _TOP_KEYS, where, "the file")
    return doc, where


def _tables(doc: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    raw = doc.get(key)
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        raise TaxonomyError(where, f"no {key}: give each as a [[{key}]] table")
    return raw


def _family(entry: Mapping[str, Any], where: str, number: int, finest: Sequence[str]) -> Family:
    family_id = entry_id(entry, where, "family", number)
    label = f"family {family_id!r}"
    check_keys(entry, _FAMILY_KEYS, where, label)
    name_en, name_zh, definition = (
        required_text(entry, k, where, label) for k in ("name_en", "name_zh", "definition")
    )
    fields = text_list(entry.get("cuts_across", []), where, f"{label} cuts_across")
    for field_id in fields:
        if field_id not in finest:
            raise TaxonomyError(where, f"{label} cuts across {field_id!r}, which is not a {FINEST} field")
    return Family(family_id, name_en, name_zh, definition, tuple(fields))


def _flashpoint(entry: Mapping[str, Any], where: str, number: int) -> Flashpoint:
    point_id = entry_id(entry, where, "flashpoint", number)
    label = f"flashpoint {point_id!r}"
    check_keys(entry, _FLASHPOINT_KEYS, where, label)
    name_en, name_zh = (required_text(entry, key, where, label) for key in ("name_en", "name_zh"))
    countries = text_list(entry.get("countries"), where, f"{label} countries")
    if not countries or not all(_ISO3.match(c) for c in countries):
        raise TaxonomyError(where, f"{label} countries must be a non-empty list of ISO3 codes like 'CHN'")
    boxes = tuple(_box(box, where, label) for box in entry.get("boxes", []))
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise TaxonomyError(where, f"{label} note must be text")
    return Flashpoint(point_id, name_en, name_zh, tuple(countries), boxes, note)


def _box(value: object, where: str, label: str) -> Box:
    if (
        isinstance(value, list)
        and len(value) == 4
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        west, south, east, north = (float(v) for v in value)
        if -180 <= west < east <= 180 and -90 <= south < north <= 90:
            return west, south, east, north
    raise TaxonomyError(where, f"{label} box {value!r} is not [min_lon, min_lat, max_lon, max_lat]")
