"""The one JSON error shape of the API: ``{"error": {"status": int, "code": str, "message": str}}``.

Every error path (unknown routes, bad query parameters, library input errors, missing credentials, wrong
roles, rate limits, server errors) answers with it. Two last-resort handlers keep hostile input from
becoming a 500: text that is not Unicode (a lone surrogate, which JSON's ``"\\ud800"`` decodes to and no
database or log can encode) and numbers or dates beyond what the store or the calendar holds both answer
400. Whatever a request carries is logged through :func:`clip`: escaped and cut to 200 characters.

A question the store stopped at its time limit (:class:`~holosec.errors.QueryTimeLimit`,
``HOLOSEC_QUERY_SECONDS``) answers **503** with the code ``query_time_limit``, the error's message (what
the limit was, and to ask a narrower question) and ``Retry-After`` of the limit's seconds: the server is
well, the question was too heavy for it just then; a page view says so in the reader's language.

>>> error_body(404, "no such event")
{'error': {'status': 404, 'code': 'not_found', 'message': 'no such event'}}
"""

from __future__ import annotations

import logging
import math
import traceback
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from holosec.cases.errors import WorkspaceError
from holosec.errors import HolosecError, QueryTimeLimit, StoreError
from holosec.http.language import request_lang
from holosec.presentation.i18n import word

log = logging.getLogger("holosec.api")
LOG_TEXT = 200
"""Characters of user-supplied text (a path, a query, a name) a log line keeps."""
CLIPPED_LOGGERS = ("holosec.api", "uvicorn.access", "uvicorn.error")  # holosec.server logs as holosec.api

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


def _escaped(ch: str) -> str:
    return ch.encode("unicode_escape").decode("ascii")


def clip(text: object, limit: int = LOG_TEXT) -> str:
    """Text from a request made fit for one log line: characters that are not printable (line breaks,
    terminal escapes, lone surrogates) written as escapes, and cut to ``limit`` characters.

    >>> print(clip("a\\nb\\x1b[2J\\ud800"))
    a\\nb\\x1b[2J\\ud800
    >>> clip("x" * 300, 5)
    'xxxxx... (300 characters)'
    """
    text = str(text)
    shown = "".join(ch if ch.isprintable() else _escaped(ch) for ch in text[:limit])
    return shown if len(text) <= limit else f"{shown}... ({len(text)} characters)"


class ClipRequestText(logging.Filter):
    """A log filter: every text argument of a record, and every line of its traceback, through
    :func:`clip` (a record's arguments are where paths, queries and names end up)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(clip(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: clip(v) if isinstance(v, str) else v for k, v in record.args.items()}
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            lines = "".join(traceback.format_exception(record.exc_info[1])).splitlines()
            record.exc_text = "\n".join(clip(line, 2 * LOG_TEXT) for line in lines)
        return True


def clip_logs() -> None:
    """Put :class:`ClipRequestText` on the loggers that write request data (once each)."""
    for name in CLIPPED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ClipRequestText) for f in logger.filters):
            logger.addFilter(ClipRequestText())


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The error shape of ``status`` with ``message`` (and ``code``, default the status's)."""
    code = code or CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "_")
    return {"error": {"status": status, "code": code, "message": message}}


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None, code: str | None = None
) -> JSONResponse:
    """A JSON response holding the error shape."""
    return JSONResponse(error_body(status, message, code), status_code=status, headers=headers)


def wants_html(request: Request) -> bool:
    """Whether the request is a page view (a browser asking for HTML), not an API call."""
    path = request.url.path
    if path.startswith("/api/") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def shaped(
    request: Request,
    status: int,
    message: str,
    headers: dict[str, str] | None = None,
    code: str | None = None,
    page_message: str | None = None,
) -> Response:
    """The error for this request: a page holding ``page_message`` (default ``message``) for a browser's
    page view, else the JSON error shape."""
    if wants_html(request):
        lang = request_lang(request) if page_message else "en"  # other messages are in English
        context = {"status": status, "message": page_message or message, "lang": lang}
        response: Response = request.app.state.templates.TemplateResponse(
            request, "error.html", context, status_code=status
        )
        response.headers.update(headers or {})
        return response
    return error_response(status, message, headers, code)


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


def _time_limit(request: Request, exc: QueryTimeLimit) -> Response:
    log.warning("stopped a question at the %g s limit on %s", exc.seconds, clip(request.url))
    wait = max(1, math.ceil(exc.seconds))
    shown = word("query_time_limit", request_lang(request), seconds=f"{exc.seconds:g}")
    return shaped(request, 503, str(exc), {"Retry-After": str(wait)}, "query_time_limit", shown)


def _holosec_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, QueryTimeLimit):
        return _time_limit(request, exc)
    if isinstance(exc, StoreError):
        log.error("store error on %s: %s", request.url.path, str(exc))
        return shaped(request, 500, "the store cannot be used now")
    if isinstance(exc, WorkspaceError):  # 404 hidden or missing, 403 denied, 409 stale, 422 bad input
        return shaped(request, exc.status, str(exc))
    return shaped(request, 400, str(exc))


def _not_unicode(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, UnicodeEncodeError)
    if exc.reason != "surrogates not allowed":
        raise exc
    log.warning("refused text that is not Unicode on %s: %s", request.url.path, str(exc))
    return shaped(request, 400, "the request holds text that is not valid Unicode (a lone surrogate)")


def _out_of_range(request: Request, exc: Exception) -> Response:
    log.warning("refused an out-of-range value on %s: %s", request.url.path, str(exc))
    return shaped(request, 400, "a number or date in the request is out of range")


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` with the error shape, and clip request text in the logs."""
    clip_logs()
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HolosecError, _holosec_error)
    app.add_exception_handler(UnicodeEncodeError, _not_unicode)  # last resort: see the module's docstring
    app.add_exception_handler(OverflowError, _out_of_range)
