"""The words of alerts in plain words (scores, track records, opening a case).
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

ALERTS: Final[dict[str, dict[str, str]]] = {}
