"""Need-to-know, in one place: who may see a case and what they may do to it. The API and the pages both
ask here; neither hides a button in place of a check.

- The commission (commission-staff, commission-admin) sees and works every case.
- An agency's users see the cases their agency leads, co-owns or was invited to. On cases their agency
  leads or co-owns, analysts work the content (edit, evidence, tasks, comments, attachments) and leads
  also decide, move the workflow and bring in other agencies; only the lead agency's lead (or the
  commission) records decisions, moves the status, invites and shares. Invited agencies read and comment.
- Observers see only the cases shared with them, read-only.
- A case the user may not see does not exist for them: :class:`NotFound`, never :class:`Forbidden`.
"""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from holosec.cases.errors import Forbidden, NotFound
from holosec.cases.models import Case, CaseAgency, CaseShare
from holosec.cases.people import User
from holosec.cases.roles import AGENCY_ANALYST, AGENCY_LEAD, OBSERVER

Relation = Literal["commission", "lead", "co-owner", "invited", "shared"]
Action = Literal[
    "view", "comment", "edit", "evidence", "attach", "task", "decide", "status", "invite", "share", "link"
]
ALL_ACTIONS: tuple[Action, ...] = (
    "view",
    "comment",
    "edit",
    "evidence",
    "attach",
    "task",
    "decide",
    "status",
    "invite",
    "share",
    "link",
)
WORK: frozenset[str] = frozenset({"view", "comment", "edit", "evidence", "attach", "task"})
ALLOWED: dict[tuple[str, str], frozenset[str]] = {
    (AGENCY_LEAD, "lead"): WORK | {"decide", "status", "invite", "share", "link"},
    (AGENCY_LEAD, "co-owner"): WORK | {"link"},
    (AGENCY_LEAD, "invited"): frozenset({"view", "comment"}),
    (AGENCY_ANALYST, "lead"): WORK,
    (AGENCY_ANALYST, "co-owner"): WORK,
    (AGENCY_ANALYST, "invited"): frozenset({"view", "comment"}),
    (OBSERVER, "shared"): frozenset({"view"}),
}


def relation(user: User, case: Case) -> Relation | None:
    """How ``user`` stands to ``case`` (None: they may not know it exists)."""
    if user.commission:
        return "commission"
    if user.role == OBSERVER:
        return "shared" if any(s.user_id == user.user_id for s in case.shares) else None
    if case.lead_agency_id == user.agency_id:
        return "lead"
    for link in case.agencies:
        if link.agency_id == user.agency_id:
            return "co-owner" if link.relation == "co-owner" else "invited"
    return None


def allowed(user: User, case: Case, action: Action) -> bool:
    """Whether ``user`` may do ``action`` to ``case``."""
    found = relation(user, case)
    if found is None:
        return False
    if found == "commission":
        return True
    return action in ALLOWED.get((user.role, found), frozenset())


def check(user: User, case: Case | None, action: Action) -> Case:
    """``case`` when ``user`` may do ``action`` to it; :class:`NotFound` when they may not see it (or it is
    missing), :class:`Forbidden` when they may see it but not do this."""
    if case is None or relation(user, case) is None:
        raise NotFound("no such case")
    if not allowed(user, case, action):
        raise Forbidden(f"{user.role} of {user.agency} may not {action} on case {case.id}")
    return case


def visible(user: User) -> ColumnElement[bool]:
    """A filter on ``Case`` keeping the cases ``user`` may see (for lists and counts)."""
    if user.commission:
        return sa.true()
    if user.role == OBSERVER:
        return Case.id.in_(sa.select(CaseShare.case_id).where(CaseShare.user_id == user.user_id))
    return sa.or_(
        Case.lead_agency_id == user.agency_id,
        Case.id.in_(sa.select(CaseAgency.case_id).where(CaseAgency.agency_id == user.agency_id)),
    )


def may_create(user: User, lead_agency_id: int) -> None:
    """Commission staff open cases for any agency; agency users only for their own; observers none."""
    if user.commission:
        return
    if user.role == OBSERVER:
        raise Forbidden("observers may not open cases")
    if lead_agency_id != user.agency_id:
        raise Forbidden(f"{user.role} of {user.agency} may open cases for their own agency only")


def may_register(user: User, owner_agency_id: int) -> None:
    """The register (principles, policies, strategies, laws): the commission edits it for any agency,
    agency leads for their own."""
    if user.commission:
        return
    if user.role == AGENCY_LEAD and owner_agency_id == user.agency_id:
        return
    raise Forbidden(f"{user.role} of {user.agency} may not change the register for that agency")
