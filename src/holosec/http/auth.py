"""Who is asking: a session cookie or an API token, the role checks, and the CSRF checks.

A request signs in with ``Authorization: Bearer <token>`` or with the session cookie set by ``POST /login``.
State-changing requests signed in by cookie must also prove they come from our own pages: a form field
(or an ``X-CSRF-Token`` header) holding the session's CSRF token, which our pages embed and the CSRF
cookie carries. The token is derived from the session id, so a token of one session is worth nothing with
another. Before a session exists (the sign-in form) the token is a random value the form must repeat from
the CSRF cookie (double submit). Bearer requests need no such proof (a browser never adds the header by
itself).

Over https the cookies are ``__Host-holosec_session`` and ``__Host-holosec_csrf`` (Secure, path ``/``, no
domain: no other site, not even a subdomain, can set them); over plain http they keep their old names.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from holosec.cases.people import SESSION_SECONDS, User, UserStore
from holosec.http.errors import ApiError, NotSignedIn, error_response

SESSION_COOKIE = "holosec_session"
CSRF_COOKIE = "holosec_csrf"
HOST_PREFIX = "__Host-"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API = "/api/"


def users_of(request: Request) -> UserStore:
    """The users database of the running app."""
    users: UserStore = request.app.state.users
    return users


def secure(request: Request) -> bool:
    """Whether the request came over https (its cookies are then Secure and ``__Host-`` named)."""
    return request.url.scheme == "https"


def cookie_name(request: Request, name: str) -> str:
    """The name of cookie ``name`` for this request: ``__Host-`` prefixed over https."""
    return HOST_PREFIX + name if secure(request) else name


def session_of(request: Request) -> str | None:
    """The session id the request's cookie carries, if any (not checked)."""
    return request.cookies.get(cookie_name(request, SESSION_COOKIE)) or None


def set_cookie(
    response: Response,
    request: Request,
    name: str,
    value: str,
    *,
    samesite: Literal["lax", "strict"],
    max_age: int = SESSION_SECONDS,
) -> None:
    """Set one of our HttpOnly cookies under its name for this request (path ``/``, no domain)."""
    response.set_cookie(
        cookie_name(request, name),
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite=samesite,
        secure=secure(request),
    )


def delete_cookie(response: Response, request: Request, name: str) -> None:
    """Delete one of our cookies."""
    response.delete_cookie(cookie_name(request, name), path="/", httponly=True, secure=secure(request))


def session_csrf(session: str) -> str:
    """The CSRF token of a session: an HMAC keyed by its (secret, random) id, so only who holds the session
    cookie, or has been shown one of our pages, has it; a database copy (session ids are stored hashed)
    does not give it either.

    >>> session_csrf("a") == session_csrf("a") != session_csrf("b")
    True
    """
    return hmac.new(session.encode(), b"holosec csrf token", hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The CSRF token our forms carry: the session's, else the pre-session cookie's, else a new one."""
    session = session_of(request)
    if session is not None:
        return session_csrf(session)
    return request.cookies.get(cookie_name(request, CSRF_COOKIE)) or secrets.token_urlsafe(32)


def set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    """Set the CSRF cookie to ``token`` (readable by API clients that sign in by cookie)."""
    set_cookie(response, request, CSRF_COOKIE, token, samesite="strict")


def csrf_ok(request: Request, given: str | None) -> bool:
    """Whether ``given`` (a form field or header) is the CSRF token of this request's session, or before
    a session exists, of its CSRF cookie."""
    session = session_of(request)
    if session is not None:
        expected: str | None = session_csrf(session)
    else:
        expected = request.cookies.get(cookie_name(request, CSRF_COOKIE))
    return bool(expected and given and hmac.compare_digest(expected.encode(), given.encode()))


def current_user(request: Request) -> User:
    """The signed-in user, or :class:`NotSignedIn` (401, or a redirect to /login for pages)."""
    users = users_of(request)
    token = _bearer(request)
    if token is not None:
        user = users.token_user(token)
        if user is None:
            raise NotSignedIn()
        return user
    session = session_of(request)
    user = users.session_user(session) if session else None
    if user is None:
        raise NotSignedIn()
    if request.method not in SAFE_METHODS and not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        cookie = cookie_name(request, CSRF_COOKIE)
        raise ApiError(403, f"missing or wrong CSRF token (send the {cookie} cookie's value as X-CSRF-Token)")
    return user


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class SignInFirst:
    """ASGI middleware: a request that may change something under ``/api/`` is refused (401, or 403 for a
    missing CSRF token) before its body is read when it is not signed in, so an anonymous caller learns
    nothing from body validation (no 422) and cannot make the server parse an upload. The routes still check
    the user and the role themselves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and scope["path"].startswith(API):
            try:
                await run_in_threadpool(current_user, Request(scope))
            except ApiError as exc:
                await error_response(exc.status, exc.message, exc.headers)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def requires(role: str) -> Callable[[User], User]:
    """A dependency: the signed-in user when they have ``role`` or a higher one, else 403."""

    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.may(role):
            raise ApiError(403, f"{user.role} may not do this: it needs the {role} role")
        return user

    return check


Viewer = Annotated[User, Depends(requires("viewer"))]
Analyst = Annotated[User, Depends(requires("analyst"))]
Admin = Annotated[User, Depends(requires("admin"))]
