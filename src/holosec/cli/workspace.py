"""``holosec agencies``, ``holosec audit``, ``holosec cases`` and ``holosec webhooks``: thin shells over
:mod:`holosec.cases`.

Whoever runs these commands has the workspace database in hand, so they act as the local operator
(``holosec-cli`` in the audit trail), with the commission admin's rights; ``cases list --user NAME``
shows what that user may see.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from holosec.cases import agencies, notify
from holosec.cases.audit import OPERATOR
from holosec.cases.audit import verify as verify_chain
from holosec.cases.db import Workspace
from holosec.cases.options import PRIVATE_WEBHOOKS, is_on, set_option
from holosec.cases.people import User
from holosec.cases.service import list_cases as visible_cases
from holosec.cli.errors import EXIT_FAILED, fail, reported
from holosec.cli.options import DEFAULT_TAXONOMY, AsJson, DataDir, OutputFormat, Taxonomy
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, out, say
from holosec.cli.store import open_users, open_workspace, settings_for

agencies_app = typer.Typer(help="Agencies of the workspace and the fields they lead.", no_args_is_help=True)
audit_app = typer.Typer(help="The workspace's hash-chained audit trail.", no_args_is_help=True)
cases_app = typer.Typer(help="Cases of the commission workspace.", no_args_is_help=True)
webhooks_app = typer.Typer(help="Outgoing webhooks (JSON signed with HMAC-SHA256).", no_args_is_help=True)
ADMIN = User(0, OPERATOR, "commission-admin", "")
"""Whoever runs these commands: the local operator, with the commission admin's rights."""


def _workspace(data_dir: Path | None, *, create: bool = False) -> Workspace:
    """The workspace; set-up commands (``create``) make it when there is none, the others say so."""
    return open_workspace(settings_for(data_dir), create=create)


@agencies_app.command("add")
@reported()
def add_agency(
    name: Annotated[str, typer.Argument(help="The agency's name, e.g. 'Ministry of State Security'.")],
    kind: Annotated[str, typer.Option(help="commission, ministry, service or agency.")] = "agency",
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Add an agency (users then join it with 'holosec users add NAME --role ROLE --agency AGENCY').

    Exit codes: 0 added; 1 the name is taken or not usable, or the kind unknown.
    """
    made = agencies.add_agency(_workspace(data_dir, create=True), name, kind, by=OPERATOR)
    if as_json:
        emit_json(made)
        return
    out.print(f"added agency {made['name']} ({made['kind']}), id {made['id']}", highlight=False)


@agencies_app.command("list")
@reported()
def list_agencies(
    data_dir: DataDir = None, as_json: AsJson = False, fmt: OutputFormat = Format.table
) -> None:
    """Every agency, with the fields it leads (default taxonomy)."""
    workspace = _workspace(data_dir)
    every = agencies.list_agencies(workspace)
    leads = agencies.field_agencies(workspace)
    for agency in every:
        agency["leads"] = [f for f, who in leads.items() if who["lead"] == agency["name"]]
        agency["contributes"] = [f for f, who in leads.items() if agency["name"] in who["contributing"]]
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"agencies": every})
        return
    listed = (
        Column("leads", kind="text", pattern=", ".join),
        Column("contributes", kind="text", pattern=", ".join),
    )
    emit_table(
        (Column("id", kind="number"), Column("name", kind="text"), Column("kind"), *listed), every, fmt
    )


@agencies_app.command("field")
@reported()
def set_field(
    field: Annotated[str, typer.Argument(help="A field id of the taxonomy, e.g. military.")],
    lead: Annotated[str, typer.Option(help="The lead agency.")],
    contributing: Annotated[
        list[str] | None, typer.Option("--contributing", help="A contributing agency (repeat for more).")
    ] = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Set the lead and contributing agencies of a security field (replacing the ones before)."""
    found = agencies.set_field_agencies(
        _workspace(data_dir, create=True), field, lead, contributing or [], taxonomy=taxonomy, by=OPERATOR
    )
    if as_json:
        emit_json({"field": field, **found})
        return
    out.print(f"{field}: lead {found['lead']}; contributing {', '.join(found['contributing']) or '-'}")


@audit_app.command("verify")
@reported()
def verify(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Check the audit trail's hash chain from the first entry to the head, and every stored value.

    Prints the number of entries and the head hash (keep it elsewhere to anchor the chain), or one line
    naming the first broken entry (or the head row) and what is wrong with it.
    Exit codes: 0 the chain is whole; 1 it is broken or damaged.
    """
    with _workspace(data_dir).session() as session:
        verdict = verify_chain(session)
    if as_json:
        emit_json(
            {
                "ok": verdict.ok,
                "entries": verdict.entries,
                "head": verdict.head,
                "broken_at": verdict.broken_at,
                "reason": verdict.reason,
            }
        )
    elif verdict.ok:
        out.print(verdict.line(), highlight=False, markup=False)
    else:
        say(verdict.line())
    if not verdict.ok:
        raise typer.Exit(EXIT_FAILED)


@cases_app.command("list")
@reported()
def list_cases(
    user: Annotated[
        str | None, typer.Option(help="Show what this user may see (default: every case).")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only cases in this status.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The workspace's cases (as the commission sees them, or as --user sees them)."""
    workspace = _workspace(data_dir)
    viewer: User | None = ADMIN
    if user is not None:
        viewer = open_users(settings_for(data_dir)).get(user)
        if viewer is None:
            raise fail(f"no user {user!r}")
    assert viewer is not None
    found = visible_cases(workspace, viewer, status=status, asked_by=OPERATOR)
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"cases": found, "count": len(found)})
        return
    columns = (
        Column("id", kind="number"), Column("status"), Column("priority"),
        Column("lead_agency", "lead agency", "text"), Column("fields", kind="text", pattern=", ".join),
        Column("title", kind="text"),
    )  # fmt: skip
    emit_table(columns, found, fmt)


