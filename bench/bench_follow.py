"""Speed of the live follower (issue 23): one 15-minute GDELT cycle, files to stored alerts, on a big store
while ``holosec serve --follow`` answers 20 clients.

    python bench/bench_follow.py --store DIR [--cycles 3] [--interval 30] [--clients 20] [--think 0]
                                 [--memory-limit 512MB] [--max-wait 900] [--no-profile] [--json FILE]

DIR is a store used (and changed) in place: it gains the benchmark's cycles. The script:

1. **prepares** it as an operator would before following: opens it (migrating it), brings the day cells
   up to date (:func:`holosec.ingest.refresh_kept`, the first refresh of a store built without them is
   slow and is timed apart), runs the alert rules once when it has none, and adds a viewer with an API
   token;
2. **builds the cycles' files** from the real GDELT 2.0 samples bundled with holosec, as GDELT publishes
   them every 15 minutes, each stamp after the store's newest: the 2,414 events of the real 2018-01-01
   00:00 export with fresh ids (far above the store's) and dates moved to the stamp (each row keeps its
   real lag between event day and publication); two mentions per event (the real mention rows of the
   samples with the event's id and time; the first names the event's own article); ``--gkg`` GKG records
   (the real GKG rows with fresh record ids and the stamp's date; the first name the events' articles);
   each zipped as GDELT zips them, with ``masterfilelist.txt`` and ``lastupdate.txt`` (size, MD5, URL);
3. serves them from a **local HTTP mirror** (a thread of this process that logs when each request
   arrived and when its last byte was sent);
4. **profiles** one cycle in this process, idle, phase by phase, by calling the library functions the
   follower calls (download, then per file load and tag, the day-cell refresh, the coverage, the alert
   rules), so the served cycles below can be read against it (``--no-profile`` skips it);
5. **serves**: ``python -m holosec serve --follow --mirror URL --interval N`` on DIR; its first cycle
   (the warm-up, not counted) takes the first stamp; then ``--clients`` client loops ask varied
   dashboard pages and API calls (:func:`questions`; closed loop, or ``--think`` seconds between a
   client's requests) while the script publishes one new stamp after each cycle, ``--cycles`` times
   (or fewer, when they take longer than ``--max-wait`` seconds: the cycles done are reported).

**Cycle seconds** come from the server's ``/metrics`` (``holosec_follow_cycle_seconds``: the follower's
own timer, listing the mirror to stored alerts); the **download** is the mirror's view of the cycle, from
the ``lastupdate.txt`` request to the last byte of the last zip, and **cycle without download** is the
difference: files to stored alerts. A read is **during** a cycle when its request overlaps the cycle's
window (its ``lastupdate.txt`` request to that plus the cycle seconds), **between** when it overlaps
none; requests before the first counted cycle are not counted. The status document's ``last_cycle``
(``started``/``finished``, to the second) is printed too. Numbers are printed, not asserted; the bars:
a cycle under 10 s on 2 cores while serving; the dashboard's p95 under 150 ms at 20 clients while
cycles run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import importlib.resources
import io
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2

import holosec
from holosec.cases.people import UserError, UserStore
from holosec.engines import local_engine
from holosec.follow.log import recent_cycles
from holosec.indicators.coverage import refresh_coverage
from holosec.indicators.rollup import maintained, refresh, staleness
from holosec.ingest import refresh_kept, tag_stored
from holosec.sources.download import Downloader
from holosec.sources.registry import SOURCES
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.versions import PACKAGED
from holosec.warning.watch import load_rules, run_rules
from make_events import day_fields, sample_paths, templates

SAMPLES = importlib.resources.files("holosec") / "data" / "samples" / "gdelt" / "aamend__spark-gdelt"
MENTIONS = ("mentions.csv", "mentionsT.csv")
GKG = ("gkg.csv", "gkgT.csv")
STEP = timedelta(minutes=15)
FIRST_ID = 3_000_000_000
USER = "bench-follow"
TIMEOUT_S = 60.0
BAR_CYCLE_S = 10.0
BAR_P95_MS = 150.0
REPO = Path(__file__).resolve().parent.parent


# -- the cycles' files ---------------------------------------------------------------------------------


def _rows(names: tuple[str, ...], width: int) -> list[list[str]]:
    rows = []
    for name in names:
        for line in (SAMPLES / name).read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) == width:
                rows.append(fields)
    return rows


def cycle_files(stamp: datetime, number: int, gkg: int) -> dict[str, bytes]:
    """The three files GDELT would publish at ``stamp`` (names without ``.zip``, and their text)."""
    events, urls = [], []
    added = f"{stamp:%Y%m%d%H%M%S}"
    for i, template in enumerate(templates(sample_paths()[:1])):  # the real 2018-01-01 00:00 export
        event_id = FIRST_ID + number * 10_000 + i
        day = stamp.date() - timedelta(days=template.lag_days)
        events.append(f"{event_id}\t{day_fields(day)}\t{template.middle}\t{added}\t{template.url}\n")
        urls.append((event_id, template.url))
    mentions = []
    real = _rows(MENTIONS, 16)
    for i, (event_id, url) in enumerate(urls):
        for j in range(2):
            row = list(real[(2 * i + j) % len(real)])
            row[0], row[1], row[2] = str(event_id), added, added
            if j == 0:  # the event's own article
                row[4] = urlsplit(url).netloc.removeprefix("www.")
                row[5] = url
            mentions.append("\t".join(row) + "\n")
    records = []
    articles = list(dict.fromkeys(url for _, url in urls))
    real = _rows(GKG, 27)
    for i in range(gkg):
        row = list(real[i % len(real)])
        row[0], row[1] = f"{added}-{'T' if row[0].split('-')[-1].startswith('T') else ''}{i}", added
        if i < len(articles):
            row[4] = articles[i]
        records.append("\t".join(row) + "\n")
    return {
        f"{added}.export.CSV": "".join(events).encode(),
        f"{added}.mentions.CSV": "".join(mentions).encode(),
        f"{added}.gkg.csv": "".join(records).encode(),
    }


def _zipped(name: str, text: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text)
    return buffer.getvalue()


# -- the mirror ----------------------------------------------------------------------------------------


@dataclass
class Served:
    path: str
    arrived: float
    sent: float = 0.0
    status: int = 0


class Mirror(ThreadingHTTPServer):
    """GDELT's server as a folder on 127.0.0.1: :meth:`add` zips a stamp's files, :meth:`publish` lists
    the stamps added so far; every request is logged with ``time.perf_counter`` times."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.folder = root / "gdeltv2"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.log: list[Served] = []
        self.stamps: list[list[str]] = []
        self.sizes: dict[str, int] = {}  # unzipped bytes per zip name
        self.rows: dict[str, int] = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def add(self, files: dict[str, bytes]) -> list[str]:
        names = []
        for name, text in files.items():
            (self.folder / f"{name}.zip").write_bytes(_zipped(name, text))
            self.sizes[f"{name}.zip"] = len(text)
            self.rows[f"{name}.zip"] = text.count(b"\n")
            names.append(f"{name}.zip")
        self.stamps.append(names)
        return names

    def _line(self, name: str) -> str:
        data = (self.folder / name).read_bytes()
        md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
        return f"{len(data)} {md5} http://data.gdeltproject.org/gdeltv2/{name}\n"

    def publish(self, upto: int) -> None:
        """List the stamps up to number ``upto``; the last is the newest (``lastupdate.txt``)."""
        every = [name for names in self.stamps[: upto + 1] for name in names]
        for name, names in (("masterfilelist.txt", every), ("lastupdate.txt", self.stamps[upto])):
            draft = self.folder / f".{name}"
            draft.write_text("".join(map(self._line, names)))
            draft.replace(self.folder / name)  # whole, for a request that reads it meanwhile

    def fetched(self, number: int) -> bool:
        """Whether every file of stamp ``number`` was sent whole."""
        sent = {s.path.rsplit("/", 1)[-1] for s in list(self.log) if s.status == 200}
        return set(self.stamps[number]) <= sent


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Mirror

    def do_GET(self) -> None:
        served = Served(self.path, time.perf_counter())
        file = (self.server.folder.parent / self.path.lstrip("/")).resolve()
        if file.is_relative_to(self.server.folder) and file.is_file():
            data, status = file.read_bytes(), 200
        else:
            data, status = b"not found", 404
        self.send_response(status)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        served.sent, served.status = time.perf_counter(), status
        self.server.log.append(served)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextlib.contextmanager
