"""``holosec brief``: a thin shell over :mod:`holosec.briefings`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from holosec.briefings import build_briefing, render
from holosec.briefings.render import require
from holosec.cases.db import Workspace
from holosec.cases.errors import WorkspaceMissing
from holosec.cases.people import User
from holosec.cli.errors import fail, reported
from holosec.cli.options import (
    DEFAULT_PERSPECTIVE,
    DEFAULT_TAXONOMY,
    DataDir,
    Period,
    PeriodsBy,
    Perspective,
    Taxonomy,
)
from holosec.cli.output import emit_json, say
from holosec.cli.store import open_store, open_users, settings_for
from holosec.errors import ParameterError
from holosec.indicators.coverage import current_period
from holosec.settings import Settings


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
    try:
        users = open_users(settings)
    except WorkspaceMissing as exc:
        missing = f"no workspace user {name!r}, nor any workspace in {exc.where}"
        raise ParameterError("reader", missing) from exc
    user = users.get(name)
    if user is None:
        raise ParameterError("reader", f"no workspace user {name!r}")
    return users.workspace, user


def _nothing(settings: Settings, meta: dict[str, Any]) -> str:
    when = f" in {meta['period']}" if meta["period"] else ""
    return f"nothing to brief: the store in {settings.data_dir} holds no events{when}"


@reported()
def brief(
    perspective: Perspective = DEFAULT_PERSPECTIVE,
    period: Period = None,
    by: PeriodsBy = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
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
    The period is a month or an ISO week; without --period, the store's current period: the latest with
    adequate coverage (docs/indicators.md, "The current period").

    Exit codes: 0 written; 1 failed (no store, no events to brief, or WeasyPrint for pdf missing); 2 wrong
    arguments (an unknown --reader too).
    """
    if fmt is BriefFormat.pdf and output is None and not as_json:
        raise typer.BadParameter("a PDF is binary: name the file to write with -o FILE", param_hint="-o")
    settings = settings_for(data_dir)
    with open_store(settings, taxonomy=taxonomy) as store:
        if not as_json:
            require(fmt.value)
        workspace, user = _reader(settings, reader)
        content = build_briefing(
            store,
            perspective=perspective,
            period=period or current_period(store, by or "month"),
            by=by,
            taxonomy=taxonomy,
            lang=lang.value,
            workspace=workspace,
            reader=user,
        )
        if not content["meta"]["has_data"]:
            raise fail(_nothing(settings, content["meta"]))
        written = b"" if as_json else render(content, fmt.value)
    if as_json:
        emit_json(content)
        return
    if output is None:
        sys.stdout.write(written.decode())
        return
    output.write_bytes(written)
    say(f"briefing written to {output}")
