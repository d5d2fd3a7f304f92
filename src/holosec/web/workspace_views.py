"""What the workspace pages need besides the library: who signed a form, reading form text into the
library's values (dates, ISO3 lists, pairs, case ids, target series), links to a case's evidence, and the
chart of a strategy's targets since adoption. Permissions are never decided here: every action goes to
:mod:`holosec.cases`, whose policy module refuses what a user may not do."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from holosec import charts
from holosec.cases import notify
from holosec.cases.errors import Invalid, NotFound, Stale, WorkspaceError
from holosec.cases.people import User
from holosec.charts.render import script_json
from holosec.http.auth import CSRF_FIELD, csrf_ok, session_of, users_of
from holosec.http.errors import ApiError, NotSignedIn
from holosec.presentation.chart_words import chart_text
from holosec.presentation.i18n import word
from holosec.taxonomy.versions import resolve
from holosec.web.pages import render
from holosec.web.views import View

ALL_FIELDS = "all"
"""The field of a cited series that covers every field (a case opened from a pair's alert on all events)."""
SPLIT = re.compile(r"[\s,;]+")
SERIES = re.compile(r"^([A-Za-z]{3})(?:-([A-Za-z]{3}))?:([a-z_]{1,40})(?::([a-z_0-9]{1,30}))?$")


def form_user(request: Request, csrf: Annotated[str, Form(alias=CSRF_FIELD)] = "") -> User:
    """The user of a form post: signed in by the session cookie, with the form's ``csrf_token`` equal to
    the CSRF cookie (403 otherwise, before anything is read or written). Plain HTML forms cannot send the
    API's ``X-CSRF-Token`` header, so the pages' forms carry the token as a field instead."""
    session = session_of(request)
    user = users_of(request).session_user(session) if session else None
    if user is None:
        raise NotSignedIn()
    if not csrf_ok(request, csrf):
        raise ApiError(403, "the form has expired or did not come from this site: reload the page")
    return user


FormUser = Annotated[User, Depends(form_user)]
Short = Annotated[str, Form(max_length=300)]
"""A short form field (names, titles, dates); the library refuses what is too long for its column."""
Text = Annotated[str, Form(max_length=25_000)]
"""A long form field (summaries, comments, decisions); the library keeps at most 20,000 characters."""
Version = Annotated[int, Form()]
"""The version of the case, task or register entry the user saw (a stale one is refused with 409)."""


def day(value: str, what: str) -> date | None:
    """A date typed into a form (``YYYY-MM-DD``; empty: none).

    >>> day("2026-03-01", "due date"), day(" ", "due date")
    (datetime.date(2026, 3, 1), None)
    """
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid(f"{what} must be a date like 2026-03-01, not {value!r}") from exc


def words(value: str) -> list[str]:
    """The items of a comma- or space-separated list.

    >>> words(" CHN, vnm ;USA ")
    ['CHN', 'vnm', 'USA']
    """
    return [item for item in SPLIT.split(value.strip()) if item]


def pairs(value: str) -> list[list[str]]:
    """Country pairs typed as ``CHN-VNM, USA-CHN``.

    >>> pairs("CHN-VNM, usa-chn")
    [['CHN', 'VNM'], ['USA', 'CHN']]
    """
    found = []
    for item in words(value):
        parts = item.upper().split("-")
        if len(parts) != 2:
            raise Invalid(f"a pair is two ISO3 codes joined by '-', such as CHN-VNM, not {item!r}")
        found.append(parts)
    return found


def case_ids(value: str) -> list[int]:
    """Case ids typed as ``3, 7``.

    >>> case_ids("3, 7 12")
    [3, 7, 12]
    """
    try:
        return [int(item.lstrip("#")) for item in words(value)]
    except ValueError as exc:
        raise Invalid(f"case ids are whole numbers separated by commas, not {value!r}") from exc


def targets(value: str) -> list[dict[str, str]]:
    """Target series typed one per line as ``CHN:military`` or ``CHN-VNM:military:conflict_events``
    (the indicator defaults to the register's).

    >>> first, second = targets("CHN-VNM:military:balance\\n jpn:political")
    >>> first
    {'country': 'CHN', 'partner': 'VNM', 'field': 'military', 'indicator': 'balance'}
    >>> second
    {'country': 'JPN', 'field': 'political'}
    """
    found = []
    for line in value.splitlines():
        if not line.strip():
            continue
        match = SERIES.match(line.strip())
        if match is None:
            raise Invalid(
                f"a target is COUNTRY[-PARTNER]:field[:indicator], such as CHN:military, not {line!r}"
            )
        country, partner, field, indicator = match.groups()
        target = {"country": country.upper()}
        if partner:
            target["partner"] = partner.upper()
        target["field"] = field
        if indicator:
            target["indicator"] = indicator
        found.append(target)
    return found


def field_names(taxonomy: str, lang: str) -> dict[str, str]:
    """Field id -> name in ``lang`` for a taxonomy version.

    >>> field_names("v2014", "en")["military"]
    'Military security'
    """
    return {f.id: f.name_zh if lang == "zh" else f.name_en for f in resolve(taxonomy).fields}


def evidence_href(kind: str, ref: str) -> str | None:
    """Where a case's evidence is shown: an alert's or event's page, a series' country or pair page (a
    series of ``all`` fields, as a case opened from a pair's alert cites it, shows every field).

    >>> evidence_href("series", "CHN-VNM:military:month"), evidence_href("event", "gdelt2:1")
    ('/pair/CHN/VNM?field=military&by=month', '/events/gdelt2%3A1')
    >>> evidence_href("series", "CHN-VNM:all:month")
    '/pair/CHN/VNM?by=month'
    """
    if kind == "alert":
        return f"/alerts/{quote(ref, safe='')}"
    if kind == "event":
        return f"/events/{quote(ref, safe='')}"
    match = SERIES.match(ref)
    if kind != "series" or match is None:
        return None
    country, partner, field, grain = match.groups()
    query = {
        **({"field": field} if field != ALL_FIELDS else {}),
        **({"by": grain} if grain in ("week", "month") else {}),
    }
    place = f"/pair/{country.upper()}/{partner.upper()}" if partner else f"/country/{country.upper()}"
    return f"{place}?{urlencode(query)}"


def with_links(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A case's evidence, each item with the ``href`` of its page (None when it has none)."""
    return [{**item, "href": evidence_href(item["kind"], item["ref"])} for item in evidence]


def trend_chart(trend: list[dict[str, Any]], strategy: dict[str, Any], lang: str) -> Markup | None:
    """The chart of a register entry's target series from adoption on (its adoption month marked), as a
    JSON block for the page; None when no target has data. A target without data is left out; a period
    without data breaks its line (the chart draws no zero there)."""
    lines = [
        {
            "start": p["start"],
            "period": p["period"],
            "name": f"{t['series']} {t['indicator']}",
            "value": p["value"],
        }
        for t in trend
        if any(p["value"] is not None for p in t["points"])
        for p in t["points"]
    ]
    if not lines:
        return None
    adopted = word("ws_adopted_mark", lang) + (
        f" {strategy['adopted_on']}" if strategy.get("adopted_on") else ""
    )
    marks = [
        {
            "start": t["at_adoption"]["start"],
            "name": f"{t['series']} {t['indicator']}",
            "value": t["at_adoption"]["value"],
            "label": adopted,
            "href": "",
        }
        for t in trend
        if strategy.get("adopted_on") and t["at_adoption"] and t["at_adoption"]["value"] is not None
    ]
    spec = charts.series(
        lines,
        marks,
        title=word("ws_trend", lang),
        value=word("value", lang),
        period=word("period", lang),
        field=word("series", lang),
        alert=word("ws_adopted_mark", lang),
        text=chart_text(lang),
    )
    return Markup(script_json(spec))


def refused(request: Request, view: View, user: User, error: WorkspaceError, back: str) -> Response:
    """The page saying why a form's action was not done (with its status: 403, 409 or 422)."""
    response = render(
        request,
        "case_error.html",
        view,
        user,
        message=str(error),
        stale=isinstance(error, Stale),
        status=error.status,
        back=back,
    )
    response.status_code = error.status
    return response


def act(request: Request, view: View, user: User, back: str, action: Callable[[], object]) -> Response:
    """Do one library action for a form, then go with 303 to the page it names (when it answers a path,
    a ``str``) or to ``back``; a refusal shows :func:`refused`, and a case the user may not see stays a
    404."""
    try:
        target = action()
    except NotFound:
        raise
    except WorkspaceError as error:
        return refused(request, view, user, error, back)
    notify.deliver_soon(request.app.state.workspace)  # webhook posts the action queued, after its commit
    return RedirectResponse(target if isinstance(target, str) else back, status_code=303)
