"""The reader's language of a page: the query string's ``lang``, else the language cookie, else the
browser's ``Accept-Language`` (Chinese when it asks for it first), else English. The dashboard's pages and
the sign-in form ask the same way, so a reader who chose Chinese signs in in Chinese."""

from __future__ import annotations

from fastapi import Request

from holosec.presentation.i18n import lang_or_default

LANG_COOKIE = "holosec_lang"
"""The cookie that keeps the language a reader chose with ``?lang=``."""


def request_lang(request: Request, asked: str | None = None) -> str:
    """The language of the page ``request`` asks for (``asked``: the query string's ``lang``, when the
    route read it already)."""
    chosen = asked or request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen is None and request.headers.get("accept-language", "").lower().startswith("zh"):
        chosen = "zh"
    return lang_or_default(chosen)
