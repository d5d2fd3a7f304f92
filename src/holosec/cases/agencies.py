"""Agencies and which of them lead or contribute to each security field (editable data)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from holosec.cases import audit
from holosec.cases.db import Workspace, agency_named, now
from holosec.cases.errors import Invalid
from holosec.cases.models import Agency, FieldAgency
from holosec.taxonomy.versions import resolve

KINDS = ("commission", "ministry", "service", "agency")


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > 120 or not cleaned.isprintable():
        raise Invalid(f"{name!r} is not a usable agency name (1-120 printable characters)")
    return cleaned


def add_agency(
    workspace: Workspace, name: str, kind: str = "agency", *, by: str = "holosec"
) -> dict[str, Any]:
    """Create an agency (``kind`` one of :data:`KINDS`); its name must be new."""
    if kind not in KINDS:
        raise Invalid(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    cleaned = _clean_name(name)
    with workspace.session() as session:
        if session.scalar(sa.select(Agency).where(Agency.name == cleaned)) is not None:
            raise Invalid(f"agency {cleaned!r} exists already")
        agency = Agency(name=cleaned, kind=kind, created_at=now())
        session.add(agency)
        session.flush()
        audit.record(session, by, "agency.add", f"agency:{agency.id}", {"name": cleaned, "kind": kind})
        return agency_dict(agency)


def agency_dict(agency: Agency) -> dict[str, Any]:
    """An agency as the API shows it."""
    return {"id": agency.id, "name": agency.name, "kind": agency.kind}


def list_agencies(workspace: Workspace) -> list[dict[str, Any]]:
    """Every agency, by name."""
    with workspace.session() as session:
        return [agency_dict(a) for a in session.scalars(sa.select(Agency).order_by(Agency.name))]


def set_field_agencies(
    workspace: Workspace,
    field: str,
    lead: str,
    contributing: list[str],
    *,
    taxonomy: str = "v2014",
    by: str = "holosec",
) -> dict[str, Any]:
    """Make ``lead`` the lead agency of ``field`` and ``contributing`` its contributors (replacing both)."""
    version = resolve(taxonomy).version
    if field not in resolve(version).ids():
        raise Invalid(f"{field!r} is not a field of {version}")
    with workspace.session() as session:
        try:
            agencies = [agency_named(session, name) for name in [lead, *contributing]]
        except LookupError as exc:
            raise Invalid(str(exc)) from exc
        session.execute(
            sa.delete(FieldAgency).where(FieldAgency.taxonomy == version, FieldAgency.field == field)
        )
        for i, agency in enumerate({a.id: a for a in agencies}.values()):
            session.add(
                FieldAgency(
                    taxonomy=version,
                    field=field,
                    agency_id=agency.id,
                    relation="lead" if i == 0 else "contributing",
                )
            )
        audit.record(
            session,
            by,
            "field.agencies",
            f"field:{version}:{field}",
            {"lead": lead, "contributing": contributing},
        )
    return field_agencies(workspace, version)[field]


def field_agencies(workspace: Workspace, taxonomy: str = "v2014") -> dict[str, dict[str, Any]]:
    """Field id -> its ``lead`` agency name (or None) and ``contributing`` names, for every field."""
    version = resolve(taxonomy).version
    found: dict[str, dict[str, Any]] = {f: {"lead": None, "contributing": []} for f in resolve(version).ids()}
    with workspace.session() as session:
        rows = session.scalars(sa.select(FieldAgency).where(FieldAgency.taxonomy == version))
        for row in rows:
            if row.field not in found:
                continue
            if row.relation == "lead":
                found[row.field]["lead"] = row.agency.name
            else:
                found[row.field]["contributing"].append(row.agency.name)
    return found
