"""The work on a case: tasks with an owner agency or person and a deadline, comments, attachments."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from holosec.cases import audit, notify, policy
from holosec.cases.checks import MAX_TITLE, case_of, text
from holosec.cases.db import Workspace, agency_named, now
from holosec.cases.errors import Invalid, NotFound, Stale
from holosec.cases.models import (
    Attachment,
    Case,
    Comment,
    Task,
    UserRow,
)
from holosec.cases.people import User
from holosec.cases.roles import OBSERVER

TASK_STATUSES = ("open", "done", "cancelled")
MAX_COMMENT = 10_000
MAX_ATTACHMENT = 10 * 1024 * 1024
NO_OWNER = "owner_user: no user of the case's lead or co-owning agencies who can own a task has that name"


def task_dict(task: Task) -> dict[str, Any]:
    """A task as the API shows it."""
    return {
        "id": task.id,
        "case_id": task.case_id,
        "title": task.title,
        "owner_agency": task.owner_agency.name,
        "owner_user": task.owner_user.name if task.owner_user else None,
        "due_on": task.due_on.isoformat() if task.due_on else None,
        "status": task.status,
        "version": task.version,
    }


def _owner(session: Session, case: Case, agency: str | None, person: str | None) -> tuple[int, int | None]:
    user_id = None
    working = {case.lead_agency_id} | {a.agency_id for a in case.agencies if a.relation == "co-owner"}
    if person:
        found = session.scalar(sa.select(UserRow).where(UserRow.name == person))
        if found is None or found.role == OBSERVER or found.agency_id not in working:
            # one answer for a name no one has and a user of another agency: no one learns who exists
            raise Invalid(NO_OWNER)
        user_id, agency_id = found.user_id, found.agency_id
        if agency:
            try:
                named = agency_named(session, agency)
            except LookupError as exc:
                raise Invalid(str(exc)) from exc
            if named.id != agency_id:
                raise Invalid(f"{person} is of another agency than {agency}")
    elif agency:
        try:
            agency_id = agency_named(session, agency).id
        except LookupError as exc:
            raise Invalid(str(exc)) from exc
    else:
        agency_id = case.lead_agency_id
    if agency_id not in working:
        raise Invalid("a task is owned by the case's lead or co-owning agency (bring the agency in first)")
    return agency_id, user_id


def add_task(
    workspace: Workspace,
    user: User,
    case_id: int,
    title: str,
    *,
    owner_agency: str | None = None,
    owner_user: str | None = None,
    due_on: date | None = None,
) -> dict[str, Any]:
    """Add a task to a case; its owner is told (assignment)."""
    title = text(title, "title", MAX_TITLE, required=True)
    with workspace.session() as session:
        case = case_of(session, user, case_id, "task")
        agency_id, user_id = _owner(session, case, owner_agency, owner_user)
        task = Task(
            case_id=case.id,
            title=title,
            owner_agency_id=agency_id,
            owner_user_id=user_id,
            due_on=due_on,
            status="open",
            created_by=user.user_id,
            created_at=now(),
        )
        session.add(task)
        session.flush()
        session.refresh(task)
        audit.record(session, user.name, "task.add", f"task:{task.id}", {"case": case.id, "title": title})
        notify.assigned(session, task, case, user)
        return task_dict(task)


def _task(session: Session, user: User, task_id: int) -> tuple[Task, Case]:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"no task {task_id}")
    try:
        case = case_of(session, user, task.case_id, "task")
    except NotFound as exc:
        raise NotFound(f"no task {task_id}") from exc
    return task, case


def update_task(
    workspace: Workspace, user: User, task_id: int, version: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a task's title, status, due date or owner, from the ``version`` the user saw."""
    allowed = {"title", "status", "due_on", "owner_agency", "owner_user"}
    if set(changes) - allowed:
        raise Invalid(f"cannot change {', '.join(sorted(set(changes) - allowed))}")
    try:
        with workspace.session() as session:
            task, case = _task(session, user, task_id)
            if task.version != version:
                raise Stale(f"task {task_id} is at version {task.version}, not {version}; reload it")
            if "title" in changes:
                task.title = text(changes["title"], "title", MAX_TITLE, required=True)
            if "status" in changes:
                if changes["status"] not in TASK_STATUSES:
                    raise Invalid(f"status must be one of {', '.join(TASK_STATUSES)}")
                task.status = changes["status"]
            if "due_on" in changes:
                task.due_on = changes["due_on"]
            reassigned = "owner_agency" in changes or "owner_user" in changes
            if reassigned:
                task.owner_agency_id, task.owner_user_id = _owner(
                    session, case, changes.get("owner_agency"), changes.get("owner_user")
                )
            session.flush()
            session.refresh(task)
            audit.record(session, user.name, "task.edit", f"task:{task.id}", {"changed": sorted(changes)})
            if reassigned:
                notify.assigned(session, task, case, user)
            return task_dict(task)
    except StaleDataError as exc:
        raise Stale(f"task {task_id} was changed by someone else at the same moment; reload it") from exc


