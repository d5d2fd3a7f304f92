"""Cases: open (by hand or from an alert), read, list, edit, move along the workflow, bring in agencies,
share with observers, attach evidence, link or merge, and the overlap check (deconfliction).

Every action is one transaction that also writes its audit entry and its notifications: it happens
whole or not at all. Need-to-know is asked of :mod:`holosec.cases.policy` before anything is read out.
Edits carry the ``version`` the user saw; a stale one is refused (:class:`Stale`), so no edit is lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.exc import StaleDataError

from holosec.cases import audit, notify, policy
from holosec.cases.checks import MAX_TITLE, country_code, is_case_period, load_case, text
from holosec.cases.contents import case_contents
from holosec.cases.db import Workspace, agency_named, now
from holosec.cases.errors import Forbidden, Invalid, NotFound, Stale
from holosec.cases.models import (
    Agency,
    Case,
    CaseAgency,
    CaseField,
    CaseLink,
    CasePlace,
    CaseShare,
    Evidence,
    UserRow,
)
from holosec.cases.people import User
from holosec.cases.roles import OBSERVER
from holosec.cases.workflow import CLOSED, PRIORITIES, STEPS, check_move, moves
from holosec.taxonomy.versions import resolve

EVIDENCE_KINDS = ("alert", "event", "series")


def _fields(values: list[str], taxonomy: str) -> list[str]:
    known = resolve(taxonomy).ids()
    wrong = [v for v in values if v not in known]
    if wrong:
        raise Invalid(f"not fields of {taxonomy}: {', '.join(map(str, wrong))} (known: {', '.join(known)})")
    if not values:
        raise Invalid("a case needs at least one security field")
    return list(dict.fromkeys(values))


def _places(countries: list[str], pairs: list[list[str]]) -> list[tuple[str, str]]:
    found = [(country_code(c), "") for c in countries]
    for pair in pairs:
        if len(pair) != 2:
            raise Invalid(f"a pair is two ISO3 codes, not {pair!r}")
        a, b = sorted((country_code(pair[0]), country_code(pair[1])))
        if a == b:
            raise Invalid(f"a pair needs two different countries, not {pair!r}")
        found.append((a, b))
    return list(dict.fromkeys(found))


def _agency(session: Session, name: object) -> Agency:
    try:
        return agency_named(session, str(name))
    except LookupError as exc:
        raise Invalid(str(exc)) from exc


def merged_into(case: Case, user: User) -> int | None:
    """The case ``case`` was merged into, if ``user`` may see that one (else None: it does not exist for
    them)."""
    session = object_session(case)
    if case.merged_into is None or session is None:
        return None
    target = session.get(Case, case.merged_into)
    return case.merged_into if target is not None and policy.relation(user, target) is not None else None


def case_dict(case: Case, user: User) -> dict[str, Any]:
    """A case as the API shows it, with the workflow moves and actions open to ``user``."""
    return {
        "id": case.id,
        "title": case.title,
        "summary": case.summary,
        "status": case.status,
        "priority": case.priority,
        "due_on": case.due_on.isoformat() if case.due_on else None,
        "period": case.period,
        "taxonomy": case.taxonomy,
        "fields": [f.field for f in case.fields],
        "countries": sorted(p.country for p in case.places if not p.partner),
        "pairs": sorted([p.country, p.partner] for p in case.places if p.partner),
        "lead_agency": case.lead_agency.name,
        "co_owners": sorted(a.agency.name for a in case.agencies if a.relation == "co-owner"),
        "invited": sorted(a.agency.name for a in case.agencies if a.relation == "invited"),
        "merged_into": merged_into(case, user),
        "version": case.version,
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
        "relation": policy.relation(user, case),
        "moves": list(moves(case.status)) if policy.allowed(user, case, "status") else [],
        "may": sorted(a for a in policy.ALL_ACTIONS if policy.allowed(user, case, a)),
    }


def create_case(
    workspace: Workspace,
    user: User,
    *,
    title: str,
    summary: str = "",
    fields: list[str],
    lead_agency: str | None = None,
    countries: list[str] | None = None,
    pairs: list[list[str]] | None = None,
    priority: str = "medium",
    due_on: date | None = None,
    period: str | None = None,
    taxonomy: str = "v2014",
    co_owners: list[str] | None = None,
    evidence: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Open a case (status research) led by ``lead_agency`` (default: the user's agency). The answer
    carries ``overlaps``: open cases of other agencies on the same field, place and period that the user
    may see. The commission's staff are told of all of them (an inbox entry), hidden ones included; the
    user is not told that hidden ones exist (``overlaps_hidden`` is kept for the API's contract and is
    always 0)."""
    version = resolve(taxonomy).version
    title = text(title, "title", MAX_TITLE, required=True)
    summary = text(summary, "summary")
    chosen = _fields(list(fields), version)
    places = _places(list(countries or []), list(pairs or []))
    if priority not in PRIORITIES:
        raise Invalid(f"priority must be one of {', '.join(PRIORITIES)}, not {priority!r}")
    if period is not None and not is_case_period(period):
        raise Invalid(f"period must look like 2024, 2024-03 or 2024-W10, not {period!r}")
    with workspace.session() as session:
        lead = _agency(session, lead_agency) if lead_agency else session.get(Agency, user.agency_id)
        assert lead is not None
        policy.may_create(user, lead.id)
        stamp = now()
        case = Case(
            title=title,
            summary=summary,
            status=STEPS[0],
            priority=priority,
            due_on=due_on,
            period=period,
            taxonomy=version,
            lead_agency_id=lead.id,
            created_by=user.user_id,
            created_at=stamp,
            updated_at=stamp,
        )
        case.fields = [CaseField(field=f) for f in chosen]
        case.places = [CasePlace(country=a, partner=b) for a, b in places]
        for name in co_owners or []:
            other = _agency(session, name)
            if other.id != lead.id:
                case.agencies.append(CaseAgency(agency_id=other.id, relation="co-owner"))
        session.add(case)
        session.flush()
        for item in evidence or []:
            _add_evidence(
                session, case, user, item.get("kind", ""), item.get("ref", ""), item.get("label", "")
            )
        audit.record(
            session,
            user.name,
            "case.create",
            f"case:{case.id}",
            {"title": title, "lead_agency": lead.name, "fields": chosen, "places": places, "period": period},
        )
        found = overlaps(session, case)
        session.refresh(case)
        notify.overlap(session, case, found)
        answer = case_dict(case, user)
        answer["overlaps"] = [
            {"id": c.id, "title": c.title, "lead_agency": c.lead_agency.name}
            for c in found
            if policy.relation(user, c) is not None
        ]
        answer["overlaps_hidden"] = 0  # the commission is told of hidden overlaps, never the user
        return answer


