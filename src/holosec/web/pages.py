"""The dashboard's pages: thin routes over :mod:`holosec.web.views`, rendered by Jinja2 (autoescaped).

Every page takes the same query parameters (``perspective``, ``taxonomy``, ``field``, ``by``, ``lang``);
``lang`` also sticks in a cookie. Charts travel as JSON data blocks read by ``/static/web/dashboard.js``
(no inline scripts, so the CSP forbids them all).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from holosec import reference
from holosec.cases.people import User
from holosec.charts.render import browser_bundle, script_json
from holosec.http.auth import CSRF_FIELD, csrf_token, current_user, set_csrf_cookie
from holosec.http.deps import StoreDep
from holosec.http.errors import ApiError
from holosec.http.language import LANG_COOKIE, request_lang
from holosec.http.params import WeekOrMonthLabel
from holosec.presentation.i18n import LANGS, WORDS, word
from holosec.taxonomy import DEFAULT
from holosec.web import views
from holosec.web.correction_views import event_corrections
from holosec.web.review_views import precision_box

router = APIRouter(include_in_schema=False)
ISO3 = r"^[A-Za-z]{3}$"


def page_view(
    request: Request,
    store: StoreDep,
    perspective: Annotated[str, Query(pattern=ISO3)] = "CHN",
    taxonomy: Annotated[str, Query(pattern=r"^v\d{4}$")] = DEFAULT,
    field: Annotated[str | None, Query(pattern=r"^[a-z_]{0,40}$")] = None,  # empty: all fields
    by: Annotated[str, Query(pattern=r"^(week|month)$")] = "month",
    lang: Annotated[str | None, Query(pattern=r"^[a-z]{2}$")] = None,
    period: WeekOrMonthLabel | None = None,
) -> views.View:
    """The page's view: the language from the query string, else the language cookie, else the
    browser's language; the period from the query string, else the store's current period
    (:func:`holosec.web.views.current`), so every page shows, and every link carries, one period."""
    chosen = dict(perspective=perspective, taxonomy=taxonomy, field=field or None, by=by)
    return views.asked_view(store, request_lang(request, lang), period, **chosen)


ViewDep = Annotated[views.View, Depends(page_view)]
UserDep = Annotated[User, Depends(current_user)]


def _spec(spec: dict[str, Any] | Markup | None) -> Markup:
    """A spec as JSON safe inside a ``<script type="application/json">`` block (as it is when the view
    wrote it already: :func:`holosec.web.views.embedded`)."""
    return spec if isinstance(spec, Markup) else Markup(script_json(spec))


def render(request: Request, template: str, view: views.View, user: User, **context: Any) -> Response:
    """A page in the view's language, with the nav's links, the sign-out form's CSRF token, and the
    language cookie set when the query string chose it."""
    token = csrf_token(request)

    def t(key: str, **values: object) -> str:
        return word(key, view.lang, **values)

    response: Response = request.app.state.templates.TemplateResponse(
        request,
        template,
        {
            **context,
            "view": view,
            "user": user,
            "t": t,
            "spec_json": _spec,
            "langs": LANGS,
            "country_name": lambda code: reference.country_label(code, view.lang) or code,
            "period_name": view.shown,
            "known_words": WORDS,
            "shell": views.shell_words(view, user.role),
            "csrf_token": token,
            "csrf_field": CSRF_FIELD,
            "path": request.url.path,
        },
    )
    set_csrf_cookie(response, request, token)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(LANG_COOKIE, view.lang, samesite="lax", max_age=365 * 86400)
    return response


def _country(code: str) -> str:
    upper = code.upper()
    if reference.country_name(upper) is None:
        raise ApiError(404, f"{code!r} is not an ISO3 country code")
    return upper


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """The perspective at a glance: index strip, field x time heatmap, top alerts, interwoven threats."""
    return render(request, "overview.html", view, user, **views.overview_page(store, view))


@router.get("/map", response_class=HTMLResponse)
def world_map(request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """Countries coloured by the index of the chosen field; click one to open its page."""
    return render(request, "map.html", view, user, **views.map_page(store, view))


@router.get("/country/{code}", response_class=HTMLResponse)
def country(code: str, request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """A country: index strip, events by field with alerts, balance, evidence, partners."""
    found = views.country_page(store, view, _country(code))
    box = precision_box(store, found["country"], view.lang)  # not memoised: judgments change it
    return render(request, "country.html", view, user, **found, precision_box=box)


@router.get("/pair/{a}/{b}", response_class=HTMLResponse)
def pair(a: str, b: str, request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """Two countries (either direction): events by field with alerts, balance, evidence."""
    first, second = _country(a), _country(b)
    if first == second:
        raise ApiError(400, "a pair needs two different countries")
    found = views.country_page(store, view, first, second)
    box = precision_box(store, found["country"], view.lang)  # the first country's audit, else the world's
    return render(request, "country.html", view, user, **found, precision_box=box)


@router.get("/alerts", response_class=HTMLResponse)
def alert_list(
    request: Request,
    store: StoreDep,
    view: ViewDep,
    user: UserDep,
    country: Annotated[str | None, Query(max_length=3)] = None,
    detector: Annotated[str | None, Query(pattern=r"^[a-z_]{0,20}$")] = None,
    severity: Annotated[str | None, Query(pattern=r"^[a-z]{0,10}$")] = None,
) -> Response:
    """Every stored alert, filtered by field, country, detector and severity."""
    code = country.strip().upper() if country and country.strip() else None
    rows = views.alert_rows(
        store, view, country=code, field=view.field, detector=detector or None, severity=severity or None
    )
    every = views.alert_rows(store, view)
    return render(
        request,
        "alerts.html",
        view,
        user,
        alerts=rows,
        country=code or "",
        detector=detector or "",
        severity=severity or "",
        detectors={d: views.detector_name(d, view.lang) for d in sorted({a["detector"] for a in every})},
        severities={
            s: views.severity_name(s, view.lang) for s in views.by_rank({a["severity"] for a in every})
        },
    )


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert(alert_id: str, request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """One alert: its series, reasoning, the detector's record and the evidence."""
    found = views.alert_page(store, view, alert_id)
    if found is None:
        raise ApiError(404, f"no alert {alert_id!r}")
    return render(request, "alert.html", view, user, **found)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(event_id: str, request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """One event: its normalised record, its fields with the rules that gave them, its source."""
    found = views.event_detail(store, view, event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id!r} in the store")
    extra = event_corrections(store, event_id, user)  # analysts' corrections and the form
    return render(request, "event.html", view, user, **found, **extra)


@router.get("/static/vendor/vega.js")
def vega_bundle() -> Response:
    """Vega, Vega-Lite and vega-embed in one script, served by holosec itself (no CDN)."""
    return Response(
        browser_bundle(), media_type="text/javascript", headers={"cache-control": "public, max-age=86400"}
    )
