"""The chart builders: rows in, Vega-Lite spec (a ``dict``) out.

Labels are passed in by the caller (already in the reader's language), so the builders know nothing of
languages. Scores use one colour scale everywhere: 0-10, light (low threat) to dark red (high).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

import altair as alt
from altair.utils import schemapi

Rows = Sequence[Mapping[str, Any]]
SCORE_SCALE = alt.Scale(domain=[0, 10], scheme="orangered")
WIDTH: Final[Literal["container"]] = "container"


def _data(rows: Rows) -> alt.InlineData:
    # Altair checks every object against the Vega-Lite schema as it is made; for inline data that means
    # walking every row through jsonschema, most of a chart's cost. The rows are ours and plain, so skip it.
    with schemapi.debug_mode(False):
        return alt.InlineData(values=[dict(row) for row in rows])


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def field_heatmap(rows: Rows, *, title: str, period: str, field: str, score: str) -> dict[str, Any]:
    """Field x period cells coloured by score; rows have ``period``, ``name`` (the field's label),
    ``score`` (None: no events) and optionally ``href``. The axis titles are the given labels."""
    base = alt.Chart(_data(rows), title=title, width=WIDTH, height=alt.Step(22))
    cells = base.mark_rect(stroke="#fff").encode(
        x=alt.X("period:O", title=period, sort="ascending"),
        y=alt.Y("name:N", title=field, sort=None),
        color=alt.Color("score:Q", scale=SCORE_SCALE, title=score),
        tooltip=[
            alt.Tooltip("name:N", title=field),
            alt.Tooltip("period:O", title=period),
            alt.Tooltip("score:Q", title=score),
        ],
        description=alt.Description("label:N"),
    )
    return _spec(cells)


def series(
    rows: Rows, alerts: Rows = (), *, title: str, value: str, period: str, field: str, alert: str
) -> dict[str, Any]:
    """Lines of ``value`` over time, one per field: rows have ``start`` (ISO day), ``period``, ``name``
    and ``value``; ``alerts`` rows (``start``, ``name``, ``value``, ``label``, ``href``) are drawn as red
    points on the lines they were raised on."""
    x = alt.X("start:T", title=period)
    lines = (
        alt.Chart(_data(rows))
        .mark_line(point=False)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=value),
            color=alt.Color("name:N", title=field, sort=None),
            tooltip=[
                alt.Tooltip("name:N", title=field),
                alt.Tooltip("period:N", title=period),
                alt.Tooltip("value:Q", title=value, format=",.2f"),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    if alerts:
        layers.append(
            alt.Chart(_data(alerts))
            .mark_point(filled=True, size=110, color="#c00", shape="triangle-up")
            .encode(
                x=x,
                y="value:Q",
                tooltip=[alt.Tooltip("label:N", title=alert)],
                description=alt.Description("label:N"),
            )
        )
    return _spec(alt.layer(*layers, title=title, width=WIDTH, height=260))


def balance(rows: Rows, *, title: str, value: str, period: str) -> dict[str, Any]:
    """Bars of the cooperation-conflict balance per period (-1 all conflict, +1 all cooperation):
    rows have ``start``, ``period`` and ``balance`` (None: no events)."""
    bars = (
        alt.Chart(_data([row for row in rows if row.get("balance") is not None]), title=title)
        .mark_bar()
        .encode(
            x=alt.X("start:T", title=period),
            y=alt.Y("balance:Q", title=value, scale=alt.Scale(domain=[-1, 1])),
            color=alt.condition("datum.balance >= 0", alt.value("#2b8a3e"), alt.value("#c92a2a")),
            tooltip=[
                alt.Tooltip("period:N", title=period),
                alt.Tooltip("balance:Q", title=value, format="+.2f"),
            ],
        )
        .properties(width=WIDTH, height=160)
    )
    return _spec(bars)


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


def choropleth(rows: Rows, shapes: str | Mapping[str, Any], *, title: str, score: str) -> dict[str, Any]:
    """Countries coloured by score: ``shapes`` is the URL of the world TopoJSON (or the TopoJSON itself,
    for offline rendering); rows have ``id`` (the shape's ISO numeric id as in the file), ``name``,
    ``score``, ``label`` and ``href``. Countries without a row are drawn grey."""
    tip = alt.Tooltip("score:Q", title=score)
    return _world(rows, shapes, "score", alt.Color("score:Q", scale=SCORE_SCALE, title=score), tip, title)


def _world(
    rows: Rows, shapes: str | Mapping[str, Any], field: str, color: alt.Color, tip: alt.Tooltip, title: str
) -> dict[str, Any]:
    """The world map of :func:`choropleth` and :func:`value_map`, coloured by ``field`` of the rows."""
    topo = alt.TopoDataFormat(type="topojson", feature="countries")
    source = (
        alt.UrlData(url=shapes, format=topo)
        if isinstance(shapes, str)
        else alt.InlineData(values=dict(shapes), format=topo)
    )
    lookup = alt.LookupData(_data(rows), key="id", fields=["name", field, "label", "href"])
    background = alt.Chart(source).mark_geoshape(fill="#e9ecef", stroke="#fff", strokeWidth=0.4)
    countries = (
        alt.Chart(source)
        .mark_geoshape(stroke="#fff", strokeWidth=0.4, cursor="pointer")
        .transform_lookup(lookup="id", from_=lookup)
        .transform_filter(f"isValid(datum.{field})")
        .encode(color=color, tooltip=[alt.Tooltip("name:N"), tip], description=alt.Description("label:N"))
    )
    chart = alt.layer(background, countries, title=title).properties(width=WIDTH, height=420)
    return _spec(chart.project(type="equalEarth"))


def pair_matrix(rows: Rows, members: Sequence[str], *, title: str, value: str) -> dict[str, Any]:
    """The member x member matrix of the cooperation-conflict balance (-1 all conflict, red; +1 all
    cooperation, blue): rows have ``a``, ``b`` (both orders, so the matrix is symmetric), ``balance``,
    ``label`` and ``href`` (the pair's page); ``members`` orders both axes."""
    order = list(members)
    cells = (
        alt.Chart(_data(rows), title=title)
        .mark_rect(stroke="#fff", cursor="pointer")
        .encode(
            x=alt.X("a:N", sort=order, title=None, axis=alt.Axis(labelAngle=-60)),
            y=alt.Y("b:N", sort=order, title=None),
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
