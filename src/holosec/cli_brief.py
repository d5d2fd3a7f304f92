"""``holosec brief``: a thin shell over :mod:`holosec.briefings` (registered at the end of
:mod:`holosec.cli`)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from holosec.cli_options import DataDir
from holosec.errors import HolosecError, InputError
from holosec.settings import Settings

if TYPE_CHECKING:
    from holosec.cases.db import Workspace
    from holosec.cases.people import User


class BriefFormat(StrEnum):
    """File formats of a briefing."""

    html = "html"
    pdf = "pdf"
    md = "md"


class Lang(StrEnum):
    """Languages a briefing is written in."""

    en = "en"
    zh = "zh"


def _reader(settings: Settings, name: str | None) -> tuple[Workspace | None, User | None]:
    """The workspace and the user called ``name`` (None, None without a name)."""
    if name is None:
        return None, None
    from holosec.cases.people import UserStore

    users = UserStore(settings.data_dir, settings.database_url)
    user = users.get(name)
    if user is None:
        raise InputError("--reader", f"no workspace user {name!r}")
    return users.workspace, user


def brief(
    perspective: Annotated[
        str, typer.Option(help="Whose security: a country code (CHN, JPN, IND, USA, DEU) or a file.")
    ] = "CHN",
    period: Annotated[
        str | None,
        typer.Option(
            help="A month (2024-03) or an ISO week (2024-W10); default the latest period with data.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Without --period: week or month (default month).", show_default=False)
    ] = None,
    taxonomy: Annotated[
        str, typer.Option(help="A taxonomy version (v2014, v2020, v2023) or a TOML file.")
    ] = "v2014",
    lang: Annotated[Lang, typer.Option(help="The briefing's language.")] = Lang.en,
    fmt: Annotated[BriefFormat, typer.Option("--format", help="File format (pdf needs -o).")] = (
        BriefFormat.html
    ),
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The file to write (default: stdout).", show_default=False),
    ] = None,
    reader: Annotated[
        str | None,
        typer.Option(
            help="A workspace user: adds the open cases, decisions and strategies this user may see.",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the briefing's content as one JSON object instead.")
    ] = False,
) -> None:
    """Write the security situation briefing of a perspective for one period: every field's threat index
    and change, what deteriorated and improved and why, top alerts with their track record, interwoven
    threats, the regional matrix, the foreign-affairs lenses, overseas-interests exposure and (with
    --reader) the workspace; every number links to its evidence in an appendix. Method: docs/briefings.md.

    Exit codes: 0 written; 1 failed (the store, or WeasyPrint for pdf, missing); 2 wrong arguments (an
    unknown --reader too).
    """
    from holosec.briefings import build_briefing, render
    from holosec.briefings.render import require
    from holosec.cli import _say, _settings, _store
    from holosec.ingest import EXIT_FAILED

    if fmt is BriefFormat.pdf and output is None and not as_json:
        raise typer.BadParameter("a PDF is binary: name the file to write with -o FILE", param_hint="-o")
    settings = _settings(data_dir)
    with _store(settings) as store:
        try:
            if not as_json:
                require(fmt.value)
            workspace, user = _reader(settings, reader)
            content = build_briefing(
                store,
                perspective=perspective,
                period=period,
                by=by,
                taxonomy=taxonomy,
                lang=lang.value,
                workspace=workspace,
                reader=user,
            )
            written = b"" if as_json else render(content, fmt.value)
        except InputError as exc:
            if exc.path.startswith("--"):
                raise typer.BadParameter(exc.reason, param_hint=exc.path) from exc
            _say(f"error: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
        except HolosecError as exc:
            _say(f"error: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
    if as_json:
        from holosec.cli import _emit_json

        _emit_json(content)
        return
    if output is None:
        sys.stdout.write(written.decode())
        return
    output.write_bytes(written)
    _say(f"briefing written to {output}")
