"""``holosec corrections``: thin shells over :mod:`holosec.corrections` (analysts' corrections of events).

Each change (add, withdraw, import) refreshes the day cells the store keeps, so the numbers honour it at
once; the events themselves are never changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from holosec import corrections
from holosec.cli.errors import reported
from holosec.cli.options import AsJson, DataDir, OutputFormat
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, out, say
from holosec.cli.store import open_store, settings_for
from holosec.corrections.kinds import KINDS
from holosec.corrections.learning import rule_proposals, write_training
from holosec.corrections.sharing import read_shared, shared_text
from holosec.ingest import honour_corrections

corrections_app = typer.Typer(
    help="Analysts' corrections of events: an overlay the numbers honour; the events stay as ingested.",
    no_args_is_help=True,
)
User = Annotated[str, typer.Option("--user", help="Who makes the change (recorded with it).")]


def _line(row: dict[str, Any]) -> str:
    value = f" {row['value']}" if row["value"] else ""
    state = "" if row["active"] else f" (withdrawn by {row['withdrawn_by']})"
    return f"{row['correction_id']}  {row['event_id']}  {row['kind']}{value}  by {row['created_by']}{state}"


@corrections_app.command("add")
@reported()
def add(
    event_id: Annotated[str, typer.Argument(help="The event's id, such as gdelt2:717452153.")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of {', '.join(KINDS)}.")],
    user: User,
    value: Annotated[
        str | None,
        typer.Option(
            help="duplicate: the other event's id; wrong-code: the CAMEO code; wrong-actor: actor1=ISO3 or "
            "actor2=ISO3; wrong-place: the place's country (ISO3); wrong-field: v2023 field ids, "
            "comma-separated, or none."
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Why (kept with the correction).")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Correct a stored event; the numbers honour it from now on (the event stays as ingested).

    Exit codes: 0 added; 2 a wrong kind or value, or no such event.
    """
    with open_store(settings_for(data_dir)) as store:
        made = corrections.add(store, event_id, kind, user, value, note)
        honour_corrections(store)
    if as_json:
        emit_json(made)
        return
    out.print(f"added {_line(made)}", highlight=False)


@corrections_app.command("withdraw")
@reported()
def withdraw(
    correction_id: Annotated[str, typer.Argument(help="The correction's id (from corrections list).")],
    user: User,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Withdraw a correction: it is kept, marked withdrawn, and the numbers no longer honour it."""
    with open_store(settings_for(data_dir)) as store:
        done = corrections.withdraw(store, correction_id, user)
        honour_corrections(store)
    if as_json:
        emit_json(done)
        return
    out.print(f"withdrawn {_line(done)}", highlight=False)


@corrections_app.command("list")
@reported()
def list_command(
    event: Annotated[str | None, typer.Option(help="Only this event's corrections.")] = None,
    active: Annotated[bool, typer.Option("--active", help="Only those not withdrawn.")] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Every correction, oldest first, withdrawn ones too (marked).

    --json prints one object: corrections (id, event, kind, value, note, who and when, withdrawn by and
    when, active) and count.
    """
    with open_store(settings_for(data_dir), read_only=True) as store:
        found = corrections.listed(store, event_ids=[event] if event else None, active_only=active)
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"corrections": found, "count": len(found)})
        return
    columns = (
        Column("correction_id", "id"), Column("event_id", "event"), Column("kind"),
        Column("value", kind="text"), Column("created_by", "by", "text"), Column("created_at", "at"),
        Column("active", pattern=lambda value: "yes" if value else "withdrawn"), Column("note", kind="text"),
    )  # fmt: skip
    emit_table(columns, found, fmt)


@corrections_app.command("export")
@reported()
def export(
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the JSON lines to this file (default: stdout).")
    ] = None,
    training: Annotated[
        Path | None,
        typer.Option(
            help="Also write the field corrections as labelled texts for the text classifier (the format "
            "of training/text/corpus.tsv.gz; gzip when the name ends in .gz)."
        ),
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Export every correction (withdrawn ones too) as JSON lines, for another installation's import."""
    with open_store(settings_for(data_dir), read_only=True) as store:
        found = corrections.listed(store)
        labelled = write_training(store, training) if training is not None else None
    if labelled is not None:
        say(f"wrote {labelled} labelled texts to {training}")
    if out_file is not None:
        out_file.write_text(shared_text(found), encoding="utf-8")
        say(f"wrote {len(found)} corrections to {out_file}")
    elif as_json:
        emit_json({"corrections": found, "count": len(found)})
    else:
        typer.echo(shared_text(found), nl=False)


@corrections_app.command("import")
@reported()
def import_command(
    path: Annotated[
        Path, typer.Argument(help="A file of corrections (JSON lines, from corrections export).")
    ],
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Import corrections another installation exported; importing the same file again changes nothing.

    Exit codes: 0 imported; 2 the file holds something that is not a correction.
    """
    rows = read_shared(path.read_text(encoding="utf-8"))
    with open_store(settings_for(data_dir)) as store:
        done = corrections.imported(store, rows)
        honour_corrections(store)
    if as_json:
        emit_json(done)
        return
    out.print(
        f"{done['added']} added, {done['withdrawn']} withdrawn, {done['unchanged']} already held",
        highlight=False,
    )


@corrections_app.command("rules")
@reported()
def rules(
    limit: Annotated[int, typer.Option(min=1, help="At most this many rules.")] = 20,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The tagging rules analysts correct most often, with a proposed change to each.

    --json prints one object: rules (rule, field, note, rule_file, corrections, removed, not_events,
    tagged, instead, proposal) and count.
    """
    with open_store(settings_for(data_dir), read_only=True) as store:
        found = rule_proposals(store, limit)
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"rules": found, "count": len(found)})
        return
    columns = (
        Column("rule"), Column("field"), Column("corrections", kind="number"),
        Column("tagged", kind="number"), Column("proposal", kind="text"),
    )  # fmt: skip
    emit_table(columns, found, fmt)
