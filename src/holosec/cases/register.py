"""The register: principles, policies and strategies (with the cases that produced them, the indicator
series they aim to move, their owner and implementation status), and the laws and regulations that
govern each field (linked to the cases and strategies that cite them).

Everyone signed in reads the register (it holds policy, not case material); case ids it cites are shown
only where the reader may see the case. The commission edits it for any agency, agency leads for their own.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from holosec.cases import audit, policy
from holosec.cases.checks import MAX_TITLE, country_code, text
from holosec.cases.db import Workspace, agency_named, now
from holosec.cases.errors import Invalid, NotFound, Stale
from holosec.cases.models import Case, Law, Strategy
from holosec.cases.people import User
from holosec.taxonomy.versions import resolve

KINDS = ("principle", "policy", "strategy")
STRATEGY_STATUSES = ("draft", "adopted", "in-implementation", "implemented", "withdrawn")
LAW_STATUSES = ("draft", "in-force", "amended", "repealed")
INDICATORS = (
    "events",
    "conflict_events",
    "material_conflict_events",
    "per_1000",
    "goldstein_mean",
    "conflict_share",
    "balance",
)


def _visible_ids(session: Session, user: User, ids: list[int]) -> list[int]:
    if not ids:
        return []
    query = sa.select(Case.id).where(Case.id.in_(ids), policy.visible(user))
    return sorted(session.scalars(query))


def _cases(session: Session, user: User, ids: list[int]) -> list[int]:
    """Case ids the user may cite (they must see each)."""
    cited = sorted({int(i) for i in ids})
    seen = _visible_ids(session, user, cited)
    missing = sorted(set(cited) - set(seen))
    if missing:
        raise Invalid(f"no case {', '.join(map(str, missing))}")
    return cited


def _targets(values: list[dict[str, Any]], taxonomy: str = "v2014") -> list[dict[str, str]]:
    out = []
    for value in values:
        field = str(value.get("field", ""))
        if field not in resolve(taxonomy).ids():
            raise Invalid(f"target field {field!r} is not a field of {taxonomy}")
        indicator = str(value.get("indicator", "conflict_events"))
        if indicator not in INDICATORS:
            raise Invalid(f"target indicator must be one of {', '.join(INDICATORS)}, not {indicator!r}")
        target = {"country": country_code(value.get("country", "")), "field": field, "indicator": indicator}
        if value.get("partner"):
            target["partner"] = country_code(value["partner"])
        out.append(target)
    return out


def strategy_dict(session: Session, strategy: Strategy, user: User) -> dict[str, Any]:
    """A register entry as the API shows it."""
    laws = session.scalars(sa.select(Law).where(Law.id.in_(strategy.laws or []))).all()
    return {
        "id": strategy.id,
        "kind": strategy.kind,
        "title": strategy.title,
        "summary": strategy.summary,
        "status": strategy.status,
        "adopted_on": strategy.adopted_on.isoformat() if strategy.adopted_on else None,
        "owner_agency": strategy.owner_agency.name,
        "cases": _visible_ids(session, user, list(strategy.cases)),
        "targets": list(strategy.targets),
        "laws": [{"id": law.id, "title": law.title} for law in laws],
        "version": strategy.version,
    }


def add_strategy(
    workspace: Workspace,
    user: User,
    *,
    kind: str,
    title: str,
    summary: str = "",
    owner_agency: str | None = None,
    status: str = "draft",
    adopted_on: date | None = None,
    cases: list[int] | None = None,
    targets: list[dict[str, Any]] | None = None,
    laws: list[int] | None = None,
) -> dict[str, Any]:
    """Register a principle, policy or strategy."""
    if kind not in KINDS:
        raise Invalid(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if status not in STRATEGY_STATUSES:
        raise Invalid(f"status must be one of {', '.join(STRATEGY_STATUSES)}, not {status!r}")
    title = text(title, "title", MAX_TITLE, required=True)
    summary = text(summary, "summary")
    with workspace.session() as session:
        try:
            owner = agency_named(session, owner_agency) if owner_agency else None
        except LookupError as exc:
            raise Invalid(str(exc)) from exc
        owner_id = owner.id if owner else user.agency_id
        policy.may_register(user, owner_id)
        law_ids = sorted({int(i) for i in laws or []})
        known = set(session.scalars(sa.select(Law.id).where(Law.id.in_(law_ids))))
        if set(law_ids) - known:
            raise Invalid(f"no law {', '.join(map(str, sorted(set(law_ids) - known)))}")
        strategy = Strategy(
            kind=kind,
            title=title,
            summary=summary,
            status=status,
            adopted_on=adopted_on,
            owner_agency_id=owner_id,
            cases=_cases(session, user, cases or []),
            targets=_targets(targets or []),
            laws=law_ids,
            created_at=now(),
        )
        session.add(strategy)
        session.flush()
        session.refresh(strategy)
        audit.record(
            session, user.name, "strategy.add", f"strategy:{strategy.id}", {"kind": kind, "title": title}
        )
        return strategy_dict(session, strategy, user)


def update_strategy(
    workspace: Workspace, user: User, strategy_id: int, version: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a register entry's status, adoption date, summary, targets or cited cases."""
    allowed = {"status", "adopted_on", "summary", "title", "targets", "cases"}
    if set(changes) - allowed:
        raise Invalid(f"cannot change {', '.join(sorted(set(changes) - allowed))}")
    try:
        with workspace.session() as session:
            strategy = session.get(Strategy, strategy_id, with_for_update=True)
            if strategy is None:
                raise NotFound(f"no strategy {strategy_id}")
            policy.may_register(user, strategy.owner_agency_id)
            if strategy.version != version:
                raise Stale(
                    f"strategy {strategy_id} is at version {strategy.version}, not {version}; reload it"
                )
            if "status" in changes:
                if changes["status"] not in STRATEGY_STATUSES:
                    raise Invalid(f"status must be one of {', '.join(STRATEGY_STATUSES)}")
                strategy.status = changes["status"]
            if "adopted_on" in changes:
                strategy.adopted_on = changes["adopted_on"]
            if "summary" in changes:
                strategy.summary = text(changes["summary"], "summary")
            if "title" in changes:
                strategy.title = text(changes["title"], "title", MAX_TITLE, required=True)
            if "targets" in changes:
                strategy.targets = _targets(list(changes["targets"]))
            if "cases" in changes:
                strategy.cases = _cases(session, user, list(changes["cases"]))
            session.flush()
            audit.record(
                session, user.name, "strategy.edit", f"strategy:{strategy.id}", {"changed": sorted(changes)}
            )
            return strategy_dict(session, strategy, user)
    except StaleDataError as exc:
        raise Stale(f"strategy {strategy_id} was changed by someone else at the same moment") from exc