def list_tasks(
    workspace: Workspace, user: User, *, mine: bool = False, status: str | None = None
) -> list[dict[str, Any]]:
    """Tasks of the cases the user may see (``mine``: owned by them or, unassigned, by their agency). The
    read is audited: one entry naming the cases and tasks returned."""
    with workspace.session() as session:
        query = sa.select(Task).join(Case, Case.id == Task.case_id).where(policy.visible(user))
        if mine:
            query = query.where(
                sa.or_(
                    Task.owner_user_id == user.user_id,
                    sa.and_(Task.owner_user_id.is_(None), Task.owner_agency_id == user.agency_id),
                )
            )
        if status:
            query = query.where(Task.status == status)
        found = [
            task_dict(t) for t in session.scalars(query.order_by(Task.due_on.is_(None), Task.due_on, Task.id))
        ]
        audit.cases_read(
            session, user.name, "task.list", [t["case_id"] for t in found], tasks=[t["id"] for t in found]
        )
        return found


def add_comment(workspace: Workspace, user: User, case_id: int, body: str) -> dict[str, Any]:
    """Comment on a case."""
    body = text(body, "comment", MAX_COMMENT, required=True)
    with workspace.session() as session:
        case = case_of(session, user, case_id, "comment")
        comment = Comment(case_id=case.id, author_id=user.user_id, body=body, created_at=now())
        session.add(comment)
        session.flush()
        audit.record(session, user.name, "case.comment", f"case:{case.id}", {"comment": comment.id})
        return {
            "id": comment.id,
            "author": user.name,
            "body": body,
            "created_at": comment.created_at.isoformat(),
        }


def attach(
    workspace: Workspace, user: User, case_id: int, name: str, media_type: str, content: bytes
) -> dict[str, Any]:
    """Attach a file (a briefing, most often; at most 10 MB) to a case."""
    name = text(name, "file name", 200, required=True)
    if len(content) > MAX_ATTACHMENT:
        raise Invalid(f"the file is {len(content)} bytes; at most {MAX_ATTACHMENT} are taken")
    with workspace.session() as session:
        case = case_of(session, user, case_id, "attach")
        item = Attachment(
            case_id=case.id,
            name=name,
            media_type=text(media_type or "application/octet-stream", "media type", 100),
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            added_by=user.user_id,
            added_at=now(),
        )
        session.add(item)
        session.flush()
        audit.record(
            session, user.name, "case.attach", f"case:{case.id}", {"name": name, "sha256": item.sha256}
        )
        return attachment_dict(item, user.name)


def attachment_dict(item: Attachment, by: str) -> dict[str, Any]:
    """An attachment as the API shows it (without its bytes), ``by`` the name of who added it."""
    return {
        "id": item.id,
        "name": item.name,
        "media_type": item.media_type,
        "size": item.size,
        "sha256": item.sha256,
        "added_by": by,
        "added_at": item.added_at.isoformat(),
    }


def attachment(workspace: Workspace, user: User, case_id: int, attachment_id: int) -> tuple[str, str, bytes]:
    """An attachment's name, media type and bytes (the download is audited like a view)."""
    with workspace.session() as session:
        case = case_of(session, user, case_id, "view")
        item = session.get(Attachment, attachment_id)
        if item is None or item.case_id != case.id:
            raise NotFound(f"no attachment {attachment_id} on case {case_id}")
        audit.record(session, user.name, "case.download", f"case:{case.id}", {"attachment": item.id})
        return item.name, item.media_type, item.content