def overlaps(session: Session, case: Case) -> list[Case]:
    """Open cases of *other* lead agencies sharing a field and a place (country or pair) with ``case``, in
    the same period (or where either has none)."""
    fields = [f.field for f in case.fields]
    keys = [(p.country, p.partner) for p in case.places]
    if not fields or not keys:
        return []
    query = (
        sa.select(Case)
        .where(
            Case.id != case.id,
            Case.status != CLOSED,
            Case.merged_into.is_(None),
            Case.lead_agency_id != case.lead_agency_id,
            Case.id.in_(sa.select(CaseField.case_id).where(CaseField.field.in_(fields))),
            Case.id.in_(
                sa.select(CasePlace.case_id).where(sa.tuple_(CasePlace.country, CasePlace.partner).in_(keys))
            ),
        )
        .order_by(Case.id)
    )
    if case.period is not None:
        query = query.where(sa.or_(Case.period.is_(None), Case.period == case.period))
    return list(session.scalars(query))


def get_case(workspace: Workspace, user: User, case_id: int, *, full: bool = True) -> dict[str, Any]:
    """A case the user may see, with (``full``) its evidence, tasks, comments, decisions, attachments and
    links; the view is audited (every case is need-to-know)."""
    with workspace.session() as session:
        case = policy.check(user, load_case(session, case_id), "view")
        answer = case_dict(case, user)
        if full:
            answer.update(case_contents(session, case, user))
        audit.record(session, user.name, "case.view", f"case:{case.id}")
        return answer