def list_strategies(workspace: Workspace, user: User, *, kind: str | None = None) -> list[dict[str, Any]]:
    """Every register entry (of ``kind``), newest first."""
    with workspace.session() as session:
        query = sa.select(Strategy)
        if kind:
            query = query.where(Strategy.kind == kind)
        return [strategy_dict(session, s, user) for s in session.scalars(query.order_by(Strategy.id.desc()))]


def get_strategy(workspace: Workspace, user: User, strategy_id: int) -> dict[str, Any]:
    """One register entry."""
    with workspace.session() as session:
        strategy = session.get(Strategy, strategy_id)
        if strategy is None:
            raise NotFound(f"no strategy {strategy_id}")
        return strategy_dict(session, strategy, user)


def law_dict(session: Session, law: Law, user: User) -> dict[str, Any]:
    """A law as the API shows it, with the strategies that cite it."""
    citing = [s.id for s in session.scalars(sa.select(Strategy)) if law.id in (s.laws or [])]
    return {
        "id": law.id,
        "title": law.title,
        "enacted_on": law.enacted_on.isoformat() if law.enacted_on else None,
        "status": law.status,
        "fields": list(law.fields),
        "agency": law.agency.name,
        "cases": _visible_ids(session, user, list(law.cases)),
        "strategies": citing,
    }


def add_law(
    workspace: Workspace,
    user: User,
    *,
    title: str,
    fields: list[str],
    agency: str,
    status: str = "in-force",
    enacted_on: date | None = None,
    cases: list[int] | None = None,
    taxonomy: str = "v2014",
) -> dict[str, Any]:
    """Register a law or regulation: the fields it governs and the agency responsible for it."""
    if status not in LAW_STATUSES:
        raise Invalid(f"status must be one of {', '.join(LAW_STATUSES)}, not {status!r}")
    known = resolve(taxonomy).ids()
    wrong = [f for f in fields if f not in known]
    if wrong or not fields:
        raise Invalid(f"a law governs fields of {taxonomy}; not fields: {', '.join(wrong) or '(none given)'}")
    title = text(title, "title", 300, required=True)
    with workspace.session() as session:
        try:
            responsible = agency_named(session, agency)
        except LookupError as exc:
            raise Invalid(str(exc)) from exc
        policy.may_register(user, responsible.id)
        law = Law(
            title=title,
            enacted_on=enacted_on,
            status=status,
            fields=list(dict.fromkeys(fields)),
            agency_id=responsible.id,
            cases=_cases(session, user, cases or []),
            created_at=now(),
        )
        session.add(law)
        session.flush()
        session.refresh(law)
        audit.record(session, user.name, "law.add", f"law:{law.id}", {"title": title})
        return law_dict(session, law, user)


def list_laws(workspace: Workspace, user: User, *, field: str | None = None) -> list[dict[str, Any]]:
    """Every registered law (governing ``field``), by title."""
    with workspace.session() as session:
        laws = session.scalars(sa.select(Law).order_by(Law.title)).all()
        return [law_dict(session, law, user) for law in laws if field is None or field in law.fields]
