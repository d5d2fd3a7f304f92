"""Who is asking: a session cookie or an API token, the role checks, and CSRF double-submit checks.

A request signs in with ``Authorization: Bearer <token>`` or with the session cookie set by ``POST /login``.
State-changing requests signed in by cookie must also prove they come from our own pages: a form field
(or an ``X-CSRF-Token`` header) equal to the CSRF cookie. Bearer requests need no such proof (a browser
never adds the header by itself).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from holosec.api.errors import ApiError, NotSignedIn
from holosec.api.users import User, UserStore

SESSION_COOKIE = "holosec_session"
CSRF_COOKIE = "holosec_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def users_of(request: Request) -> UserStore:
    """The users database of the running app."""
    users: UserStore = request.app.state.users
    return users


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser (its cookie), or a new one to set."""
    return request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)


def csrf_ok(request: Request, given: str | None) -> bool:
    """Whether ``given`` (a form field or header) matches the CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    return bool(cookie and given and hmac.compare_digest(cookie.encode(), given.encode()))


def current_user(request: Request) -> User:
    """The signed-in user, or :class:`NotSignedIn` (401, or a redirect to /login for pages)."""
    users = users_of(request)
    token = _bearer(request)
    if token is not None:
        user = users.token_user(token)
        if user is None:
            raise NotSignedIn()
        return user
    session = request.cookies.get(SESSION_COOKIE)
    user = users.session_user(session) if session else None
    if user is None:
        raise NotSignedIn()
    if request.method not in SAFE_METHODS and not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        raise ApiError(
            403, f"missing or wrong CSRF token (send the {CSRF_COOKIE} cookie's value as X-CSRF-Token)"
        )
    return user


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
