"""The one JSON error shape of the API: ``{"error": {"status": int, "code": str, "message": str}}``.

Every error path (unknown routes, bad query parameters, library input errors, missing credentials, wrong
roles, rate limits, server errors) answers with it.

>>> error_body(404, "no such event")
{'error': {'status': 404, 'code': 'not_found', 'message': 'no such event'}}
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from holosec.cases.errors import WorkspaceError
from holosec.errors import HolosecError, StoreError

log = logging.getLogger("holosec.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_parameters",
    429: "too_many_requests",
    500: "internal_error",
}


class ApiError(Exception):
    """An error to answer with the error shape (and ``headers``, such as Retry-After)."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class NotSignedIn(ApiError):
    """No valid credentials: 401 for the API, a redirect to the login page for pages."""

    def __init__(self) -> None:
        super().__init__(401, "sign in first: a session cookie or an 'Authorization: Bearer' token")


def error_body(status: int, message: str) -> dict[str, Any]:
    """The error shape of ``status`` with ``message``."""
    code = CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "_")
    return {"error": {"status": status, "code": code, "message": message}}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON response holding the error shape."""
    return JSONResponse(error_body(status, message), status_code=status, headers=headers)


def wants_html(request: Request) -> bool:
    """Whether the request is a page view (a browser asking for HTML), not an API call."""
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def shaped(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """The error for this request: a page holding ``message`` for a browser's page view, else the JSON
    error shape."""
    if wants_html(request):
        response: Response = request.app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )
        response.headers.update(headers or {})
        return response
    return error_response(status, message, headers)


def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    if isinstance(exc, NotSignedIn) and wants_html(request):
        return RedirectResponse("/login", status_code=303)
    return shaped(request, exc.status, exc.message, exc.headers)


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and exc.detail == "Not Found":
        message = f"no route {request.url.path}"
    return shaped(request, exc.status_code, message, dict(exc.headers or {}))


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for problem in exc.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()) if part not in ("query", "body"))
        problems.append(f"{where}: {problem.get('msg', 'invalid')}" if where else problem.get("msg", ""))
    return shaped(request, 422, "; ".join(problems) or "invalid request")


def _holosec_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StoreError):
        log.error("store error on %s: %s", request.url.path, exc)
        return shaped(request, 500, "the store cannot be used now")
    if isinstance(exc, WorkspaceError):  # 404 hidden or missing, 403 denied, 409 stale, 422 bad input
        return shaped(request, exc.status, str(exc))
    return shaped(request, 400, str(exc))


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` with the error shape."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HolosecError, _holosec_error)
