"""Load benchmark of ``holosec serve``: concurrent clients over the dashboard's pages and the main API calls.

    python bench/bench_api.py [--mode fixed|varied|open] [--store DIR] [--events 10000000]
                              [--clients 20] [--seconds 60] [--seed 1] [--rate 0.5]
                              [--memory-limit 2GB] [--without-overview] [--json FILE]
    python bench/bench_api.py --table FILE.json [FILE.json ...]   # the README's results table

Builds (or reuses: building is skipped when DIR already holds a store) a store of EVENTS real GDELT 2.0
event rows re-dated over 2018 with ``bench_indicators.events_store``, brings its indicator rollups up to
date (every packaged taxonomy, as the server's start would) and runs the alert rules once when it has no
alerts (as ``holosec ingest`` and ``holosec watch`` would), adds a viewer with an API token, starts
``python -m holosec serve`` on a free loopback port over DIR, waits for ``/api/v1/health``, and then asks
questions in one of three modes:

- ``fixed`` (closed loop over :data:`URLS`): each URL once (the cold requests, reported apart), then
  CLIENTS loops for SECONDS, each asking the next URL as soon as the previous answer is read. After the
  first round every answer comes from the server's memo: this mode measures the memo.
- ``varied`` (closed loop, uncached): the same CLIENTS loops, each asking the next question of its own
  seeded stream (:class:`Questions`): random countries among the store's :data:`COUNTRIES` busiest, pairs of
  them, the taxonomy's fields, months and ISO weeks of 2018, by week or month; indicators, evidence, the
  index, alerts and the dashboard's country and pair pages (weights :data:`KINDS`). A URL comes back only
  by chance; the share of repeats (an upper bound of the memo's share of answers) is reported.
- ``open`` (open loop, uncached): CLIENTS simulated analysts, each asking a question of its own stream
  about once every 1/RATE seconds (each gap drawn from 1/RATE x [0.5, 1.5]) for SECONDS. A question is sent
  at its planned time whether or not the analyst's earlier answers came back, so a slow server is not
  spared load; latency is measured from the planned send time (the user's wait) and from the actual send.

The streams are seeded by ``--seed`` and the client's number, so two runs on the same store ask the same
questions in the same order per client (how far each client gets depends on the server's speed).

Printed per URL (``fixed``) or per kind of question (``varied``, ``open``): requests, errors and
p50/p95/p99/max latency in ms; overall figures, throughput, and the server's peak resident memory (VmHWM
of the server process plus any children, read before it stops). An error is a status of 400 or more, or a
failed or timed-out request; the overview page (:data:`OVERVIEW`) is counted apart and its 404 is not an
error. The issue's targets are printed, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx2

from bench_indicators import events_store
from holosec.cases.people import UserError, UserStore
from holosec.indicators import refresh_all
from holosec.indicators.rollup import refresh
from holosec.store import Store
from holosec.taxonomy.versions import PACKAGED
from holosec.warning.watch import run_rules

MODES = ("fixed", "varied", "open")
OVERVIEW = "/"  # the dashboard's overview page
URLS = (
    OVERVIEW,
    "/api/v1/fields",
    "/api/v1/index?perspective=CHN",
    "/api/v1/indicators?country=CHN&field=military&by=week&no_sources=true",
    "/api/v1/indicators?country=CHN&partner=USA&by=month&no_sources=true",
    "/api/v1/alerts?limit=50",
    "/api/v1/countries",
    "/api/v1/evidence?country=CHN&field=military&period=2018-03&limit=20",
)
KINDS = {"indicators": 0.30, "evidence": 0.30, "index": 0.15, "alerts": 0.10, "pages": 0.15}
"""The kinds of varied questions and how often each is asked."""
COUNTRIES = 60
"""Varied questions are about the store's COUNTRIES busiest countries (``/api/v1/countries``)."""
PAIR_SHARE = 0.3
"""The share of indicator, evidence and page questions about a pair of countries rather than one."""
PERSPECTIVES = ("CHN", "JPN", "IND", "USA", "DEU")
YEAR = 2018
WEEKS = 52  # ISO weeks of 2018
JITTER = 0.5
"""Open loop: each gap between an analyst's questions is 1/rate x [1 - JITTER, 1 + JITTER]."""
TARGET_P95_MS = 300.0  # issue 25: open loop, 20 analysts, every request
TARGET_EVIDENCE_P95_MS = 500.0
TARGET_MEMORY_MB = 1500.0
USER = "bench"
TIMEOUT_S = 30.0


