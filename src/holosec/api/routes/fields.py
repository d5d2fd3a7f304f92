"""``/api/v1/fields``: the security fields of a taxonomy version."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from holosec.http.deps import TAXONOMY_DEFAULT, Taxonomy
from holosec.taxonomy import fields_json

router = APIRouter(tags=["fields"])


@router.get("/api/v1/fields")
def fields(taxonomy: Taxonomy = TAXONOMY_DEFAULT) -> dict[str, Any]:
    """The fields of ``taxonomy``: id, English and Chinese names, traditional or not, definition."""
    rows = fields_json(taxonomy)
    return {"data": rows, "count": len(rows)}
