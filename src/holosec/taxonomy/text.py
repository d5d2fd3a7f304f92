"""The text classifier's answers in the fields of a taxonomy version (the model speaks ``v2023``, ``none``).

>>> result = classify(["Typhoon Haiyan makes landfall in the Philippines"], "v2014")[0]
>>> result["top"], list(result["fields"])[-1]
('ecological', 'none')
>>> round(sum(result["fields"].values()), 3)
1.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from holosec.errors import ParameterError
from holosec.taxonomy.model import Taxonomy
from holosec.taxonomy.recut import version_map
from holosec.taxonomy.text_tags import MIN_TOP
from holosec.taxonomy.versions import resolve
from holosec.text import NONE, TextResult, load_model, text_of

MODEL_VERSION = "v2023"


def text_weights(fields: Mapping[str, float], taxonomy: str | Path | Taxonomy) -> dict[str, float]:
    """Weights of ``v2023`` fields and ``none`` re-cut to ``taxonomy``: every field of the version in its
    order, then ``none``; the total is kept.

    >>> text_weights({"cyber": 0.5, "data": 0.25, "none": 0.25}, "v2014")["information"]
    0.75
    """
    target = resolve(taxonomy)
    mapping = version_map(MODEL_VERSION, target)
    out = dict.fromkeys(target.ids(), 0.0)
    for field, weight in fields.items():
        if field == NONE:
            continue
        for final, share in mapping.get(field, {}).items():
            out[final] += weight * share
    out[NONE] = fields.get(NONE, 0.0)
    return {field: round(weight, 4) for field, weight in out.items()}


def _result(text: str, result: TextResult, taxonomy: Taxonomy) -> dict[str, Any]:
    fields = text_weights(result.fields, taxonomy)
    top = max(fields, key=lambda field: fields[field])
    row: dict[str, Any] = {"text": text, "top": top, "fields": fields, "terms": result.terms}
    if result.truncated:
        row["truncated"] = True
    return row


def read_text(text: str) -> dict[str, Any]:
    """What the classifier reads in one record's text (a URL's headline words, or a news text), for
    ``holosec explain``: ``read`` (the words), ``fields`` (``v2023`` fields and ``none`` with at least 0.01,
    heaviest first), ``top``, ``terms`` and whether it gives text tags (``tags``: see :mod:`.text_tags`).

    >>> seen = read_text("https://example.com/world/north-korea-conducts-sixth-nuclear-test")
    >>> seen["read"], seen["top"], seen["tags"]
    ('north korea conducts sixth nuclear test', 'nuclear', True)
    """
    result = load_model().classify([text])[0]
    fields = {f: w for f, w in sorted(result.fields.items(), key=lambda item: -item[1]) if w >= 0.01}
    return {
        "read": text_of(text),
        "top": result.top,
        "fields": fields,
        "terms": result.terms,
        "tags": result.top != NONE and result.fields[result.top] >= MIN_TOP,
    }


def classify(texts: Sequence[str], taxonomy: str | Path | Taxonomy = "v2014") -> list[dict[str, Any]]:
    """Each text's weights in the fields of ``taxonomy`` and ``none`` (summing to 1), its top class and the
    terms that drove the answer, in input order. An empty text is a :class:`ParameterError`.
    """
    for number, text in enumerate(texts, start=1):
        if not text.strip():
            raise ParameterError("text", f"text {number} is empty")
    target = resolve(taxonomy)
    results = load_model().classify(list(texts))
    return [_result(text, result, target) for text, result in zip(texts, results, strict=True)]
