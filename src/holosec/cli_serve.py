"""``holosec serve`` and ``holosec users``: thin shells over :mod:`holosec.api` (registered on the app at
the end of :mod:`holosec.cli`)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from holosec.cases import audit
from holosec.cli_options import AsJson, DataDir

if TYPE_CHECKING:
    from holosec.api.users import UserStore

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
    import uvicorn

    from holosec.api import create_app
    from holosec.cli import _settings

    settings = _settings(data_dir)
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


@users_app.command("add")
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
    from holosec.api.users import UserError, UserStore
    from holosec.cli import _say, _settings, out
    from holosec.ingest import EXIT_FAILED

    settings = _settings(data_dir)
    users = UserStore(settings.data_dir, settings.database_url)
    try:
        password = users.add(name, role.value, agency, by=audit.OPERATOR)
    except UserError as exc:
        _say(f"error: {exc}")
        raise typer.Exit(EXIT_FAILED) from exc
    made = users.get(name)
    assert made is not None
    if token:
        out.print(f"created {made.role} {name} of {made.agency}; API token (shown once):", highlight=False)
        typer.echo(users.new_token(name, by=audit.OPERATOR))
        return
    out.print(f"created {made.role} {name} of {made.agency}; password (shown once):", highlight=False)
    typer.echo(password)


def _users(data_dir: Path | None) -> UserStore:
    from holosec.api.users import UserStore
    from holosec.cli import _settings

    settings = _settings(data_dir)
    return UserStore(settings.data_dir, settings.database_url)


def _failed(exc: Exception) -> typer.Exit:
    from holosec.cli import _say
    from holosec.ingest import EXIT_FAILED

    _say(f"error: {exc}")
    return typer.Exit(EXIT_FAILED)


@users_app.command("list")
def list_users(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Every user with their role and agency (never their secrets)."""
    from holosec.cli import _emit_json, out

    users = _users(data_dir).all()
    if as_json:
        _emit_json({"users": [{"name": u.name, "role": u.role, "agency": u.agency} for u in users]})
        return
    table = Table("name", "role", "agency", box=None)
    for user in users:
        table.add_row(user.name, user.role, user.agency or "")
    out.print(table)


@users_app.command("password")
def new_password(name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None) -> None:
    """Give a user a new one-time password (printed as the last line); their sessions end."""
    from holosec.api.users import UserError
    from holosec.cli import out

    try:
        password = _users(data_dir).new_password(name, by=audit.OPERATOR)
    except UserError as exc:
        raise _failed(exc) from exc
    out.print(f"new password of {name} (shown once):", highlight=False)
    typer.echo(password)


@users_app.command("sign-out")
def sign_out(name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None) -> None:
    """End every session and revoke every API token of a user."""
    from holosec.api.users import UserError
    from holosec.cli import out

    try:
        count = _users(data_dir).sign_out_everywhere(name, by=audit.OPERATOR)
    except UserError as exc:
        raise _failed(exc) from exc
    out.print(f"{name}: {count} sessions and tokens ended", highlight=False)


@users_app.command("remove")
def remove_user(name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None) -> None:
    """Delete a user with their sessions and tokens."""
    from holosec.api.users import UserError
    from holosec.cli import out

    try:
        _users(data_dir).remove(name, by=audit.OPERATOR)
    except UserError as exc:
        raise _failed(exc) from exc
    out.print(f"removed {name}", highlight=False)
