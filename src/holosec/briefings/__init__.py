"""Briefings: the security situation of a perspective in one period, written from the data in the reader's
language, every number and claim linked to its evidence. :func:`build_briefing` computes the content
(:mod:`holosec.briefings.content`), :func:`render` writes it as Markdown, HTML or PDF
(:mod:`holosec.briefings.render`). The method and its limits: ``docs/briefings.md``.
"""

from holosec.briefings.content import build_briefing
from holosec.briefings.render import FORMATS, render

__all__ = ["FORMATS", "build_briefing", "render"]
