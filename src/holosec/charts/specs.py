"""The chart builders: rows in, Vega-Lite spec (a ``dict``) out.

Labels are passed in by the caller (already in the reader's language); the few phrases a chart adds of
its own (no data, few events, where the method is explained) come in a :class:`ChartText`, made in the
reader's language by :func:`holosec.presentation.chart_words.chart_text`. Without one, a chart draws the
same marks without those words, and writes dates in the language of its labels.

Scores use one colour scale everywhere: the threat index's 0-10 on a diverging blue-white-red scale
centred on the neutral 5 (blue calmer than usual, red more threatening). Time axes always show the year
and span the data's real span (:mod:`holosec.charts.timeline`); a period without data breaks the line.
Fields have eleven distinct colours, keyed by field id when rows carry ``field``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import altair as alt
from altair.utils import schemapi

from holosec.charts import timeline
from holosec.periods import Period

Rows = Sequence[Mapping[str, Any]]
NEUTRAL: Final = 5.0
SCORE_SCALE = alt.Scale(domain=[0, 10], domainMid=NEUTRAL, scheme="redblue", reverse=True)
# A colour bar under the chart: the plot keeps the whole width (a phone's, a printed page's) and the bar
# is never cut off at the right edge of a page.
SCORE_LEGEND = alt.Legend(type="gradient", orient="bottom", direction="horizontal", gradientLength=180)
# The lines' names under the chart, as many columns as the width holds: a phone keeps the plot wide.
LINE_LEGEND = alt.Legend(orient="bottom", columns=alt.ExprRef(expr="max(1, floor(width / 210))"))
WIDTH: Final[Literal["container"]] = "container"
MIN_EVENTS: Final = 5.0  # the index method's default: under this much evidence a score is flagged
NO_DATA_FILL: Final = "#ced4da"  # darker than the neutral 5's near-white
FIELD_COLOURS: Final[dict[str, str]] = {  # the eleven fields of the taxonomy, each its own colour
    "political": "#4e79a7",
    "homeland": "#f28e2b",
    "military": "#e15759",
    "economic": "#76b7b2",
    "cultural": "#59a14f",
    "social": "#edc948",
    "science_technology": "#b07aa1",
    "information": "#ff9da7",
    "ecological": "#9c755f",
    "resource": "#79706e",
    "nuclear": "#1b1b1b",
}
PALETTE: Final = (*FIELD_COLOURS.values(), "#a0cbe8", "#ffbe7d", "#8cd17d", "#b6992d", "#d37295", "#86bcb6")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class ChartText:
    """The phrases a chart adds of its own, in the reader's language (None: left out).

    ``no_data`` names a period or cell without data; ``thin`` names the ring that flags a score resting
    on few events, ``faded`` says that the map draws such scores faded; ``method``
    points at the method (docs/index-method.md); ``outside`` says how many rows lie outside the span drawn
    (a ``{count}`` slot)."""

    lang: str = "en"
    no_data: str | None = None
    thin: str | None = None
    faded: str | None = None
    method: str | None = None
    outside: str | None = None


def _lang(text: ChartText | None, *labels: str) -> str:
    """The chart's language: the text's, else Chinese when its labels are written in Chinese."""
    if text is not None:
        return text.lang
    return "zh" if any(_CJK.search(label or "") for label in labels) else "en"


def _data(rows: Rows) -> alt.InlineData:
    # Altair checks every object against the Vega-Lite schema as it is made; for inline data that means
    # walking every row through jsonschema, most of a chart's cost. The rows are ours and plain, so skip it.
    # A tuple, which Altair copies by reference (it copies a list's every row each time a chart is layered).
    with schemapi.debug_mode(False):
        return alt.InlineData(values=tuple(dict(row) for row in rows))


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def _title(title: str, *notes: str | None) -> alt.TitleParams:
    """A title with the given notes (those not None) as its subtitle lines."""
    lines = [note for note in notes if note]
    return alt.TitleParams(text=title, subtitle=lines) if lines else alt.TitleParams(text=title)


def is_thin(row: Mapping[str, Any], min_events: float = MIN_EVENTS) -> bool:
    """Whether a row's score rests on few events: by the index's own ``evidence`` level (thin or
    insufficient) or ``low_evidence`` flag when the row has them, else by ``events`` under ``min_events``.

    >>> is_thin({"evidence": "thin"}), is_thin({"events": 4}), is_thin({"events": 12.5}), is_thin({})
    (True, True, False, False)
    """
    if row.get("evidence") is not None:
        return bool(row["evidence"] != "sufficient")
    if row.get("low_evidence") is not None:
        return bool(row["low_evidence"])
    events = row.get("events")
    return events is not None and float(events) < min_events


def field_heatmap(
    rows: Rows, *, title: str, period: str, field: str, score: str, text: ChartText | None = None
) -> dict[str, Any]:
    """Field x period cells coloured by score; rows have ``period``, ``name`` (the field's label),
    ``score`` (None: no score, drawn grey as "no data"), optionally ``href`` and, to flag a score resting
    on few events with a ring, ``evidence``, ``low_evidence`` or ``events`` (see :func:`is_thin`).
    The axis titles are the given labels; periods are written in the chart's language."""
    lang = _lang(text, title, period, field, score)
    no_data = text.no_data if text else None
    cells = [
        {**row, "shown": timeline.period_label(str(row["period"]), lang), "thin": is_thin(row)}
        for row in rows
    ]
    order = sorted({str(row["period"]) for row in rows})
    x = alt.X("shown:O", title=period, sort=[timeline.period_label(p, lang) for p in order])
    y = alt.Y("name:N", title=field, sort=None)
    tips = [alt.Tooltip("name:N", title=field), alt.Tooltip("shown:O", title=period)]
    base = alt.Chart(_data(cells))
    blank = base.mark_rect(stroke="#fff", fill=NO_DATA_FILL).transform_filter("!isValid(datum.score)")
    blank = blank.encode(
        x=x, y=y, tooltip=[*tips, alt.Tooltip("no_data:N", title=score)] if no_data else tips
    )
    if no_data:
        blank = blank.transform_calculate(no_data=repr(no_data))
    scored = (
        base.mark_rect(stroke="#fff")
        .transform_filter("isValid(datum.score)")
        .encode(
            x=x,
            y=y,
            color=alt.Color("score:Q", scale=SCORE_SCALE, title=score, legend=SCORE_LEGEND),
            tooltip=[*tips, alt.Tooltip("score:Q", title=score)],
            description=alt.Description("label:N"),
        )
    )
    ring = base.mark_point(shape="circle", size=40, strokeWidth=1.4, color="#212529").transform_filter(
        "datum.thin && isValid(datum.score)"
    )
    if text and text.thin:
        ring = ring.transform_calculate(flag=repr(text.thin)).encode(
            x=x, y=y, shape=alt.Shape("flag:N", title=None, legend=alt.Legend(orient="top"))
        )
    else:
        ring = ring.encode(x=x, y=y)
    notes = (text.method,) if text else ()
    chart = alt.layer(blank, scored, ring, title=_title(title, *notes), width=WIDTH, height=alt.Step(22))
    return _spec(chart)


def _lines(rows: Rows) -> tuple[list[dict[str, Any]], tuple[Period, Period] | None, list[Period], int]:
    """The rows of :func:`series` over the real span, with a null row for every period of the span a
    line lacks (a gap); the span; the periods with a value; how many rows fell outside the span.
    Rows without a readable ``period`` (or of mixed grains) are kept as they are (no span, no gaps)."""
    periods = [timeline.period_of(row) for row in rows]
    if not rows or any(p is None for p in periods) or len({p.grain for p in periods if p}) > 1:
        return [dict(row) for row in rows], None, [], 0
    read = [p for p in periods if p is not None]
    found = timeline.real_span(
        p for p, row in zip(read, rows, strict=True) if timeline.has_value(row.get("value"))
    )
    if found is None:
        found = (min(read), max(read))
    first, last = found
    every = timeline.between(first, last)
    inside = [(p, row) for p, row in zip(read, rows, strict=True) if first <= p <= last]
    outside = len(rows) - len(inside)
    have = {(str(row.get("name")), p) for p, row in inside if row.get("value") is not None}
    names = list(dict.fromkeys(str(row.get("name")) for _, row in inside))
    filled = [dict(row) for _, row in inside]
    for name in names:
        filled.extend(
            {"start": p.start.isoformat(), "period": p.label, "name": name, "value": None}
            for p in every
            if (name, p) not in have
        )
    filled.sort(key=lambda row: (row["start"], names.index(str(row.get("name")))))
    covered = sorted({p for p, row in inside if row.get("value") is not None})
    return filled, found, covered, outside


def _alone(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with a value whose line has no value in the period before and after (a line cannot
    show them: they are drawn as points)."""
    at = {(row.get("name"), row.get("period")): row.get("value") for row in rows}
    alone = []
    for row in rows:
        period = timeline.period_of(row)
        if row.get("value") is None or period is None:
            continue
        name = row.get("name")
        if at.get((name, period.previous.label)) is None and at.get((name, period.next.label)) is None:
            alone.append(row)
    return alone


def _time_x(found: tuple[Period, Period] | None, title: str, lang: str) -> alt.X:
    """The time axis: UTC (no time zone moves a month), labels with the year, as many as fit the width."""
    axis = alt.Axis(
        format=timeline.axis_format(lang),
        tickCount=alt.ExprRef(expr=f"ceil(width / {timeline.LABEL_SPACE})"),
        labelOverlap=True,
        labelFlush=True,
    )
    scale = alt.Scale(type="utc", domain=timeline.domain(*found)) if found else alt.Scale(type="utc")
    return alt.X("start:T", title=title, scale=scale, axis=axis)


def _no_data(bands: list[dict[str, Any]], text: ChartText | None) -> alt.Chart:
    """Grey bands over the periods without data, named "no data" in the tooltip when there is a phrase."""
    chart = alt.Chart(_data(bands)).mark_rect(fill=NO_DATA_FILL, opacity=0.7)
    encoding: dict[str, Any] = {"x": alt.X("start:T"), "x2": alt.X2("end:T")}
    if text and text.no_data:
        chart = chart.transform_calculate(what=repr(text.no_data))
        encoding["tooltip"] = [alt.Tooltip("what:N", title=""), "first:N", "last:N"]
    drawn: alt.Chart = chart.encode(**encoding)
    return drawn


def _colours(rows: Rows) -> alt.Scale:
    """One distinct colour per line: the field's own (:data:`FIELD_COLOURS`) when every row carries a
    known ``field``, else the palette in the order the lines come."""
    names = list(dict.fromkeys(str(row.get("name")) for row in rows))
    fields = {str(row.get("name")): row.get("field") for row in rows}
    if names and all(fields[name] in FIELD_COLOURS for name in names):
        colours = [FIELD_COLOURS[str(fields[name])] for name in names]
    else:
        colours = [PALETTE[i % len(PALETTE)] for i in range(len(names))]
    return alt.Scale(domain=names, range=colours)


def series(
    rows: Rows,
    alerts: Rows = (),
    *,
    title: str,
    value: str,
    period: str,
    field: str,
    alert: str,
    text: ChartText | None = None,
) -> dict[str, Any]:
    """Lines of ``value`` over time, one per field: rows have ``start`` (ISO day), ``period``, ``name``
    and ``value`` (None: no data), optionally ``field`` (the field id, for its own colour); ``alerts``
    rows (``start``, ``name``, ``value``, ``label``, ``href``) are drawn as red points on the lines they
    were raised on.

    The axis spans the data's real span (:func:`holosec.charts.timeline.real_span`); a period of the span
    without a value breaks its line (a null, never a 0) and a period where no line has one is shaded as
    "no data"."""
    lang = _lang(text, title, value, period, field)
    filled, found, covered, outside = _lines(rows)
    x = _time_x(found, period, lang)
    colour = alt.Color("name:N", title=field, sort=None, scale=_colours(filled), legend=LINE_LEGEND)
    tips = [
        alt.Tooltip("name:N", title=field),
        alt.Tooltip("period:N", title=period),
        alt.Tooltip("value:Q", title=value, format=",.2f"),
    ]
    lines = (
        alt.Chart(_data(filled))
        .mark_line(point=False, invalid="break-paths-show-path-domains", clip=True)
        .encode(x=x, y=alt.Y("value:Q", title=value), color=colour, tooltip=tips)
    )
    layers: list[alt.Chart] = []
    if found is not None:
        bands = timeline.gap_bands(covered, timeline.between(*found))
        if bands:
            layers.append(_no_data(bands, text))
    layers.append(lines)
    alone = _alone(filled)
    if alone:
        layers.append(
            alt.Chart(_data(alone))
            .mark_point(filled=True, size=30)
            .encode(x=x, y="value:Q", color=colour, tooltip=tips)
        )
    if alerts:
        layers.append(
            alt.Chart(_data(alerts))
            .mark_point(filled=True, size=110, color="#c00", shape="triangle-up", clip=True)
            .encode(
                x=x,
                y="value:Q",
                tooltip=[alt.Tooltip("label:N", title=alert)],
                description=alt.Description("label:N"),
            )
        )
    note = text.outside.format(count=outside) if text and text.outside and outside else None
    chart = alt.layer(*layers, title=_title(title, note), width=WIDTH, height=260)
    spec = _spec(chart)
    spec["usermeta"] = {"span": [p.label for p in found] if found else None, "outside": outside}
    return spec


def balance(
    rows: Rows, *, title: str, value: str, period: str, text: ChartText | None = None
) -> dict[str, Any]:
    """Bars of the cooperation-conflict balance per period (-1 all conflict, +1 all cooperation):
    rows have ``start``, ``period`` and ``balance`` (None: no events). The axis spans the data's real
    span; periods without a balance are shaded as "no data"."""
    lang = _lang(text, title, value, period)
    valued = [{**row, "value": row.get("balance")} for row in rows]
    filled, found, covered, _ = _lines([{**row, "name": ""} for row in valued])
    x = _time_x(found, period, lang)
    bars = (
        alt.Chart(_data([row for row in filled if row.get("balance") is not None]))
        .mark_bar(clip=True)
        .encode(
            x=x,
            y=alt.Y("balance:Q", title=value, scale=alt.Scale(domain=[-1, 1])),
            # typed, as alt.condition's dict would be: Altair would try it against the schema (~30 ms)
            color=alt.ColorValue(
                value="#c92a2a", condition={"test": "datum.balance >= 0", "value": "#2b8a3e"}
            ),
            tooltip=[
                alt.Tooltip("period:N", title=period),
                alt.Tooltip("balance:Q", title=value, format="+.2f"),
            ],
        )
    )
    layers: list[alt.Chart] = []
    if found is not None:
        bands = timeline.gap_bands(covered, timeline.between(*found))
        if bands:
            layers.append(_no_data(bands, text))
    layers.append(bars)
    return _spec(alt.layer(*layers, title=title, width=WIDTH, height=160))


def matrix(
    fields: Sequence[str],
    names: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    title: str,
    correlation: str,
) -> dict[str, Any]:
    """The field x field matrix of ``values`` (correlations, -1 to 1; None: too little evidence)."""
    label = dict(zip(fields, names, strict=True))
    rows = [
        {"a": label[a], "b": label[b], "value": values[i][j]}
        for i, a in enumerate(fields)
        for j, b in enumerate(fields)
    ]
    order = list(names)
    cells = (
        alt.Chart(_data(rows), title=title)
        .mark_rect(stroke="#fff")
        .encode(
            x=alt.X("a:N", sort=order, title=None, axis=alt.Axis(labelAngle=-40)),
            y=alt.Y("b:N", sort=order, title=None),
            color=alt.Color(
                "value:Q", scale=alt.Scale(domain=[-1, 1], scheme="redblue", reverse=True), title=correlation
            ),
            tooltip=["a:N", "b:N", alt.Tooltip("value:Q", title=correlation, format="+.2f")],
        )
        .properties(width=alt.Step(26), height=alt.Step(26))
    )
    return _spec(cells)


def choropleth(
    rows: Rows, shapes: str | Mapping[str, Any], *, title: str, score: str, text: ChartText | None = None
) -> dict[str, Any]:
    """Countries coloured by score: ``shapes`` is the URL of the world TopoJSON (or the TopoJSON itself,
    for offline rendering); rows have ``id`` (the shape's ISO numeric id as in the file), ``name``,
    ``score``, ``label`` and ``href``. Countries without a row are drawn grey. A score resting on few
    events (rows with ``evidence``, ``low_evidence`` or ``events``: :func:`is_thin`) is drawn faded."""
    tip = alt.Tooltip("score:Q", title=score)
    color = alt.Color("score:Q", scale=SCORE_SCALE, title=score, legend=SCORE_LEGEND)
    flagged = [{**row, "thin": is_thin(row)} for row in rows]
    notes = (text.faded, text.method) if text else ()
    return _world(flagged, shapes, "score", color, tip, _title(title, *notes))


def _world(
    rows: Rows,
    shapes: str | Mapping[str, Any],
    field: str,
    color: alt.Color,
    tip: alt.Tooltip,
    title: str | alt.TitleParams,
) -> dict[str, Any]:
    """The world map of :func:`choropleth` and :func:`value_map`, coloured by ``field`` of the rows (a
    row with ``thin`` true drawn faded)."""
    topo = alt.TopoDataFormat(type="topojson", feature="countries")
    source = (
        alt.UrlData(url=shapes, format=topo)
        if isinstance(shapes, str)
        else alt.InlineData(values=dict(shapes), format=topo)
    )
    lookup = alt.LookupData(_data(rows), key="id", fields=["name", field, "label", "href", "thin"])
    background = alt.Chart(source).mark_geoshape(fill=NO_DATA_FILL, stroke="#fff", strokeWidth=0.4)
    countries = (
        alt.Chart(source)
        .mark_geoshape(stroke="#fff", strokeWidth=0.4, cursor="pointer")
        .transform_lookup(lookup="id", from_=lookup)
        .transform_filter(f"isValid(datum.{field})")
        .encode(
            color=color,
            opacity=alt.condition("datum.thin", alt.value(0.4), alt.value(1.0)),
            tooltip=[alt.Tooltip("name:N"), tip],
            description=alt.Description("label:N"),
        )
    )
    chart = alt.layer(background, countries, title=title).properties(width=WIDTH, height=420)
    return _spec(chart.project(type="equalEarth"))


def pair_matrix(rows: Rows, members: Sequence[str], *, title: str, value: str) -> dict[str, Any]:
    """The member x member matrix of the cooperation-conflict balance (-1 all conflict, red; +1 all
    cooperation, blue): rows have ``a``, ``b`` (both orders, so the matrix is symmetric), ``balance``,
    ``label`` and ``href`` (the pair's page), and ``a_name``/``b_name`` to label the axes by name;
    ``members`` orders both axes."""
    rows = list(rows)
    # the axes name the members in the reader's language when the rows carry names (a_name, b_name)
    named = bool(rows) and all("a_name" in row and "b_name" in row for row in rows)
    names = {row["a"]: row["a_name"] for row in rows} if named else {}
    order = [names.get(member, member) for member in members]
    x_field, y_field = ("a_name:N", "b_name:N") if named else ("a:N", "b:N")
    cells = (
        alt.Chart(_data(rows), title=title)
        .mark_rect(stroke="#fff", cursor="pointer")
        .encode(
            x=alt.X(x_field, sort=order, title=None, axis=alt.Axis(labelAngle=-60)),
            y=alt.Y(y_field, sort=order, title=None),
            color=alt.Color("balance:Q", scale=alt.Scale(domain=[-1, 1], scheme="redblue"), title=value),
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("balance:Q", title=value, format="+.2f")],
            description=alt.Description("label:N"),
        )
        .properties(width=alt.Step(18), height=alt.Step(18))
    )
    return _spec(cells)


def value_map(rows: Rows, shapes: str | Mapping[str, Any], *, title: str, value: str) -> dict[str, Any]:
    """Countries coloured by any non-negative ``value`` (light to dark), drawn as :func:`choropleth` draws
    scores: rows have ``id``, ``name``, ``value``, ``label`` and ``href``."""
    color = alt.Color("value:Q", scale=alt.Scale(scheme="orangered", zero=True), title=value)
    tip = alt.Tooltip("value:Q", title=value, format=",.2f")
    return _world(rows, shapes, "value", color, tip, title)
