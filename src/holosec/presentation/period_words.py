"""The words of the one current period and the coverage strip.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

PERIOD: Final[dict[str, dict[str, str]]] = {}