def mirror_at(root: Path) -> Iterator[Mirror]:
    mirror = Mirror(root)
    thread = threading.Thread(target=mirror.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield mirror
    finally:
        mirror.shutdown()
        mirror.server_close()
        thread.join()


# -- preparing and profiling in this process -----------------------------------------------------------


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = run()
    return round(time.perf_counter() - started, 2), value


def prepare(data_dir: Path, memory_limit: str) -> dict[str, Any]:
    """Open (migrate), bring the day cells of every packaged taxonomy version up to date (``holosec
    serve`` does it as it starts, within its smaller memory limit), run the rules once if no alerts, add
    a viewer's token."""
    opened = time.perf_counter()
    with Store.open(data_dir, memory_limit=memory_limit) as store:
        result: dict[str, Any] = {"open_s": round(time.perf_counter() - opened, 2)}
        for version in PACKAGED:
            result[f"first_refresh_{version}_s"], _ = _timed(partial(refresh, store, version))
        result["first_refresh_kept_s"], _ = _timed(partial(refresh_kept, store))
        if not store.scalar("SELECT count(*) FROM alerts"):
            result["first_rules_s"], _ = _timed(lambda: run_rules(store))
        result["events"] = int(store.scalar("SELECT count(*) FROM events"))
        result["alerts"] = int(store.scalar("SELECT count(*) FROM alerts"))
        newest = store.scalar("SELECT max(added_at) FROM events")
    users = UserStore(data_dir)
    with contextlib.suppress(UserError):  # made by an earlier run
        users.add(USER, "viewer")
    result["token"] = users.new_token(USER)
    result["newest_added"] = str(newest)
    return result


def profile(data_dir: Path, mirror: Mirror, memory_limit: str, workdir: Path) -> dict[str, Any]:
    """One cycle (the mirror's newest stamp) in this process, phase by phase, as the follower runs it."""
    phases: dict[str, float] = {}
    with Downloader(mirror.url) as downloader:
        wanted = downloader.list_gdelt2_latest()
        phases["download (list, fetch, MD5)"], fetched = _timed(
            lambda: downloader.fetch(wanted, workdir / "downloads")
        )
    if fetched.errors:
        raise SystemExit(f"download failed: {fetched.errors}")
    began = time.perf_counter()
    with Store.open(data_dir, memory_limit=memory_limit) as store:
        phases["open the store"] = round(time.perf_counter() - began, 2)
        load = SOURCES["gdelt"].load()
        tagging = [0.0]

        def tag(store: Store, table: str, file_id: int) -> None:
            started = time.perf_counter()
            tag_stored(store, table, file_id)
            tagging[0] += time.perf_counter() - started

        rows: dict[str, int] = {}
        for path in sorted(fetched.paths):
            kind = next((k for k in ("mentions", "gkg") if f".{k}." in path.name), "events")
            tagging[0] = 0.0
            seconds, report = _timed(partial(load, store, path, workdir=store.unpack_dir, on_stored=tag))
            phases[f"load {kind} (unzip, parse, validate, write)"] = round(seconds - tagging[0], 2)
            phases[f"tag {kind}"] = round(tagging[0], 2)
            rows[kind] = report.rows_stored
            if report.rows_quarantined or report.status == "failed":
                rows[f"{kind}_quarantined"] = report.rows_quarantined
        shutil.rmtree(store.unpack_dir, ignore_errors=True)
        local = local_engine(store)  # refresh_kept, phase by phase
        for version in dict.fromkeys([DEFAULT, *maintained(store, engine=local)]):
            if staleness(store, version, engine=local):
                phases[f"day cells {version}"], _ = _timed(partial(refresh, store, version, engine=local))
        phases["coverage"], _ = _timed(lambda: refresh_coverage(store))
        before = int(store.scalar("SELECT count(*) FROM alerts"))
        raised = []
        for rule in load_rules():  # as run_rules does, one rule after the other
            phases[f"alert rule {rule.id}"], found = _timed(partial(run_rules, store, [rule]))
            raised += found
        closed = time.perf_counter()
    phases["close (checkpoint)"] = round(time.perf_counter() - closed, 2)
    processing = sum(v for k, v in phases.items() if not k.startswith(("download", "open", "close")))
    print(f"profile: {phases}", file=sys.stderr, flush=True)
    return {
        "phases": phases,
        "rows": rows,
        "alerts_before": before,
        "alerts_after_rules": len(raised),
        "cycle_without_download_s": round(processing, 2),
    }


# -- the clients ---------------------------------------------------------------------------------------

COUNTRIES = ("CHN", "USA", "RUS", "IND", "JPN", "IRN", "UKR", "PRK")
PERSPECTIVES = ("CHN", "JPN", "IND", "USA", "DEU")  # the index's perspectives
FIELDS = ("military", "political", "homeland", "economic")


def questions() -> list[str]:
    """The clients' questions: pages and API calls over eight countries, four fields, two grains and
    three months (two of 2018, the store's year, and the month the cycles land in)."""
    asked = ["/", "/alerts", "/map", "/api/v1/alerts?limit=50", "/api/v1/countries", "/api/v1/fields"]
    asked += [f"/api/v1/index?perspective={code}" for code in PERSPECTIVES]
    for country in COUNTRIES:
        asked.append(f"/country/{country}")
        for field_id in FIELDS:
            for by in ("week", "month"):
                asked.append(f"/api/v1/indicators?country={country}&field={field_id}&by={by}&no_sources=true")
            for period in ("2018-06", "2018-12", "2019-01"):
                asked.append(f"/api/v1/evidence?country={country}&field={field_id}&period={period}&limit=20")
    return asked


def kind_of(url: str) -> str:
    """The route a question asks, for the tables (``/country/CHN`` to ``/country/{code}``)."""
    return re.sub(r"^/country/[A-Z]+$", "/country/{code}", url.split("?")[0])


def is_page(url: str) -> bool:
    return not url.startswith("/api/")


@dataclass
class Asked:
    url: str
    started: float
    ended: float
    status: int  # 0: no answer (a failed connection or a timeout)


@dataclass
class Load:
    asked: list[Asked] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)


