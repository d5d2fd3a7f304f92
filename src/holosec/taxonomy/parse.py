"""Reading and checking a taxonomy document: every problem is one line naming the file and the field."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from holosec.errors import TaxonomyError
from holosec.taxonomy.model import Direction, Field, Link, Taxonomy

FINEST = "v2023"
TOLERANCE = 1e-6
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"version", "title", "sources", "fields", "from_v2023", "to_v2023"}
_FIELD_KEYS = {"id", "name_en", "name_zh", "definition", "traditional", "versions"}
_TEXT_KEYS = ("name_en", "name_zh", "definition")
_LINK_KEYS = {"version", "field", "to", "why"}
_DIRECTIONS: tuple[Direction, ...] = ("from_v2023", "to_v2023")


def read_toml(path: Path, where: str | Path | None = None) -> dict[str, Any]:
    """The TOML document at ``path``; a :class:`TaxonomyError` if it cannot be read or parsed."""
    where = where or path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(where, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(where, f"cannot be read ({exc})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(where, f"not valid TOML ({exc})") from None


def parse_taxonomy(
    doc: Mapping[str, Any],
    where: str,
    *,
    v2023_ids: Sequence[str] | None,
    reserved: Sequence[str] = (),
    extra_links: Sequence[tuple[Direction, str, Mapping[str, Any]]] = (),
) -> Taxonomy:
    """Check a taxonomy document and build it, with complete maps to and from ``v2023``.

    ``v2023_ids`` are the finest fields (``None`` when ``doc`` is ``v2023`` itself); ``reserved`` are version
    names a user file may not take; ``extra_links`` are ``(direction, where, entry)`` rows from the version
    map file.
    """
    check_keys(doc, _TOP_KEYS, where, "the file")
    version = _version(doc, where, reserved)
    fields = _fields(doc, where, version)
    ids = [f.id for f in fields]
    finest = list(v2023_ids) if v2023_ids is not None else ids
    rows = [(d, where, entry) for d in _DIRECTIONS for entry in _entries(doc, d, where)]
    links = _links([*rows, *extra_links], version, ids, finest)
    down = _complete_from(links, ids, finest, where, version)
    up = _complete_to(links, ids, finest, down)
    return Taxonomy(
        version=version,
        fields=tuple(fields),
        title=_optional_text(doc, "title", where),
        sources=tuple(text_list(doc.get("sources", []), where, "sources")),
        links=tuple(links),
        from_v2023=down,
        to_v2023=up,
    )


def _entries(doc: Mapping[str, Any], direction: str, where: str) -> list[Mapping[str, Any]]:
    entries = doc.get(direction, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise TaxonomyError(where, f"{direction} must be an array of tables ([[{direction}]])")
    return entries


def _version(doc: Mapping[str, Any], where: str, reserved: Sequence[str]) -> str:
    version = doc.get("version")
    if not isinstance(version, str) or not version.strip():
        raise TaxonomyError(where, 'no version: give the taxonomy a name, e.g. version = "mine"')
    if version in reserved:
        raise TaxonomyError(where, f"version {version!r} is a packaged taxonomy; give yours another name")
    return version


def _fields(doc: Mapping[str, Any], where: str, version: str) -> list[Field]:
    raw = doc.get("fields")
    if not isinstance(raw, list) or not raw or not all(isinstance(f, dict) for f in raw):
        raise TaxonomyError(where, "no fields: give each field as a [[fields]] table")
    fields = [_field(entry, where, number, version) for number, entry in enumerate(raw, start=1)]
    check_unique([f.id for f in fields], where, "field")
    return fields


def _field(entry: Mapping[str, Any], where: str, number: int, version: str) -> Field:
    field_id = entry_id(entry, where, "field", number)
    label = f"field {field_id!r}"
    check_keys(entry, _FIELD_KEYS, where, label)
    name_en, name_zh, definition = (required_text(entry, k, where, label) for k in _TEXT_KEYS)
    traditional = entry.get("traditional")
    if not isinstance(traditional, bool):
        raise TaxonomyError(where, f"{label} has no traditional = true or false")
    versions = text_list(entry.get("versions", [version]), where, f"{label} versions")
    if version not in versions:
        raise TaxonomyError(where, f"{label} versions {versions} do not include this file's {version!r}")
    return Field(field_id, name_en, name_zh, definition, traditional, tuple(versions))


def _link(
    direction: Direction,
    entry: Mapping[str, Any],
    where: str,
    version: str,
    ids: Sequence[str],
    finest: Sequence[str],
) -> Link:
    sources, targets = (finest, ids) if direction == "from_v2023" else (ids, finest)
    source_version, target_version = (FINEST, version) if direction == "from_v2023" else (version, FINEST)
    source = entry.get("field")
    label = f"[[{direction}]] {source!r}"
    if not isinstance(source, str) or source not in sources:
        raise TaxonomyError(where, f"[[{direction}]] names {source!r}, which is not a {source_version} field")
    check_keys(entry, _LINK_KEYS, where, label)
    if entry.get("version", version) != version:
        raise TaxonomyError(where, f"{label} is for version {entry['version']!r}, not {version!r}")
    weights = entry.get("to")
    if not isinstance(weights, dict) or not weights:
        raise TaxonomyError(where, f"{label} maps to nothing (its 'to' table is empty or missing)")
    for target, weight in weights.items():
        if target not in targets:
            raise TaxonomyError(where, f"{label} maps to {target!r}, which is not a {target_version} field")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
            raise TaxonomyError(where, f"{label} weight for {target!r} must be a number above 0")
    total = sum(weights.values())
    if abs(total - 1) > TOLERANCE:
        raise TaxonomyError(where, f"{label} weights sum to {total:g}, not 1")
    why = entry.get("why", "")
    if not isinstance(why, str):
        raise TaxonomyError(where, f"{label} why must be text")
    ordered = tuple((t, float(weights[t])) for t in targets if t in weights)
    return Link(direction, source, ordered, why)


def _links(
    rows: Sequence[tuple[Direction, str, Mapping[str, Any]]],
    version: str,
    ids: Sequence[str],
    finest: Sequence[str],
) -> list[Link]:
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()
    for direction, where, entry in rows:
        link = _link(direction, entry, where, version, ids, finest)
        if (direction, link.source) in seen:
            raise TaxonomyError(where, f"[[{direction}]] {link.source!r} is given twice for {version!r}")
        seen.add((direction, link.source))
        links.append(link)
    return links


def _complete_from(
    links: Sequence[Link], ids: Sequence[str], finest: Sequence[str], where: str, version: str
) -> dict[str, dict[str, float]]:
    explicit = {link.source: link.targets() for link in links if link.direction == "from_v2023"}
    down: dict[str, dict[str, float]] = {}
    for source in finest:
        if source in explicit:
            down[source] = explicit[source]
        elif source in ids:
            down[source] = {source: 1.0}
        else:
            raise TaxonomyError(
                where,
                f"{FINEST} field {source!r} maps to nothing in {version!r}: no field has that id and no "
                f"[[from_v2023]] entry gives its weights",
            )
    reached = {target for weights in down.values() for target in weights}
    for field_id in ids:
        if field_id not in reached:
            raise TaxonomyError(
                where,
                f"field {field_id!r} receives nothing from {FINEST}: name it in a [[from_v2023]] 'to' table",
            )
    return down


def _complete_to(
    links: Sequence[Link], ids: Sequence[str], finest: Sequence[str], down: Mapping[str, Mapping[str, float]]
) -> dict[str, dict[str, float]]:
    explicit = {link.source: link.targets() for link in links if link.direction == "to_v2023"}
    up: dict[str, dict[str, float]] = {}
    for field_id in ids:
        if field_id in explicit:
            up[field_id] = explicit[field_id]
        elif field_id in finest:
            up[field_id] = {field_id: 1.0}
        else:  # back in proportion to what flows in from v2023
            inflow = {source: down[source][field_id] for source in finest if field_id in down[source]}
            total = sum(inflow.values())
            up[field_id] = {source: weight / total for source, weight in inflow.items()}
    return up


def entry_id(entry: Mapping[str, Any], where: str, kind: str, number: int) -> str:
    """The ``id`` of the ``number``-th ``kind`` entry, checked: lower-case letters, digits, underscores."""
    value = entry.get("id")
    if not isinstance(value, str) or not value:
        raise TaxonomyError(where, f"{kind} #{number} has no id")
    if not _ID.match(value):
        raise TaxonomyError(where, f"{kind} id {value!r} must be lower-case letters, digits and underscores")
    return value


def check_unique(ids: Sequence[str], where: str, kind: str) -> None:
    """A :class:`TaxonomyError` naming the first id given twice."""
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise TaxonomyError(where, f"{kind} {value!r} is defined twice")
        seen.add(value)


def check_keys(entry: Mapping[str, Any], allowed: set[str], where: str, label: str) -> None:
    """A :class:`TaxonomyError` if ``entry`` has a key outside ``allowed`` (a typo, most often)."""
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise TaxonomyError(where, f"{label} has an unknown key {unknown[0]!r}")


def required_text(entry: Mapping[str, Any], key: str, where: str, label: str) -> str:
    """The non-blank text at ``entry[key]``; a :class:`TaxonomyError` naming ``label`` if there is none."""
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(where, f"{label} has no {key}")
    return value.strip()


def _optional_text(doc: Mapping[str, Any], key: str, where: str) -> str:
    value = doc.get(key, "")
    if not isinstance(value, str):
        raise TaxonomyError(where, f"{key} must be text")
    return value.strip()


def text_list(value: object, where: str, label: str) -> list[str]:
    """``value`` as a list of strings; a :class:`TaxonomyError` naming ``label`` if it is not one."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TaxonomyError(where, f"{label} must be a list of strings")
    return list(value)
