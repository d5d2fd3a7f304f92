"""The Spark engine adapter: the same Ibis expressions on Apache Spark (``pip install 'holosec[spark]'``).

Spark reads the Parquet copy of the store's analytic tables that ``holosec export spark`` writes (events
partitioned by year, tags, fused groups, aggregate counts, and ``export.json`` with the ledger mark they
were written at), and keeps its own day cells beside them in ``rollup_days/`` (partitioned by taxonomy and
month, each refresh overwriting only the months it recomputed) with their state in ``rollup_state.json``.
The ledger, the workspace and the alerts stay in the local store.

One Spark session serves the whole process (Spark allows one per process): ``spark://local[2]`` starts
one in process, ``sc://host:15002`` connects to a Spark Connect server.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Sequence
from datetime import date
from typing import Any

import ibis
import pyarrow as pa

from holosec.engines.url import EngineURL
from holosec.errors import StoreError
from holosec.store import Store

TABLES = ("events", "event_tags", "fused_events", "aggregate_counts")
"""The tables ``holosec export spark`` writes, the engine's inputs."""
EXPORT_MARK = "export.json"
STATE = "rollup_state.json"
_DEFAULTS = {
    "spark.sql.session.timeZone": "UTC",  # dates and timestamps as stored, whatever the machine's zone
    "spark.sql.shuffle.partitions": "8",  # Spark's 200 suits a cluster, not 2 cores
    "spark.sql.sources.partitionOverwriteMode": "dynamic",  # a refresh replaces only its months
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",  # "2019-07" stays text
    "spark.ui.enabled": "false",
    "spark.sql.ansi.enabled": "false",  # NULL, not an error, for a cast or a division that has no value
}
_SESSIONS: dict[str, Any] = {}
_SESSION_LOCK = threading.Lock()


class SparkMissing(StoreError):
    """The engine's data, or pyspark itself, is not there."""


