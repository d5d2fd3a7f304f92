"""``holosec serve`` and ``holosec users``: thin shells over :mod:`holosec.server` and the workspace's
users (:mod:`holosec.cases.people`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from holosec.cases import audit
from holosec.cases.people import UserStore
from holosec.cli.errors import reported
from holosec.cli.options import AsJson, DataDir
from holosec.cli.output import emit_json, out
from holosec.cli.store import settings_for

users_app = typer.Typer(
    help="Users of the web app, API and workspace (in the workspace database).", no_args_is_help=True
)


class Role(StrEnum):
    """A workspace role (see docs/workspace.md); viewer, analyst and admin are the web issue's names,
    kept: they become observer, agency-analyst and commission-admin."""

    observer = "observer"
    agency_analyst = "agency-analyst"
    agency_lead = "agency-lead"
    commission_staff = "commission-staff"
    commission_admin = "commission-admin"
    viewer = "viewer"
    analyst = "analyst"
    admin = "admin"


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    data_dir: DataDir = None,
) -> None:
    """Serve the web app and REST API (OpenAPI at /docs) over the store; sign-in required.

    The first run on a data directory without users creates the user admin and prints its password once
    (on stderr). Put a TLS proxy in front of it for use beyond this machine.
    """
    # The one import inside a function of the CLI: the web app (FastAPI, Starlette, the pages and every
    # route) and uvicorn would add about a second to the start of every other command.
    import uvicorn

    from holosec.server import create_app

    settings = settings_for(data_dir)
    app = create_app(
        settings.data_dir,
        memory_limit=settings.serve_memory_limit,
        threads=settings.threads,
        database_url=settings.database_url,
        settings=settings,
    )
    # The app believes X-Forwarded-* only from HOLOSEC_TRUSTED_PROXIES; uvicorn's own proxy headers (which
    # trust 127.0.0.1 by default) would let anyone on this machine pose as any address.
    uvicorn.run(app, host=host, port=port, proxy_headers=False, log_level="info")


def _users(data_dir: Path | None) -> UserStore:
    settings = settings_for(data_dir)
    return UserStore(settings.data_dir, settings.database_url)


@users_app.command("add")
@reported()
def add_user(
    name: Annotated[str, typer.Argument(help="The user name to sign in with.")],
    role: Annotated[Role, typer.Option(help="A workspace role (viewer, analyst, admin: the old names).")],
    agency: Annotated[
        str | None,
        typer.Option(help="The user's agency, added with 'holosec agencies add' (default: the role's)."),
    ] = None,
    token: Annotated[bool, typer.Option("--token", help="Print an API token instead of a password.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Create a user and print their one-time password, or with --token an API token (the last line).

    Exit codes: 0 created; 1 the name is taken or not usable; 2 wrong arguments.
    """
    users = _users(data_dir)
    password = users.add(name, role.value, agency, by=audit.OPERATOR)
    made = users.get(name)
    assert made is not None
    if token:
        out.print(f"created {made.role} {name} of {made.agency}; API token (shown once):", highlight=False)
        typer.echo(users.new_token(name, by=audit.OPERATOR))
        return
    out.print(f"created {made.role} {name} of {made.agency}; password (shown once):", highlight=False)
    typer.echo(password)


@users_app.command("list")
def list_users(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Every user with their role and agency (never their secrets)."""
    users = _users(data_dir).all()
    if as_json:
        emit_json({"users": [{"name": u.name, "role": u.role, "agency": u.agency} for u in users]})
        return
    table = Table("name", "role", "agency", box=None)
    for user in users:
        table.add_row(user.name, user.role, user.agency or "")
    out.print(table)


@users_app.command("password")
@reported()
def new_password(name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None) -> None:
    """Give a user a new one-time password (printed as the last line); their sessions end."""
    password = _users(data_dir).new_password(name, by=audit.OPERATOR)
    out.print(f"new password of {name} (shown once):", highlight=False)
    typer.echo(password)


@users_app.command("sign-out")
@reported()
def sign_out(name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None) -> None:
    """End every session and revoke every API token of a user."""
    count = _users(data_dir).sign_out_everywhere(name, by=audit.OPERATOR)
    out.print(f"{name}: {count} sessions and tokens ended", highlight=False)


@users_app.command("remove")
@reported()
def remove_user(name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None) -> None:
    """Delete a user with their sessions and tokens."""
    _users(data_dir).remove(name, by=audit.OPERATOR)
    out.print(f"removed {name}", highlight=False)