@cases_app.command("remind")
@reported()
def remind(
    days: Annotated[int, typer.Option(min=0, help="Remind of what is due within this many days.")] = 3,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Send deadline reminders (inbox and webhooks) for open tasks and cases due soon; run it daily.
    Each item is reminded once per due date, so running it again sends nothing new."""
    workspace = _workspace(data_dir)
    made = notify.remind(workspace, days)
    sent = notify.deliver(workspace)
    if as_json:
        emit_json({"reminders": made, "webhooks": sent})
        return
    out.print(f"reminders: {made} inbox entries; webhooks sent {sent['sent']}, failed {sent['failed']}")


@webhooks_app.command("add")
@reported()
def add_webhook(
    url: Annotated[str, typer.Argument(help="Where to POST (http or https).")],
    agency: Annotated[str | None, typer.Option(help="Only cases this agency may see (default: all).")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Register a webhook and print its signing secret (shown once) as the last line."""
    made = notify.add_webhook(_workspace(data_dir, create=True), ADMIN, url, agency=agency)
    if as_json:
        emit_json(made)
        return
    out.print(f"webhook {made['id']} -> {made['url']}; HMAC-SHA256 secret (shown once):", highlight=False)
    typer.echo(made["secret"])


@webhooks_app.command("deliver")
@reported()
def deliver_webhooks(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Post the webhook deliveries still pending (failed ones are retried, up to 8 attempts)."""
    sent = notify.deliver(_workspace(data_dir), limit=10_000)
    if as_json:
        emit_json(sent)
        return
    out.print(f"webhooks sent {sent['sent']}, failed {sent['failed']}")


@webhooks_app.command("private-networks")
@reported()
def private_networks(
    allow: Annotated[
        bool | None,
        typer.Option(
            "--allow/--refuse",
            help="Allow webhooks to loopback, private and link-local addresses, or refuse them (default).",
        ),
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Show, or with --allow/--refuse set, whether webhooks may post to non-public addresses (a receiver
    on this host or the internal network). Refused by default: such URLs are refused when added and when
    each post is sent. The change is audited (as holosec-cli)."""
    workspace = _workspace(data_dir, create=allow is not None)
    if allow is not None:
        set_option(workspace, ADMIN, PRIVATE_WEBHOOKS, allow)
    state = "allowed" if is_on(workspace, PRIVATE_WEBHOOKS) else "refused"
    if as_json:
        emit_json({"private_networks": state})
        return
    out.print(f"webhooks to private networks: {state}", highlight=False)