async def _client(base: str, token: str, number: int, think: float, load: Load) -> None:
    rng = random.Random(number)
    asked = questions()
    headers = {"authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT_S) as client:
        while not load.stop.is_set():
            url = rng.choice(asked)
            started = time.perf_counter()
            try:
                status = (await client.get(url)).status_code
            except httpx2.HTTPError:
                status = 0
            load.asked.append(Asked(url, started, time.perf_counter(), status))
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))


# -- the served run ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _metric(text: str, name: str) -> float:
    match = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


@dataclass
class Watch:
    """The server's cycle metrics as polled: (time, seconds summed, cycles counted)."""

    samples: list[tuple[float, float, int]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.samples[-1][2] if self.samples else 0


async def _watch(client: httpx2.AsyncClient, watch: Watch, stop: asyncio.Event) -> None:
    while not stop.is_set():
        with contextlib.suppress(httpx2.HTTPError):
            text = (await client.get("/metrics")).text
            seconds = _metric(text, "holosec_follow_cycle_seconds_sum")
            watch.samples.append(
                (time.perf_counter(), seconds, int(_metric(text, "holosec_follow_cycle_seconds_count")))
            )
        await asyncio.sleep(0.25)


async def _publish(mirror: Mirror, last: int, stop: asyncio.Event) -> None:
    """Publish stamp k as soon as the follower has fetched stamp k - 1: each cycle takes one stamp."""
    for number in range(2, last + 1):
        while not stop.is_set() and not mirror.fetched(number - 1):
            await asyncio.sleep(0.05)
        mirror.publish(number)


async def _until(
    check: Callable[[], bool], server: subprocess.Popen[bytes], timeout: float, what: str
) -> None:
    deadline = time.perf_counter() + timeout
    while not check():
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit code {server.returncode}); see its log")
        if time.perf_counter() > deadline:
            raise SystemExit(f"{what}: not within {timeout:.0f} s")
        await asyncio.sleep(0.1)


