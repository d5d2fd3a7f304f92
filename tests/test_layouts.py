import re
from pathlib import Path

import pytest

from holosec.errors import InputError
from holosec.sources.gdelt import sniff
from holosec.sources.gdelt_layouts import BY_WIDTH, LAYOUTS


def test_layouts_are_told_apart_by_width() -> None:
    assert len(BY_WIDTH) == len(LAYOUTS)
    assert {name: layout.width for name, layout in LAYOUTS.items()} == {
        "events2": 61,
        "events1": 58,
        "events1-historical": 57,
        "mentions2": 16,
        "gkg2": 27,
        "gkg1": 11,
        "gkg1-counts": 15,
    }


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_strict_column_is_used(name: str) -> None:
    # A typed column the SELECT never reads would not be parsed at all (projection pushdown), so its bad
    # values would go unnoticed instead of being quarantined.
    layout = LAYOUTS[name]
    used = set(re.findall(r"r\.(\w+)", layout.select))
    assert set(layout.strict) <= used


def test_sniff_recognises_each_sample(sample_files: list[Path]) -> None:
    found = {
        path.parent.name + "/" + path.name: sniff(path.read_bytes()[:65536], path).name
        for path in sample_files
    }
    assert found["geomesa__geomesa-tutorials/20180101000000.export.CSV"] == "events2"
    assert found["aamend__spark-gdelt/events1.csv"] in {"events1", "events1-historical"}
    assert found["reed9999__gdelt-demo/events.csv"] == "events1"
    assert found["aamend__spark-gdelt/mentions.csv"] == "mentions2"
    assert found["aamend__spark-gdelt/gkg.csv"] == "gkg2"
    assert found["aamend__spark-gdelt/gkg1.csv"] == "gkg1"
    assert found["aamend__spark-gdelt/gkg1Count.csv"] == "gkg1-counts"


def test_sniff_rejects_html_and_other_tables() -> None:
    with pytest.raises(InputError, match="HTML"):
        sniff(b"<!DOCTYPE html>\n<html><body>Not found</body></html>\n", Path("x.csv"))
    with pytest.raises(InputError, match="3 tab-separated columns"):
        sniff(b"a\tb\tc\n1\t2\t3\n", Path("x.csv"))
