"""The web app's users: they live in the workspace database now (:mod:`holosec.cases.people`); this
module keeps the names the API layer imports."""

from __future__ import annotations

from holosec.cases.people import (
    SESSION_SECONDS,
    SignInLimits,
    User,
    UserError,
    UserExists,
    UserStore,
    digest,
)
from holosec.cases.roles import ROLES

__all__ = [
    "ROLES",
    "SESSION_SECONDS",
    "SignInLimits",
    "User",
    "UserError",
    "UserExists",
    "UserStore",
    "digest",
]