async def _serve_run(
    base: str, token: str, mirror: Mirror, server: subprocess.Popen[bytes], args: argparse.Namespace
) -> tuple[Watch, Load]:
    headers = {"authorization": f"Bearer {token}"}
    stop, watch, load = asyncio.Event(), Watch(), Load()
    async with httpx2.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT_S) as control:
        healthy = [False]

        async def health() -> None:
            while not healthy[0]:
                with contextlib.suppress(httpx2.TransportError):
                    healthy[0] = (await control.get("/api/v1/health")).status_code == 200
                await asyncio.sleep(0.2)

        probe = asyncio.create_task(health())
        await _until(lambda: healthy[0], server, 300, "the server's /api/v1/health")
        await probe
        tasks = [asyncio.create_task(_watch(control, watch, stop))]
        tasks.append(asyncio.create_task(_publish(mirror, args.cycles + 1, stop)))
        await _until(lambda: watch.count >= 1, server, 900, "the warm-up cycle")
        load.asked.clear()
        clients = [
            asyncio.create_task(_client(base, token, i, args.think, load)) for i in range(args.clients)
        ]
        load.asked.clear()
        deadline = time.perf_counter() + args.max_wait
        while watch.count < 1 + args.cycles and time.perf_counter() < deadline:  # stop early if slow
            if server.poll() is not None:
                raise SystemExit(f"the server stopped (exit code {server.returncode}); see its log")
            await asyncio.sleep(0.2)
        await asyncio.sleep(args.settle)
        load.stop.set()
        await asyncio.gather(*clients)
        stop.set()
        await asyncio.gather(*tasks)
    return watch, load


