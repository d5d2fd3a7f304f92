"""Security-field taxonomies: the packaged versions ``v2014`` (11 fields, the default), ``v2020`` (16) and
``v2023`` (20), users' own versions, the map between versions, and the interwoven-threat families.

>>> from holosec.taxonomy import load_taxonomy, recut
>>> load_taxonomy("v2014").ids()[-4:]
['information', 'ecological', 'resource', 'nuclear']
>>> recut({"cyber": 3.0, "data": 1.0}, "v2023", "v2014")
{'information': 4.0}
"""

from holosec.taxonomy.families import (
    Family,
    Flashpoint,
    families_json,
    flashpoints_json,
    load_families,
    load_flashpoints,
)
from holosec.taxonomy.model import Field, Link, Taxonomy
from holosec.taxonomy.recut import recut, version_map
from holosec.taxonomy.versions import DEFAULT, PACKAGED, fields_json, load_taxonomy, resolve

__all__ = [
    "DEFAULT",
    "PACKAGED",
    "Family",
    "Field",
    "Flashpoint",
    "Link",
    "Taxonomy",
    "families_json",
    "fields_json",
    "flashpoints_json",
    "load_families",
    "load_flashpoints",
    "load_taxonomy",
    "recut",
    "resolve",
    "version_map",
]
