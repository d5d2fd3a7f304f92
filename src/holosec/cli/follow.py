"""``holosec follow`` and ``holosec status``: thin shells over :mod:`holosec.follow`; while ``holosec
serve`` holds the store (or with ``--url``), ``status`` asks the server (``GET /api/v1/status``), and says
in one line what to do when the server cannot be asked. ``holosec follow`` notes that it holds the store
(:mod:`holosec.store.serving`) for the other commands to say so, and stops between files on Ctrl-C or
SIGTERM (:meth:`holosec.follow.Follower.stop`)."""

from __future__ import annotations

import json
import signal
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import FrameType
from typing import Annotated, Any

import typer

from holosec.cases.db import Workspace
from holosec.cases.errors import WorkspaceMissing
from holosec.cli.errors import answered, fail, reported
from holosec.cli.options import AsJson, DataDir
from holosec.cli.output import emit_json, out, say
from holosec.cli.store import open_store, open_workspace, settings_for
from holosec.errors import StoreInUse
from holosec.follow import CycleReport, Follower, stored_status
from holosec.follow.notices import alert_notices
from holosec.follow.retention import parse_keep
from holosec.settings import Settings
from holosec.sources.download import Downloader
from holosec.store import Store
from holosec.store.serving import serving

TIMEOUT_S = 30.0
MAKE_TOKEN = "holosec users add NAME --role observer --token"
"""The command that makes an API token, as the status command's messages name it."""
Interval = Annotated[
    float, typer.Option("--interval", min=1, help="Seconds from the start of one cycle to the next.")
]
Mirror = Annotated[
    str | None,
    typer.Option("--mirror", help="Base URL of GDELT's files or a mirror (default: HOLOSEC_GDELT_MIRROR)."),
]


def _window(text: str | None) -> timedelta | None:
    try:
        return None if text is None else parse_keep(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


Keep = Annotated[
    str | None,
    typer.Option(
        "--keep",
        help="Keep the raw GDELT records of this window only (180d, 26w; back from the newest event);"
        " the day cells and the alerts are kept for ever.",
        show_default=False,
    ),
]


def workspace_of(settings: Settings) -> Workspace | None:
    """The workspace whose inbox and webhooks hear of new alerts, when there is one."""
    try:
        return open_workspace(settings)
    except WorkspaceMissing:
        return None


def make_follower(
    settings: Settings, mirror: str | None, interval: float, keep: str | None = None
) -> Callable[[Store, Workspace | None], Follower]:
    """A function that makes the follower of a store, telling a workspace's inbox and webhooks of new
    alerts (``holosec serve --follow`` gives it the server's store and workspace)."""
    chosen = mirror or settings.gdelt_mirror
    try:
        Downloader(chosen).close()  # the URL checked now, before a store or a server is started
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--mirror") from exc
    window = _window(keep)

    def make(store: Store, workspace: Workspace | None) -> Follower:
        return Follower(
            store,
            mirror=chosen,
            interval=interval,
            timeout=settings.http_timeout,
            retries=settings.http_retries,
            notices=alert_notices(workspace) if workspace is not None else None,
            keep=window,
        )

    return make


def _print_cycle(report: CycleReport, as_json: bool) -> None:
    if as_json:
        emit_json(report.as_dict())
        sys.stdout.flush()  # one line per cycle, as it ends, even into a pipe
        return
    for line in report.failed:
        say(line)
    if report.left:
        say(f"stopped: {report.left} file(s) left for the next start")
    out.print(
        f"{report.started:%Y-%m-%d %H:%M:%S}Z: {report.files} file(s), {report.rows_stored:,} rows stored,"
        f" {report.rows_quarantined:,} quarantined, {report.alerts} new alert(s) in {report.seconds:.1f} s"
        + (f"; error: {report.error}" if report.error and not report.failed else ""),
        highlight=False,
        soft_wrap=True,
    )


@reported(wrong=ValueError)
def follow(
    interval: Interval = 900.0,
    mirror: Mirror = None,
    keep: Keep = None,
    once: Annotated[bool, typer.Option("--once", help="Run one cycle and exit.")] = False,
    data_dir: DataDir = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object per cycle (one line each).")
    ] = False,
) -> None:
    """Follow GDELT 2.0 live: every cycle, download the files published since the last one taken (events,
    mentions, GKG; MD5 checked), ingest and tag them, refresh the day cells, run the alert rules, and tell
    the inbox and the webhooks of new alerts.

    After downtime it catches up in order; a file that fails is tried again in the next cycles (5
    attempts), reported, and never holds back the files after it. The first run starts at GDELT's newest
    files. With --keep 180d it keeps the raw GDELT records (events, mentions, GKG, tags, links) of the
    last 180 days only, by event date back from the newest; the day cells and alerts stay. It holds the
    store while it runs: to serve the dashboard too, run holosec serve --follow
    instead. Ctrl-C or SIGTERM stops it after the file being taken (what was loaded is published; the
    files left are taken at the next start); a second Ctrl-C stops it at once. Each cycle prints one
    line (or with --json one JSON object). Exit codes: 0 stopped (with --once: the cycle ran through); 3
    with --once: a file failed; 1 the cycle failed or the store is in use.
    """
    settings = settings_for(data_dir)
    make = make_follower(settings, mirror, interval, keep)
    workspace = workspace_of(settings)
    with open_store(settings, create=True) as store, serving(settings.data_dir, None, command="follow"):
        follower = make(store, workspace)
        if once:
            report = follower.cycle()
            _print_cycle(report, as_json)
            if report.error:
                raise typer.Exit(3 if report.failed else 1)
            return
        try:
            with stopping(follower):
                follower.run(on_cycle=lambda report: _print_cycle(report, as_json))
        except KeyboardInterrupt:
            pass  # a second Ctrl-C: at once, as a process killed (the next start resumes)
        say("stopped")


