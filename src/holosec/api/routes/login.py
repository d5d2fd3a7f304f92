"""``/login`` and ``/logout``: the sign-in form (with CSRF double-submit and a failed-login limit)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from holosec.api.auth import (
    CSRF_COOKIE,
    CSRF_FIELD,
    SESSION_COOKIE,
    csrf_ok,
    csrf_token,
    users_of,
)
from holosec.api.errors import error_response, wants_html
from holosec.api.users import SESSION_SECONDS

router = APIRouter(tags=["login"])
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _render(request: Request, template: str, status: int = 200, **context: object) -> Response:
    """A page whose forms carry the CSRF token (set as a cookie too, for the double-submit check)."""
    token = csrf_token(request)
    response: Response = request.app.state.templates.TemplateResponse(
        request, template, {**context, "csrf_token": token, "csrf_field": CSRF_FIELD}, status_code=status
    )
    response.set_cookie(
        CSRF_COOKIE, token, httponly=True, samesite="strict", secure=_secure(request), max_age=SESSION_SECONDS
    )
    return response


def _page(request: Request, message: str | None = None, status: int = 200) -> Response:
    return _render(request, "login.html", status, message=message)


def _refused(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if wants_html(request):
        response = _page(request, message, status)
        response.headers.update(headers or {})
        return response
    return error_response(status, message, headers)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    """The sign-in form."""
    return _page(request)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "",
) -> Response:
    """Check the form, then start a session (cookie) and go to the start page."""
    if not csrf_ok(request, csrf):
        return _refused(request, 403, "the form has expired or did not come from this site: reload the page")
    users = users_of(request)
    ip = request.client.host if request.client else "unknown"
    if users.failures(username, ip, FAILURE_WINDOW) >= MAX_FAILURES:
        return _refused(
            request,
            429,
            "too many failed sign-ins: try again in 15 minutes",
            {"Retry-After": str(FAILURE_WINDOW)},
        )
    user = users.authenticate(username, password)
    if user is None:
        users.record_failure(username, ip)
        return _refused(request, 401, "wrong user name or password")
    users.clear_failures(username, ip)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        users.start_session(user),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        max_age=SESSION_SECONDS,
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    """End the session and go back to the sign-in form."""
    if not csrf_ok(request, csrf):
        return _refused(request, 403, "the form has expired or did not come from this site: reload the page")
    if session := request.cookies.get(SESSION_COOKIE):
        users_of(request).end_session(session)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax", secure=_secure(request))
    return response
