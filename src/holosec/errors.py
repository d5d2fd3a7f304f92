"""Errors holosec reports to people: one clear line, naming the file (and line) where there is one."""

from __future__ import annotations

from pathlib import Path


class HolosecError(Exception):
    """A failure to report in one line, without a traceback."""


class StoreError(HolosecError):
    """The store cannot be opened or used."""


class StoreMissing(StoreError):
    """There is no store where one was looked for, and none was made.

    >>> str(StoreMissing("data"))
    "no holosec store in data: run 'holosec demo' or 'holosec ingest'"
    """

    def __init__(self, data_dir: str | Path, hint: str = "run 'holosec demo' or 'holosec ingest'") -> None:
        self.data_dir = str(data_dir)
        super().__init__(f"no holosec store in {self.data_dir}: {hint}")


class StoreInUse(StoreError):
    """Another process has the store open (DuckDB lets no other process open a file one is writing), with
    what is known of it: its process id and, when it is ``holosec serve`` or ``holosec follow``, which
    (``command``) and where it serves (``url``). A follower never ends by itself, so the message never
    says to wait for one.

    >>> print(StoreInUse("data", pid=41, url="http://127.0.0.1:8000"))  # doctest: +NORMALIZE_WHITESPACE
    the store in data is in use by holosec serve at http://127.0.0.1:8000 (pid 41):
    use the dashboard or the API there, or stop it first
    >>> print(StoreInUse("data", pid=41, command="follow"))  # doctest: +NORMALIZE_WHITESPACE
    the store in data is in use by holosec follow (pid 41), which runs until stopped: stop it (Ctrl-C, or
    kill 41) to use the store, or run holosec serve --follow instead to read through the dashboard and
    the API while following
    >>> print(StoreInUse("data", pid=41))
    the store in data is in use by another process (pid 41): wait for it to end, or stop it first
    """

    def __init__(
        self,
        data_dir: str | Path,
        *,
        pid: int | None = None,
        url: str | None = None,
        command: str | None = None,
    ) -> None:
        self.data_dir, self.pid, self.url = str(data_dir), pid, url
        self.command = command if command is not None or url is None else "serve"
        who = f" (pid {pid})" if pid is not None else ""
        if url is not None:
            line = f"in use by holosec {self.command} at {url}{who}: use the dashboard or the API there"
            line += ", or stop it first"
        elif self.command is not None:
            kill = f", or kill {pid}" if pid is not None else ""
            line = (
                f"in use by holosec {self.command}{who}, which runs until stopped: stop it (Ctrl-C{kill}) to"
                " use the store, or run holosec serve --follow instead to read through the dashboard and the"
                " API while following"
            )
        else:
            line = f"in use by another process{who}: wait for it to end, or stop it first"
        super().__init__(f"the store in {self.data_dir} is {line}")


class QueryTimeLimit(StoreError):
    """A question ran past the store's time limit (``HOLOSEC_QUERY_SECONDS``) and was stopped, so that one
    heavy question cannot hold the server; nothing was changed.

    >>> str(QueryTimeLimit(5.0))
    'the question took longer than the 5 s limit and was stopped: ask for a shorter span or fewer rows'
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(
            f"the question took longer than the {seconds:g} s limit and was stopped: "
            "ask for a shorter span or fewer rows"
        )


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


class NoData(InputError):
    """Nothing to compute: the store holds no events for what was asked. A failure, not a wrong argument
    (the CLI's exit code 1, not 2); it names the parameter that could change that for the interfaces that
    handle input errors alike, but its message is the reason alone.

    >>> error = NoData("period", "the store has no events of CHN")
    >>> str(error), error.path
    ('the store has no events of CHN', 'period')
    """

    def __init__(self, parameter: str, reason: str) -> None:
        super().__init__(parameter, reason)
        self.args = (reason,)


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
