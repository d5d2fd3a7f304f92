"""A briefing's content (:func:`holosec.briefings.content.build_briefing`) written as Markdown, HTML or
PDF, from the Jinja2 templates beside this module.

- **Markdown**: text and tables; the charts are only in the other formats (it says so).
- **HTML**: one self-contained file: the CSS in a ``<style>`` block, the charts as inline SVG drawn
  offline by vl-convert, no URL but the evidence's http(s) source links, and a Content-Security-Policy
  that allows no script and no fetch.
- **PDF**: the HTML laid out by WeasyPrint (the ``pdf`` extra), with Noto CJK fonts for Chinese. WeasyPrint
  gets a URL fetcher that refuses every URL (:func:`write_pdf`): a briefing references nothing outside
  itself, so no text in it can make the server read a file or a URL.

Untrusted text (case titles, decisions, names, alert reasoning, event data) stays text: the HTML template
is always autoescaped (only holosec's own CSS and chart SVG are :class:`~markupsafe.Markup`), and the
Markdown template passes every such value through :mod:`holosec.briefings.escape`.

Every format carries one line with the time it was generated, marked :data:`GENERATED`, and is
otherwise the same bytes for the same content; :func:`strip_generated` drops that line.
"""

from __future__ import annotations

import copy
import importlib.util
import re
from collections.abc import Callable
from functools import cache
from typing import Any, NoReturn

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from holosec.briefings.appendix import anchor
from holosec.briefings.escape import markdown_code, markdown_text, markdown_url, web_url
from holosec.briefings.words import moment_name
from holosec.charts.render import svg
from holosec.errors import HolosecError, ParameterError
from holosec.presentation.i18n import word

FORMATS = ("md", "html", "pdf")
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}
GENERATED = "generated-at"
CHART_WIDTH = 620
CHART_FONT = "Noto Sans CJK SC"  # Latin and Chinese glyphs (Debian: fonts-noto-cjk)
PDF_EXTRA = "pip install 'holosec[pdf]'"
PDF_LIBRARIES = "Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
# The HTML file's Content-Security-Policy (a meta element, first in its head; the API sends it as a header
# too): no script, no fetch of any kind, only the file's own inline CSS and data: images.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


class MissingExtra(HolosecError):
    """An optional dependency a format needs is not installed."""


class PdfFetchRefused(HolosecError):
    """WeasyPrint asked for a URL while laying out a briefing; briefings fetch nothing."""


@cache
def _environment(fmt: str) -> Environment:
    env = Environment(
        loader=PackageLoader("holosec.briefings", "templates"),
        autoescape=fmt == "html",  # always for HTML, whatever the template's file name
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=markdown_text, code=markdown_code, url=markdown_url)
    env.tests["web_url"] = web_url
    env.globals["anchor"] = anchor
    env.globals["moment"] = moment_name
    return env


def _words(lang: str) -> Callable[..., str]:
    def t(key: str, **values: object) -> str:
        return word(key, lang, **values)

    return t


def chart_svg(spec: dict[str, Any] | None, prefix: str) -> Markup | None:
    """A chart as inline SVG with a fixed width and ids of its own (``prefix``): vl-convert numbers
    gradients per process, which would make two renderings differ."""
    if spec is None:
        return None
    sized = copy.deepcopy(spec)
    if sized.get("width") == "container":
        sized["width"] = CHART_WIDTH
    # One font for measuring (vl-convert) and drawing (browser, WeasyPrint), so labels fit their space.
    sized.setdefault("config", {})["font"] = CHART_FONT
    drawn = svg(sized)
    drawn = re.sub(r"^<\?xml[^>]*>\s*", "", drawn)
    ids = list(dict.fromkeys(re.findall(r'\bid="([^"]+)"', drawn)))
    for number, old in enumerate(ids, start=1):
        new = f"{prefix}-{number}"
        drawn = re.sub(rf'\bid="{re.escape(old)}"', f'id="{new}"', drawn)
        drawn = drawn.replace(f"url(#{old})", f"url(#{new})").replace(f'href="#{old}"', f'href="#{new}"')
    return Markup(drawn)


