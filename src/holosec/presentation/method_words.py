"""The words of the method pages (how the index is made, what a score means).
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

METHOD: Final[dict[str, dict[str, str]]] = {}
