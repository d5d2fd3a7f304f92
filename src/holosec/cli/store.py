"""The settings, the store and the workspace a ``holosec`` command works on.

Only the commands that make a store (``ingest``, ``demo``) or set the workspace up (``users add``,
``agencies add`` ...) create one; every other command finds none, says so in one line and makes nothing.
"""

from __future__ import annotations

from pathlib import Path

from holosec.cases.db import Workspace
from holosec.cases.people import UserStore
from holosec.engines import EngineURL
from holosec.errors import ParameterError
from holosec.ingest import refresh
from holosec.settings import Settings, get_settings
from holosec.store import Store
from holosec.taxonomy.versions import resolve


def settings_for(data_dir: Path | None, engine: str | None = None, *, dry_run: bool = False) -> Settings:
    """The settings, with ``--data-dir`` and ``--engine`` (when given) over the environment and the
    default; a wrong engine URL is a wrong argument, said before the store is looked for, and so is
    ``--dry-run`` with an engine other than BigQuery (whose URL then asks for a dry run)."""
    settings = get_settings(data_dir=data_dir, engine=engine)
    url = EngineURL.parse(settings.engine) if settings.engine is not None else None
    if dry_run:
        if url is None or url.kind != "bigquery":
            raise ParameterError(
                "dry-run", "prices BigQuery queries: give --engine bigquery://project/dataset"
            )
        joined = "&" if "?" in url.text else "?"
        settings = settings.model_copy(update={"engine": f"{url.text}{joined}dry_run=1"})
    return settings


def open_store(
    settings: Settings, *, read_only: bool = False, taxonomy: str | None = None, create: bool = False
) -> Store:
    """The store of ``settings``, to use as a context manager; a :class:`holosec.errors.StoreError` when
    it cannot be opened (reported by :func:`holosec.cli.errors.reported`): ``StoreMissing`` when there is
    none (made only when ``create``), ``StoreInUse`` when another process holds it. With ``taxonomy``, the
    day cells of that version are brought up to date first, since reads never refresh them (a taxonomy
    that does not exist is a wrong argument, said before the store is looked for)."""
    if taxonomy is not None:
        resolve(taxonomy)
    store = Store.open(
        settings.data_dir,
        memory_limit=settings.memory_limit,
        threads=settings.threads,
        read_only=read_only,
        create=create,
        engine=settings.engine,
    )
    if taxonomy is not None:
        try:
            refresh(store, taxonomy)
        except BaseException:
            store.close()
            raise
    return store


def open_workspace(settings: Settings, *, create: bool = False) -> Workspace:
    """The workspace of ``settings`` (``workspace.sqlite`` in the data directory, or
    ``HOLOSEC_DATABASE_URL``); :class:`holosec.cases.errors.WorkspaceMissing` when there is none, unless
    ``create``."""
    return Workspace.open(settings.data_dir, settings.database_url, create=create)


def open_users(settings: Settings, *, create: bool = False) -> UserStore:
    """The workspace's users, as :func:`open_workspace` opens it."""
    return UserStore(settings.data_dir, settings.database_url, create=create)
