"""The decision log: what was decided on a case, why, by whom, which agencies were consulted, and any
dissent. Entries are only ever added (the database refuses UPDATE and DELETE on them); a decision that
turns out wrong is answered by a later decision, never by editing this one."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from holosec.cases import audit, notify, policy
from holosec.cases.checks import case_of, text
from holosec.cases.db import Workspace, agency_named, now
from holosec.cases.errors import Invalid
from holosec.cases.models import Case, Decision, UserRow
from holosec.cases.people import User


def decision_dict(decision: Decision, names: dict[int, str]) -> dict[str, Any]:
    """A decision as the API shows it."""
    return {
        "id": decision.id,
        "case_id": decision.case_id,
        "what": decision.what,
        "why": decision.why,
        "decided_by": decision.decided_by,
        "consulted": list(decision.consulted),
        "dissent": decision.dissent,
        "recorded_by": names.get(decision.recorded_by),
        "recorded_at": decision.recorded_at.isoformat(),
    }


def record_decision(
    workspace: Workspace,
    user: User,
    case_id: int,
    *,
    what: str,
    why: str,
    decided_by: str,
    consulted: list[str] | None = None,
    dissent: str = "",
) -> dict[str, Any]:
    """Add a decision to a case's log (the lead agency's leads and the commission may)."""
    what = text(what, "what", required=True)
    why = text(why, "why", required=True)
    decided_by = text(decided_by, "decided_by", 200, required=True)
    dissent = text(dissent, "dissent")
    with workspace.session() as session:
        case = case_of(session, user, case_id, "decide")
        names = []
        for name in consulted or []:
            try:
                names.append(agency_named(session, str(name)).name)
            except LookupError as exc:
                raise Invalid(str(exc)) from exc
        decision = Decision(
            case_id=case.id,
            what=what,
            why=why,
            decided_by=decided_by,
            consulted=sorted(set(names)),
            dissent=dissent,
            recorded_by=user.user_id,
            recorded_at=now(),
        )
        session.add(decision)
        session.flush()
        audit.record(
            session,
            user.name,
            "decision.add",
            f"case:{case.id}",
            {"decision": decision.id, "what": what[:200]},
        )
        notify.notify(
            session,
            notify.commission_users(session),
            "decision",
            case,
            f"Decision on case {case.id} '{case.title}': {what[:300]}",
            f"decision:{decision.id}",
            skip=user.user_id,
        )
        return decision_dict(decision, {user.user_id: user.name})


def list_decisions(workspace: Workspace, user: User, case_id: int | None = None) -> list[dict[str, Any]]:
    """The decisions on the cases the user may see (of one case, when given), oldest first. The read is
    audited: one entry naming the cases and decisions returned."""
    with workspace.session() as session:
        query = sa.select(Decision).join(Case, Case.id == Decision.case_id).where(policy.visible(user))
        if case_id is not None:
            case_of(session, user, case_id, "view")
            query = query.where(Decision.case_id == case_id)
        names = dict((r[0], r[1]) for r in session.execute(sa.select(UserRow.user_id, UserRow.name)))
        found = [decision_dict(d, names) for d in session.scalars(query.order_by(Decision.id))]
        audit.cases_read(
            session,
            user.name,
            "decision.list",
            [d["case_id"] for d in found],
            decisions=[d["id"] for d in found],
        )
        return found
