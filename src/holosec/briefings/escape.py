"""Untrusted text made inert in a briefing's Markdown, and the one rule for which URLs become links.

Case titles, decisions, user and agency names, alert reasoning and everything read from event data may hold
anything a user or a data file put there. HTML briefings escape it through Jinja's autoescape; the Markdown
template passes every such value through :func:`markdown_text` (or :func:`markdown_code`,
:func:`markdown_url`), so it reads as the same text once rendered and never as a link, an image, raw HTML, a
heading, a list or a table cell break. Only ``http(s)`` URLs (:func:`web_url`) are ever links, in every
format.

>>> markdown_text("[x](javascript:alert(1)) <img src=x>")
'\\\\[x\\\\](javascript:alert(1)) &lt;img src=x>'
"""

from __future__ import annotations

import re

# Characters that start inline markup wherever they are: escapes, code, emphasis, links and images (every
# link and image needs a bracket), table cells, strikethrough.
_INLINE = re.compile(r"[\\`*_\[\]|~]")
# An ampersand that would start an entity reference (``&lt;``, ``&#106;``): written as ``&amp;``.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# A start that would open a block at the start of a line: a quote, a heading, a bullet, a setext or
# thematic line (``*`` and ``_`` are escaped everywhere already) ...
_BLOCK = re.compile(r"^(?:>|#{1,6}(?=\s|$)|[-+](?=\s|$)|[-=](?=[-=\s]*$))")
# ... or an ordered-list number such as ``1.`` or ``2)``.
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
# A URL that may be a link: http(s) only, with nothing that could end an attribute or a Markdown autolink.
_WEB_URL = re.compile(r"https?://[^\s<>\"\x00-\x1f\x7f]+", re.IGNORECASE)


def one_line(value: object) -> str:
    """``value`` as text on one line: every run of whitespace (line breaks included) one space.

    >>> one_line(" a\\n\\n b\\tc ")
    'a b c'
    """
    return " ".join(str(value).split())


def markdown_text(value: object) -> str:
    """``value`` as Markdown that renders as exactly its text (on one line): markup characters are
    backslash-escaped, ``<`` and entity-like ``&`` are written as HTML entities, and a first character that
    could open a block is escaped.

    >>> markdown_text("# ![y](http://evil/) *a*|b")
    '\\\\# !\\\\[y\\\\](http://evil/) \\\\*a\\\\*\\\\|b'
    >>> markdown_text("1. <http://evil/> &lt;")
    '1\\\\. &lt;http://evil/> &amp;lt;'
    >>> markdown_text("- > CHN"), markdown_text("-0.50"), markdown_text("#3 in 2015")
    ('\\\\- > CHN', '-0.50', '#3 in 2015')
    """
    text = _INLINE.sub(r"\\\g<0>", one_line(value))
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _BLOCK.sub(r"\\\g<0>", text)
    return _ORDERED.sub(r"\1\\\2", text)


def markdown_code(value: object) -> str:
    """``value`` as a Markdown code span, or as escaped text when a backtick would end the span.

    >>> markdown_code("gdelt2:1"), markdown_code("a`b")
    ('`gdelt2:1`', 'a\\\\`b')
    """
    text = one_line(value)
    if not text or "`" in text:
        return markdown_text(text)
    return f"`{text}`"


def web_url(value: object) -> bool:
    """Whether ``value`` is an http(s) URL that a briefing may show as a link; anything else (``javascript:``,
    ``data:``, ``file:``, relative, or with spaces, quotes or angle brackets) is shown as text.

    >>> web_url("https://a.example/x?y=1"), web_url("javascript:alert(1)"), web_url("file:///etc/passwd")
    (True, False, False)
    """
    return isinstance(value, str) and _WEB_URL.fullmatch(value) is not None


def markdown_url(value: object) -> str:
    """A source URL in Markdown: an autolink when it is a :func:`web_url`, else escaped text.

    >>> markdown_url("https://a.example/x"), markdown_url("javascript:alert(1)")
    ('<https://a.example/x>', 'javascript:alert(1)')
    """
    return f"<{value}>" if web_url(value) else markdown_text(value)
