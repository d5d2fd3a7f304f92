"""The settings and the store a ``holosec`` command works on."""

from __future__ import annotations

from pathlib import Path

from holosec.ingest import refresh
from holosec.settings import Settings, get_settings
from holosec.store import Store


def settings_for(data_dir: Path | None) -> Settings:
    """The settings, with ``--data-dir`` (when given) over the environment and the default."""
    return get_settings(data_dir=data_dir)


def open_store(settings: Settings, *, read_only: bool = False, taxonomy: str | None = None) -> Store:
    """The store of ``settings``, to use as a context manager; a :class:`holosec.errors.StoreError` when
    it cannot be opened (reported by :func:`holosec.cli.errors.reported`). With ``taxonomy``, the day
    cells of that version are brought up to date first, since reads never refresh them."""
    store = Store.open(
        settings.data_dir, memory_limit=settings.memory_limit, threads=settings.threads, read_only=read_only
    )
    if taxonomy is not None:
        try:
            refresh(store, taxonomy)
        except BaseException:
            store.close()
            raise
    return store
