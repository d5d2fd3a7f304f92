"""Everything a case page shows below the case itself: its evidence, tasks, comments, decisions,
attachments, links and shares (:func:`case_contents`), each as the module that owns it writes it."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from holosec.cases import policy
from holosec.cases.decisions import decision_dict
from holosec.cases.models import (
    Attachment,
    Case,
    CaseLink,
    CaseShare,
    Comment,
    Decision,
    Evidence,
    Task,
    UserRow,
)
from holosec.cases.people import User
from holosec.cases.work import attachment_dict, task_dict


def case_contents(session: Session, case: Case, user: User) -> dict[str, Any]:
    """Evidence, tasks, comments, decisions, attachments, links and shares of a case."""
    names = dict((r[0], r[1]) for r in session.execute(sa.select(UserRow.user_id, UserRow.name)))
    evidence = session.scalars(sa.select(Evidence).where(Evidence.case_id == case.id).order_by(Evidence.id))
    tasks = session.scalars(sa.select(Task).where(Task.case_id == case.id).order_by(Task.id))
    comments = session.scalars(sa.select(Comment).where(Comment.case_id == case.id).order_by(Comment.id))
    decisions = session.scalars(sa.select(Decision).where(Decision.case_id == case.id).order_by(Decision.id))
    files = session.scalars(
        sa.select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    )
    links = session.scalars(
        sa.select(CaseLink).where(CaseLink.case_id == case.id).order_by(CaseLink.other_id)
    )
    return {
        "evidence": [
            {"id": e.id, "kind": e.kind, "ref": e.ref, "label": e.label, "added_by": names.get(e.added_by)}
            for e in evidence
        ],
        "tasks": [task_dict(t) for t in tasks],
        "comments": [
            {
                "id": c.id,
                "author": names.get(c.author_id),
                "body": c.body,
                "created_at": c.created_at.isoformat(),
            }
            for c in comments
        ],
        "decisions": [decision_dict(d, names) for d in decisions],
        "attachments": [attachment_dict(a, names.get(a.added_by, "")) for a in files],
        "links": [
            {"case_id": link.other_id, "kind": link.kind}
            for link in links
            if policy.relation(user, session.get(Case, link.other_id)) is not None  # type: ignore[arg-type]
        ],
        "shared_with": sorted(
            names.get(s.user_id, "")
            for s in session.scalars(sa.select(CaseShare).where(CaseShare.case_id == case.id))
        )
        if policy.allowed(user, case, "share")
        else [],
    }
