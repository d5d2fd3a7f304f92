"""The method pages: how the composite threat index is made and what a score means (``/method/index``),
the regional indicators (``/method/regional``), and ``/method`` listing them; in the view's language,
signed in, rendered like every page (:func:`holosec.web.pages.render`).

The prose is Markdown shipped with the package (``holosec/documents/data/method/NAME.LANG.md``), written
by us and rendered with HTML disabled; its ``$name`` slots take the method's numbers from the method files
themselves (:func:`numbers`), so the page cannot state a weight or threshold the code does not use. The
index page adds one score of the view's period worked out step by step from the stored events
(:func:`example`), from the same memoised index the other pages read.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markdown_it import MarkdownIt
from markupsafe import Markup

from holosec import reference
from holosec.errors import InputError
from holosec.http.deps import StoreDep
from holosec.indicators.attention import MIN_ARTICLES
from holosec.indicators.index import NEUTRAL, SUB_INDICATORS, Component, FieldScore, Method, evidence_level
from holosec.indicators.thin import FLOOR_EVENTS, THIN_EVENTS
from holosec.periods import shown_period
from holosec.presentation.i18n import word
from holosec.regional.matrix import TREND
from holosec.regional.principles import settings
from holosec.store import Store
from holosec.web import views
from holosec.web.pages import UserDep, ViewDep, render

router = APIRouter(include_in_schema=False)
PAGES = ("index", "regional")
"""The method pages, in the order ``/method`` lists them (``/method/NAME``)."""
PERIOD_LINKS = 12  # the example's other periods offered as links
_PROSE = files("holosec").joinpath("documents", "data", "method")


def _g(value: float) -> str:
    return f"{value:g}"


def _share(value: float) -> str:
    return f"{value:.0%}"


def numbers(name: str) -> dict[str, str]:
    """The numbers the prose of method page ``name`` states, from the method files.

    >>> numbers("index")["thin"], numbers("index")["w_volume"], numbers("regional")["trend"]
    ('5', '0.4', '6')
    """
    if name == "regional":
        found = settings()
        return {
            "trend": str(TREND),
            "no_expense_periods": str(found["no_expense"]["baseline_periods"]),
            "rise": _share(float(found["no_expense"]["rise"])),
            "alliance_window": str(found["alliance"]["window"]),
        }
    method = Method.load()
    mix = method.baseline + method.peers

    def r(events: float) -> str:
        return f"{events / (events + method.shrink):.2f}"

    return {
        **{f"w_{n}": _g(method.weights[n]) for n in SUB_INDICATORS},
        "min_articles": str(MIN_ARTICLES),
        "months": str(method.baseline_periods["month"]),
        "min_periods": str(method.min_periods),
        "own_share": _share(method.baseline / mix),
        "peer_share": _share(method.peers / mix),
        "shrink": _g(method.shrink),
        "thin": _g(THIN_EVENTS),
        "floor": _g(FLOOR_EVENTS),
        "threshold": _g(method.threshold),
        "r_one": r(1.0),
        "r_thin": r(THIN_EVENTS),
        "r_45": r(45.0),
    }


@cache
def prose(name: str, lang: str) -> Markup:
    """The prose of method page ``name`` in ``lang`` as HTML: our Markdown with the method's numbers
    filled in (:func:`markdown_html`).

    >>> "<strong>5 is the neutral value.</strong>" in prose("index", "en")
    True
    """
    text = _PROSE.joinpath(f"{name}.{lang}.md").read_text(encoding="utf-8")
    return markdown_html(Template(text).substitute(numbers(name)))


def markdown_html(text: str) -> Markup:
    """Markdown as HTML with raw HTML off (tags in ``text`` stay text), each table in a box that scrolls
    on a phone.

    >>> str(markdown_html("**5** <script>x</script>"))
    '<p><strong>5</strong> &lt;script&gt;x&lt;/script&gt;</p>\\n'
    """
    rendered = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
    # with HTML off, "<table>" in the output is only ever a table of the Markdown
    boxed = rendered.replace("<table>", '<div class="table-scroll"><table>').replace(
        "</table>", "</table></div>"
    )
    return Markup(boxed)


def _two(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _reliability(evidence: float, method: Method) -> float:
    """How far a score rests on its own evidence, r = e / (e + shrink), as the index weighs it."""
    return evidence / (evidence + method.shrink) if evidence > 0 else 0.0


def _steps(scored: FieldScore, method: Method, lang: str) -> dict[str, Any]:
    """One field score worked out: each sub-indicator's value, scores and weight, the weighted mean, the
    pull towards 5 and the score."""
    parts = []
    total = weighted = 0.0
    for name in SUB_INDICATORS:
        component = scored.components.get(name)
        score = component.score if isinstance(component, Component) else None
        value = component.value if isinstance(component, Component) else None
        own = component.own if isinstance(component, Component) else None
        peers = component.peers if isinstance(component, Component) else None
        if score is not None:
            total += method.weights[name]
            weighted += method.weights[name] * score
        parts.append(
            {
                "name": word(f"method_sub_{name}", lang),
                "value": _two(value),
                "own": _two(own),
                "peers": _two(peers),
                "score": _two(score) if score is not None else word("method_missing", lang),
                "weight": _g(method.weights[name]),
            }
        )
    raw = weighted / total if total > 0 else NEUTRAL
    evidence = scored.events + scored.articles
    r = _reliability(evidence, method)
    return {
        "parts": parts,
        "mean": word("method_step_mean", lang, raw=_two(raw)),
        "shrink": word(
            "method_step_shrink",
            lang,
            events=_two(evidence),
            shrink=_g(method.shrink),
            r=_two(r),
            raw=_two(raw),
            score=_two(scored.score),
        ),
        "thin": word("method_step_thin", lang, thin=_g(THIN_EVENTS)) if evidence < THIN_EVENTS else "",
    }


def example(store: Store, view: views.View) -> dict[str, Any]:
    """The perspective's home country's scores in the view's period, one field's worked out step by
    step, and the periods to choose from instead (``{"country", "period", ...}``; ``fields`` empty when
    the country has no events then)."""
    lang, country = view.lang, view.home
    named = reference.country_label(country, lang) or country
    found: dict[str, Any] = {"country": country, "country_name": named, "fields": [], "periods": []}
    if view.period is None:
        return {**found, "period": None, "title": "", "none": ""}
    index = views.index_of(store, view)
    shown = shown_period(view.period, lang)
    found |= {
        "period": view.period,
        "title": word("method_example", lang, country=named, period=shown),
        "none": word("method_no_example", lang, country=named, period=shown),
        "periods": [
            {"label": p, "shown": shown_period(p, lang)}
            for p in index.history.covered[::-1][:PERIOD_LINKS]
            if p != view.period
        ],
    }
    try:
        period = index.period(view.period, country)
    except InputError:
        return found
    if (period, country, None) not in index.history.events:
        return found
    scores = index.scores(period, country)
    *fields, overall = scores
    names = view.names()
    method = index.method
    found["fields"] = [
        {
            "name": names.get(s.field, s.field),
            "events": _two(s.events + s.articles),
            "score": _two(s.score),
            "level": word(f"method_level_{evidence_level(s.score, s.events + s.articles, method)}", lang),
            "r": _two(_reliability(s.events + s.articles, method)) if s.score is not None else "-",
        }
        for s in fields
    ]
    scored = [s for s in fields if s.score is not None]
    if scored:
        busiest = max(scored, key=lambda s: (s.events + s.articles, -fields.index(s)))
        found["step"] = {
            "field": word("method_step_field", lang, field=names.get(busiest.field, busiest.field))
        }
        found["step"] |= _steps(busiest, method, lang)
        found["overall"] = word("method_step_overall", lang, count=len(scored), score=_two(overall.score))
    else:
        found["overall"] = word("method_step_no_overall", lang)
    return found


def _others(name: str | None) -> list[str]:
    return [page for page in PAGES if page != name]


@router.get("/method", response_class=HTMLResponse)
def method_list(request: Request, view: ViewDep, user: UserDep) -> Response:
    """The method pages, each with what it explains."""
    return render(request, "method_list.html", view, user, pages=PAGES)


@router.get("/method/index", response_class=HTMLResponse)
def index_method(request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """How the threat index is made and what a score means, with a score of the period worked out."""
    return render(
        request,
        "method.html",
        view,
        user,
        page="index",
        prose=prose("index", view.lang),
        example=example(store, view),
        others=_others("index"),
    )


@router.get("/method/regional", response_class=HTMLResponse)
def regional_method(request: Request, view: ViewDep, user: UserDep) -> Response:
    """The regional indicators: the balance, the matrix, the principles, the lenses, the exposure."""
    return render(
        request,
        "method.html",
        view,
        user,
        page="regional",
        prose=prose("regional", view.lang),
        example=None,
        others=_others("regional"),
    )