def session(url: EngineURL) -> Any:
    """The process's Spark session for ``url`` (made on first use, kept for the process's life, since
    starting Spark takes seconds); options given in the URL's query as ``spark.*=value`` are set."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - the test extra installs it
        raise SparkMissing("the Spark engine needs pyspark: pip install 'holosec[spark]'") from exc
    key = url.remote or url.master or "local[2]"
    with _SESSION_LOCK:
        if key not in _SESSIONS:
            builder = SparkSession.builder.appName("holosec")
            builder = builder.remote(url.remote) if url.remote else builder.master(key)
            settings = {**_DEFAULTS, **{k: v for k, v in url.options.items() if k.startswith("spark.")}}
            if url.remote:  # a Connect server's own settings are fixed; a session may set SQL ones only
                settings = {k: v for k, v in settings.items() if k.startswith("spark.sql.")}
            for name, value in settings.items():
                builder = builder.config(name, value)
            _SESSIONS[key] = builder.getOrCreate()
        return _SESSIONS[key]


class SparkEngine:
    """Ibis expressions evaluated by Spark over the Parquet in ``data`` (see the module docstring).

    Get a store's engine with :func:`holosec.engines.engine_for` (the store opened with a ``spark://``
    engine URL) rather than making another.
    """

    name = "spark"
    local = False
    cell_unit = "month"  # the day cells are rewritten a month at a time (their partitions)
    _serial = 0

    def __init__(self, store: Store, url: EngineURL) -> None:
        self.store = store
        self.url = url
        self.data = url.folder(store.data_dir)
        self.session = session(url)
        self.backend = ibis.pyspark.connect(self.session)
        SparkEngine._serial += 1
        self._prefix = f"holosec{SparkEngine._serial}_"
        self._lock = threading.RLock()
        self._temps: dict[str, Any] = {}
        self._registered: set[str] = set()
        self._export_seen = b""  # the export mark the registered tables were read at

    # --- reading -------------------------------------------------------------------------------------

    def _view(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def _register(self, name: str) -> None:
        path = self.data / name
        if not path.exists():
            if name == "rollup_days":
                raise SparkMissing(f"{path}: Spark has no day cells yet (refresh them first)")
            raise SparkMissing(f"{path}: no {name} for Spark here; write them with: holosec export spark")
        frame = self.session.read.parquet(str(path))
        frame.createOrReplaceTempView(self._view(name))
        self._registered.add(name)

    def _follow_export(self) -> None:
        """Forget the tables read so far when a new export has replaced them since (its mark changed):
        Spark would otherwise keep reading the old files' listing (call with the lock held)."""
        path = self.data / EXPORT_MARK
        seen = path.read_bytes() if path.exists() else b""
        if seen != self._export_seen:
            for name in self._registered - {"rollup_days"}:
                self.session.catalog.dropTempView(self._view(name))
                self.session.catalog.refreshByPath(str(self.data / name))
            self._registered &= {"rollup_days"}
            self._export_seen = seen

    def table(self, name: str) -> ibis.Table:
        """An exported table (or the engine's day cells, or a temporary table) as an Ibis expression."""
        with self._lock:
            self._follow_export()
            if name not in self._registered and name not in self._temps:
                self._register(name)
            return self.backend.table(self._view(name))

    def rows(self, expr: ibis.Table) -> list[dict[str, Any]]:
        """The result of ``expr`` as a list of dicts (through Arrow, not pandas), each column of the type
        ``expr`` declares: Spark's ``date_trunc`` gives a timestamp where Ibis (and DuckDB) give the date
        of a truncated date, so such columns are turned back into dates (the session's zone is UTC)."""
        found = self.session.sql(self.sql(expr)).toArrow()
        for name, kind in expr.schema().items():
            column = found.column(name)
            if kind.is_date() and pa.types.is_timestamp(column.type):
                dates = column.cast(pa.timestamp("us")).cast(pa.date32())
                found = found.set_column(found.schema.get_field_index(name), name, dates)
        return list(found.to_pylist())

    def value(self, expr: ibis.Scalar) -> Any:
        """The value of a scalar expression (a count, a sum)."""
        found = self.session.sql(self.sql(expr.as_table())).toArrow()
        return found.column(0)[0].as_py()

    def sql(self, expr: ibis.Expr) -> str:
        """The Spark SQL ``expr`` compiles to."""
        return str(self.backend.compile(expr))

    def small_table(self, name: str, columns: dict[str, list[Any]], schema: dict[str, str]) -> ibis.Table:
        """A small temporary view of reference rows (such as a taxonomy version map), replaced if present."""
        arrow = pa.table({column: columns[column] for column in schema})
        types = ibis.schema(schema).to_pyarrow()
        frame = self.session.createDataFrame(arrow.cast(types))
        with self._lock:
            frame.createOrReplaceTempView(self._view(name))
            self._temps[name] = frame
        return self.backend.table(self._view(name))

    def create_temp(self, name: str, expr: ibis.Table) -> ibis.Table:
        """``expr`` computed once and cached for later reads, as an expression."""
        frame = self.session.sql(self.sql(expr)).cache()
        frame.count()  # compute it now, once
        with self._lock:
            old = self._temps.pop(name, None)
            frame.createOrReplaceTempView(self._view(name))
            self._temps[name] = frame
        if old is not None:
            old.unpersist()
        return self.backend.table(self._view(name))

    def drop_temp(self, *names: str) -> None:
        """Drop what :meth:`create_temp` made."""
        with self._lock:
            for name in names:
                frame = self._temps.pop(name, None)
                if frame is not None:
                    frame.unpersist()
                    self.session.catalog.dropTempView(self._view(name))

    # --- the data's mark and the day cells --------------------------------------------------------------

    def watermark(self) -> tuple[int, int, int]:
        """(last ledger file, tags serial, fusion serial) of the exported data the cells must match."""
        path = self.data / EXPORT_MARK
        if not path.exists():
            raise SparkMissing(f"{self.data}: no data for Spark here; write it with: holosec export spark")
        mark = json.loads(path.read_text(encoding="utf-8"))
        return int(mark["through_file"]), int(mark["tags_serial"]), int(mark["fusion_serial"])

    def _states(self) -> dict[str, list[int]]:
        path = self.data / STATE
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def rollup_state(self, taxonomy: str) -> tuple[int, int, int] | None:
        """The mark the day cells of ``taxonomy`` were built at, or None when there are none."""
        found = self._states().get(taxonomy)
        return (int(found[0]), int(found[1]), int(found[2])) if found else None

    def save_rollup_state(self, taxonomy: str, mark: tuple[int, int, int]) -> None:
        """Record that the day cells of ``taxonomy`` now match ``mark`` (written last, atomically)."""
        states = {**self._states(), taxonomy: list(mark)}
        partial = self.data / (STATE + ".part")
        partial.write_text(json.dumps(states, indent=1, sort_keys=True), encoding="utf-8")
        partial.replace(self.data / STATE)

    def maintained(self) -> list[str]:
        """The taxonomy versions with day cells here."""
        return sorted(self._states())

    def write_cells(self, taxonomy: str, cells: ibis.Table, days: Sequence[date] | None) -> int:
        """Write ``cells`` as the day cells of ``taxonomy``: all of them (``days`` None: the taxonomy's
        folder is replaced), or the months of ``days``, whose partitions are overwritten (so ``cells``
        must hold whole months: :mod:`holosec.indicators.rollup` widens days to months here)."""
        frame = self.session.sql(self.sql(cells.mutate(month=cells.period.strftime("%Y-%m"))))
        frame = frame.cache()
        count = int(frame.count())
        target = self.data / "rollup_days"
        if days is None:
            shutil.rmtree(target / f"taxonomy={taxonomy}", ignore_errors=True)
        if count:
            frame.write.mode("overwrite").partitionBy("taxonomy", "month").parquet(str(target))
        frame.unpersist()
        with self._lock:
            self._registered.discard("rollup_days")
            self.session.catalog.refreshByPath(str(target))
        return count

    def close(self) -> None:
        """Drop this engine's temporary views (the session lives on for the process)."""
        with self._lock:
            for name in [*self._temps, *self._registered]:
                self.session.catalog.dropTempView(self._view(name))
            for frame in self._temps.values():
                frame.unpersist()
            self._temps.clear()
            self._registered.clear()
