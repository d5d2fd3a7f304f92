"""The words of the page shell (navigation, context line, roles) and of the overview, map, country,
pair, alert and event pages.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

PAGE: Final[dict[str, dict[str, str]]] = {}
