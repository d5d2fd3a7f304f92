"""``/api/v1/briefings``: the security situation briefing as a file (HTML, PDF or Markdown), with the
signed-in user as its reader (the workspace section shows what they may see). The audit trail records
each briefing made, and (through the workspace library) the cases and decisions it shows."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from holosec.briefings import build_briefing, render
from holosec.briefings.render import CSP, MEDIA_TYPES, MissingExtra, require
from holosec.cases import audit
from holosec.http.auth import Viewer
from holosec.http.deps import TAXONOMY_DEFAULT, Perspective, StoreDep, Taxonomy, WorkspaceDep
from holosec.http.errors import ApiError
from holosec.http.params import WeekOrMonthLabel
from holosec.indicators.coverage import current_period

router = APIRouter(tags=["briefings"])


@router.get("/api/v1/briefings", response_class=Response)
def briefing(
    store: StoreDep,
    workspace: WorkspaceDep,
    user: Viewer,
    perspective: Perspective = "CHN",
    period: Annotated[
        WeekOrMonthLabel | None,
        Query(description="A month (2024-03) or ISO week (2024-W10); default the current period."),
    ] = None,
    by: Annotated[Literal["week", "month"] | None, Query(description="Without period: its grain.")] = None,
    taxonomy: Taxonomy = TAXONOMY_DEFAULT,
    lang: Literal["en", "zh"] = "en",
    fmt: Annotated[Literal["html", "pdf", "md"], Query(alias="format")] = "html",
) -> Response:
    """The briefing file (``format`` html, pdf or md), every number linked to its evidence; the
    workspace section is the signed-in user's (need-to-know applies)."""
    try:
        require(fmt)
    except MissingExtra as exc:
        raise ApiError(501, str(exc)) from exc
    content = build_briefing(
        store,
        perspective=perspective.upper(),
        period=period or current_period(store, by or "month"),
        by=by,
        taxonomy=taxonomy,
        lang=lang,
        workspace=workspace,
        reader=user,
    )
    name = f"briefing-{content['meta']['perspective']}-{content['meta']['period'] or 'none'}-{lang}.{fmt}"
    rendered = render(content, fmt)
    shown = content.get("workspace") or {}
    audit.note(
        workspace,
        user.name,
        "briefing.make",
        f"briefing:{name}",
        {
            "format": fmt,
            "cases": sorted(
                {c["id"] for c in shown.get("cases", [])} | {d["case_id"] for d in shown.get("decisions", [])}
            ),
        },
    )
    return Response(
        rendered,
        media_type=MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            **({"Content-Security-Policy": CSP} if fmt == "html" else {}),  # the file's own policy
        },
    )
