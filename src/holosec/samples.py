"""The real sample data bundled with holosec (see ``data/samples/PROVENANCE.md``)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def samples_dir() -> Path:
    """Folder of the bundled samples, one subfolder per source.

    >>> (samples_dir() / "gdelt").is_dir()
    True
    """
    return Path(str(files("holosec").joinpath("data", "samples")))


def gdelt_samples() -> list[Path]:
    """Every bundled GDELT file, sorted.

    >>> len(gdelt_samples())
    12
    """
    return sorted(
        p for p in (samples_dir() / "gdelt").rglob("*") if p.is_file() and p.suffix.lower() == ".csv"
    )


def icews_samples() -> list[Path]:
    """Every bundled ICEWS file, sorted: the ICEWS05-15 test and validation splits (92,367 events,
    2005-2015, as name triples), gzip-compressed.

    >>> [p.name for p in icews_samples()]
    ['icews_2005-2015_test.txt.gz', 'icews_2005-2015_valid.txt.gz']
    """
    return sorted(p for p in (samples_dir() / "icews").rglob("*.gz") if p.is_file())


def aggregate_samples() -> list[Path]:
    """Every bundled GDELT aggregates file, sorted: counts per month and CAMEO base code of the events
    located in China, North Korea and South Korea, 2008-01 .. 2019-06 (``aggregates/PROVENANCE.md``).

    >>> [p.name for p in aggregate_samples()]
    ['CH.csv.gz', 'KN.csv.gz', 'KS.csv.gz']
    """
    return sorted(p for p in (samples_dir() / "aggregates").rglob("*.csv.gz") if p.is_file())
