"""Perspectives: whose security holosec looks from (a home country, its neighbours, the major powers, the
groupings it shares security with), as data files, and every event relative to one: internal or external,
own or common security, traditional or non-traditional.

>>> from holosec.perspective import load_perspective
>>> load_perspective().home
'CHN'
"""

from holosec.perspective.model import (
    DEFAULT,
    Grouping,
    Member,
    Perspective,
    PerspectiveError,
    load_perspective,
    packaged,
)
from holosec.perspective.relations import (
    classify_events,
    event_relations,
    perspective_sql,
    perspective_summary,
    traditional_fields,
)

__all__ = [
    "DEFAULT",
    "Grouping",
    "Member",
    "Perspective",
    "PerspectiveError",
    "classify_events",
    "event_relations",
    "load_perspective",
    "packaged",
    "perspective_sql",
    "perspective_summary",
    "traditional_fields",
]
