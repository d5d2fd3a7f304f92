"""Offline rendering and the browser bundle, both from vl-convert (one Vega-Lite version for both)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import vl_convert

VEGA_LITE = "6.4"  # the Vega-Lite version Altair 6 writes; vl-convert bundles and renders it


@cache
def browser_bundle() -> bytes:
    """One JavaScript file defining ``vegaEmbed``, ``vega`` and ``vegaLite`` as globals, made by
    vl-convert from the libraries it carries (so nothing is fetched from a CDN). Built once per process
    (about 1.5 s)."""
    bundle: str = vl_convert.javascript_bundle(None, vl_version=VEGA_LITE)  # type: ignore[arg-type]  # None: the default snippet
    return bundle.encode()


def svg(spec: dict[str, Any]) -> str:
    """The chart drawn as SVG, with no network (data must be inline, not URLs)."""
    drawn: str = vl_convert.vegalite_to_svg(json.loads(json.dumps(spec)), vl_version=VEGA_LITE)
    return drawn


def script_json(spec: dict[str, Any] | None) -> str:
    r"""``spec`` as JSON that is safe inside an HTML ``<script type="application/json">`` block: ``<``,
    ``>`` and ``&`` are escaped, so no value can close the block.

    >>> script_json({"title": "</script>"})
    '{"title": "\\u003c/script\\u003e"}'
    """
    text = json.dumps(spec, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
