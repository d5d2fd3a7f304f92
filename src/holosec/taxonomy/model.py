"""The records of a taxonomy: its fields, and the weighted links that map it to and from ``v2023``."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from holosec.errors import TaxonomyError

Direction = Literal["from_v2023", "to_v2023"]


@dataclass(frozen=True)
class Field:
    """One security field of a taxonomy version.

    >>> f = Field("food", "Food security", "粮食安全", "Grain supply.", False, ("v2023",))
    >>> f.name_zh, f.traditional
    ('粮食安全', False)
    """

    id: str
    name_en: str
    name_zh: str
    definition: str
    traditional: bool
    versions: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    """One explicit row of a version map: how one field's weight is shared out, and why.

    ``from_v2023`` links share a ``v2023`` field among the fields of this version; ``to_v2023`` links share a
    field of this version among ``v2023`` fields.

    >>> Link("from_v2023", "food", (("economic", 0.5), ("resource", 0.5)), "grain is both").targets()
    {'economic': 0.5, 'resource': 0.5}
    """

    direction: Direction
    source: str
    weights: tuple[tuple[str, float], ...]
    why: str = ""

    def targets(self) -> dict[str, float]:
        """The target field ids and their weights."""
        return dict(self.weights)


@dataclass(frozen=True)
class Taxonomy:
    """A version of the security fields, with its complete maps to and from ``v2023``.

    ``from_v2023`` gives, for every ``v2023`` field, its weights over this version's fields; ``to_v2023``
    gives, for every field of this version, its weights over ``v2023`` fields. Both are filled by
    :func:`holosec.taxonomy.load_taxonomy`; ``links`` keeps the explicit rows with their reasons.

    >>> from holosec.taxonomy import load_taxonomy
    >>> t = load_taxonomy("v2014")
    >>> t.field("information").name_zh, t.ids()[:3]
    ('信息安全', ['political', 'homeland', 'military'])
    >>> t.from_v2023["data"]
    {'information': 1.0}
    """

    version: str
    fields: tuple[Field, ...]
    title: str = ""
    sources: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    from_v2023: Mapping[str, Mapping[str, float]] = dataclasses.field(
        default_factory=dict, hash=False, repr=False
    )
    to_v2023: Mapping[str, Mapping[str, float]] = dataclasses.field(
        default_factory=dict, hash=False, repr=False
    )

    def field(self, id: str) -> Field:
        """The field with this id; a :class:`TaxonomyError` naming the known ids if there is none."""
        for candidate in self.fields:
            if candidate.id == id:
                return candidate
        raise TaxonomyError(self.version, f"no field {id!r}; its fields are {', '.join(self.ids())}")

    def ids(self) -> list[str]:
        """The field ids, in the order of the taxonomy file."""
        return [f.id for f in self.fields]
