"""Country lookups the curated sources join against, built from holosec's reference data and loaded into
the store as temporary tables: ISO 3166-1 numeric codes (ACLED) and English country names (ACLED actor
names, UCDP countries and governments)."""

from __future__ import annotations

from holosec import reference
from holosec.store import Store

# Spellings ACLED and UCDP use that GeoNames' short names do not match (lower case) -> ISO3. UCDP adds a
# former name in brackets ("Myanmar (Burma)"); the brackets are dropped before the lookup.
ALIASES: dict[str, str] = {
    "bosnia-herzegovina": "BIH",
    "burma": "MMR",
    "cabo verde": "CPV",
    "congo": "COG",
    "cote d'ivoire": "CIV",
    "czech republic": "CZE",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "dr congo": "COD",
    "east timor": "TLS",
    "eswatini": "SWZ",
    "kingdom of eswatini": "SWZ",
    "macedonia, fyr": "MKD",
    "north macedonia": "MKD",
    "palestine": "PSE",
    "republic of congo": "COG",
    "surinam": "SUR",
    "timor-leste": "TLS",
    "turkiye": "TUR",
    "united states of america": "USA",
}


def load_country_lookups(store: Store) -> None:
    """(Re)create the temporary tables ``ref_iso_numeric(code, iso3)`` and ``ref_country_name(name, iso3)``
    (names in lower case) in the store's session.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     load_country_lookups(store)
    ...     store.scalar("SELECT iso3 FROM ref_country_name WHERE name = 'dr congo'")
    'COD'
    """
    numeric = reference.iso_numeric_codes()
    names = {**reference.country_names(), **ALIASES}
    store.execute(
        "CREATE OR REPLACE TEMP TABLE ref_iso_numeric AS "
        "SELECT unnest($1::INTEGER[]) AS code, unnest($2::VARCHAR[]) AS iso3",
        [list(numeric), list(numeric.values())],
    )
    store.execute(
        "CREATE OR REPLACE TEMP TABLE ref_country_name AS "
        "SELECT unnest($1::VARCHAR[]) AS name, unnest($2::VARCHAR[]) AS iso3",
        [list(names), list(names.values())],
    )
