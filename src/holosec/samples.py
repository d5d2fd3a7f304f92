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
