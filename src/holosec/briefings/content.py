"""A briefing's content as plain data, computed from the store: the situation by field, what changed and
why, top alerts, interwoven threats, the regional matrix, the foreign-affairs lenses, overseas-interests
exposure, the reader's workspace, the charts (as Vega-Lite specs) and the evidence appendix.

:func:`build_briefing` is what the CLI, the API and the tests call; :mod:`holosec.briefings.render`
turns its answer into Markdown, HTML or PDF. The same store and arguments give the same content, apart
from ``meta.generated_at``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from holosec import __version__, charts
from holosec.briefings.alerts import interwoven, top_alerts
from holosec.briefings.basis import data_basis
from holosec.briefings.context import Context, number
from holosec.briefings.judgements import key_judgements
from holosec.briefings.reader import workspace_section
from holosec.briefings.regional import lenses, overseas, regional_matrix
from holosec.briefings.situation import situation
from holosec.cases.db import Workspace
from holosec.cases.people import User
from holosec.errors import InputError, ParameterError
from holosec.indicators.coverage import index_sources
from holosec.indicators.index import Index
from holosec.periods import Period
from holosec.perspective import load_perspective
from holosec.presentation.i18n import LANGS, coverage_line, taxonomy_line
from holosec.presentation.situation import field_names, heatmap_chart, heatmap_periods, heatmap_rows
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.versions import resolve

GRAINS = ("week", "month")
HEATMAP_PERIODS = 12


def _grain(period: str | None, by: str | None) -> tuple[str, str | None]:
    """The grain and the checked label of ``period`` (a month or an ISO week), or of ``by``."""
    if period is None:
        grain = by or "month"
        if grain not in GRAINS:
            raise ParameterError("by", f"must be week or month, not {grain!r}")
        return grain, None
    try:
        found = Period.parse(period)
    except ValueError as exc:
        raise ParameterError(
            "period", f"expected a month (2024-03) or an ISO week (2024-W10), not {period!r}"
        ) from exc
    grain = found.grain.value
    if grain not in GRAINS:
        raise ParameterError("period", f"a briefing covers a month or a week, not the {grain} {period!r}")
    if by is not None and by != grain:
        raise ParameterError("by", f"{period!r} is a {grain}, but by is {by}", mentions=("by",))
    return grain, found.label


def _latest(index: Index, home: str) -> str | None:
    """The latest period with the home country's events, else with any events, else None."""
    for country in (home, None):
        try:
            return index.period(None, country)
        except InputError:
            continue
    return None


def context(
    store: Store,
    *,
    perspective: str = "CHN",
    period: str | None = None,
    by: str | None = None,
    taxonomy: str = DEFAULT,
    lang: str = "en",
) -> tuple[Context, Index]:
    """The checked settings of a briefing and the threat index it reads."""
    if lang not in LANGS:
        raise ParameterError("lang", f"must be one of {', '.join(LANGS)}, not {lang!r}")
    seen = load_perspective(perspective)
    version = resolve(taxonomy).version
    grain, label = _grain(period, by)
    index = Index.of_store(store, by=grain, taxonomy=version, home=seen.home_set)
    if label is None:
        label = _latest(index, seen.home)
    names = field_names(version, lang)
    ctx = Context(
        store=store,
        perspective=seen.code,
        home=seen.home,
        by=grain,
        taxonomy=version,
        lang=lang,
        period=label,
        has_data=label is not None and label in index.history.countries,
        names=names,
        home_set=seen.home_set,
    )
    return ctx, index


def heatmap_spec(ctx: Context, index: Index) -> dict[str, Any] | None:
    """The field x period chart of the home country's scores over the periods up to the briefing's."""
    if not ctx.has_data or ctx.period is None:
        return None
    labels = heatmap_periods(index, ctx.period, HEATMAP_PERIODS)
    rows = heatmap_rows(index, ctx.home, labels, ctx.names, shown=number)
    return heatmap_chart(rows, ctx.lang, score="score")


def coupling_spec(ctx: Context, coupled: dict[str, Any]) -> dict[str, Any] | None:
    """The field x field coupling matrix, when there is one."""
    if not coupled["fields"] or not coupled.get("note"):
        return None
    return charts.matrix(
        coupled["fields"],
        [ctx.field_name(f) for f in coupled["fields"]],
        coupled["matrix"],
        title=ctx.say("interwoven"),
        correlation=ctx.say("correlation"),
    )


def build_briefing(
    store: Store,
    *,
    perspective: str = "CHN",
    period: str | None = None,
    by: str | None = None,
    taxonomy: str = DEFAULT,
    lang: str = "en",
    workspace: Workspace | None = None,
    reader: User | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The briefing of ``perspective`` for ``period`` (a month such as ``2015-10`` or an ISO week such as
    ``2015-W40``; default: the latest period with the home country's events, at grain ``by``, default
    month), in ``lang`` (en or zh). With ``workspace`` and ``reader`` it has the reader's workspace
    section (need-to-know applies). A period without events gives a briefing that says so.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     found = build_briefing(store, period="2018-01")
    >>> found["meta"]["has_data"], len(found["situation"]["fields"]), found["situation"]["summary"][:31]
    (False, 11, 'The store holds no events in Ja')
    """
    ctx, index = context(store, perspective=perspective, period=period, by=by, taxonomy=taxonomy, lang=lang)
    coupled = interwoven(ctx)
    found = situation(ctx, index)
    content: dict[str, Any] = {
        "meta": {
            "title": ctx.say("title_line", country=ctx.country(ctx.home), period=ctx.period_name),
            "perspective_name": ctx.country(ctx.perspective),
            "period_name": ctx.period_name,
            "perspective": ctx.perspective,
            "home": ctx.home,
            "period": ctx.period,
            "previous": ctx.previous,
            "by": ctx.by,
            "taxonomy": ctx.taxonomy,
            "taxonomy_name": taxonomy_line(ctx.taxonomy, ctx.lang),
            "lang": ctx.lang,
            "has_data": ctx.has_data,
            "reader": reader.name if reader else None,
            "version": __version__,
            "generated_at": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "coverage": _coverage(ctx),
        },
        "judgements": key_judgements(ctx, found),
        "situation": found,
        "basis": data_basis(ctx, found, index.method.min_events),
        "alerts": top_alerts(ctx),
        "coupling": coupled,
        "regional": regional_matrix(ctx),
        "lenses": lenses(ctx),
        "exposure": overseas(ctx),
        "workspace": workspace_section(ctx, workspace, reader),
        "charts": {"heatmap": heatmap_spec(ctx, index), "coupling": coupling_spec(ctx, coupled)},
    }
    content["appendix"] = ctx.appendix.rows(ctx.lang)
    return content


def _coverage(ctx: Context) -> str:
    """What the briefing's period rests on: each source's days and records, in the briefing's language."""
    if ctx.period is None:
        return ""
    return coverage_line(index_sources(ctx.store, ctx.period), ctx.lang)