@contextmanager
def stopping(follower: Follower) -> Iterator[None]:
    """For the block, Ctrl-C and SIGTERM ask ``follower`` to stop after the file it is on; a second one
    stops at once (KeyboardInterrupt)."""

    def ask(signum: int, frame: FrameType | None) -> None:
        if follower.stopping:
            raise KeyboardInterrupt
        say("stopping after the file being taken (Ctrl-C again: at once)")
        follower.stop()

    previous = {number: signal.signal(number, ask) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@reported()
def status(
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="HOLOSEC_TOKEN",
            help="An API token (env HOLOSEC_TOKEN), needed when holosec serve holds the store or with --url;"
            f" make one with {MAKE_TOKEN}.",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            help="Ask the holosec server at this address (as holosec serve prints it, such as"
            " http://127.0.0.1:8000) instead of the store of the data directory.",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """The live follower's status: state (idle, running or off), the last cycle (started, finished, files,
    rows stored, alerts, error), the lag behind GDELT in seconds and the next cycle.

    While holosec serve holds the store, it is asked (GET /api/v1/status, with --token); --url asks a
    server elsewhere. Exit codes: 0 shown; 1 no store, no server answers, the server refused, or another
    process (holosec follow) holds the store; 2 a --url that is not http(s).
    """
    if url is not None:
        if not url.startswith(("http://", "https://")):
            raise typer.BadParameter(f"give the server's http:// or https:// address, not {url!r}")
        document = _status_by_server(url.rstrip("/"), token)
    else:
        settings = settings_for(data_dir)
        try:
            store = open_store(settings)
        except StoreInUse as exc:
            if exc.url is None:
                raise
            document = _status_by_server(exc.url, token, held=exc)
        else:
            with store:
                document = stored_status(store)
    if as_json:
        emit_json(document)
        return
    out.print(json.dumps(document, indent=2), highlight=False, soft_wrap=True)


def _status_by_server(base: str, token: str | None, held: StoreInUse | None = None) -> dict[str, Any]:
    """The status document from the server at ``base``, or one line of what is wrong and what to do."""
    if not token:
        first = (
            f"{held}; to ask it" if held is not None else f"{base} answers only with an API token: to ask it"
        )
        raise fail(
            f"{first} for the status, give an API token (--token or HOLOSEC_TOKEN;"
            f" make one with {MAKE_TOKEN})"
        )
    url = f"{base}/api/v1/status"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as exc:
        raise fail(_refusal(base, exc)) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ConnectionRefusedError):
            raise fail(
                f"no server answers at {base} (connection refused): start it (holosec serve), or give the"
                " address it serves at with --url"
            ) from exc
        raise fail(f"{base}: no answer ({exc.reason}): check the address and that the server runs") from exc
    except (OSError, ValueError) as exc:
        raise fail(f"{base}: no answer ({exc}): check the address and that the server runs") from exc
    if not isinstance(answer, dict) or "follow" not in answer:
        raise fail(f"{url} answered, but not with holosec's status: is {base} a holosec server?")
    return answer


def _refusal(base: str, exc: urllib.error.HTTPError) -> str:
    """What a server's refusal means, and what to do, in one line."""
    code = f"{exc.code} {answered(exc)}"
    if exc.code == 401:
        return (
            f"{base} refused the API token ({exc.code}): it is wrong or revoked; give a valid one"
            f" (--token or HOLOSEC_TOKEN) or make one with {MAKE_TOKEN}"
        )
    if exc.code == 403:
        return (
            f"{base} refused the API token's user ({code}): give the token of a user who may see the status"
        )
    if exc.code == 404:
        return (
            f"{base}/api/v1/status was not found ({exc.code}): give the address holosec serve prints"
            " (such as http://127.0.0.1:8000), without a path"
        )
    return f"{base}/api/v1/status: {code}"
