"""``holosec fields``, ``retag`` and ``coverage``: the security fields of a taxonomy, and how the stored
events are tagged with them."""

from __future__ import annotations

from rich.table import Table

from holosec.cli.errors import reported
from holosec.cli.options import DEFAULT_TAXONOMY, AsJson, DataDir, Taxonomy
from holosec.cli.output import emit_json, out
from holosec.cli.store import open_store, settings_for
from holosec.ingest import retag as retag_store
from holosec.taxonomy import fields_json, load_taxonomy
from holosec.taxonomy.coverage import coverage as tag_coverage


@reported()
def fields(taxonomy: Taxonomy = DEFAULT_TAXONOMY, as_json: AsJson = False) -> None:
    """List the security fields of a taxonomy version, with their Chinese names."""
    listed = fields_json(load_taxonomy(taxonomy))
    if as_json:
        emit_json(listed)
        return
    table = Table("id", "English", "Chinese", "traditional", box=None)
    for field in listed:
        table.add_row(
            field["id"], field["name_en"], field["name_zh"], "yes" if field["traditional"] else "no"
        )
    out.print(table)


@reported()
def retag(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Recompute every security-field tag from the stored events and articles, after a rule change."""
    with open_store(settings_for(data_dir)) as store:
        result = retag_store(store)
    if as_json:
        emit_json(result)
        return
    out.print(
        f"{result['event_tags']} event tags and {result['article_tags']} article tags "
        f"in {result['seconds']} s",
        highlight=False,
    )


@reported()
def coverage(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """How much of the store the security fields cover: shares tagged, counts per field and per rule."""
    with open_store(settings_for(data_dir), read_only=True) as store:
        result = tag_coverage(store)
    if as_json:
        emit_json(result)
        return
    out.print(
        f"events tagged: {result['events_tagged_share']:.1%}   "
        f"articles tagged: {result['articles_tagged_share']:.1%}",
        highlight=False,
    )
    table = Table("field", "tags", box=None)
    for field, count in sorted(result["per_field"].items(), key=lambda item: -item[1]):
        table.add_row(field, str(count))
    out.print(table)
