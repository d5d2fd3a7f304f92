"""The web application: :func:`create_app` wires the store, the users database, the routers, the error
shape and the security headers together."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from functools import partial
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from holosec import __version__
from holosec.api.routes import (
    admin,
    agencies,
    alerts,
    attention,
    briefings,
    corrections,
    countries,
    decisions,
    docs,
    events,
    evidence,
    fields,
    health,
    inbox,
    index,
    indicators,
    login,
    regional,
    register,
    review,
    status,
    tasks,
    users,
)
from holosec.api.routes import cases as workspace_cases
from holosec.briefings.escape import web_url
from holosec.cases.db import Workspace
from holosec.cases.notify import deliver, remind
from holosec.cases.people import UserStore
from holosec.follow import Follower, following
from holosec.http import errors
from holosec.http.auth import SignInFirst, current_user
from holosec.http.headers import SecurityHeaders
from holosec.http.metrics import RequestMetrics
from holosec.ingest import refresh
from holosec.settings import Settings, get_settings
from holosec.store import PROCESS_MEMO, Store
from holosec.store.serving import serving
from holosec.taxonomy.versions import PACKAGED
from holosec.web import (
    method_pages,
    pages,
    regional_pages,
    review_pages,
    status_pages,
    views,
    workspace_pages,
)
from holosec.web.correction_pages import router as correction_forms

log = logging.getLogger("holosec.api")  # the name operators filter on (as in holosec.http)
HERE = Path(__file__).parent
API = HERE / "api"
HTTP = HERE / "http"
WEB = HERE / "web"
API_ROUTERS = (
    admin,
    fields,
    indicators,
    attention,
    index,
    alerts,
    events,
    evidence,
    countries,
    users,
    briefings,
    regional,
    status,
    corrections,
    review,
)
WORKSPACE_ROUTERS = (workspace_cases, tasks, decisions, register, agencies, inbox)


def first_admin(users: UserStore) -> str | None:
    """Create the ``admin`` user when there are no users, writing its credentials to stderr once; returns
    the password (None when there were users already)."""
    password = users.ensure_admin()
    if password is not None:
        sys.stderr.write(
            f"holosec: created the first user: admin, password {password} (shown once; change it or add "
            "users with 'holosec users add')\n"
        )
    return password


@contextmanager
def reminders(workspace: Workspace, every_s: float = 3600.0) -> Iterator[None]:
    """While the server runs: deadline reminders and pending webhook posts, at start and then hourly."""
    stop = threading.Event()

    def loop() -> None:
        while True:
            try:
                remind(workspace)
                deliver(workspace)
            except Exception:  # a failed round must not end the loop; the next one retries
                log.exception("workspace reminders failed")
            if stop.wait(every_s):
                return

    thread = threading.Thread(target=loop, daemon=True, name="holosec-reminders")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)


def create_app(
    data_dir: Path,
    *,
    memory_limit: str = "2GB",
    threads: int | None = None,
    database_url: str | None = None,
    settings: Settings | None = None,
    url: str | None = None,
    follow: Callable[[Store, Workspace], Follower] | None = None,
) -> FastAPI:
    """The holosec web app over the store in ``data_dir`` and the workspace (users, cases) there or at
    ``database_url``; the store is opened when the app starts (its lifespan) and closed when it stops.
    ``settings`` (default: read from the environment) give the sign-in limits, the trusted proxies and the
    engine the analytics run on (``HOLOSEC_ENGINE``; one session for the server's life).
    ``url``, where it is served, is noted in the data directory while it holds the store, for the commands
    that find the store in use to name (:mod:`holosec.store.serving`). ``follow`` makes the follower that
    then runs in a thread of the server while it serves (``holosec serve --follow``; :mod:`holosec.follow`).

    >>> import tempfile, contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     app = create_app(Path(tempfile.mkdtemp()))
    >>> app.title
    'holosec'
    """
    data_dir = Path(data_dir)
    engine = settings.engine if settings is not None else None
    user_store = UserStore(data_dir, database_url)
    first_admin(user_store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with (
            Store.open(data_dir, memory_limit=memory_limit, threads=threads, engine=engine) as store,
            serving(data_dir, url, command=f"serve{' --follow' if follow else ''}") if url else nullcontext(),
            reminders(user_store.workspace),
        ):
            for version in PACKAGED:  # requests name packaged versions only; reads never refresh
                refresh(store, version)
            store.query_seconds = app.state.settings.query_seconds  # no question holds the others
            store.readers = threading.BoundedSemaphore(app.state.settings.readers)  # within memory
            app.state.store = store
            app.state.memo = PROCESS_MEMO  # results, kept until the store changes; the pages use it too
            app.state.follower = follow(store, user_store.workspace) if follow else None
            if app.state.follower is not None:  # the overview ready after each cycle, not on a first click
                app.state.follower.warm = partial(views.warm, store)
            with following(app.state.follower):
                yield

    app = FastAPI(
        title="holosec",
        version=__version__,
        description="The holistic national security outlook on open event data. Every route but "
        "/api/v1/health and /login needs a session cookie or an 'Authorization: Bearer' token.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings if settings is not None else get_settings(data_dir=data_dir)
    app.state.users = user_store
    app.state.workspace = user_store.workspace
    app.state.templates = Jinja2Templates(
        directory=[HTTP / "templates", API / "templates", WEB / "templates"]
    )
    # Only http(s) URLs from the data are ever links: a javascript: or data: "source" stays text.
    app.state.templates.env.tests["web_url"] = web_url
    errors.install(app)
    app.add_middleware(SignInFirst)  # 401 before the body is read (no 422 to anonymous callers)
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # pages carry chart data; the Vega bundle is 0.9 MB
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestMetrics)  # request latency by route template, for /metrics
    if app.state.settings.trusted_proxies:  # the client's address and scheme as a trusted proxy forwards them
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=app.state.settings.trusted_proxies)
    app.include_router(pages.router)  # before the mounts: it serves /static/vendor/vega.js
    app.include_router(regional_pages.router)
    app.include_router(method_pages.router)  # /method: how the index and the regional indicators are made
    app.include_router(status_pages.router)  # /status: the live GDELT follower, in words
    app.include_router(review_pages.router)  # /review: precision audits, one event at a time
    app.include_router(workspace_pages.router)  # the cases, register and inbox pages
    app.include_router(correction_forms)  # the event page's correction forms
    app.mount("/static/web", StaticFiles(directory=WEB / "static"), name="web-static")
    app.mount("/static/swagger", StaticFiles(directory=docs.SWAGGER), name="swagger")
    app.mount("/static", StaticFiles(directory=API / "static"), name="static")
    app.include_router(health.router)
    app.include_router(login.router)
    app.include_router(docs.router)
    for module in API_ROUTERS + WORKSPACE_ROUTERS:
        app.include_router(module.router, dependencies=[Depends(current_user)])
    return app
