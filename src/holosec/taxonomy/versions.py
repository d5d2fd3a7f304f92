"""Taxonomy versions: the packaged ``v2014`` (default), ``v2020`` and ``v2023``, and users' own files.

Each packaged version is a TOML file in ``holosec/taxonomy/data``; how each maps to and from ``v2023`` (the
finest version, which the crosswalk rules target) is in ``data/version_map.toml``. A user file has the same
layout and carries its own ``[[from_v2023]]`` (and optionally ``[[to_v2023]]``) rows: see
``docs/taxonomy.md``.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from holosec.errors import ParameterError, TaxonomyError
from holosec.taxonomy.model import Direction, Taxonomy
from holosec.taxonomy.parse import FINEST, parse_taxonomy, read_toml

PACKAGED: tuple[str, ...] = ("v2014", "v2020", "v2023")
DEFAULT = "v2014"
_DIRECTIONS: tuple[Direction, ...] = ("from_v2023", "to_v2023")


def data_path(name: str) -> Path:
    """The path of a packaged taxonomy data file.

    >>> data_path("v2014.toml").name
    'v2014.toml'
    """
    return Path(str(files("holosec.taxonomy").joinpath("data").joinpath(name)))


def load_taxonomy(name_or_path: str | Path = DEFAULT) -> Taxonomy:
    """A packaged taxonomy version (``"v2014"``, ``"v2020"``, ``"v2023"``) or a user's TOML file.

    A file that cannot be used raises :class:`holosec.errors.TaxonomyError`, one line naming the file and
    the problem (unknown field id, missing name, a mapping to nothing, duplicate ids ...); a name that is
    neither a version nor a file, a :class:`holosec.errors.ParameterError` naming ``taxonomy``.

    >>> [len(load_taxonomy(v).fields) for v in ("v2014", "v2020", "v2023")]
    [11, 16, 20]
    >>> load_taxonomy().version
    'v2014'
    """
    if isinstance(name_or_path, str) and name_or_path in PACKAGED:
        return _packaged(name_or_path)
    path = Path(name_or_path)
    if not path.is_file():
        choices = f"give {', '.join(PACKAGED)} or a TOML file"
        if isinstance(name_or_path, str) and path.name == name_or_path and not path.suffix:
            raise ParameterError("taxonomy", f"unknown taxonomy version {name_or_path!r} ({choices})")
        raise TaxonomyError(name_or_path, f"no such taxonomy file ({choices})")
    doc = read_toml(path)
    return parse_taxonomy(doc, str(path), v2023_ids=_packaged(FINEST).ids(), reserved=PACKAGED)


def resolve(taxonomy: str | Path | Taxonomy) -> Taxonomy:
    """``taxonomy`` itself, or the taxonomy it names.

    >>> resolve("v2020").version
    'v2020'
    """
    return taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)


def fields_json(taxonomy: str | Path | Taxonomy = DEFAULT) -> list[dict[str, Any]]:
    """The fields as JSON-ready objects: id, name_en, name_zh, traditional, definition, versions.

    >>> fields_json("v2023")[-1]["id"], fields_json("v2023")[-1]["name_zh"]
    ('data', '数据安全')
    """
    return [
        {
            "id": f.id,
            "name_en": f.name_en,
            "name_zh": f.name_zh,
            "traditional": f.traditional,
            "definition": f.definition,
            "versions": list(f.versions),
        }
        for f in resolve(taxonomy).fields
    ]


@cache
def _packaged(version: str) -> Taxonomy:
    where = f"holosec/taxonomy/data/{version}.toml"
    doc = read_toml(data_path(f"{version}.toml"), where)
    if doc.get("version") != version:
        raise TaxonomyError(where, f"says version {doc.get('version')!r}, not {version!r}")
    finest = None if version == FINEST else _packaged(FINEST).ids()
    return parse_taxonomy(doc, where, v2023_ids=finest, extra_links=_map_rows(version))


def _map_rows(version: str) -> list[tuple[Direction, str, dict[str, Any]]]:
    where = "holosec/taxonomy/data/version_map.toml"
    doc = read_toml(data_path("version_map.toml"), where)
    unknown = sorted(set(doc) - set(_DIRECTIONS))
    if unknown:
        raise TaxonomyError(where, f"unknown table {unknown[0]!r}")
    rows: list[tuple[Direction, str, dict[str, Any]]] = []
    for direction in _DIRECTIONS:
        for entry in doc.get(direction, []):
            if entry.get("version") not in PACKAGED or entry["version"] == FINEST:
                raise TaxonomyError(
                    where, f"[[{direction}]] {entry.get('field')!r} has version {entry.get('version')!r}"
                )
            if entry["version"] == version:
                rows.append((direction, where, entry))
    return rows
