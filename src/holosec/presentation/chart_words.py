"""The words of the charts' axes, legends and flags.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

CHARTS: Final[dict[str, dict[str, str]]] = {}