def markdown(content: dict[str, Any]) -> str:
    """The briefing as Markdown."""
    lang = content["meta"]["lang"]
    template = _environment("md").get_template("briefing.md.j2")
    return template.render(b=content, t=_words(lang), generated=GENERATED)


def html(content: dict[str, Any]) -> str:
    """The briefing as one self-contained HTML file."""
    lang = content["meta"]["lang"]
    env = _environment("html")
    figures = {name: chart_svg(spec, f"chart-{name}") for name, spec in content["charts"].items()}
    css = Markup(env.loader.get_source(env, "briefing.css")[0])  # type: ignore[union-attr]
    return env.get_template("briefing.html.j2").render(
        b=content, t=_words(lang), generated=GENERATED, figures=figures, css=css, csp=CSP
    )


def require(fmt: str) -> None:
    """Refuse an unknown format, or PDF without WeasyPrint installed, before any work is done."""
    if fmt not in FORMATS:
        raise ParameterError("format", f"must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt != "pdf":
        return
    if importlib.util.find_spec("weasyprint") is None:
        raise MissingExtra(f"PDF briefings need WeasyPrint: {PDF_EXTRA}")
    try:
        import weasyprint  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except OSError as exc:  # WeasyPrint is there, Pango is not
        raise MissingExtra(f"PDF briefings need {PDF_LIBRARIES} ({exc})") from exc


def _refuse(url: str) -> NoReturn:
    raise PdfFetchRefused(f"a briefing refuses to fetch {url[:80]!r}")


def _fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses every URL (``file:``, ``http(s):``, ``data:`` and the rest):
    WeasyPrint logs the refusal on its ``weasyprint`` logger and lays out the page without the resource."""
    from weasyprint import urls  # type: ignore[import-untyped,import-not-found,unused-ignore]

    base = getattr(urls, "URLFetcher", None)
    if base is None:  # older WeasyPrint takes a plain function
        return _refuse

    class Refusing(base):  # type: ignore[misc,valid-type]
        def fetch(self, url: str, headers: object = None) -> NoReturn:
            _refuse(url)

    return Refusing()


def write_pdf(document: str) -> bytes:
    """The HTML ``document`` laid out as PDF by WeasyPrint, fetching nothing: every URL it names (a
    stylesheet, an image, an attachment, relative or absolute) is refused, and there is no base URL, so
    nothing resolves against the working directory either.

    >>> write_pdf("<p>x</p>")[:5]  # doctest: +SKIP
    b'%PDF-'

    (Skipped as a doctest: it needs Pango. ``tests/test_briefing_security.py`` writes PDFs.)
    """
    require("pdf")
    from weasyprint import HTML  # type: ignore[import-untyped,import-not-found,unused-ignore]

    written: bytes = HTML(string=document, base_url=None, url_fetcher=_fetcher()).write_pdf()
    return written


def pdf(content: dict[str, Any]) -> bytes:
    """The briefing as PDF (WeasyPrint lays out the HTML version, see :func:`write_pdf`)."""
    return write_pdf(html(content))


def render(content: dict[str, Any], fmt: str) -> bytes:
    """The briefing in ``fmt`` (md, html or pdf) as bytes (UTF-8 for the text formats)."""
    if fmt == "md":
        return markdown(content).encode()
    if fmt == "html":
        return html(content).encode()
    require(fmt)
    return pdf(content)


def strip_generated(text: str) -> str:
    """``text`` without its generated-at line (what stays the same from one run to the next).

    >>> strip_generated("a\\n<!-- generated-at --> now\\nb\\n")
    'a\\nb\\n'
    """
    return "".join(line for line in text.splitlines(keepends=True) if GENERATED not in line)