def list_cases(
    workspace: Workspace,
    user: User,
    *,
    status: str | None = None,
    field: str | None = None,
    agency: str | None = None,
    country: str | None = None,
    asked_by: str | None = None,
) -> list[dict[str, Any]]:
    """The cases the user may see, newest first, filtered by status, field, lead agency or country. The
    read is audited: one entry naming every case returned, its actor ``asked_by`` (default: the user;
    the command line shows what a user may see as its operator)."""
    with workspace.session() as session:
        query = sa.select(Case).where(policy.visible(user))
        if status:
            query = query.where(Case.status == status)
        if field:
            query = query.where(Case.id.in_(sa.select(CaseField.case_id).where(CaseField.field == field)))
        if agency:
            query = query.join(Agency, Agency.id == Case.lead_agency_id).where(Agency.name == agency)
        if country:
            code = country.upper()
            query = query.where(
                Case.id.in_(
                    sa.select(CasePlace.case_id).where(
                        sa.or_(CasePlace.country == code, CasePlace.partner == code)
                    )
                )
            )
        found = [case_dict(c, user) for c in session.scalars(query.order_by(Case.id.desc()))]
        audit.cases_read(session, asked_by or user.name, "case.list", [c["id"] for c in found])
        return found


def _stale(case: Case, version: int) -> None:
    if case.version != version:
        raise Stale(
            f"case {case.id} is at version {case.version}, not {version}: someone changed it since; reload it"
        )


