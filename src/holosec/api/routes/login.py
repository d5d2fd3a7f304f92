"""``/login`` and ``/logout``: the sign-in form (CSRF-checked) and the failed sign-in limits.

Each attempt is counted as a failure before its password is checked (:meth:`UserStore.reserve_attempt`),
so concurrent guesses cannot all pass the limit; a successful one takes its count back. The limits hold per
user name from any address and per address for any names (settings ``login_failures_per_name``,
``login_failures_per_address``, ``login_failure_window``). The address is the connection's, or behind a
proxy named in ``trusted_proxies`` the one it forwards (see :mod:`holosec.settings`).
"""

from __future__ import annotations

import ipaddress
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from holosec.cases.people import SignInLimits
from holosec.http.auth import (
    CSRF_FIELD,
    SESSION_COOKIE,
    csrf_ok,
    csrf_token,
    delete_cookie,
    session_csrf,
    session_of,
    set_cookie,
    set_csrf_cookie,
    users_of,
)
from holosec.http.errors import error_response, wants_html
from holosec.http.language import LANG_COOKIE, request_lang
from holosec.presentation.i18n import LANGS, word
from holosec.settings import Settings

router = APIRouter(tags=["login"])
MAX_FAILURES = SignInLimits.per_name
FAILURE_WINDOW = int(SignInLimits.window)


def limits_of(request: Request) -> SignInLimits:
    """The failed sign-in limits of the running app (its settings)."""
    settings: Settings = request.app.state.settings
    return SignInLimits(
        settings.login_failures_per_name, settings.login_failures_per_address, settings.login_failure_window
    )


def client_address(request: Request) -> str:
    """The address the limits count: the client's, an IPv6 one as its /64 (what one host usually holds).

    >>> from starlette.requests import Request
    >>> client_address(Request({"type": "http", "client": ("2001:db8::1:2", 5)}))
    '2001:db8::/64'
    """
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def _render(request: Request, template: str, status: int = 200, **context: object) -> Response:
    """A page in the reader's language whose forms carry the CSRF token (set as a cookie too, for the
    double-submit check)."""
    token = csrf_token(request)
    lang = request_lang(request)

    def t(key: str, **values: object) -> str:
        return word(key, lang, **values)

    response: Response = request.app.state.templates.TemplateResponse(
        request,
        template,
        {**context, "csrf_token": token, "csrf_field": CSRF_FIELD, "lang": lang, "langs": LANGS, "t": t},
        status_code=status,
    )
    set_csrf_cookie(response, request, token)
    if request.query_params.get("lang") in LANGS:  # the pages after signing in keep the language chosen
        response.set_cookie(LANG_COOKIE, lang, samesite="lax", max_age=365 * 86400)
    return response


def _page(request: Request, message: str | None = None, status: int = 200) -> Response:
    return _render(request, "login.html", status, message=message)


def _said(request: Request, key: str, **values: object) -> str:
    """A refusal in the reader's language (the API's JSON answers keep English: clients read them)."""
    return word(key, request_lang(request) if wants_html(request) else "en", **values)


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
        return _refused(request, 403, _said(request, "login_expired"))
    users, limits, address = users_of(request), limits_of(request), client_address(request)
    if not users.reserve_attempt(username, address, limits):
        minutes = max(1, round(limits.window / 60))
        return _refused(
            request,
            429,
            _said(request, "login_too_many", minutes=minutes),
            {"Retry-After": str(int(limits.window))},
        )
    user = users.authenticate(username, password)
    if user is None:
        users.attempt_failed(username, address)
        return _refused(request, 401, _said(request, "login_wrong"))
    users.clear_failures(username, address)
    session = users.start_session(user)
    response = RedirectResponse("/", status_code=303)
    set_cookie(response, request, SESSION_COOKIE, session, samesite="lax")
    set_csrf_cookie(response, request, session_csrf(session))
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> Response:
    """End the session and go back to the sign-in form."""
    if not csrf_ok(request, csrf):
        return _refused(request, 403, _said(request, "login_expired"))
    if session := session_of(request):
        users_of(request).end_session(session)
    response = RedirectResponse("/login", status_code=303)
    delete_cookie(response, request, SESSION_COOKIE)
    set_csrf_cookie(response, request, secrets.token_urlsafe(32))  # the session's token ends with it
    return response
