"""Offline rendering and the browser bundle, both from vl-convert (one Vega-Lite version for both)."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import vl_convert

VEGA_LITE = "6.4"  # the Vega-Lite version Altair 6 writes; vl-convert bundles and renders it
PRINT_WIDTH = (
    620  # pixels: a chart's width offline (a briefing's page), where the dashboard's follows its box
)


@cache
def browser_bundle() -> bytes:
    """One JavaScript file defining ``vegaEmbed``, ``vega`` and ``vegaLite`` as globals, made by
    vl-convert from the libraries it carries (so nothing is fetched from a CDN). Built once per process
    (about 1.5 s)."""
    bundle: str = vl_convert.javascript_bundle(None, vl_version=VEGA_LITE)  # type: ignore[arg-type]  # None: the default snippet
    return bundle.encode()


def fixed(spec: dict[str, Any], width: int = PRINT_WIDTH) -> dict[str, Any]:
    """A copy of ``spec`` with a fixed ``width`` where it follows its container (the dashboard's charts
    do; offline there is no container to follow).

    >>> fixed({"width": "container", "height": 10}, 500)
    {'width': 500, 'height': 10}
    """
    copied: dict[str, Any] = json.loads(json.dumps(spec, default=str))
    if copied.get("width") == "container":
        copied["width"] = width
    return copied


def svg(spec: dict[str, Any], width: int = PRINT_WIDTH) -> str:
    """The chart drawn as SVG, with no network (data must be inline, not URLs), ``width`` pixels wide
    where the spec follows its container."""
    drawn: str = vl_convert.vegalite_to_svg(fixed(spec, width), vl_version=VEGA_LITE)
    return print_safe(drawn)


_BAR = re.compile(  # a legend's colour bar as vl-convert draws it: a rectangle filled with a gradient
    r'<path d="M(?P<x>[-\d.]+),(?P<y>[-\d.]+)h(?P<w>[\d.]+)v(?P<h>[\d.]+)h-[\d.]+Z"'
    r' fill="url\(#(?P<id>[^)"]+)\)"'
)
_GRADIENT = re.compile(
    r'<linearGradient id="(?P<id>[^"]+)" x1="(?P<x1>[\d.]+)" x2="(?P<x2>[\d.]+)" '
    r'y1="(?P<y1>[\d.]+)" y2="(?P<y2>[\d.]+)">'
)


def print_safe(drawn: str) -> str:
    """The SVG with each legend's colour bar in user-space coordinates: vl-convert writes its gradient
    relative to the bar's bounding box, which WeasyPrint (the briefing's PDF) draws as nothing, so the
    bar vanished from printed legends. Browsers draw both alike.

    >>> bar = '<path d="M0,0h180v16h-180Z" fill="url(#g)"/>'
    >>> print_safe('<linearGradient id="g" x1="0" x2="1" y1="0" y2="0">' + bar)[:92]
    '<linearGradient id="g" gradientUnits="userSpaceOnUse" x1="0.0" x2="180.0" y1="0.0" y2="0.0">'
    """
    bars = {m["id"]: m for m in _BAR.finditer(drawn)}

    def absolute(found: re.Match[str]) -> str:
        bar = bars.get(found["id"])
        if bar is None:
            return found[0]
        x, y, w, h = (float(bar[k]) for k in ("x", "y", "w", "h"))
        x1, x2 = (x + w * float(found[k]) for k in ("x1", "x2"))
        y1, y2 = (y + h * float(found[k]) for k in ("y1", "y2"))
        return (
            f'<linearGradient id="{found["id"]}" gradientUnits="userSpaceOnUse" '
            f'x1="{x1}" x2="{x2}" y1="{y1}" y2="{y2}">'
        )

    return _GRADIENT.sub(absolute, drawn)


def png(spec: dict[str, Any], width: int = PRINT_WIDTH, scale: float = 1.0) -> bytes:
    """The chart drawn as PNG (``scale`` times its size), as :func:`svg` draws it."""
    drawn: bytes = vl_convert.vegalite_to_png(fixed(spec, width), vl_version=VEGA_LITE, scale=scale)
    return drawn


def script_json(spec: dict[str, Any] | None) -> str:
    r"""``spec`` as JSON that is safe inside an HTML ``<script type="application/json">`` block: ``<``,
    ``>`` and ``&`` are escaped, so no value can close the block.

    >>> script_json({"title": "</script>"})
    '{"title": "\\u003c/script\\u003e"}'
    """
    text = json.dumps(spec, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
