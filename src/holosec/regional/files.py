"""The regional data files (groupings, lenses, the overseas-interests registry, the principles' lists): a
user's file or the packaged one, read as TOML with one clear error naming the file."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

from holosec.errors import InputError


def read_toml(path: Path | None, packaged: str) -> tuple[dict[str, Any], str]:
    """The TOML document of ``path``, else of the packaged ``holosec/regional/data/<packaged>``, and how
    errors name it.

    >>> doc, where = read_toml(None, "lenses.toml")
    >>> where, len(doc["lens"])
    ('holosec/regional/data/lenses.toml', 7)
    """
    where = str(path) if path else f"holosec/regional/data/{packaged}"
    try:
        if path is None:
            text = files("holosec.regional").joinpath("data", packaged).read_text(encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), where
    except FileNotFoundError:
        raise InputError(where, "no such file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(where, f"cannot be read ({exc})") from None
