"""Load benchmark of ``holosec serve``: concurrent clients over the overview page and the main API calls.

    python bench/bench_api.py [--store DIR] [--events 10000000] [--clients 20] [--seconds 60]
                              [--memory-limit 2GB] [--without-overview] [--json FILE]

Builds (or reuses: building is skipped when DIR already holds a store) a store of EVENTS real GDELT 2.0
event rows re-dated over 2018 with ``bench_indicators.events_store``, brings its indicator rollups up to
date and runs the alert rules once when it has no alerts (as ``holosec ingest`` and ``holosec watch``
would), adds a viewer with an API token, then:

- starts ``python -m holosec serve`` on a free loopback port over DIR and waits for ``/api/v1/health``;
- asks each of :data:`URLS` once (the cold requests, reported apart);
- runs CLIENTS ``httpx2.AsyncClient`` loops for SECONDS, each asking the next URL of :data:`URLS` as soon
  as the previous answer is read (closed loop, no pause; client ``i`` starts at URL ``i``);
- prints per URL the requests, errors and p50/p95/p99/max latency in ms, the overall figures, and the
  server's peak resident memory (VmHWM of the server process plus any children, read before it stops).

An error is a status of 400 or more, or a failed or timed-out request; the overview page (:data:`OVERVIEW`)
is counted apart and its 404 is not an error until the page exists. The issue's bar: p95 under 150 ms
for every URL with 20 clients over 60 s, zero errors, server memory under 1 GB. The numbers are printed,
not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from bench_indicators import events_store
from holosec.cases.people import UserError, UserStore
from holosec.indicators import refresh_all
from holosec.indicators.rollup import refresh
from holosec.store import Store
from holosec.warning.watch import run_rules

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
BAR_P95_MS = 150.0
BAR_MEMORY_MB = 1000.0
USER = "bench"
TIMEOUT_S = 30.0


@dataclass
class Tally:
    """The answers to one URL: latencies in seconds, statuses and failures."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def errors(self, url: str) -> int:
        bad = sum(n for status, n in self.statuses.items() if status >= 400)
        if url == OVERVIEW:
            bad -= self.statuses.get(404, 0)
        return bad + sum(self.failures.values())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def _summary(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {
        "p50_ms": round(_percentile(ms, 0.50), 1),
        "p95_ms": round(_percentile(ms, 0.95), 1),
        "p99_ms": round(_percentile(ms, 0.99), 1),
        "max_ms": round(max(ms, default=float("nan")), 1),
    }


def _prepare(data_dir: Path, events: int, memory_limit: str) -> dict[str, Any]:
    """Build the store when missing, bring rollups and alerts up to date, and return an API token."""
    started = time.perf_counter()
    events_store(data_dir, events, memory_limit)
    built = time.perf_counter() - started
    with Store.open(data_dir, memory_limit=memory_limit) as store:
        started = time.perf_counter()
        refresh(store)
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


async def _wait_healthy(base: str, server: subprocess.Popen[bytes], timeout: float = 120.0) -> float:
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


async def _ask(client: httpx2.AsyncClient, url: str, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        response = await client.get(url)
    except httpx2.HTTPError as exc:
        tally.failures[type(exc).__name__] += 1
        return
    tally.seconds.append(time.perf_counter() - started)
    tally.statuses[response.status_code] += 1


async def _client(
    base: str, token: str, urls: list[str], offset: int, deadline: float, tallies: dict[str, Tally]
) -> None:
    headers = {"authorization": f"Bearer {token}"}
    async with httpx2.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT_S) as client:
        turn = offset
        while time.perf_counter() < deadline:
            url = urls[turn % len(urls)]
            await _ask(client, url, tallies[url])
            turn += 1


async def _load(
    base: str, token: str, urls: list[str], clients: int, seconds: float
) -> tuple[dict[str, Any], dict[str, Tally]]:
    cold: dict[str, Any] = {}
    async with httpx2.AsyncClient(
        base_url=base, headers={"authorization": f"Bearer {token}"}, timeout=TIMEOUT_S * 4
    ) as client:
        for url in urls:
            started = time.perf_counter()
            response = await client.get(url)
            cold[url] = {"status": response.status_code, "ms": round((time.perf_counter() - started) * 1000)}
    tallies: dict[str, Tally] = {url: Tally() for url in urls}
    deadline = time.perf_counter() + seconds
    await asyncio.gather(*(_client(base, token, urls, i, deadline, tallies) for i in range(clients)))
    return cold, tallies


def _serve(data_dir: Path, port: int, memory_limit: str | None, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if memory_limit:
        env["HOLOSEC_SERVE_MEMORY_LIMIT"] = memory_limit
    command = [sys.executable, "-m", "holosec", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as sink:
        return subprocess.Popen(
            [*command, "--data-dir", str(data_dir)], stdout=sink, stderr=subprocess.STDOUT, env=env
        )


def _report(result: dict[str, Any], tallies: dict[str, Tally], seconds: float) -> dict[str, Any]:
    rows = []
    for url, tally in tallies.items():
        rows.append(
            {
                "url": url,
                "requests": len(tally.seconds) + sum(tally.failures.values()),
                "errors": tally.errors(url),
                "statuses": dict(sorted(tally.statuses.items())),
                "failures": dict(tally.failures),
                **_summary(tally.seconds),
            }
        )
    api = [t for url, t in tallies.items() if url != OVERVIEW]
    overall = [s for t in api for s in t.seconds]
    result["urls"] = rows
    result["overall_api"] = {
        "requests": sum(r["requests"] for r in rows if r["url"] != OVERVIEW),
        "errors": sum(r["errors"] for r in rows if r["url"] != OVERVIEW),
        "per_second": round(len(overall) / seconds, 1),
        **_summary(overall),
    }
    return result


def _print(result: dict[str, Any]) -> None:
    print(f"store: {result['store']} ({result['events']:,} events, {result['alerts']} alerts)")
    print(
        f"setup: build {result['setup_build_s']} s, rollups {result['setup_rollup_s']} s, "
        f"alerts {result['setup_alerts_s']} s; server ready in {result['startup_s']} s "
        f"(DuckDB memory_limit {result['memory_limit'] or 'holosec serve default'})"
    )
    print(f"load: {result['clients']} clients, {result['seconds']} s, closed loop")
    print("cold (first request of each URL): " + ", ".join(f"{v['ms']} ms" for v in result["cold"].values()))
    print(f"{'url':<72} {'reqs':>6} {'errs':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    for row in [*result["urls"], {"url": "overall (API, without the overview)", **result["overall_api"]}]:
        extra = "" if row["url"] != OVERVIEW else f"  statuses {row['statuses']}"
        print(
            f"{row['url']:<72} {row['requests']:>6} {row['errors']:>5} {row['p50_ms']:>7} "
            f"{row['p95_ms']:>7} {row['p99_ms']:>7} {row['max_ms']:>7}{extra}"
        )
    print(f"throughput: {result['overall_api']['per_second']} API requests/s")
    print(f"server peak RSS (VmHWM, with children): {result['server_peak_mb']:,.0f} MB")
    worst = max(r["p95_ms"] for r in result["urls"] if r["requests"] and r["url"] != OVERVIEW)
    page = next((r["p95_ms"] for r in result["urls"] if r["url"] == OVERVIEW), None)
    errors = sum(r["errors"] for r in result["urls"])
    print("against the bar (not asserted):")
    print(f"  {'PASS' if worst < BAR_P95_MS else 'FAIL'}  worst API p95 < {BAR_P95_MS:.0f} ms: {worst}")
    if page is not None:
        print(f"  {'PASS' if page < BAR_P95_MS else 'FAIL'}  overview page p95 < {BAR_P95_MS:.0f} ms: {page}")
    print(f"  {'PASS' if errors == 0 else 'FAIL'}  errors = 0: {errors}")
    peak = result["server_peak_mb"]
    verdict = "PASS" if peak < BAR_MEMORY_MB else "FAIL"
    print(f"  {verdict}  server memory < {BAR_MEMORY_MB:.0f} MB: {peak:.0f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="store directory (default /tmp/holosec-bench-api/store-N)")
    parser.add_argument("--events", type=int, default=10_000_000, help="events of a store built here")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--memory-limit", help="the server's DuckDB memory limit (default: holosec's)")
    parser.add_argument("--build-memory-limit", default="3GB", help="DuckDB memory limit while building")
    parser.add_argument("--without-overview", action="store_true", help="ask the API calls only")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    data_dir = args.store or Path(f"/tmp/holosec-bench-api/store-{args.events}")
    prepared = _prepare(data_dir, args.events, args.build_memory_limit)
    token = prepared.pop("token")
    port = _free_port()
    log = data_dir.parent / f"serve-{port}.log"
    result: dict[str, Any] = {"store": str(data_dir), **prepared, "memory_limit": args.memory_limit}
    result.update(clients=args.clients, seconds=args.seconds, server_log=str(log))
    server = _serve(data_dir, port, args.memory_limit, log)
    try:
        base = f"http://127.0.0.1:{port}"
        result["startup_s"] = round(asyncio.run(_wait_healthy(base, server)), 1)
        urls = [url for url in URLS if not (args.without_overview and url == OVERVIEW)]
        result["cold"], tallies = asyncio.run(_load(base, token, urls, args.clients, args.seconds))
        result["server_peak_mb"] = round(_peak_mb(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)
    _report(result, tallies, args.seconds)
    _print(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    sys.exit(main())
