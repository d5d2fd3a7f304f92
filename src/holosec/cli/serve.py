"""``holosec serve`` and ``holosec users``: thin shells over :mod:`holosec.server` and the workspace's
users (:mod:`holosec.cases.people`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from holosec.cases import audit
from holosec.cases.people import UserStore
from holosec.cases.roles import LEGACY, ROLES, role_id
from holosec.cli.errors import reported
from holosec.cli.follow import Interval, Keep, Mirror, make_follower
from holosec.cli.options import AsJson, DataDir, Engine, OutputFormat
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, out
from holosec.cli.store import open_store, open_users, settings_for

users_app = typer.Typer(
    help="Users of the web app, API and workspace (in the workspace database).", no_args_is_help=True
)


ROLE_HELP = (
    f"A workspace role, lowest to highest: {', '.join(ROLES)} (docs/workspace.md); the old names "
    + ", ".join(f"{old} ({new})" for old, new in LEGACY.items())
    + " still work."
)


@reported()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    data_dir: DataDir = None,
    engine: Engine = None,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow", help="Follow GDELT 2.0 live while serving (as holosec follow does, in the server)."
        ),
    ] = False,
    interval: Interval = 900.0,
    mirror: Mirror = None,
    keep: Keep = None,
) -> None:
    """Serve the web app and REST API (OpenAPI at /docs) over the store; sign-in required.

    The first run on a data directory without users creates the user admin and prints its password once
    (on stderr). Put a TLS proxy in front of it for use beyond this machine. While it runs, it holds the
    store: other holosec commands on it say so and where it serves (DuckDB lets one process write a store,
    and no other process open it meanwhile). With --follow, the server also follows GDELT 2.0 every
    --interval seconds (holosec follow) and writes the new data itself while serving; holosec status and
    GET /api/v1/status show how it goes (--keep 180d: raw GDELT records of 180 days kept, the day cells and
    alerts for ever), /metrics gives Prometheus its numbers. Exit codes: 0 stopped; 1 no
    store, or the store in use.
    """
    # The one import inside a function of the CLI: the web app (FastAPI, Starlette, the pages and every
    # route) and uvicorn would add about a second to the start of every other command.
    import uvicorn

    from holosec.server import create_app

    settings = settings_for(data_dir, engine)
    open_store(settings).close()  # one line now, not uvicorn's tracebacks, if it is missing or in use
    app = create_app(
        settings.data_dir,
        memory_limit=settings.serve_memory_limit,
        threads=settings.threads,
        database_url=settings.database_url,
        settings=settings,
        url=f"http://{f'[{host}]' if ':' in host else host}:{port}",
        follow=make_follower(settings, mirror, interval, keep) if follow else None,
    )
    # The app believes X-Forwarded-* only from HOLOSEC_TRUSTED_PROXIES; uvicorn's own proxy headers (which
    # trust 127.0.0.1 by default) would let anyone on this machine pose as any address.
    uvicorn.run(app, host=host, port=port, proxy_headers=False, log_level="info")


def _users(data_dir: Path | None, *, create: bool = False) -> UserStore:
    return open_users(settings_for(data_dir), create=create)


@users_app.command("add")
@reported()
def add_user(
    name: Annotated[str, typer.Argument(help="The user name to sign in with.")],
    role: Annotated[str, typer.Option(help=ROLE_HELP, show_default=False)],
    agency: Annotated[
        str | None,
        typer.Option(help="The user's agency, added with 'holosec agencies add' (default: the role's)."),
    ] = None,
    token: Annotated[bool, typer.Option("--token", help="Print an API token instead of a password.")] = False,
    data_dir: DataDir = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object: name, role, agency and password or token.")
    ] = False,
) -> None:
    """Create a user and print their one-time password, or with --token an API token (the last line).

    Exit codes: 0 created; 1 the name is taken or not usable; 2 wrong arguments.
    """
    try:
        role = role_id(role)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--role") from exc
    users = _users(data_dir, create=True)
    password = users.add(name, role, agency, by=audit.OPERATOR)
    made = users.get(name)
    assert made is not None
    kind, secret = ("token", users.new_token(name, by=audit.OPERATOR)) if token else ("password", password)
    if as_json:
        emit_json({"name": name, "role": made.role, "agency": made.agency, kind: secret})
        return
    shown = "API token" if token else "password"
    out.print(f"created {made.role} {name} of {made.agency}; {shown} (shown once):", highlight=False)
    typer.echo(secret)


@users_app.command("list")
@reported()
def list_users(data_dir: DataDir = None, as_json: AsJson = False, fmt: OutputFormat = Format.table) -> None:
    """Every user with their role and agency (never their secrets)."""
    users = [{"name": u.name, "role": u.role, "agency": u.agency} for u in _users(data_dir).all()]
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"users": users})
        return
    emit_table((Column("name"), Column("role"), Column("agency", kind="text")), users, fmt)


@users_app.command("password")
@reported()
def new_password(
    name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None, as_json: AsJson = False
) -> None:
    """Give a user a new one-time password (printed as the last line); their sessions end."""
    password = _users(data_dir).new_password(name, by=audit.OPERATOR)
    if as_json:
        emit_json({"name": name, "password": password})
        return
    out.print(f"new password of {name} (shown once):", highlight=False)
    typer.echo(password)


@users_app.command("sign-out")
@reported()
def sign_out(
    name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None, as_json: AsJson = False
) -> None:
    """End every session and revoke every API token of a user."""
    count = _users(data_dir).sign_out_everywhere(name, by=audit.OPERATOR)
    if as_json:
        emit_json({"name": name, "ended": count})
        return
    out.print(f"{name}: {count} sessions and tokens ended", highlight=False)


@users_app.command("remove")
@reported()
def remove_user(
    name: Annotated[str, typer.Argument(help="The user.")], data_dir: DataDir = None, as_json: AsJson = False
) -> None:
    """Delete a user with their sessions and tokens."""
    _users(data_dir).remove(name, by=audit.OPERATOR)
    if as_json:
        emit_json({"name": name, "removed": True})
        return
    out.print(f"removed {name}", highlight=False)