def update_case(
    workspace: Workspace, user: User, case_id: int, version: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a case's title, summary, priority, due date, period, fields, countries or pairs, from the
    ``version`` the user saw."""
    allowed = {"title", "summary", "priority", "due_on", "period", "fields", "countries", "pairs"}
    unknown = set(changes) - allowed
    if unknown:
        raise Invalid(f"cannot change {', '.join(sorted(unknown))} (only {', '.join(sorted(allowed))})")
    try:
        with workspace.session() as session:
            case = policy.check(user, load_case(session, case_id, lock=True), "edit")
            _stale(case, version)
            if "title" in changes:
                case.title = text(changes["title"], "title", MAX_TITLE, required=True)
            if "summary" in changes:
                case.summary = text(changes["summary"], "summary")
            if "priority" in changes:
                if changes["priority"] not in PRIORITIES:
                    raise Invalid(f"priority must be one of {', '.join(PRIORITIES)}")
                case.priority = changes["priority"]
            if "due_on" in changes:
                case.due_on = changes["due_on"]
            if "period" in changes:
                if changes["period"] is not None and not is_case_period(changes["period"]):
                    raise Invalid("period must look like 2024, 2024-03 or 2024-W10")
                case.period = changes["period"]
            if "fields" in changes:
                chosen = _fields(list(changes["fields"]), case.taxonomy)
                case.fields = [CaseField(field=f) for f in chosen]
            if "countries" in changes or "pairs" in changes:
                current = case_dict(case, user)
                places = _places(
                    list(changes.get("countries", current["countries"])),
                    list(changes.get("pairs", current["pairs"])),
                )
                case.places = [CasePlace(country=a, partner=b) for a, b in places]
            case.updated_at = now()
            session.flush()
            audit.record(session, user.name, "case.edit", f"case:{case.id}", {"changed": sorted(changes)})
            return case_dict(case, user)
    except StaleDataError as exc:
        raise Stale(f"case {case_id} was changed by someone else at the same moment; reload it") from exc


def move_case(workspace: Workspace, user: User, case_id: int, version: int, to: str) -> dict[str, Any]:
    """Move a case along the workflow (:mod:`holosec.cases.workflow`); its agencies are told."""
    try:
        with workspace.session() as session:
            case = policy.check(user, load_case(session, case_id, lock=True), "status")
            _stale(case, version)
            if case.merged_into is not None:
                into = merged_into(case, user)
                raise Invalid(
                    f"case {case.id} was merged into "
                    + (f"case {into}; work on that one" if into else "another case; it cannot move")
                )
            old = case.status
            check_move(old, to)
            case.status = to
            case.updated_at = now()
            session.flush()
            audit.record(session, user.name, "case.status", f"case:{case.id}", {"from": old, "to": to})
            notify.status_changed(session, case, old, to, user)
            return case_dict(case, user)
    except StaleDataError as exc:
        raise Stale(f"case {case_id} was changed by someone else at the same moment; reload it") from exc


def bring_in(workspace: Workspace, user: User, case_id: int, agency: str, relation: str) -> dict[str, Any]:
    """Make ``agency`` a co-owner of the case or invite it (read and comment)."""
    if relation not in ("co-owner", "invited"):
        raise Invalid(f"relation must be co-owner or invited, not {relation!r}")
    with workspace.session() as session:
        case = policy.check(user, load_case(session, case_id, lock=True), "invite")
        other = _agency(session, agency)
        if other.id == case.lead_agency_id:
            raise Invalid(f"{other.name} leads case {case.id} already")
        existing = next((a for a in case.agencies if a.agency_id == other.id), None)
        if existing is None:
            case.agencies.append(CaseAgency(agency_id=other.id, relation=relation))
        else:
            existing.relation = relation
        case.updated_at = now()
        session.flush()
        audit.record(
            session, user.name, "case.agency", f"case:{case.id}", {"agency": other.name, "relation": relation}
        )
        users = session.scalars(
            sa.select(UserRow.user_id).where(UserRow.agency_id == other.id, UserRow.role == "agency-lead")
        )
        notify.notify(
            session,
            users,
            "assignment",
            case,
            f"{other.name} is now {relation} of case {case.id} '{case.title}' ({user.name}).",
            f"agency:{case.id}:{other.id}:{relation}",
            skip=user.user_id,
        )
        session.refresh(case)
        return case_dict(case, user)


def share(workspace: Workspace, user: User, case_id: int, observer: str) -> dict[str, Any]:
    """Share a case (read-only) with an observer."""
    with workspace.session() as session:
        case = policy.check(user, load_case(session, case_id), "share")
        target = session.scalar(sa.select(UserRow).where(UserRow.name == observer))
        if target is None or target.role != OBSERVER:
            raise Invalid("observer: no observer has that name")  # one answer: no one learns who exists
        if not any(s.user_id == target.user_id for s in case.shares):
            case.shares.append(CaseShare(user_id=target.user_id))
        session.flush()
        audit.record(session, user.name, "case.share", f"case:{case.id}", {"observer": observer})
        return case_dict(case, user)


def _add_evidence(session: Session, case: Case, user: User, kind: str, ref: str, label: str) -> Evidence:
    if kind not in EVIDENCE_KINDS:
        raise Invalid(f"evidence kind must be one of {', '.join(EVIDENCE_KINDS)}, not {kind!r}")
    ref = text(ref, "evidence ref", 300, required=True)
    existing = session.scalar(
        sa.select(Evidence).where(Evidence.case_id == case.id, Evidence.kind == kind, Evidence.ref == ref)
    )
    if existing is not None:
        return existing
    item = Evidence(
        case_id=case.id,
        kind=kind,
        ref=ref,
        label=text(label, "evidence label", 500),
        added_by=user.user_id,
        added_at=now(),
    )
    session.add(item)
    return item


def add_evidence(
    workspace: Workspace, user: User, case_id: int, kind: str, ref: str, label: str = ""
) -> dict[str, Any]:
    """Attach an alert (its id), an event (its id) or an indicator series (``country[-partner]:field``)."""
    with workspace.session() as session:
        case = policy.check(user, load_case(session, case_id), "evidence")
        item = _add_evidence(session, case, user, kind, ref, label)
        session.flush()
        audit.record(session, user.name, "case.evidence", f"case:{case.id}", {"kind": kind, "ref": ref})
        return {"id": item.id, "kind": item.kind, "ref": item.ref, "label": item.label}


def link_cases(
    workspace: Workspace, user: User, case_id: int, other_id: int, *, merge: bool = False
) -> dict[str, Any]:
    """Link two cases as related, or (``merge``) fold ``case_id`` into ``other_id``: its evidence is
    copied over, it is closed and points at the other. The user must be allowed to link both."""
    if case_id == other_id:
        raise Invalid("a case cannot be linked to itself")
    with workspace.session() as session:
        case = policy.check(user, load_case(session, case_id, lock=True), "link")
        other = policy.check(user, load_case(session, other_id, lock=True), "link")
        if merge and not (user.commission or policy.relation(user, case) == "lead"):
            raise Forbidden("a case is merged by the commission or by its lead agency")
        kind = "merged" if merge else "related"
        for a, b in ((case.id, other.id), (other.id, case.id)):
            if session.get(CaseLink, (a, b)) is None:
                session.add(CaseLink(case_id=a, other_id=b, kind=kind))
        if merge:
            for item in session.scalars(sa.select(Evidence).where(Evidence.case_id == case.id)).all():
                _add_evidence(session, other, user, item.kind, item.ref, item.label)
            case.merged_into = other.id
            case.status = CLOSED
            case.updated_at = now()
        session.flush()
        audit.record(
            session, user.name, f"case.{'merge' if merge else 'link'}", f"case:{case.id}", {"other": other.id}
        )
        return case_dict(case, user)


def alert_to_case(
    workspace: Workspace,
    user: User,
    alert: dict[str, Any],
    *,
    lead_agency: str | None = None,
    title: str | None = None,
    evidence_limit: int = 20,
) -> dict[str, Any]:
    """Open a case from a stored alert (as :func:`holosec.warning.watch.stored_alerts` gives it) in one
    action: its field, country or pair, period and reasoning, with the alert, its series and its evidence
    events attached.

    An alert on all events of a pair or of the perspective's home country, whatever their field, has no
    one field: its case records every field of the alert's taxonomy (so it overlaps any case on that pair
    or country), its series is cited as ``CHN-VNM:all:month``, and its title and summary say "all fields".
    """
    field = alert.get("field") or None
    taxonomy = alert.get("taxonomy") or "v2014"
    pairs = [[alert["country"], alert["partner"]]] if alert.get("partner") else []
    countries = [] if pairs else [alert["country"]]
    who = alert["country"] + (f"-{alert['partner']}" if alert.get("partner") else "")
    scope = field or ALL_FIELDS
    evidence = [
        {
            "kind": "alert",
            "ref": alert["alert_id"],
            "label": f"{alert['indicator']} {alert['direction']} {alert['period']}",
        },
        {
            "kind": "series",
            "ref": f"{who}:{field or 'all'}:{alert['grain']}",
            "label": f"{alert['indicator']} by {alert['grain']}" + ("" if field else f" ({ALL_FIELDS})"),
        },
    ]
    evidence += [
        {"kind": "event", "ref": e["event_id"], "label": (e.get("source_url") or "")[:500]}
        for e in alert.get("evidence", [])[:evidence_limit]
        if e.get("event_id")  # an attention alert's articles stay on the alert's page, which the case cites
    ]
    return create_case(
        workspace,
        user,
        title=title
        or f"{who} {scope}: {alert['indicator']} {alert['direction']} in {alert['period']}"[:MAX_TITLE],
        summary=f"Opened from alert {alert['alert_id']} ({alert['detector']}, {alert['severity']}): "
        + str(alert["reasoning"])
        + ("" if field else _all_fields_note(who, bool(pairs))),
        fields=[field] if field else resolve(taxonomy).ids(),
        lead_agency=lead_agency,
        countries=countries,
        pairs=pairs,
        priority={"high": "high", "critical": "critical"}.get(str(alert.get("severity")), "medium"),
        period=alert["period"],
        taxonomy=taxonomy,
        evidence=evidence,
    )


ALL_FIELDS = "all fields"


def _all_fields_note(who: str, pair: bool) -> str:
    """Why a case opened from an alert on all events records every field."""
    place = f"the pair {who}" if pair else who
    return (
        f"\n\nThe alert watched all events of {place}, whatever their security field, so this case records "
        "all fields; narrow them when the case's subject is clearer."
    )


__all__ = [
    "NotFound",
    "add_evidence",
    "alert_to_case",
    "bring_in",
    "case_dict",
    "create_case",
    "get_case",
    "link_cases",
    "list_cases",
    "move_case",
    "overlaps",
    "share",
    "update_case",
]
