"""``holosec backup`` and ``holosec restore``: thin shells over :mod:`holosec.store.backup`; a store that
``holosec serve`` holds is backed up by the server itself (``POST /api/v1/admin/backup``)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated, Any

import typer
from alembic.config import Config
from alembic.script import ScriptDirectory

from holosec.cases.db import MIGRATIONS, workspace_url
from holosec.cli.errors import answered, fail, reported
from holosec.cli.options import AsJson, DataDir
from holosec.cli.output import emit_json, out, say
from holosec.cli.store import open_store, settings_for
from holosec.errors import StoreInUse
from holosec.settings import Settings
from holosec.store.backup import BACKUPS_DIR, NAME, backup_dir, restore
from holosec.store.backup import backup as write_backup

TIMEOUT_S = 3600.0  # a large store takes minutes to copy and hash


@reported()
def backup(
    target: Annotated[
        str,
        typer.Argument(
            metavar="DIR",
            help="A new (or empty) folder to write the backup into; while holosec serve holds the store, a"
            " NAME (letters, digits, - and _) of a folder under DATA_DIR/backups on the server's machine.",
            show_default=False,
        ),
    ],
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="HOLOSEC_TOKEN",
            help="An API token of a commission admin (env HOLOSEC_TOKEN), needed when the server holds"
            " the store ('holosec users add NAME --role commission-admin --token' makes one).",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Back up the store and the workspace (users, cases, attachments, audit trail, settings) into DIR,
    with manifest.json: versions, migrations, when (UTC), each file's size and SHA-256.

    When no process holds the store, this command opens it and writes DIR itself. While holosec serve
    runs on it (it holds the store), the server writes the backup instead, into DATA_DIR/backups/NAME on
    its own machine, when asked by a commission admin's token (POST /api/v1/admin/backup); the server keeps
    serving, its queries waiting while the store's file is copied. A PostgreSQL workspace
    (HOLOSEC_DATABASE_URL) is not copied: back it up with pg_dump (docs/operations.md). Exit codes: 0
    written; 1 the folder is in the way, the server refused, or the store is held by another process.
    """
    settings = settings_for(data_dir)
    try:
        store = open_store(settings)
    except StoreInUse as exc:
        if exc.url is None:
            raise
        manifest, where = _backup_by_server(exc, settings, target, token)
    else:
        with store:
            where = str(Path(target).resolve())
            manifest = write_backup(
                store, Path(target), workspace_url=workspace_url(settings.data_dir, settings.database_url)
            )
    if as_json:
        emit_json({"path": where, "manifest": manifest})
        return
    _print_backup(where, manifest)


def _backup_by_server(
    held: StoreInUse, settings: Settings, target: str, token: str | None
) -> tuple[dict[str, Any], str]:
    """Ask the server that holds the store to back it up into ``DATA_DIR/backups/target``."""
    if not NAME.match(target):
        raise fail(
            f"{held}; to back it up through the server, give a NAME (letters, digits, - and _), not"
            f" {target!r}: it writes {settings.data_dir / BACKUPS_DIR}/NAME on its machine"
        )
    if not token:
        raise fail(f"{held}; to back it up through the server, give a commission admin's --token")
    backup_dir(settings.data_dir, target)  # the same check the server makes
    url = f"{held.url}/api/v1/admin/backup"
    request = urllib.request.Request(
        url,
        data=json.dumps({"name": target}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    say(f"the store is held by holosec serve at {held.url}: asking it to write the backup")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise fail(
                f"{url}: the server refused the token ({exc.code} {answered(exc)}): it is wrong or revoked;"
                " give a commission admin's token (holosec users add NAME --role commission-admin --token)"
            ) from exc
        raise fail(f"{url}: {exc.code} {answered(exc)}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise fail(f"{url}: no answer ({exc})") from exc
    return answer["manifest"], str(answer["path"])


def _print_backup(where: str, manifest: dict[str, Any]) -> None:
    files = ", ".join(f"{file['name']} ({file['size']:,} bytes)" for file in manifest["files"])
    out.print(
        f"backup written to {where}: {files}; store schema {manifest['store']['schema']}, in"
        f" {manifest['seconds']} s (the store paused {manifest['store_paused_seconds']} s)",
        highlight=False,
        soft_wrap=True,
    )
    if skipped := manifest["workspace"].get("skipped"):
        say(f"note: {skipped}")


def known_revisions() -> set[str]:
    """The workspace revisions this holosec's migrations know."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


@reported()
def restore_command(
    source: Annotated[
        Path, typer.Argument(metavar="DIR", help="A backup folder (with manifest.json).", show_default=False)
    ],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Restore into a data directory that is not empty, replacing its store and SQLite"
            " workspace (other files stay).",
        ),
    ] = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Restore a backup into the data directory (--data-dir): each file is checked against the manifest's
    SHA-256 first, then written under a temporary name and renamed; the store is opened once (migrating
    an older backup).

    Refused, with nothing written: a damaged backup, one of a newer holosec schema, a data directory that
    is not empty (unless --force), a store there that a process (holosec serve) holds. A PostgreSQL
    workspace is restored with pg_restore (docs/operations.md). Exit codes: 0 restored; 1 refused.
    """
    settings = settings_for(data_dir)
    done = restore(source, settings.data_dir, force=force, workspace_revisions=known_revisions())
    if as_json:
        emit_json(done)
        return
    out.print(
        f"restored {', '.join(done['files'])} from {source} (made {done['created']} by holosec"
        f" {done['holosec']}) into {settings.data_dir}; store schema {done['store']['schema']}",
        highlight=False,
        soft_wrap=True,
    )
    if done["workspace"].get("skipped"):
        say(f"note: {done['workspace']['skipped']}")
    if settings.database_url:
        say(
            "note: HOLOSEC_DATABASE_URL is set: the server uses that workspace, not a restored"
            " workspace.sqlite"
        )
