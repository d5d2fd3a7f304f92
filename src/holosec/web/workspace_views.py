# ruff: noqa: RUF001, RUF002  (Chinese phrases use full-width punctuation; a pair is joined by an en dash)
"""What the workspace pages need besides the library: who signed a form, reading form text into the
library's values (dates, ISO3 lists, pairs, case ids, target series), links to a case's evidence, the
chart of a strategy's targets since adoption, and the pages' wording of what the library keeps as codes
(dates, places, series, indicators, the inbox's messages) in the reader's language. Permissions are
never decided here: every action goes to :mod:`holosec.cases`, whose policy module refuses what a user
may not do."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
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
from holosec.periods import shown_period
from holosec.presentation.chart_words import chart_text
from holosec.presentation.i18n import WORDS, word
from holosec.reference import country_label
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


# -- the pages' wording of the library's codes -------------------------------------------------------------

NONE_SHOWN = "–"
"""What a page shows for a date, period or list that is not set."""
_DATA = re.compile("\x00(.*?)\x01", re.DOTALL)
_NOTICES = (
    (
        "ws_nt_status",
        re.compile(
            r"^Case (?P<case>\d+) '(?P<title>.*)' moved from (?P<old>[\w-]+) to (?P<new>[\w-]+) "
            r"\((?P<by>.*)\)\.$",
            re.DOTALL,
        ),
    ),
    (
        "ws_nt_assignment",
        re.compile(
            r"^Task (?P<task>\d+) '(?P<title>.*)' of case (?P<case>\d+) is assigned to you"
            r"(?:, due (?P<due>\d{4}-\d\d-\d\d))? \((?P<by>.*)\)\.$",
            re.DOTALL,
        ),
    ),
    (
        "ws_nt_task_due",
        re.compile(r"^Task (?P<task>\d+) '(?P<title>.*)' is due (?P<due>\d{4}-\d\d-\d\d)\.$", re.DOTALL),
    ),
    (
        "ws_nt_case_due",
        re.compile(r"^Case (?P<case>\d+) '(?P<title>.*)' is due (?P<due>\d{4}-\d\d-\d\d)\.$", re.DOTALL),
    ),
    (
        "ws_nt_agency",
        re.compile(
            r"^(?P<agency>.+) is now (?P<relation>co-owner|invited) of case (?P<case>\d+) "
            r"'(?P<title>.*)' \((?P<by>.*)\)\.$",
            re.DOTALL,
        ),
    ),
    (
        "ws_nt_decision",
        re.compile(r"^Decision on case (?P<case>\d+) '(?P<title>.*?)': (?P<what>.*)$", re.DOTALL),
    ),
    (
        "ws_nt_overlap",
        re.compile(
            r"^Case (?P<case>\d+) '(?P<title>.*)' \((?P<lead>.*?)\) overlaps case\(s\) (?P<named>.*): "
            r"same field, place and period\. Merge or link them\.$",
            re.DOTALL,
        ),
    ),
)
_THEIRS = ("title", "by", "agency", "lead", "named", "what")
"""The slots of an inbox message that hold users' text (titles, user and agency names), kept as given."""


def shown_day(value: str | None, lang: str) -> str:
    """A date or period as a reader of ``lang`` writes it (``–`` when not set).

    >>> shown_day("2026-12-15", "zh"), shown_day("2026-12-15", "en"), shown_day("2024-03", "zh")
    ('2026年12月15日', '2026-12-15', '2024年3月')
    >>> shown_day(None, "zh")
    '–'
    """
    return shown_period(value, lang) if value else NONE_SHOWN


def shown_time(value: str | None, lang: str) -> str:
    """A stored timestamp to the minute, as the workspace keeps it (UTC), in ``lang``.

    >>> shown_time("2026-12-07T05:14:33+00:00", "zh"), shown_time("2026-12-07T05:14:33+00:00", "en")
    ('2026年12月7日 05:14', '2026-12-07 05:14')
    """
    if not value:
        return NONE_SHOWN
    day_part, _, clock = value[:16].partition("T")
    return f"{shown_day(day_part, lang)} {clock}".strip()


def place_names(countries: Iterable[str], country_pairs: Iterable[Iterable[str]], lang: str) -> list[str]:
    """A case's countries and pairs by name in ``lang``.

    >>> place_names(["CHN"], [["CHN", "VNM"]], "zh")
    ['中国', '中国–越南']
    """
    return [country_label(c, lang) for c in countries] + [
        "–".join(country_label(c, lang) for c in pair) for pair in country_pairs
    ]


def series_name(series: str, lang: str, names: dict[str, str] | None = None) -> str:
    """A series written ``CHN-VNM:military`` (a grain or indicator may follow) as a reader names it: the
    place by name, then the field by its name in ``names`` (a series of all fields says so).

    >>> series_name("CHN-VNM:military", "zh", {"military": "军事安全"}), series_name("JPN:all:month", "en")
    ('中国–越南 · 军事安全', 'Japan · All fields')
    >>> series_name("not a series", "zh")
    'not a series'
    """
    place, _, rest = series.partition(":")
    if not rest or not re.fullmatch(r"[A-Za-z]{3}(-[A-Za-z]{3})?", place):
        return series
    field = rest.split(":")[0]
    shown = word("all_fields", lang) if field == ALL_FIELDS else (names or {}).get(field, field)
    return "–".join(country_label(c.upper(), lang) for c in place.split("-")) + f" · {shown}"


