"""The words of the status page (the live follower's state and its recent cycles).
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

STATUS: Final[dict[str, dict[str, str]]] = {}
