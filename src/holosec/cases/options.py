"""Workspace settings: choices a commission admin makes for the whole workspace. They live in the
workspace database, so the server and the command line (``holosec webhooks deliver``) act alike, and each
change is an audit entry naming who made it.

The catalogue is :data:`OPTIONS` (name, default, help); an option never set has its default.

>>> import tempfile
>>> from pathlib import Path
>>> from holosec.cases.db import Workspace
>>> from holosec.cases.people import User
>>> workspace = Workspace.open(Path(tempfile.mkdtemp()))
>>> is_on(workspace, PRIVATE_WEBHOOKS)
False
>>> set_option(workspace, User(1, "root", "commission-admin", "C"), PRIVATE_WEBHOOKS, True)["value"]
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from holosec.cases import audit
from holosec.cases.db import Workspace, now
from holosec.cases.errors import Forbidden, NotFound
from holosec.cases.models import WorkspaceSetting
from holosec.cases.people import User
from holosec.cases.roles import COMMISSION_ADMIN


@dataclass(frozen=True)
class Option:
    """One workspace setting: its name, its value when never set, and what it does."""

    name: str
    default: bool
    help: str


PRIVATE_WEBHOOKS = "webhooks.private_networks"
OPTIONS = {
    option.name: option
    for option in (
        Option(
            PRIVATE_WEBHOOKS,
            False,
            "Webhooks may post to loopback, private, link-local and other non-public addresses (a receiver"
            " on this host or the internal network). Off: such URLs are refused when added and when sent.",
        ),
    )
}


def _option(name: str) -> Option:
    if name not in OPTIONS:
        raise NotFound(f"no workspace setting {name!r} (known: {', '.join(sorted(OPTIONS))})")
    return OPTIONS[name]


def value(session: Session, name: str) -> bool:
    """The value of the setting ``name`` (its default when never set), in the session's transaction."""
    option = _option(name)
    row = session.get(WorkspaceSetting, name)
    return bool(json.loads(row.value)) if row is not None else option.default


def is_on(workspace: Workspace, name: str) -> bool:
    """The value of the setting ``name``."""
    with workspace.session() as session:
        return value(session, name)


def _shown(option: Option, row: WorkspaceSetting | None) -> dict[str, Any]:
    return {
        "name": option.name,
        "value": bool(json.loads(row.value)) if row is not None else option.default,
        "default": option.default,
        "help": option.help,
        "changed_by": row.changed_by if row is not None else None,
        "changed_at": row.changed_at.isoformat() if row is not None else None,
    }


def options(workspace: Workspace) -> list[dict[str, Any]]:
    """Every setting with its value, default, help, and who changed it last (and when)."""
    with workspace.session() as session:
        rows = {row.name: row for row in session.scalars(sa.select(WorkspaceSetting))}
        return [_shown(option, rows.get(name)) for name, option in sorted(OPTIONS.items())]


def set_option(workspace: Workspace, user: User, name: str, on: bool) -> dict[str, Any]:
    """Set ``name`` to ``on`` (commission admins only); the change is audited."""
    option = _option(name)
    if user.role != COMMISSION_ADMIN:
        raise Forbidden("workspace settings are changed by commission admins")
    with workspace.session() as session:
        row = session.get(WorkspaceSetting, name, with_for_update=True)
        before = bool(json.loads(row.value)) if row is not None else option.default
        if row is None:
            row = WorkspaceSetting(name=name, value="", changed_by="", changed_at=now())
            session.add(row)
        row.value, row.changed_by, row.changed_at = json.dumps(bool(on)), user.name, now()
        audit.record(session, user.name, "setting.change", f"setting:{name}", {"from": before, "to": on})
        session.flush()
        return _shown(option, row)


__all__ = ["OPTIONS", "PRIVATE_WEBHOOKS", "Option", "is_on", "options", "set_option", "value"]
