"""The words of the readable evidence rows (what happened, who, where, which outlet).
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

EVIDENCE: Final[dict[str, dict[str, str]]] = {}
