"""Checking the crosswalk against human coding: the fields PLOVER contexts stand for, and per-field agreement
between the fields the rules give and the fields a gold standard gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from holosec.taxonomy.rules import load_rules, plover_key


@cache
def _context_rules() -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for rule in load_rules():
        if rule.kind == "plover_context" and rule.weight > 0:
            found.setdefault(rule.key, set()).add(rule.field)
    return {key: frozenset(fields) for key, fields in found.items()}


def context_fields(contexts: str | Iterable[str]) -> set[str]:
    """The fields (and families) PLOVER contexts stand for, by the context rules of ``plover.tsv``;
    ``contexts`` is a list or a comma- or semicolon-separated text, as coders write them.

    >>> sorted(context_fields("military, terrorism"))
    ['family:terrorism', 'military', 'social']
    """
    items = re.split(r"[,;]", contexts) if isinstance(contexts, str) else list(contexts)
    rules = _context_rules()
    return {field for item in items if item.strip() for field in rules.get(plover_key(item), ())}


def agreement(predicted: Mapping[str, set[str]], gold: Mapping[str, set[str]]) -> dict[str, dict[str, Any]]:
    """Per field, over the records of ``gold``: how many the gold standard gives the field, how many the
    rules give it, how many both, and precision and recall (None where undefined).

    >>> agreement({"a": {"military"}, "b": {"political"}}, {"a": {"military"}, "b": {"military"}})["military"]
    {'gold': 2, 'predicted': 1, 'both': 1, 'precision': 1.0, 'recall': 0.5}
    """
    fields = sorted({f for record in gold for f in gold[record] | predicted.get(record, set())})
    report: dict[str, dict[str, Any]] = {}
    for field in fields:
        in_gold = {r for r in gold if field in gold[r]}
        in_predicted = {r for r in gold if field in predicted.get(r, set())}
        both = len(in_gold & in_predicted)
        report[field] = {
            "gold": len(in_gold),
            "predicted": len(in_predicted),
            "both": both,
            "precision": round(both / len(in_predicted), 3) if in_predicted else None,
            "recall": round(both / len(in_gold), 3) if in_gold else None,
        }
    return report