def indicator_name(indicator: str, lang: str) -> str:
    """A register target's indicator in words (the id itself when it has none).

    >>> indicator_name("conflict_events", "zh"), indicator_name("balance", "en"), indicator_name("x", "zh")
    ('冲突事件数', 'balance of cooperation and conflict', 'x')
    """
    key = f"ws_ind_{indicator}"
    return word(key, lang) if key in WORDS else indicator


def target_name(target: dict[str, str], lang: str, names: dict[str, str] | None = None) -> str:
    """A register entry's target series and indicator in words.

    >>> target_name({"country": "CHN", "partner": "VNM", "field": "military", "indicator": "balance"}, "zh")
    '中国–越南 · military · 合作与冲突差额'
    """
    series = target["country"] + (f"-{target['partner']}" if target.get("partner") else "")
    shown = series_name(f"{series}:{target['field']}", lang, names)
    return f"{shown} · {indicator_name(target.get('indicator', 'conflict_events'), lang)}"


def _theirs(value: str) -> str:
    return "\x00" + value.replace("\x00", "").replace("\x01", "") + "\x01"


def notice(message: str, lang: str) -> list[tuple[str, bool]]:
    """An inbox message (the library writes it in English) in ``lang``, as parts: ``(text, ours)``, where
    users' text (titles, user and agency names) is not ours, so a page keeps it as given. A message of a
    form the pages do not know stays as written.

    >>> notice("Case 3 'Reef' moved from research to major-issue (amy).", "zh")
    [('案件 3“', True), ('Reef', False), ('”由“研究”转至“重大问题”（', True), ('amy', False), ('）。', True)]
    >>> notice("Case 3 'Reef' is due 2026-12-15.", "zh")[-1]
    ('”的截止日期为2026年12月15日。', True)
    >>> notice("Something else.", "zh"), notice("Case 3 'Reef' is due 2026-12-15.", "en")
    ([('Something else.', False)], [("Case 3 'Reef' is due 2026-12-15.", True)])
    """
    if lang == "en":
        return [(message, True)]
    for key, pattern in _NOTICES:
        match = pattern.match(message.strip())
        if match is None:
            continue
        found = {k: v for k, v in match.groupdict().items() if v is not None}
        slots = {k: _theirs(v) if k in _THEIRS else v for k, v in found.items()}
        for status in ("old", "new"):
            if status in slots:
                slots[status] = (
                    word(f"ws_s_{slots[status]}", lang) if f"ws_s_{slots[status]}" in WORDS else slots[status]
                )
        if "due" in slots:
            slots["due"] = shown_day(slots["due"], lang)
        if "relation" in slots:
            slots["relation"] = word(f"ws_rel_{slots['relation']}", lang)
        if key == "ws_nt_assignment" and "due" in found:
            key = "ws_nt_assignment_due"
        text = word(key, lang, **slots)
        parts = _DATA.split(text)
        return [(part, index % 2 == 0) for index, part in enumerate(parts) if part]
    return [(message, False)]


def coded(prefix: str, code: str, lang: str) -> str:
    """A code of the library's (a notification's kind, a status) in words: the catalogue's ``prefix`` +
    ``code``, or the code itself when the catalogue has no words for it.

    >>> coded("ws_n_", "decision", "zh"), coded("ws_n_", "new-kind", "zh")
    ('决策', 'new-kind')
    """
    key = prefix + code
    return word(key, lang) if key in WORDS else code


def wording(lang: str, names: dict[str, str] | None = None) -> dict[str, Callable[..., Any]]:
    """The workspace pages' wording functions, bound to the reader's language (and the fields' names),
    for a template's context."""
    return {
        "shown_day": partial(shown_day, lang=lang),
        "shown_time": partial(shown_time, lang=lang),
        "place_names": partial(place_names, lang=lang),
        "series_name": partial(series_name, lang=lang, names=names),
        "indicator_name": partial(indicator_name, lang=lang),
        "target_name": partial(target_name, lang=lang, names=names),
        "notice": partial(notice, lang=lang),
        "coded": partial(coded, lang=lang),
    }


def trend_chart(
    trend: list[dict[str, Any]],
    strategy: dict[str, Any],
    lang: str,
    names: dict[str, str] | None = None,
) -> Markup | None:
    """The chart of a register entry's target series from adoption on (its adoption month marked), as a
    JSON block for the page; None when no target has data. A target without data is left out; a period
    without data breaks its line (the chart draws no zero there)."""
    lines = [
        {
            "start": p["start"],
            "period": p["period"],
            "name": _line_name(t, lang, names),
            "value": p["value"],
        }
        for t in trend
        if any(p["value"] is not None for p in t["points"])
        for p in t["points"]
    ]
    if not lines:
        return None
    adopted = word("ws_adopted_mark", lang) + (
        f" {shown_day(strategy['adopted_on'], lang)}" if strategy.get("adopted_on") else ""
    )
    marks = [
        {
            "start": t["at_adoption"]["start"],
            "name": _line_name(t, lang, names),
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


def _line_name(row: dict[str, Any], lang: str, names: dict[str, str] | None) -> str:
    """A trend line's name: its series and indicator in words."""
    return f"{series_name(row['series'], lang, names)} · {indicator_name(row['indicator'], lang)}"


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
