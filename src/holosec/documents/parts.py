"""Documents with a generated part: hand-written prose around a block a script rewrites from data.

The block runs from a ``begin`` marker line to :data:`END`; tests compare it with a fresh rendering.

>>> doc = "prose\\n<!-- BEGIN X -->\\nold\\n<!-- END GENERATED -->\\nmore"
>>> generated_part(doc, "<!-- BEGIN X -->")
'<!-- BEGIN X -->\\nold\\n<!-- END GENERATED -->'
>>> splice(doc, "<!-- BEGIN X -->\\nnew\\n<!-- END GENERATED -->", "<!-- BEGIN X -->").split("\\n")[2]
'new'
>>> splice("# Only prose\\n", "<!-- BEGIN X -->\\n<!-- END GENERATED -->", "<!-- BEGIN X -->")
'# Only prose\\n\\n<!-- BEGIN X -->\\n<!-- END GENERATED -->\\n'
"""

from __future__ import annotations

END = "<!-- END GENERATED -->"


def generated_part(document: str, begin: str, end: str = END) -> str:
    """The generated part of ``document`` (from ``begin`` to ``end``), or ``""`` if it has none."""
    start, stop = document.find(begin), document.find(end)
    if start < 0 or stop < start:
        return ""
    return document[start : stop + len(end)]


def splice(document: str, generated: str, begin: str, end: str = END) -> str:
    """``document`` with its generated part replaced by ``generated`` (appended if it has none)."""
    old = generated_part(document, begin, end)
    if not old:
        return document.rstrip("\n") + "\n\n" + generated + "\n"
    return document.replace(old, generated)