@dataclass
class Tally:
    """The answers to one URL or one kind of question: latencies in seconds (from the planned send time
    and from the actual one), statuses and failures."""

    seconds: list[float] = field(default_factory=list)
    served: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    late: list[float] = field(default_factory=list)
    in_time: int = 0  # answers that came back before the run's end

    def errors(self, label: str) -> int:
        bad = sum(n for status, n in self.statuses.items() if status >= 400)
        if label == OVERVIEW:
            bad -= self.statuses.get(404, 0)
        return bad + sum(self.failures.values())


@dataclass
class Asked:
    """Every URL asked during the run, to count the repeats."""

    seen: set[str] = field(default_factory=set)
    total: int = 0
    repeats: int = 0

    def note(self, url: str) -> None:
        self.total += 1
        if url in self.seen:
            self.repeats += 1
        self.seen.add(url)


def _month_end(month: int) -> date:
    return (date(YEAR + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


class Questions:
    """A seeded stream of varied questions: ``(kind, url)`` pairs. ``countries`` are ISO3 codes with data,
    ``fields`` the taxonomy's field ids; ``seed`` and ``stream`` (a client's number) fix the sequence.

    >>> first = Questions(["CHN", "USA", "RUS"], ["military", "economic"], seed=1, stream=0)
    >>> again = Questions(["CHN", "USA", "RUS"], ["military", "economic"], seed=1, stream=0)
    >>> [next(first) for _ in range(50)] == [next(again) for _ in range(50)]
    True
    >>> sorted({kind for kind, _ in (next(first) for _ in range(500))}) == sorted(KINDS)
    True
    """

    def __init__(self, countries: list[str], fields: list[str], seed: int, stream: int) -> None:
        self.countries, self.fields = countries, fields
        self.rng = random.Random(f"{seed}:{stream}")

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return self

    def __next__(self) -> tuple[str, str]:
        kind = self.rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
        return kind, getattr(self, f"_{kind}")()

    def _place(self) -> str:
        """``country=X`` or ``country=X&partner=Y``."""
        first = self.rng.choice(self.countries)
        if self.rng.random() >= PAIR_SHARE:
            return f"country={first}"
        second = self.rng.choice([c for c in self.countries if c != first])
        return f"country={first}&partner={second}"

    def _period(self, by: str) -> str:
        if by == "month":
            return f"{YEAR}-{self.rng.randint(1, 12):02d}"
        return f"{YEAR}-W{self.rng.randint(1, WEEKS):02d}"

    def _indicators(self) -> str:
        by = self.rng.choice(("week", "month"))
        first = self.rng.randint(1, 12)
        last = self.rng.randint(first, 12)
        span = f"from={YEAR}-{first:02d}-01&to={_month_end(last).isoformat()}"
        field = self.rng.choice(self.fields)
        return f"/api/v1/indicators?{self._place()}&field={field}&by={by}&{span}&no_sources=true"

    def _evidence(self) -> str:
        by = self.rng.choice(("week", "month"))
        field = self.rng.choice(self.fields)
        return f"/api/v1/evidence?{self._place()}&field={field}&by={by}&period={self._period(by)}&limit=20"

    def _index(self) -> str:
        by = self.rng.choice(("week", "month"))
        who = self.rng.choice(PERSPECTIVES)
        return f"/api/v1/index?perspective={who}&by={by}&period={self._period(by)}"

    def _alerts(self) -> str:
        field = f"&field={self.rng.choice(self.fields)}" if self.rng.random() < 0.5 else ""
        return f"/api/v1/alerts?country={self.rng.choice(self.countries)}{field}&limit=50"

    def _pages(self) -> str:
        by = self.rng.choice(("week", "month"))
        place = self._place().removeprefix("country=").split("&partner=")
        path = f"/country/{place[0]}" if len(place) == 1 else f"/pair/{place[0]}/{place[1]}"
        return f"{path}?field={self.rng.choice(self.fields)}&by={by}&period={self._period(by)}"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _summary(values: list[float], prefix: str = "") -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        f"{prefix}p50_ms": round(_percentile(ms, 0.50), 1),
        f"{prefix}p95_ms": round(_percentile(ms, 0.95), 1),
        f"{prefix}p99_ms": round(_percentile(ms, 0.99), 1),
        f"{prefix}max_ms": round(max(ms, default=float("nan")), 1),
    }


def _prepare(data_dir: Path, events: int, memory_limit: str) -> dict[str, Any]:
    """Build the store when missing, bring rollups and alerts up to date, and return an API token."""
    started = time.perf_counter()
    events_store(data_dir, events, memory_limit)
    built = time.perf_counter() - started
    with Store.open(data_dir, memory_limit=memory_limit) as store:
        started = time.perf_counter()
        for version in PACKAGED:  # as the server's start would, with its smaller memory limit
            refresh(store, version)
        refresh_all(store)
        rollup = time.perf_counter() - started
        started = time.perf_counter()
        if not store.scalar("SELECT count(*) FROM alerts"):
            run_rules(store)
        alerts = time.perf_counter() - started
        stored = int(store.scalar("SELECT count(*) FROM events"))
        alert_count = int(store.scalar("SELECT count(*) FROM alerts"))
    users = UserStore(data_dir)
    with contextlib.suppress(UserError):  # made by an earlier run
        users.add(USER, "viewer")
    return {
        "events": stored,
        "alerts": alert_count,
        "setup_build_s": round(built, 1),
        "setup_rollup_s": round(rollup, 1),
        "setup_alerts_s": round(alerts, 1),
        "token": users.new_token(USER),
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _tree(pid: int) -> list[int]:
    """``pid`` and every descendant."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in children:
            found += _tree(int(child))
    return found


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024 / 1e6
    return 0.0


def _peak_mb(pid: int) -> float:
    """The peak resident memory (VmHWM) of the server and its children, summed, in MB (10^6 bytes)."""
    return sum(_status_mb(p, "VmHWM") for p in _tree(pid))


async def _wait_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 300.0) -> float:
    started = time.perf_counter()
    async with httpx2.AsyncClient(base_url=base) as client:
        while time.perf_counter() - started < timeout:
            if server.poll() is not None:
                raise SystemExit(f"the server stopped (exit code {server.returncode}); see its log")
            try:
                if (await client.get("/api/v1/health")).status_code == 200:
                    return time.perf_counter() - started
            except httpx2.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"the server did not answer /api/v1/health within {timeout:.0f} s")


async def _ask(
    client: httpx2.AsyncClient, url: str, tally: Tally, planned: float | None = None, deadline: float = 0.0
) -> None:
    """Ask ``url``; the latency counts from ``planned`` (the open loop's send time) when given."""
    started = time.perf_counter()
    planned = started if planned is None else planned
    tally.late.append(started - planned)
    try:
        response = await client.get(url)
    except httpx2.HTTPError as exc:
        tally.failures[type(exc).__name__] += 1
        return
    done = time.perf_counter()
    tally.seconds.append(done - planned)
    tally.served.append(done - started)
    tally.statuses[response.status_code] += 1
    tally.in_time += done <= deadline


def _client(base: str, token: str) -> httpx2.AsyncClient:
    headers = {"authorization": f"Bearer {token}"}
    return httpx2.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT_S)


async def _fixed_client(
    base: str, token: str, urls: list[str], offset: int, deadline: float, tallies: dict[str, Tally]
) -> None:
    async with _client(base, token) as client:
        turn = offset
        while time.perf_counter() < deadline:
            url = urls[turn % len(urls)]
            await _ask(client, url, tallies[url], deadline=deadline)
            turn += 1


async def _varied_client(
    base: str, token: str, questions: Questions, deadline: float, tallies: dict[str, Tally], asked: Asked
) -> None:
    async with _client(base, token) as client:
        for kind, url in questions:
            if time.perf_counter() >= deadline:
                return
            asked.note(url)
            await _ask(client, url, tallies[kind], deadline=deadline)


async def _analyst(
    base: str,
    token: str,
    questions: Questions,
    rate: float,
    started: float,
    deadline: float,
    tallies: dict[str, Tally],
    asked: Asked,
) -> None:
    """One analyst of the open loop: each question sent at its planned time, answered or not the last."""
    gap = 1.0 / rate
    timing = random.Random(f"{questions.rng.random()}:timing")
    planned = started + timing.uniform(0, gap)
    pending: list[asyncio.Task[None]] = []
    async with _client(base, token) as client:
        for kind, url in questions:
            if planned >= deadline:
                break
            await asyncio.sleep(max(0.0, planned - time.perf_counter()))
            asked.note(url)
            pending.append(asyncio.create_task(_ask(client, url, tallies[kind], planned, deadline)))
            planned += gap * timing.uniform(1 - JITTER, 1 + JITTER)
        await asyncio.gather(*pending)


async def _catalogue(base: str, token: str) -> tuple[list[str], list[str]]:
    """The store's busiest countries and the taxonomy's fields, asked before the run."""
    async with _client(base, token) as client:
        countries = (await client.get(f"/api/v1/countries?limit={COUNTRIES}")).json()["data"]
        fields = (await client.get("/api/v1/fields")).json()["data"]
    return [c["code"] for c in countries], [f["id"] for f in fields]


async def _load(base: str, token: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run the chosen mode; the raw tallies and what the run needs to report."""
    run: dict[str, Any] = {"cold": {}}
    asked = Asked()
    if args.mode == "fixed":
        urls = [url for url in URLS if not (args.without_overview and url == OVERVIEW)]
        async with _client(base, token) as client:
            client.timeout = httpx2.Timeout(TIMEOUT_S * 4)
            for url in urls:
                started = time.perf_counter()
                response = await client.get(url)
                ms = round((time.perf_counter() - started) * 1000)
                run["cold"][url] = {"status": response.status_code, "ms": ms}
        tallies: dict[str, Tally] = {url: Tally() for url in urls}
        deadline = time.perf_counter() + args.seconds
        await asyncio.gather(
            *(_fixed_client(base, token, urls, i, deadline, tallies) for i in range(args.clients))
        )
    else:
        countries, fields = await _catalogue(base, token)
        run["countries"] = len(countries)
        tallies = {kind: Tally() for kind in KINDS}
        streams = [Questions(countries, fields, args.seed, i) for i in range(args.clients)]
        started = time.perf_counter()
        deadline = started + args.seconds
        if args.mode == "varied":
            clients = (_varied_client(base, token, q, deadline, tallies, asked) for q in streams)
        else:
            clients = (
                _analyst(base, token, q, args.rate, started, deadline, tallies, asked) for q in streams
            )
        await asyncio.gather(*clients)
        run["finished_s"] = round(time.perf_counter() - started, 1)
    run["tallies"] = tallies
    run["asked"] = asked
    return run


def _serve(data_dir: Path, port: int, memory_limit: str | None, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if memory_limit:
        env["HOLOSEC_SERVE_MEMORY_LIMIT"] = memory_limit
    command = [sys.executable, "-m", "holosec", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as sink:
        return subprocess.Popen(
            [*command, "--data-dir", str(data_dir)], stdout=sink, stderr=subprocess.STDOUT, env=env
        )


def _report(result: dict[str, Any], run: dict[str, Any], seconds: float) -> dict[str, Any]:
    tallies: dict[str, Tally] = run["tallies"]
    rows = []
    for label, tally in tallies.items():
        rows.append(
            {
                "url": label,
                "requests": len(tally.seconds) + sum(tally.failures.values()),
                "errors": tally.errors(label),
                "statuses": dict(sorted(tally.statuses.items())),
                "failures": dict(tally.failures),
                "per_second": round(tally.in_time / seconds, 2),
                **_summary(tally.seconds),
                **_summary(tally.served, "served_"),
            }
        )
    api = [t for label, t in tallies.items() if label != OVERVIEW]
    overall = [s for t in api for s in t.seconds]
    late = [s for t in api for s in t.late]
    result["urls"] = rows
    result["cold"] = run["cold"]
    result["overall_api"] = {
        "requests": sum(r["requests"] for r in rows if r["url"] != OVERVIEW),
        "errors": sum(r["errors"] for r in rows if r["url"] != OVERVIEW),
        "answered_in_time": sum(t.in_time for t in api),
        "per_second": round(sum(t.in_time for t in api) / seconds, 1),
        **_summary(overall),
        **_summary([s for t in api for s in t.served], "served_"),
        "send_late_p95_ms": round(_percentile([v * 1000 for v in late], 0.95), 1),
    }
    asked: Asked = run["asked"]
    if asked.total:
        result["asked"] = asked.total
        result["distinct_urls"] = len(asked.seen)
        result["repeat_share"] = round(asked.repeats / asked.total, 4)
    if result["mode"] == "open":
        result["planned_per_client_s"] = round(1 / result["rate"], 2)
        result["expected_requests"] = round(result["clients"] * seconds * result["rate"])
    for key in ("countries", "finished_s"):
        if key in run:
            result[key] = run[key]
    return result


def _print(result: dict[str, Any]) -> None:
    print(f"store: {result['store']} ({result['events']:,} events, {result['alerts']} alerts)")
    print(
        f"setup: build {result['setup_build_s']} s, rollups {result['setup_rollup_s']} s, "
        f"alerts {result['setup_alerts_s']} s; server ready in {result['startup_s']} s "
        f"(DuckDB memory_limit {result['memory_limit'] or 'holosec serve default'})"
    )
    mode = result["mode"]
    if mode == "fixed":
        print(f"load: {result['clients']} clients, {result['seconds']} s, closed loop over fixed URLs")
        cold = ", ".join(f"{v['ms']} ms" for v in result["cold"].values())
        print(f"cold (first request of each URL): {cold}")
    else:
        how = (
            "closed loop (no pause)"
            if mode == "varied"
            else f"open loop (each asks about every {result['planned_per_client_s']} s, "
            f"{result['expected_requests']} requests planned)"
        )
        print(
            f"load: {result['clients']} clients, {result['seconds']} s, varied questions (seed "
            f"{result['seed']}, {result['countries']} countries), {how}; the last answer came at "
            f"{result['finished_s']} s"
        )
        print(
            f"asked {result['asked']} URLs, {result['distinct_urls']} distinct: repeats (the memo's share "
            f"of answers at most) {result['repeat_share']:.1%}"
        )
    width = 72 if mode == "fixed" else 12
    print(
        f"{'url' if mode == 'fixed' else 'kind':<{width}} {'reqs':>6} {'errs':>5} {'req/s':>6} {'p50':>7} "
        f"{'p95':>7} {'p99':>7} {'max':>7}"
    )
    for row in [*result["urls"], {"url": "overall API", **result["overall_api"]}]:
        extra = "" if row["url"] != OVERVIEW else f"  statuses {row['statuses']}"
        print(
            f"{row['url']:<{width}} {row['requests']:>6} {row['errors']:>5} {row['per_second']:>6} "
            f"{row['p50_ms']:>7} {row['p95_ms']:>7} {row['p99_ms']:>7} {row['max_ms']:>7}{extra}"
        )
    for row in result["urls"]:
        bad = {str(k): v for k, v in row["statuses"].items() if int(k) >= 400 and row["url"] != OVERVIEW}
        if bad or row["failures"]:
            print(
                f"  errors of {row['url']}: "
                + ", ".join(f"{k} x{v}" for k, v in {**bad, **row["failures"]}.items())
            )
    overall = result["overall_api"]
    if mode == "open":
        print(
            "latency counts from the planned send time; from the actual send: "
            f"p50 {overall['served_p50_ms']}, p95 {overall['served_p95_ms']} ms; sends were late by "
            f"{overall['send_late_p95_ms']} ms (p95)"
        )
    print(
        f"throughput: {overall['per_second']} answers/s within the {result['seconds']} s "
        f"({overall['answered_in_time']} answers)"
    )
    print(f"server peak RSS (VmHWM, with children): {result['server_peak_mb']:,.0f} MB")
    evidence = next((r["p95_ms"] for r in result["urls"] if r["url"] == "evidence"), None)
    errors = sum(r["errors"] for r in result["urls"])
    print("against issue 25's targets (open loop, 20 analysts, 60 s; not asserted):")
    verdict = "PASS" if overall["p95_ms"] < TARGET_P95_MS else "FAIL"
    print(f"  {verdict}  p95 < {TARGET_P95_MS:.0f} ms: {overall['p95_ms']}")
    if evidence is not None:
        verdict = "PASS" if evidence < TARGET_EVIDENCE_P95_MS else "FAIL"
        print(f"  {verdict}  evidence p95 < {TARGET_EVIDENCE_P95_MS:.0f} ms: {evidence}")
    print(f"  {'PASS' if errors == 0 else 'FAIL'}  errors = 0: {errors}")
    peak = result["server_peak_mb"]
    verdict = "PASS" if peak < TARGET_MEMORY_MB else "FAIL"
    print(f"  {verdict}  server memory < {TARGET_MEMORY_MB:.0f} MB: {peak:.0f}")


TABLE_HEAD = (
    "| run | mode | clients | s | answers | answers/s | p50 | p95 | p99 | indicators p95 | evidence p95 "
    "| index p95 | pages p95 | errors | repeats | peak RSS MB |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)
"""The head of the results table in ``bench/README.md``; :func:`table_row` writes its rows."""


def table_row(result: dict[str, Any]) -> str:
    """One run as a row of :data:`TABLE_HEAD` (``--json`` files hold what it needs)."""
    overall = result["overall_api"]
    by_kind = {row["url"]: row for row in result["urls"]}

    def p95(kind: str) -> str:
        if result["mode"] == "fixed":  # the fixed URLs of the kind (the overview for pages)
            prefix = OVERVIEW if kind == "pages" else f"/api/v1/{kind}"
            rows = [r for url, r in by_kind.items() if url.split("?")[0] == prefix and r["requests"]]
        else:
            rows = [r for r in [by_kind.get(kind)] if r and r["requests"]]
        return f"{max(r['p95_ms'] for r in rows):,.0f}" if rows else "-"

    mode = result["mode"] + (f" (rate {result['rate']})" if result["mode"] == "open" else "")
    repeats = f"{result['repeat_share']:.1%}" if "repeat_share" in result else "all"
    cells = [
        result.get("label", ""),
        mode,
        result["clients"],
        f"{result['seconds']:g}",
        f"{overall['answered_in_time']:,}",
        overall["per_second"],
        f"{overall['p50_ms']:,.0f}",
        f"{overall['p95_ms']:,.0f}",
        f"{overall['p99_ms']:,.0f}",
        p95("indicators"),
        p95("evidence"),
        p95("index"),
        p95("pages"),
        overall["errors"],
        repeats,
        f"{result['server_peak_mb']:,.0f}",
    ]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=MODES, default="fixed", help="see the module's docstring")
    parser.add_argument("--store", type=Path, help="store directory (default /tmp/holosec-bench-api/store-N)")
    parser.add_argument("--events", type=int, default=10_000_000, help="events of a store built here")
    parser.add_argument("--clients", type=int, default=20, help="clients (open loop: analysts)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1, help="seed of the varied questions")
    parser.add_argument("--rate", type=float, default=0.5, help="open loop: questions per analyst per second")
    parser.add_argument("--memory-limit", help="the server's DuckDB memory limit (default: holosec's)")
    parser.add_argument("--build-memory-limit", default="3GB", help="DuckDB memory limit while building")
    parser.add_argument("--without-overview", action="store_true", help="fixed: ask the API calls only")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--label", default=time.strftime("%Y-%m-%d"), help="the run's name in the table")
    parser.add_argument(
        "--table", type=Path, nargs="+", help="only print the README's table of these --json files"
    )
    args = parser.parse_args(argv)
    if args.table:
        print(TABLE_HEAD)
        for path in args.table:
            print(table_row(json.loads(path.read_text())))
        return
    data_dir = args.store or Path(f"/tmp/holosec-bench-api/store-{args.events}")
    prepared = _prepare(data_dir, args.events, args.build_memory_limit)
    token = prepared.pop("token")
    port = _free_port()
    log = data_dir.parent / f"serve-{port}.log"
    result: dict[str, Any] = {"store": str(data_dir), **prepared, "memory_limit": args.memory_limit}
    result.update(mode=args.mode, clients=args.clients, seconds=args.seconds, server_log=str(log))
    result.update(seed=args.seed, rate=args.rate, label=args.label)
    server = _serve(data_dir, port, args.memory_limit, log)
    try:
        base = f"http://127.0.0.1:{port}"
        result["startup_s"] = round(asyncio.run(_wait_healthy(base, server)), 1)
        run = asyncio.run(_load(base, token, args))
        result["server_peak_mb"] = round(_peak_mb(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
    _report(result, run, args.seconds)
    _print(result)
    print(f"row of bench/README.md's table:\n{table_row(result)}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