def cycles_of(mirror: Mirror, watch: Watch, count: int) -> list[dict[str, Any]]:
    """The measured cycles (stamps 2 to ``count`` + 1): seconds from the metrics, window and download from
    the mirror's log."""
    cycles = []
    for number in range(2, count + 2):
        names = set(mirror.stamps[number])
        zips = [s for s in mirror.log if s.path.rsplit("/", 1)[-1] in names]
        first = min(s.arrived for s in zips)
        listing = max(
            (s.arrived for s in mirror.log if s.path.endswith("lastupdate.txt") and s.arrived <= first),
            default=first,
        )
        before = [s for s in watch.samples if s[2] == number - 1]
        after = [s for s in watch.samples if s[2] == number]
        seconds = after[0][1] - before[-1][1] if before and after else float("nan")
        download = max(s.sent for s in zips) - listing
        cycles.append(
            {
                "stamp": number,
                "seconds": round(seconds, 2),
                "download_s": round(download, 2),
                "without_download_s": round(seconds - download, 2),
                "window": (listing, listing + seconds),
            }
        )
    return cycles


def logged_cycles(data_dir: Path, stamps: list[datetime]) -> list[dict[str, Any]]:
    """The store's log of the cycles that took ``stamps`` (files, rows, alerts, error, started and
    finished to the second), matched by the newest file each took."""
    with Store.open(data_dir, read_only=True) as store:
        rows = recent_cycles(store, 50)
    found = {row["newest"]: row for row in rows if row["files"]}
    return [
        {
            key: str(value) if isinstance(value, datetime) else value
            for key, value in found.get(stamp, {}).items()
        }
        for stamp in stamps
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else float("nan")


def _figures(asked: list[Asked]) -> dict[str, Any]:
    ms = [(a.ended - a.started) * 1000 for a in asked if 0 < a.status < 400]
    bad = Counter(a.status for a in asked if not 0 < a.status < 400)
    return {
        "requests": len(asked),
        "errors": sum(bad.values()),
        "error_statuses": dict(sorted(bad.items())),
        "p50_ms": _percentile(ms, 0.5),
        "p95_ms": _percentile(ms, 0.95),
        "max_ms": round(max(ms, default=float("nan")), 1),
    }


def split_reads(load: Load, cycles: list[dict[str, Any]]) -> dict[str, Any]:
    """Reads during the cycles and between them: all, the pages (the dashboard), the API, per route."""

    def during(a: Asked) -> bool:
        return any(a.started < end and a.ended > start for start, end in (c["window"] for c in cycles))

    spans = {
        "between": [a for a in load.asked if not during(a)],
        "during": [a for a in load.asked if during(a)],
    }
    result: dict[str, Any] = {}
    for name, asked in spans.items():
        result[name] = {
            "all": _figures(asked),
            "pages": _figures([a for a in asked if is_page(a.url)]),
            "api": _figures([a for a in asked if not is_page(a.url)]),
            "routes": {
                kind: _figures([a for a in asked if kind_of(a.url) == kind])
                for kind in sorted({kind_of(a.url) for a in asked})
            },
        }
    return result


def _tree() -> dict[str, str]:
    def git(*words: str) -> str:
        done = subprocess.run(["git", "-C", str(REPO), *words], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    stat = git("diff", "--stat", "--", "src/holosec/store/store.py").splitlines()
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "head": git("rev-parse", "--short", "HEAD"),
        "store_py_diff": stat[-1].strip() if stat else "(none)",
        "holosec": str(Path(holosec.__file__).parent),  # a snapshot on PYTHONPATH, or the work tree
    }


def _print(result: dict[str, Any]) -> None:
    tree, prep = result["tree"], result["prepare"]
    print(f"run: {tree['date']}, HEAD {tree['head']}, store.py diff: {tree['store_py_diff']}")
    print(f"holosec from: {tree['holosec']}")
    print(f"store: {result['store']} ({prep['events']:,} events, {prep['alerts']} alerts)")
    print(
        "prepare: " + ", ".join(f"{k.removesuffix('_s')} {v} s" for k, v in prep.items() if k.endswith("_s"))
    )
    files = ", ".join(
        f"{n} {f['rows']:,} rows {f['mb']} MB ({f['zip_mb']} zipped)" for n, f in result["files"].items()
    )
    print(f"one cycle's files: {files}")
    if "profile" in result:
        print("profile of one cycle in this process (idle, no server), seconds:")
        for phase, seconds in result["profile"]["phases"].items():
            print(f"  {phase:<52} {seconds:>7.2f}")
        total = result["profile"]["cycle_without_download_s"]
        print(f"  {'files to stored alerts (without download, open, close)':<52} {total:>7.2f}")
        print(f"  rows stored: {result['profile']['rows']}")
    print(
        f"served: {result['clients']} clients, think {result['think']} s, interval {result['interval']} s, "
        f"DuckDB memory limit {result['memory_limit']}"
    )
    print(f"{'stamp':<6} {'total s':>8} {'download s':>10} {'w/o dl s':>9}  logged")
    for cycle, logged in zip(result["cycles"], result["logged"], strict=False):
        times = f"{cycle['seconds']:>8.2f} {cycle['download_s']:>10.2f} {cycle['without_download_s']:>9.2f}"
        print(f"{cycle['stamp']:<6} {times}  {logged}")
    print(
        f"{'reads':<8} {'part':<22} {'reqs':>6} {'errs':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  errors"
    )
    for span in ("between", "during"):
        reads = result["reads"][span]
        parts = [
            ("all", reads["all"]),
            ("pages", reads["pages"]),
            ("api", reads["api"]),
            *reads["routes"].items(),
        ]
        for part, row in parts:
            numbers = f"{row['requests']:>6} {row['errors']:>5} {row['p50_ms']:>8} {row['p95_ms']:>8}"
            numbers += f" {row['max_ms']:>8}"
            print(f"{span:<8} {part:<22} {numbers}  {row['error_statuses'] or ''}")
    worst = max((c["without_download_s"] for c in result["cycles"]), default=float("nan"))
    pages = result["reads"]["during"]["pages"]["p95_ms"]
    print("against the bars (not asserted):")
    verdict = "PASS" if worst < BAR_CYCLE_S else "FAIL"
    print(f"  {verdict}  slowest cycle without download < {BAR_CYCLE_S:.0f} s: {worst}")
    verdict = "PASS" if pages < BAR_P95_MS else "FAIL"
    print(f"  {verdict}  dashboard pages' p95 during cycles < {BAR_P95_MS:.0f} ms: {pages}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="the store (changed in place)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/holosec-bench-follow"))
    parser.add_argument("--cycles", type=int, default=3, help="cycles measured after the warm-up")
    parser.add_argument("--interval", type=float, default=30.0, help="the follower's --interval")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds of reads after the last cycle")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between a client's requests")
    parser.add_argument("--max-wait", type=float, default=900.0, help="seconds for the measured cycles")
    parser.add_argument("--gkg", type=int, default=1500, help="GKG records per cycle")
    parser.add_argument("--memory-limit", default="512MB", help="DuckDB limit, here and for the server")
    parser.add_argument("--prepare-memory-limit", default="2GB", help="DuckDB limit while preparing")
    parser.add_argument("--no-profile", action="store_true", help="skip the in-process profile")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"store": str(args.store), "tree": _tree()}
    result.update(
        clients=args.clients, think=args.think, interval=args.interval, memory_limit=args.memory_limit
    )
    prepared = prepare(args.store, args.prepare_memory_limit)
    token = prepared.pop("token")
    result["prepare"] = prepared
    print(f"prepared: {prepared}", file=sys.stderr, flush=True)
    newest = datetime.fromisoformat(prepared["newest_added"]).replace(tzinfo=UTC)
    first = datetime.combine(newest.date() + timedelta(days=1), datetime.min.time(), UTC)
    run = int(time.time())
    with mirror_at(args.workdir / f"mirror-{run}") as mirror:
        for number in range(args.cycles + 2):  # 0 profiled, 1 the warm-up, then the measured cycles
            mirror.add(cycle_files(first + number * STEP, (run % 10_000) * 100 + number, args.gkg))
        result["files"] = {
            name.split(".")[1]: {
                "rows": mirror.rows[name],
                "mb": round(mirror.sizes[name] / 1e6, 1),
                "zip_mb": round((mirror.folder / name).stat().st_size / 1e6, 1),
            }
            for name in mirror.stamps[0]
        }
        mirror.publish(0)
        if not args.no_profile:
            print("profiling one cycle in this process", file=sys.stderr, flush=True)
            result["profile"] = profile(
                args.store, mirror, args.memory_limit, args.workdir / f"profile-{run}"
            )
        mirror.publish(1)
        port = _free_port()
        log = args.workdir / f"serve-{run}.log"
        env = {**os.environ, "HOLOSEC_SERVE_MEMORY_LIMIT": args.memory_limit}
        command = [sys.executable, "-m", "holosec", "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--data-dir", str(args.store), "--follow", "--mirror", mirror.url]
        with log.open("wb") as sink:
            server = subprocess.Popen(
                [*command, "--interval", str(args.interval)], stdout=sink, stderr=subprocess.STDOUT, env=env
            )
        try:
            watch, load = asyncio.run(_serve_run(f"http://127.0.0.1:{port}", token, mirror, server, args))
        finally:
            server.terminate()
            try:
                server.wait(timeout=120)  # a cycle running finishes first
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        measured = min(args.cycles, watch.count - 1)
        if measured < args.cycles:
            print(f"only {measured} cycle(s) within --max-wait", file=sys.stderr)
        cycles = cycles_of(mirror, watch, measured)
        if cycles:  # reads once the next cycle (not measured) started would count as between: dropped
            end = cycles[-1]["window"][1]
            later = [s.arrived for s in mirror.log if s.path.endswith("lastupdate.txt") and s.arrived > end]
            load.asked = [a for a in load.asked if a.started < min(later, default=float("inf"))]
    result["server_log"] = str(log)
    result["reads"] = split_reads(load, cycles)
    result["cycles"] = [{k: v for k, v in c.items() if k != "window"} for c in cycles]
    result["logged"] = logged_cycles(args.store, [first + c["stamp"] * STEP for c in cycles])
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
