"""Every source holosec reads, by name: its loader and its layouts, imported only when used."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Protocol

from holosec.sources.layout import Layout
from holosec.sources.loader import FileReport, Stored
from holosec.store import Store


class FileLoader(Protocol):
    def __call__(
        self,
        store: Store,
        path: Path,
        *,
        workdir: Path,
        layout: str | None = None,
        on_stored: Stored | None = None,
    ) -> FileReport: ...


@dataclass(frozen=True)
class Source:
    """A source: its name, what it is, and ``module:function`` of its file loader; the module's
    ``LAYOUTS`` lists the layouts ``--layout`` may force."""

    name: str
    title: str
    loader: str

    def load(self) -> FileLoader:
        module, function = self.loader.split(":")
        loaded: FileLoader = getattr(import_module(module), function)
        return loaded

    def layouts(self) -> dict[str, Layout]:
        layouts: dict[str, Layout] = import_module(self.loader.split(":")[0]).LAYOUTS
        return layouts


SOURCES: dict[str, Source] = {
    source.name: source
    for source in (
        Source("gdelt", "GDELT 1.0/2.0 events, mentions and GKG", "holosec.sources.gdelt:load_gdelt_file"),
        Source(
            "icews",
            "ICEWS coded events (Dataverse .tab, or name triples)",
            "holosec.sources.icews:load_icews_file",
        ),
        Source("polecat", "POLECAT events coded in PLOVER", "holosec.sources.polecat:load_polecat_file"),
        Source("acled", "ACLED export (yours; never redistributed)", "holosec.sources.acled:load_acled_file"),
        Source("ucdp", "UCDP Georeferenced Event Dataset (GED) CSV", "holosec.sources.ucdp:load_ucdp_file"),
    )
}
