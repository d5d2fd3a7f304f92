"""Corrections as one installation gives them to another: JSON lines, one correction per line, as
:func:`holosec.corrections.records.listed` shows them (withdrawn ones too, so a withdrawal travels).

>>> rows = read_shared('{"correction_id": "x", "kind": "not-an-event"}\\n\\n')
>>> rows
[{'correction_id': 'x', 'kind': 'not-an-event'}]
>>> read_shared(shared_text(rows)) == rows
True
>>> read_shared('{"corrections": [{"kind": "duplicate"}], "count": 1}')
[{'kind': 'duplicate'}]
"""

from __future__ import annotations

import json
from typing import Any

from holosec.errors import ParameterError

EXPORTED = (
    "correction_id", "event_id", "kind", "value", "note", "created_by", "created_at", "withdrawn_by",
    "withdrawn_at",
)  # fmt: skip


def shared_text(rows: list[dict[str, Any]]) -> str:
    """``rows`` as JSON lines (only the keys another installation takes)."""
    return "".join(
        json.dumps({key: row.get(key) for key in EXPORTED if key in row}, ensure_ascii=False) + "\n"
        for row in rows
    )


def read_shared(text: str) -> list[dict[str, Any]]:
    """The corrections of an export: JSON lines, a JSON list, or the JSON object ``--json`` prints
    (``corrections``); a :class:`~holosec.errors.ParameterError` when it is none of these."""
    stripped = text.strip()
    if not stripped:
        return []
    try:
        whole = json.loads(stripped)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict) and isinstance(whole.get("corrections"), list):
        whole = whole["corrections"]
    if isinstance(whole, dict):
        whole = [whole]
    if whole is None:
        try:
            whole = [json.loads(line) for line in stripped.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ParameterError("file", f"line {exc.lineno}: not JSON ({exc.msg})") from None
    if not isinstance(whole, list) or not all(isinstance(row, dict) for row in whole):
        raise ParameterError("file", "holds no corrections (JSON objects, one a line)")
    return whole
