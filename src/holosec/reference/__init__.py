"""Reference tables: CAMEO codes (with English and Chinese labels) and Goldstein scale, PLOVER types, actor
codes, countries (CAMEO, FIPS 10-4, ISO3).

The tables are package data with their provenance in ``data/PROVENANCE.md``.

>>> from holosec import reference
>>> reference.iso3_from_fips("CH"), reference.iso3_from_cameo("ROM"), reference.goldstein("190")
('CHN', 'ROU', -10.0)
"""

from holosec.reference.actor_names import actor_label
from holosec.reference.names import country_label, country_name_in
from holosec.reference.tables import (
    Country,
    actor_country_codes,
    actor_types,
    cameo_countries,
    cameo_regions,
    countries,
    country_name,
    country_names,
    ethnic_groups,
    event_codes,
    event_label,
    fips_codes,
    goldstein,
    goldstein_scale,
    iso3_from_cameo,
    iso3_from_fips,
    iso3_from_iso_numeric,
    iso3_from_name,
    iso_numeric_codes,
    known_groups,
    plover_label,
    plover_types,
    quad_class,
    quad_classes,
    religions,
    root_code,
    title_name,
)

__all__ = [
    "Country",
    "actor_country_codes",
    "actor_label",
    "actor_types",
    "cameo_countries",
    "cameo_regions",
    "countries",
    "country_label",
    "country_name",
    "country_name_in",
    "country_names",
    "ethnic_groups",
    "event_codes",
    "event_label",
    "fips_codes",
    "goldstein",
    "goldstein_scale",
    "iso3_from_cameo",
    "iso3_from_fips",
    "iso3_from_iso_numeric",
    "iso3_from_name",
    "iso_numeric_codes",
    "known_groups",
    "plover_label",
    "plover_types",
    "quad_class",
    "quad_classes",
    "religions",
    "root_code",
    "title_name",
]
