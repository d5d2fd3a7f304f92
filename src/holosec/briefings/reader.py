"""The workspace part of a briefing: open cases, the latest decisions and the status of registered
strategies, exactly as the named reader may see them. Need-to-know is the workspace library's own
(:func:`holosec.cases.service.list_cases`, :func:`holosec.cases.decisions.list_decisions`,
:func:`holosec.cases.register.list_strategies`): the briefing asks as the reader and shows what comes
back, so it can never show more than the reader's own workspace pages."""

from __future__ import annotations

from typing import Any

from holosec.briefings.context import Context, period_name
from holosec.cases.db import Workspace
from holosec.cases.decisions import list_decisions
from holosec.cases.people import User
from holosec.cases.register import list_strategies
from holosec.cases.service import list_cases
from holosec.cases.workflow import CLOSED
from holosec.presentation.i18n import WORDS

DECISIONS = 10


def _named(ctx: Context, prefix: str, value: str | None) -> str:
    """A workspace value (a status, a priority, a kind, a role) in the briefing's language, as the
    workspace pages say it; the value itself when the catalogue lacks it."""
    key = f"{prefix}{value}"
    return ctx.say(key) if key in WORDS else str(value or "-")


def _day(ctx: Context, value: str | None) -> str:
    """A date as the reader writes it ("27 October 2015", "2015年10月27日"); ``-`` for none."""
    return period_name(value[:10], ctx.lang) if value else "-"


def workspace_section(ctx: Context, workspace: Workspace | None, reader: User | None) -> dict[str, Any]:
    """What ``reader`` may see of the workspace (None for either: the section is left out, and says so)."""
    if workspace is None or reader is None:
        return {"reader": None, "note": ctx.say("no_reader")}
    cases = [
        {
            "id": case["id"],
            "title": case["title"],
            "status": _named(ctx, "ws_s_", case["status"]),
            "priority": _named(ctx, "ws_p_", case["priority"]),
            "lead_agency": case["lead_agency"],
            "fields": ctx.say("brief_list_sep").join(ctx.field_name(f) for f in case["fields"]),
            "due_on": _day(ctx, case["due_on"]),
        }
        for case in list_cases(workspace, reader)
        if case["status"] != CLOSED and case["merged_into"] is None
    ]
    decisions = [
        {
            "case_id": d["case_id"],
            "what": d["what"],
            "decided_by": d["decided_by"],
            "date": _day(ctx, d["recorded_at"]),
        }
        for d in list_decisions(workspace, reader)[-DECISIONS:][::-1]
    ]
    strategies = [
        {
            "id": s["id"],
            "kind": _named(ctx, "ws_kind_", s["kind"]),
            "title": s["title"],
            "status": _named(ctx, "ws_ss_", s["status"]),
            "owner": s["owner_agency"],
            "adopted_on": _day(ctx, s["adopted_on"]),
        }
        for s in list_strategies(workspace, reader)
    ]
    return {
        "reader": reader.name,
        "note": ctx.say(
            "workspace_for", name=reader.name, role=_named(ctx, "ws_role_", reader.role), agency=reader.agency
        ),
        "cases": cases,
        "decisions": decisions,
        "strategies": strategies,
    }
