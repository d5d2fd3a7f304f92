"""A property-based run of the whole OpenAPI description (schemathesis): every operation, called with
bounded examples from a fixed seed as a commission admin and as an agency analyst, with values that fit the
schema and values that do not, answers anything but a 5xx. A failure lists each request as a curl command.

The app runs in process over the demo store (read, and its alerts re-run once: the same alerts) with a
workspace database of its own, so the users, cases and agencies it makes touch no other test.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.python import asgi

from holosec.server import create_app
from holosec.store import Store

pytestmark = pytest.mark.slow

EXAMPLES = 20
FEWER = {  # each example of these costs seconds: a PDF briefing, every alert rule over the store
    "GET /api/v1/briefings": 3,
    "POST /api/v1/alerts/run": 2,
    "POST /api/v1/admin/backup": 1,  # a copy of the whole store, once a minute at most
}
ROLES = ("commission-admin", "agency-analyst")
MODES = {"fitting": GenerationMode.POSITIVE, "not-fitting": GenerationMode.NEGATIVE}
CALL_TIMEOUT_S = 300  # an alert run on two busy cores; schemathesis's default (10 s) is a transport error


@pytest.fixture(scope="module")
def fuzzed(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The app over the demo store with a workspace of its own, and a bearer token per role."""
    workspace = tmp_path_factory.mktemp("fuzz") / "workspace.sqlite"
    with contextlib.redirect_stderr(io.StringIO()):  # the first admin's password
        app = create_app(demo_store.data_dir, database_url=f"sqlite:///{workspace}")
    users = app.state.users
    tokens = {}
    for role in ROLES:
        users.add(f"fuzz-{role}", role)
        tokens[role] = users.new_token(f"fuzz-{role}")
    headers = {"Authorization": f"Bearer {tokens['commission-admin']}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, headers=headers)
    yield {"schema": schema, "tokens": tokens}
    asgi.shutdown_lifespans()  # closes the app's store and workspace
    # an admin's POST /api/v1/admin/backup writes a copy of the store beside it: not for the other tests
    shutil.rmtree(demo_store.data_dir / "backups", ignore_errors=True)


def server_errors(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> list[str]:
    """The requests of the bounded examples of ``operation`` that were answered with a 5xx."""
    found: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=FEWER.get(operation.label, EXAMPLES),
        derandomize=True,  # the same examples every run
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        response = case.call(headers=headers, timeout=CALL_TIMEOUT_S)
        try:
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
        except FailureGroup:
            found.append(f"{response.status_code}: {case.as_curl_command()}")

    try:
        call()
    except Unsatisfiable:  # nothing to make unfit: an operation without parameters or body
        assert mode == GenerationMode.NEGATIVE, operation.label
    return found


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("role", ROLES)
def test_no_operation_answers_a_server_error(fuzzed: dict[str, Any], role: str, mode: str) -> None:
    headers = {"Authorization": f"Bearer {fuzzed['tokens'][role]}"}
    operations = [result.ok() for result in fuzzed["schema"].get_all_operations()]
    assert len(operations) > 50 and "GET /api/v1/evidence" in {op.label for op in operations}
    errors = [error for op in operations for error in server_errors(op, MODES[mode], headers)]
    assert not errors, "\n".join(errors)


def test_a_server_error_is_reported() -> None:
    """The run can fail: an operation answering 500 for some values is caught, as a curl command."""
    app = FastAPI()

    @app.get("/api/v1/split")
    def split(parts: int) -> JSONResponse:
        return JSONResponse({"parts": parts}, status_code=500 if parts > 3 else 200)

    operation = schemathesis.openapi.from_asgi("/openapi.json", app)["/api/v1/split"]["GET"]
    found = server_errors(operation, GenerationMode.POSITIVE, {})
    assert found and found[0].startswith("500: curl -X GET") and "/api/v1/split?parts=" in found[0]
