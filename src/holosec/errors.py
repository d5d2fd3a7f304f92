"""Errors holosec reports to people: one clear line, naming the file (and line) where there is one."""

from __future__ import annotations

from pathlib import Path


class HolosecError(Exception):
    """A failure to report in one line, without a traceback."""


class StoreError(HolosecError):
    """The store cannot be opened or used."""


class InputError(HolosecError):
    """A whole input file cannot be read (not GDELT, empty, a broken archive ...).

    >>> str(InputError("a.csv", "empty file"))
    'a.csv: empty file'
    """

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class ParameterError(InputError):
    """A parameter's value cannot be used. It names the parameter (``partner``, ``max_lag``, ``from``) and
    any other parameter its reason mentions, so each interface words them its own way: the CLI as
    ``--partner``, the API as the query parameter ``partner``.

    >>> str(ParameterError("partner", "needs country", mentions=("country",)))
    'partner: needs country'
    """

    def __init__(self, name: str, reason: str, *, mentions: tuple[str, ...] = ()) -> None:
        super().__init__(name, reason)
        self.name = name
        self.mentions = mentions


class DownloadError(HolosecError):
    """A file could not be fetched or did not verify."""


class LicenceError(HolosecError):
    """Data whose licence forbids redistribution was asked to leave the store in bulk."""


class TaxonomyError(HolosecError):
    """A taxonomy, version map or families file cannot be used; the message names the file and the problem.

    >>> str(TaxonomyError("mine.toml", "field 'x' has no name_zh"))
    "mine.toml: field 'x' has no name_zh"
    """

    def __init__(self, where: str | Path, reason: str) -> None:
        self.where = str(where)
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")
