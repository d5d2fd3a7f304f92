"""The web application: :func:`create_app` wires the store, the users database, the routers, the error
shape and the security headers together."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from holosec import __version__
from holosec.api import errors
from holosec.api.auth import current_user
from holosec.api.headers import SecurityHeaders
from holosec.api.routes import (
    alerts,
    countries,
    docs,
    events,
    evidence,
    fields,
    health,
    index,
    indicators,
    login,
    users,
)
from holosec.api.users import UserStore
from holosec.store import PROCESS_MEMO, Store
from holosec.web import pages

HERE = Path(__file__).parent
WEB = HERE.parent / "web"
API_ROUTERS = (fields, indicators, index, alerts, events, evidence, countries, users)


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


def create_app(data_dir: Path, *, memory_limit: str = "2GB", threads: int | None = None) -> FastAPI:
    """The holosec web app over the store and users in ``data_dir``; the store is opened when the app
    starts (its lifespan) and closed when it stops.

    >>> import tempfile, contextlib, io
    >>> with contextlib.redirect_stderr(io.StringIO()):
    ...     app = create_app(Path(tempfile.mkdtemp()))
    >>> app.title
    'holosec'
    """
    data_dir = Path(data_dir)
    user_store = UserStore(data_dir)
    first_admin(user_store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with Store.open(data_dir, memory_limit=memory_limit, threads=threads) as store:
            app.state.store = store
            app.state.memo = PROCESS_MEMO  # results, kept until the store changes; the pages use it too
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
    app.state.users = user_store
    app.state.templates = Jinja2Templates(directory=[HERE / "templates", WEB / "templates"])
    errors.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=2048)  # pages carry chart data; the Vega bundle is 0.9 MB
    app.add_middleware(SecurityHeaders)
    app.include_router(pages.router)  # before the mounts: it serves /static/vendor/vega.js
    app.mount("/static/web", StaticFiles(directory=WEB / "static"), name="web-static")
    app.mount("/static/swagger", StaticFiles(directory=docs.SWAGGER), name="swagger")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(health.router)
    app.include_router(login.router)
    app.include_router(docs.router)
    for module in API_ROUTERS:
        app.include_router(module.router, dependencies=[Depends(current_user)])
    return app
