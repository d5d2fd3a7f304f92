"""Reading tags back: why a record has its fields (``holosec explain``) and how much of the store the rules
cover (``holosec coverage``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from holosec.store import Store
from holosec.taxonomy import load_taxonomy
from holosec.taxonomy.parse import FINEST
from holosec.taxonomy.rule_tables import all_rules
from holosec.taxonomy.rules import FAMILY, Rule

_SECURITY = "NOT starts_with(field, 'family:')"
# (record table, tag table, id column, name used in the coverage report)
_KINDS = (
    ("events", "event_tags", "event_id", "events"),
    ("articles", "article_tags", "article_id", "articles"),
)


@cache
def rules_by_id() -> dict[str, Rule]:
    """Every rule the engine applies, by id (rule files, places and flashpoints).

    >>> rule = rules_by_id()["cameo.19.military"]
    >>> rule.field, rule.source
    ('military', 'cameo.tsv')
    """
    return {rule.id: rule for rule in all_rules()}


def _fields(store: Store, table: str, key: str, record_id: str) -> list[dict[str, Any]]:
    rows = store.execute(
        f"SELECT field, rule, weight FROM {table} WHERE {key} = ? ORDER BY field, weight DESC, rule",
        [record_id],
    ).fetchall()
    known = rules_by_id()
    fields: dict[str, dict[str, Any]] = {}
    for field, rule_id, weight in rows:
        entry = fields.setdefault(field, {"field": field, "weight": 0.0, "rules": []})
        entry["weight"] += weight
        rule = known.get(rule_id)
        entry["rules"].append(
            {
                "rule": rule_id,
                "weight": round(weight, 4),
                "note": rule.note if rule else "(rule no longer in the rule files: run holosec retag)",
                "source": rule.source if rule else None,
            }
        )
    ordered = sorted(fields.values(), key=lambda e: (e["field"].startswith(FAMILY), -e["weight"], e["field"]))
    for entry in ordered:
        entry["weight"] = round(entry["weight"], 4)
        entry["family"] = entry["field"].startswith(FAMILY)
    return ordered


def event_fields(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The tags of one event, field by field: ``field``, its ``weight`` (its share of the event; for a
    ``family:`` tag the rule's own weight), ``family`` and the ``rules`` that gave it (id, weight, note,
    rule file). Security fields come first, heaviest first; an untagged or unknown event has none.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     event_fields(store, "gdelt2:1")
    []
    """
    return _fields(store, "event_tags", "event_id", event_id)


def article_fields(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The tags of one article, laid out as :func:`event_fields`."""
    return _fields(store, "article_tags", "article_id", article_id)


def _shares(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {key: round(value / total, 4) for key, value in counts.items()} if total else {}


def _report(store: Store, table: str, tags: str, key: str) -> dict[str, Any]:
    total = int(store.scalar(f"SELECT count(*) FROM {table}"))
    tagged = int(store.scalar(f"SELECT count(DISTINCT {key}) FROM {tags} WHERE {_SECURITY}"))
    per_field = dict.fromkeys(load_taxonomy(FINEST).ids(), 0)
    weights = dict.fromkeys(per_field, 0.0)
    for field, count, weight in store.execute(
        f"SELECT field, count(DISTINCT {key}), sum(weight) FROM {tags} WHERE {_SECURITY} GROUP BY field"
    ).fetchall():
        per_field[field] = int(count)
        weights[field] = float(weight)
    families = dict(
        store.execute(
            f"SELECT substr(field, {len(FAMILY) + 1}), count(DISTINCT {key}) FROM {tags} "
            f"WHERE NOT {_SECURITY} GROUP BY 1 ORDER BY 1"
        ).fetchall()
    )
    per_rule = dict(
        store.execute(
            f"SELECT rule, count(*) FROM {tags} GROUP BY rule ORDER BY count(*) DESC, rule"
        ).fetchall()
    )
    by_source = {
        source: {"records": int(n), "tagged": int(k), "tagged_share": round(k / n, 4) if n else 0.0}
        for source, n, k in store.execute(
            f"SELECT r.source, count(*), count(t.{key}) FROM {table} r "
            f"LEFT JOIN (SELECT DISTINCT {key} FROM {tags} WHERE {_SECURITY}) t USING ({key}) "
            "GROUP BY r.source ORDER BY r.source"
        ).fetchall()
    }
    field_share = _shares(per_field)
    weight_total = sum(weights.values())
    from_text = _from_text(store, tags, key, weights)
    return {
        "records": total,
        "tagged": tagged,
        "tagged_share": round(tagged / total, 4) if total else 0.0,
        "per_field": per_field,
        "field_share": field_share,
        "weight_share": {f: round(w / weight_total, 4) for f, w in weights.items()} if weight_total else {},
        "max_field_share": max(field_share.values(), default=0.0),
        "per_family": families,
        "per_rule": per_rule,
        "by_source": by_source,
        "from_text": from_text,
    }


def _from_text(store: Store, tags: str, key: str, weights: dict[str, float]) -> dict[str, dict[str, Any]]:
    """Per field, what the text rules (``text.*``) add: the weight they carry (and its share of the field's
    weight) and the records that have the field from text alone (no code rule gave it)."""
    out = {field: {"weight": 0.0, "share": 0.0, "records_from_text_only": 0} for field in weights}
    for field, weight, only in store.execute(
        f"""
        SELECT field, sum(weight), count(*) FILTER (WHERE code = 0)
        FROM (
            SELECT {key}, field, sum(weight) FILTER (WHERE starts_with(rule, 'text.')) AS weight,
                   count(*) FILTER (WHERE NOT starts_with(rule, 'text.')) AS code
            FROM {tags} WHERE {_SECURITY} GROUP BY {key}, field
        ) GROUP BY field
        """
    ).fetchall():
        weight = float(weight or 0.0)
        out[field] = {
            "weight": round(weight, 2),
            "share": round(weight / weights[field], 4) if weights.get(field) else 0.0,
            "records_from_text_only": int(only),
        }
    return out


def coverage(store: Store) -> dict[str, Any]:
    """How much of the store the rules cover.

    ``events_tagged_share`` and ``articles_tagged_share`` are the shares (0-1) of stored events and articles
    with at least one security field; ``per_field`` counts the events with each ``v2023`` field (families
    are counted apart, in ``events.per_family``); ``per_rule`` counts the tag rows each rule wrote.
    ``events`` and ``articles`` hold the details: per field counts, each field's share of all (record,
    field) tags and of all weight, per family, per rule, per source, and what text rules add to each field
    (``from_text``: their weight, its share of the field's weight, records with the field from text alone).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     report = coverage(store)
    >>> report["events_tagged_share"], report["per_field"]["military"]
    (0.0, 0)
    """
    reports = {name: _report(store, table, tags, key) for table, tags, key, name in _KINDS}
    events, articles = reports["events"], reports["articles"]
    return {
        "events_tagged_share": events["tagged_share"],
        "articles_tagged_share": articles["tagged_share"],
        "per_field": events["per_field"],
        "per_rule": events["per_rule"],
        "events": events,
        "articles": articles,
    }
