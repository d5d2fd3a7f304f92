# ruff: noqa: RUF001
"""The words of the one current period and the coverage strip.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

PERIOD: Final[dict[str, dict[str, str]]] = {
    "alerts_up_to": {
        "en": "Alerts up to {period}, newest first",
        "zh": "截至{period}的预警（按时间由近及远）",
    },
}
