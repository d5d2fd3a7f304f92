"""The follower: each cycle takes the GDELT 2.0 files published since the last one it took, in order, from a
mirror (:class:`holosec.sources.download.Downloader`: size and MD5 checked, resumed, 5xx retried with
backoff), ingests them as ``holosec ingest gdelt`` does (:func:`holosec.ingest.ingest_paths`: load and
tag each file), then **publishes** the cycle in one transaction: refreshes the day cells and the source
coverage and runs the alert rules as ``holosec warn`` does (:func:`holosec.warning.watch.run_rules`), so
that the dashboard's readers, who never wait for the writer (:class:`holosec.store.Store`), see the numbers,
their evidence and the alerts of before the cycle or of after it, never half of it; then it tells of the
new alerts (:mod:`holosec.follow.notices`).

What to take: the files of ``gdeltv2/lastupdate.txt`` newer than the newest taken when they follow it
directly; after a gap (downtime, a first run with ``since``), or when files are to be tried again, the
files of ``masterfilelist.txt`` in between, oldest first. A file that fails (download, MD5, ingest) is
tried again in the next cycles, ``max_attempts`` times in all, then given up and reported; the files
after it are taken meanwhile. A first run without ``since`` starts at the newest files. Cycles never
overlap (:class:`FollowBusy`), and each is logged in the store (:mod:`holosec.follow.log`), so a follower
started again resumes where the last one stopped; the store's file ledger skips a file ingested already.

A stop (:meth:`Follower.stop`: Ctrl-C or SIGTERM) takes effect between files: the cycle downloads or loads
no further file, publishes what it loaded (so the store is left as after a whole cycle, with fewer files)
and notes the files it did not take as to be taken again without counting an attempt, so the next start
takes them first.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from holosec.errors import HolosecError
from holosec.follow import log as follow_log
from holosec.follow import metrics, retention
from holosec.follow.notices import Notices
from holosec.ingest.step import ingest_files, refresh_kept
from holosec.sources.download import DEFAULT_MIRROR, TABLES, Downloader, RemoteFile
from holosec.sources.inputs import expand
from holosec.sources.registry import SOURCES, FileLoader
from holosec.store import Store
from holosec.warning.watch import Rule, run_rules

logger = logging.getLogger("holosec.follow")
Clock = Callable[[], datetime]
"""The time now, in UTC (injectable, so tests control it)."""
STEP = timedelta(minutes=15)
"""How often GDELT 2.0 publishes."""
HISTORY = 20
"""Cycles kept in memory for the status (all are kept in the store)."""
LEFT = "stopped before it was taken: taken at the next start"
"""The note of a file a stopped cycle left (:data:`holosec.follow.log.FAILED` with no attempt counted)."""


def utc_now() -> datetime:
    """The time now in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime | None) -> str | None:
    """A UTC time as ISO 8601 with ``Z``.

    >>> iso(datetime(2024, 1, 1, 0, 15, tzinfo=UTC))
    '2024-01-01T00:15:00Z'
    """
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def stamp_of(name: str) -> datetime:
    """The UTC time of a GDELT 2.0 file, from its name.

    >>> stamp_of("20150218230000.export.CSV.zip")
    datetime.datetime(2015, 2, 18, 23, 0, tzinfo=datetime.timezone.utc)
    """
    return datetime.strptime(name[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def kind_of(name: str) -> str:
    """The table of a GDELT 2.0 file, from its name.

    >>> kind_of("20150218230000.mentions.CSV.zip"), kind_of("20150218230000.export.CSV.zip")
    ('mentions', 'events')
    """
    return next((kind for kind in ("mentions", "gkg") if f".{kind}." in name.lower()), "events")


class FollowBusy(HolosecError):
    """A cycle is running already: cycles never overlap."""


@dataclass
class CycleReport:
    """What one cycle did: files taken, rows stored and quarantined, new alerts, the files that failed
    (one line each), the error that stopped it (None when it ran through), the newest file's time, and the
    files left for the next start when a stop ended it early."""

    started: datetime
    finished: datetime | None = None
    files: int = 0
    rows_stored: int = 0
    rows_quarantined: int = 0
    alerts: int = 0
    failed: list[str] = field(default_factory=list)
    error: str | None = None
    newest: datetime | None = None
    seconds: float = 0.0
    left: int = 0

    def as_status(self) -> dict[str, Any]:
        """The ``last_cycle`` of the status document.

        >>> CycleReport(datetime(2024, 1, 1, tzinfo=UTC)).as_status()["started"]
        '2024-01-01T00:00:00Z'
        """
        return {
            "started": iso(self.started),
            "finished": iso(self.finished),
            "files": self.files,
            "rows_stored": self.rows_stored,
            "alerts": self.alerts,
            "error": self.error,
        }

    def as_dict(self) -> dict[str, Any]:
        """Everything, JSON-ready (``holosec follow --json``)."""
        return {
            **self.as_status(),
            "rows_quarantined": self.rows_quarantined,
            "failed": self.failed,
            "newest": iso(self.newest),
            "seconds": round(self.seconds, 3),
            "left": self.left,
        }

    @classmethod
    def from_log(cls, row: dict[str, Any]) -> CycleReport:
        """A cycle as :func:`holosec.follow.log.recent_cycles` reads it back."""
        return cls(
            started=row["started"], finished=row["finished"], files=row["files"],
            rows_stored=row["rows_stored"], rows_quarantined=row["rows_quarantined"], alerts=row["alerts"],
            error=row["error"], newest=row["newest"],
        )  # fmt: skip


def status_document(
    state: str, last: CycleReport | None, newest: datetime | None, next_cycle: datetime | None, now: datetime
) -> dict[str, Any]:
    """The status document of ``holosec status`` and ``GET /api/v1/status``; ``lag_seconds`` is now minus
    the newest file's time (None before any file).

    >>> status_document("off", None, None, None, datetime(2024, 1, 1, tzinfo=UTC))
    {'follow': {'state': 'off', 'last_cycle': None, 'lag_seconds': None, 'next_cycle': None}}
    """
    lag = None if newest is None else int((now - newest).total_seconds())
    return {
        "follow": {
            "state": state,
            "last_cycle": None if last is None else last.as_status(),
            "lag_seconds": lag,
            "next_cycle": iso(next_cycle),
        }
    }


def stored_status(store: Store, now: datetime | None = None) -> dict[str, Any]:
    """The status document of a store no follower runs on (state ``off``), from its log.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     stored_status(store)["follow"]["state"]
    'off'
    """
    cycles = follow_log.recent_cycles(store, 1)
    last = CycleReport.from_log(cycles[0]) if cycles else None
    return status_document("off", last, follow_log.newest_done(store), None, now or utc_now())


class Follower:
    """Follows GDELT 2.0 on ``mirror`` into ``store``: :meth:`cycle` once, :meth:`run` in this thread, or
    :meth:`start` / :meth:`stop` a thread of its own (``holosec serve --follow``); :meth:`status` at any time
    without waiting for the store. Example (it downloads, so it is not run here)::

        with Store.open(Path("data")) as store:
            report = Follower(store).cycle()
    """

    def __init__(
        self,
        store: Store,
        *,
        mirror: str = DEFAULT_MIRROR,
        interval: float = 900.0,
        clock: Clock = utc_now,
        downloads: Path | None = None,
        tables: tuple[str, ...] = TABLES,
        since: datetime | None = None,
        max_attempts: int = 5,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 0.5,
        rules: list[Rule] | None = None,
        notices: Notices | None = None,
        keep: timedelta | None = None,
    ) -> None:
        if interval <= 0:
            raise ValueError(f"the interval must be positive, not {interval}")
        Downloader(mirror).close()  # the mirror's URL checked now
        self.store = store
        self.mirror = mirror
        self.interval = interval
        self.downloads = downloads or store.data_dir / "downloads" / "gdelt2"
        self._clock = clock
        self._tables = tables
        self._since = since
        self._max_attempts = max_attempts
        self._timeout, self._retries, self._backoff = timeout, retries, backoff
        self._rules = rules
        self._notices = notices
        self.keep = keep
        """The window of raw records kept (:mod:`holosec.follow.retention`); None keeps everything."""
        self.pruned: dict[str, int] = {}
        """The rows the last cycle pruned, per table."""
        self._cycle_lock = threading.Lock()
        self._running = False
        self._looping = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next: datetime | None = None
        self.recent = [CycleReport.from_log(row) for row in follow_log.recent_cycles(store, HISTORY)]
        self._newest = follow_log.newest_done(store)
        self.warm: Callable[[], None] | None = None
        """Called in the loop after each cycle that stored rows, outside the cycle (a server sets it to
        build what every reader's first page after a change needs, so that no reader waits for it)."""

    # -- status ------------------------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """``running`` during a cycle, ``idle`` between the cycles of a loop, else ``off``."""
        if self._running:
            return "running"
        return "idle" if self._looping else "off"

    def status(self) -> dict[str, Any]:
        """The status document (:func:`status_document`), from memory: it never waits for a cycle."""
        last = self.recent[0] if self.recent else None
        return status_document(
            self.state, last, self._newest, self._next if self._looping else None, self._clock()
        )

    # -- one cycle ---------------------------------------------------------------------------------------

    def cycle(self) -> CycleReport:
        """Take, ingest and alert once; :class:`FollowBusy` when a cycle is running already. A cycle that
        fails (the mirror unreachable, the store refusing) says why in ``error`` and is logged."""
        if not self._cycle_lock.acquire(blocking=False):
            raise FollowBusy("a follower cycle is running already")
        self._running = True
        report = CycleReport(started=self._clock())
        began = time.perf_counter()
        try:
            try:
                self._take(report)
            except Exception as exc:  # the loop goes on; the next cycle tries again
                logger.exception("follower cycle failed")
                report.error = str(exc) or type(exc).__name__
            report.finished = self._clock()
            report.seconds = time.perf_counter() - began
            if report.error is None and report.failed:
                report.error = f"{len(report.failed)} file(s) failed: " + "; ".join(report.failed)[:1000]
            self._log(report)
            return report
        finally:
            self._running = False
            self._cycle_lock.release()

    def _log(self, report: CycleReport) -> None:
        metrics.CYCLE_SECONDS.observe(report.seconds)
        metrics.CYCLES.labels("ok" if report.error is None else "error").inc()
        metrics.ROWS_STORED.inc(report.rows_stored)
        metrics.ROWS_QUARANTINED.inc(report.rows_quarantined)
        metrics.ALERTS_RAISED.inc(report.alerts)
        try:
            follow_log.record_cycle(
                self.store, {**report.__dict__, "failed": len(report.failed), "newest": self._newest}
            )
        except Exception:  # a store that refuses the log must not end the loop
            logger.exception("cannot log the follower cycle")
        self.recent = [report, *self.recent][:HISTORY]

    def _take(self, report: CycleReport) -> None:
        with Downloader(
            self.mirror, timeout=self._timeout, retries=self._retries, backoff=self._backoff
        ) as downloader:
            wanted, gone = self._plan(downloader)
            for name in gone:  # listed for a retry no more: an attempt that failed
                self._failed(report, name, stamp_of(name), kind_of(name), "no longer listed by the mirror")
            if not wanted:
                return
            load = self._loader()
            loaded = False
            for remote in wanted:  # one file at a time: a stop takes effect between two
                if self.stopping:
                    self._leave(report, remote)
                else:
                    loaded |= self._take_one(downloader, load, remote, report)
        self._newest = follow_log.newest_done(self.store)
        report.newest = self._newest
        if loaded:
            self._publish(report)

    def _take_one(
        self, downloader: Downloader, load: FileLoader, remote: RemoteFile, report: CycleReport
    ) -> bool:
        """Download, verify and load one file, noting what became of it; whether it reached the loader."""
        stamp = stamp_of(remote.name)
        fetched = downloader.fetch([remote], self.downloads)
        if fetched.errors or not fetched.paths:
            problem = fetched.errors[0].split(":", 1)[-1].strip() if fetched.errors else "not fetched"
            self._failed(report, remote.name, stamp, remote.table, problem)
            return False
        path = fetched.paths[0]
        summary = ingest_files(self.store, expand([path]), load, refresh_cells=False)
        report.rows_stored += summary.rows_stored
        report.rows_quarantined += summary.rows_quarantined
        failed = [file_report for file_report in summary.reports if file_report.status == "failed"]
        if failed:
            self._failed(report, remote.name, stamp, remote.table, failed[0].error or "could not be ingested")
            return True
        follow_log.record_file(
            self.store, remote.name, stamp, remote.table, follow_log.DONE,
            follow_log.attempts_of(self.store, remote.name) + 1, None, self._clock(),
        )  # fmt: skip
        path.unlink(missing_ok=True)  # ingested: the ledger keeps what it was
        report.files += 1
        metrics.FILES.labels(follow_log.DONE).inc()
        return True

    def _loader(self) -> FileLoader:
        """The loader of ``holosec ingest gdelt`` (load and tag), the day cells left to :meth:`_publish`;
        with ``keep``, it prunes after each file, before the day cells are refreshed (:mod:`.retention`)."""
        load = SOURCES["gdelt"].load()
        if self.keep is not None:
            self.pruned = {}
            load = retention.pruning(load, self.keep, self.pruned)
        return load

    def _leave(self, report: CycleReport, remote: RemoteFile) -> None:
        """Note a file a stop left as to be taken again (:func:`.log.pending`), its attempts unchanged: the
        next start takes it, whatever newer files this cycle took."""
        name, attempts = remote.name, follow_log.attempts_of(self.store, remote.name)
        follow_log.record_file(
            self.store, name, stamp_of(name), remote.table, follow_log.FAILED, attempts, LEFT, self._clock()
        )
        report.left += 1

    def _publish(self, report: CycleReport) -> None:
        """Refresh the day cells and the source coverage (of the days not sealed by pruning) and run the
        alert rules in one transaction; then tell of the new alerts."""
        with self.store.transaction():
            refresh_kept(self.store)
            new = self._alert(report) if report.rows_stored else []
        self._tell(report, new)

    def _failed(self, report: CycleReport, name: str, stamp: datetime, kind: str, problem: str) -> None:
        attempts = follow_log.attempts_of(self.store, name) + 1
        status = follow_log.GIVEN_UP if attempts >= self._max_attempts else follow_log.FAILED
        follow_log.record_file(self.store, name, stamp, kind, status, attempts, problem, self._clock())
        tail = "given up" if status == follow_log.GIVEN_UP else "will be tried again"
        report.failed.append(f"{name}: {problem} (attempt {attempts} of {self._max_attempts}, {tail})")
        metrics.FILES.labels(status).inc()

    def _alert(self, report: CycleReport) -> list[dict[str, Any]]:
        """Run the alert rules; count and return the alerts not raised before."""
        before = {row[0] for row in self.store.execute("SELECT alert_id FROM alerts").fetchall()}
        raised = run_rules(self.store, self._rules)
        new = [row for row in raised if row["alert_id"] not in before]
        report.alerts = len(new)
        return new

    def _tell(self, report: CycleReport, new: list[dict[str, Any]]) -> None:
        """Tell of the new alerts (stored already): a failure to tell goes into the cycle's error."""
        if new and self._notices is not None:
            try:
                self._notices(new)
            except Exception as exc:  # the alerts are stored; the failure to tell is in the cycle's error
                logger.exception("cannot tell of the new alerts")
                report.failed.append(f"notices: {exc}")

    def _plan(self, downloader: Downloader) -> tuple[list[RemoteFile], list[str]]:
        """The files to take, oldest first, and the files to retry that the mirror lists no more."""
        latest = downloader.list_gdelt2_latest(self._tables)
        if not latest:
            return [], []
        newest = max(stamp_of(remote.name) for remote in latest)
        last = follow_log.newest_taken(self.store)
        retry = follow_log.pending(self.store)
        if last is None and self._since is None and not retry:
            return sorted(latest, key=lambda remote: remote.name), []
        after = last if last is not None else (self._since or newest) - timedelta(seconds=1)
        if not retry and newest - after <= STEP:
            chosen = [remote for remote in latest if stamp_of(remote.name) > after]
        else:  # a gap, or retries: the master list between
            first = min([after, *(state.stamp for state in retry.values())])
            listing = downloader.list_gdelt2(first.date(), newest.date(), self._tables)
            chosen = [
                remote
                for remote in listing.files
                if after < stamp_of(remote.name) <= newest or remote.name in retry
            ]
        gone = sorted(set(retry) - {remote.name for remote in chosen})
        return sorted(chosen, key=lambda remote: remote.name), gone

    # -- the loop ----------------------------------------------------------------------------------------

    def run(self, on_cycle: Callable[[CycleReport], None] | None = None) -> None:
        """Cycle every ``interval`` seconds in this thread until :meth:`stop` (or Ctrl-C)."""
        self._looping = True
        try:
            while not self._stop.is_set():
                try:
                    report = self.cycle()
                except FollowBusy:
                    report = None
                self._next = (report.started if report else self._clock()) + timedelta(seconds=self.interval)
                if report is not None and on_cycle is not None:
                    on_cycle(report)
                if report is not None and report.rows_stored and self.warm is not None:
                    try:
                        self.warm()
                    except Exception:  # a reader will build it then; the cycle is done
                        logger.exception("cannot build the pages' shared panels after the cycle")
                wait = min(self.interval, max(0.0, (self._next - self._clock()).total_seconds()))
                if self._stop.wait(wait):
                    break
        finally:
            self._looping = False
            self._next = None

    def start(self) -> None:
        """Run the loop in a thread of its own (a daemon: it does not keep the process alive)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._looping = True  # idle at once, before the thread's first cycle
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, daemon=True, name="holosec-follow")
        self._thread.start()

    @property
    def stopping(self) -> bool:
        """Whether a stop was asked for: a cycle running takes no further file."""
        return self._stop.is_set()

    def stop(self, timeout: float | None = None) -> None:
        """Stop the loop, waiting (up to ``timeout`` seconds) for the cycle running, if any, to end: it ends
        after the file it is downloading or loading, publishes what it loaded and leaves the other files to
        the next start. From a signal handler of the thread that runs :meth:`run`, it only asks."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None


@contextmanager
def following(follower: Follower | None) -> Iterator[Follower | None]:
    """Run ``follower``'s loop in its thread for the block (nothing when None); stop it at the end, after
    the file the cycle running, if any, is on (:meth:`Follower.stop`)."""
    if follower is None:
        yield None
        return
    follower.start()
    try:
        yield follower
    finally:
        follower.stop()
