from holosec import reference


def test_cameo_tables_are_complete() -> None:
    assert len(reference.event_codes()) == 310
    assert reference.event_codes()["190"].lower().startswith("use conventional military force")
    assert reference.goldstein("190") == -10.0
    assert reference.goldstein("9999") is None
    assert set(reference.goldstein_scale()) == set(reference.event_codes())
    assert reference.actor_types()["MIL"].lower() == "military"
    assert "UNO" in reference.known_groups()


def test_every_cameo_country_code_is_a_country_or_a_region() -> None:
    for code in reference.cameo_countries():
        iso3 = reference.iso3_from_cameo(code)
        assert (iso3 is None) == (code in reference.cameo_regions()), code
        if iso3:
            assert reference.country_name(iso3), code


def test_non_iso_cameo_codes_map_to_iso3() -> None:
    assert reference.iso3_from_cameo("ROM") == "ROU"
    assert reference.iso3_from_cameo("WSB") == "PSE"
    assert reference.iso3_from_cameo("SSD") == "SSD"  # newer than CAMEO's list, still ISO3
    assert reference.iso3_from_cameo("AFR") is None
    assert reference.iso3_from_cameo("XXX") is None


def test_fips_codes_map_to_iso3() -> None:
    assert reference.iso3_from_fips("CH") == "CHN"
    assert reference.iso3_from_fips("TW") == "TWN"
    assert reference.iso3_from_fips("UK") == "GBR"
    assert reference.iso3_from_fips("GZ") == "PSE"
    assert reference.iso3_from_fips("PG") is None and "PG" in reference.fips_codes()  # Spratly Islands
    assert reference.iso3_from_fips("ZZ") is None and "ZZ" not in reference.fips_codes()
