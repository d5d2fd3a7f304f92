"""How the ``holosec`` commands report holosec's errors: one line on stderr and an exit code.

The library names a bad parameter as its interfaces share it (``partner``, ``max_lag``, ``from``); here it
is worded as the command line spells it (``--partner``, ``--max-lag``, ``--from``; an argument in capitals,
``NAME``).
"""

from __future__ import annotations

import json
import re
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from holosec.cli.output import say
from holosec.errors import HolosecError, ParameterError
from holosec.ingest import EXIT_FAILED

__all__ = ["EXIT_FAILED", "answered", "fail", "option_name", "reported", "worded"]


def option_name(name: str, arguments: tuple[str, ...] = ()) -> str:
    """The command line's spelling of the library parameter ``name``: in capitals when it is one of the
    command's ``arguments``, else an option.

    >>> option_name("max_lag"), option_name("name", arguments=("name",))
    ('--max-lag', 'NAME')
    """
    return name.upper() if name in arguments else "--" + name.replace("_", "-")


def _reason(exc: ParameterError, arguments: tuple[str, ...]) -> str:
    reason = exc.reason
    for other in exc.mentions:
        reason = re.sub(rf"\b{re.escape(other)}\b", option_name(other, arguments), reason)
    return reason


def worded(exc: Exception, arguments: tuple[str, ...] = ()) -> str:
    """The one-line message of ``exc``, with a parameter named as the command line spells it.

    >>> worded(ParameterError("partner", "needs country", mentions=("country",)))
    '--partner: needs --country'
    """
    if isinstance(exc, ParameterError):
        return f"{option_name(exc.name, arguments)}: {_reason(exc, arguments)}"
    return str(exc)


def fail(message: str) -> typer.Exit:
    """Say ``error: message`` on stderr; the exit (code 1) to raise."""
    say(f"error: {message}")
    return typer.Exit(EXIT_FAILED)


@contextmanager
def reported(
    *, wrong: type[Exception] | tuple[type[Exception], ...] = (), arguments: tuple[str, ...] = ()
) -> Iterator[None]:
    """Holosec's errors as the command line reports them, as a decorator of a command or around a block,
    one exit code per kind of mistake in every command:

    - a bad parameter (:class:`~holosec.errors.ParameterError`, such as an unknown country code or a
      period of the wrong form) is a wrong argument: the usage message naming the option, exit code 2;
    - any other holosec error (no store, the store in use, a file that cannot be used, nothing to do) is
      a failure: one line ``error: ...`` on stderr, exit code 1.

    Errors of the ``wrong`` types are wrong arguments too, whatever they name (``ValueError`` of a
    parser, or every holosec error of a check made before the command starts). ``arguments`` names the
    library parameters that are the command's arguments (``NAME``), not options.
    """
    try:
        yield
    except ParameterError as exc:
        hint = option_name(exc.name, arguments)
        raise typer.BadParameter(_reason(exc, arguments), param_hint=hint) from exc
    except wrong as exc:
        raise typer.BadParameter(worded(exc, arguments)) from exc
    except HolosecError as exc:
        raise fail(worded(exc, arguments)) from exc


def answered(exc: urllib.error.HTTPError) -> str:
    """What a holosec server said with a refusal: the message of the API's error shape, else the status's
    reason (for the commands that ask a running server: ``status``, ``backup``)."""
    try:
        body = json.loads(exc.read())
        return str(body["error"]["message"])
    except (ValueError, KeyError, TypeError, OSError):
        return str(exc.reason)
