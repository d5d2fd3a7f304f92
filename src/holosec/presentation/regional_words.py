"""The words of the region, principles, lenses and exposure pages.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

REGION_PAGES: Final[dict[str, dict[str, str]]] = {}
