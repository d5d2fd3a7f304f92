"""``/api/v1/users``: user management (admins only)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from holosec.cases.people import UserError, UserExists
from holosec.http.auth import Admin, users_of
from holosec.http.errors import ApiError

router = APIRouter(tags=["users"])


class UserCreate(BaseModel):
    """A user to create."""

    name: str = Field(min_length=1, max_length=64)
    role: Literal[
        "observer",
        "agency-analyst",
        "agency-lead",
        "commission-staff",
        "commission-admin",
        "viewer",
        "analyst",
        "admin",
    ] = Field(description="A workspace role; viewer, analyst and admin are the old names (kept).")
    agency: str | None = Field(None, max_length=200, description="An existing agency (default: the role's).")
    token: bool = Field(False, description="Also issue an API token.")


class UserCreated(BaseModel):
    """The new user with their one-time password (and token): shown once, stored only hashed."""

    name: str
    role: str
    agency: str | None
    password: str
    token: str | None


@router.post("/api/v1/users", status_code=201)
def create_user(body: UserCreate, request: Request, admin: Admin) -> UserCreated:
    """Create a user; the answer holds their password (and API token) once. The audit trail names the
    admin who did it."""
    users = users_of(request)
    try:
        password = users.add(body.name, body.role, body.agency, by=admin.name)
    except UserError as exc:
        raise ApiError(409 if isinstance(exc, UserExists) else 400, str(exc)) from exc
    token = users.new_token(body.name, by=admin.name) if body.token else None
    made = users.get(body.name)
    assert made is not None
    return UserCreated(name=made.name, role=made.role, agency=made.agency, password=password, token=token)
