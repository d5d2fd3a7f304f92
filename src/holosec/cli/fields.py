"""``holosec fields``, ``retag`` and ``coverage``: the security fields of a taxonomy, and how the stored
events are tagged with them."""

from __future__ import annotations

from typing import Annotated

import typer

from holosec.cli.corrections import rules as corrected_rules
from holosec.cli.errors import reported
from holosec.cli.options import DEFAULT_TAXONOMY, AsJson, DataDir, OutputFormat, Taxonomy
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, out
from holosec.cli.store import open_store, settings_for
from holosec.ingest import retag as retag_store
from holosec.taxonomy import fields_json, load_taxonomy
from holosec.taxonomy.coverage import coverage as tag_coverage


@reported()
def fields(
    taxonomy: Taxonomy = DEFAULT_TAXONOMY, as_json: AsJson = False, fmt: OutputFormat = Format.table
) -> None:
    """List the security fields of a taxonomy version, with their Chinese names (it reads no store).

    --json prints one object: data (the fields: id, name_en, name_zh, traditional, definition, versions)
    and count.
    """
    listed = fields_json(load_taxonomy(taxonomy))
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"data": listed, "count": len(listed)})
        return
    columns = (
        Column("id"), Column("name_en", "English", "text"), Column("name_zh", "Chinese", "text"),
        Column("traditional", pattern=lambda value: "yes" if value else "no"),
    )  # fmt: skip
    emit_table(columns, listed, fmt)


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
def coverage(
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
    rules: Annotated[
        bool,
        typer.Option(
            "--rules", help="The tagging rules analysts correct most often instead, with a proposed change."
        ),
    ] = False,
) -> None:
    """How much of the store the security fields cover: shares tagged, events per field (v2023 fields),
    and what the text classifier adds to each: the share of the field's weight that comes from the
    headline words of event URLs (from text), and the events that have the field from text alone.

    --format csv prints the table per field. --rules lists the tagging rules analysts' corrections
    contradict most often, as `holosec corrections rules` does.
    """
    if rules:
        corrected_rules(data_dir=data_dir, as_json=as_json, fmt=fmt)
        return
    with open_store(settings_for(data_dir), read_only=True) as store:
        result = tag_coverage(store)
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json(result)
        return
    if fmt is Format.table:
        out.print(
            f"events tagged: {result['events_tagged_share']:.1%}   "
            f"articles tagged: {result['articles_tagged_share']:.1%}",
            highlight=False,
        )
    per_field = sorted(result["per_field"].items(), key=lambda item: -item[1])
    text = result["events"]["from_text"]
    rows = [
        {
            "field": field,
            "tags": count,
            "from_text": text[field]["share"],
            "text_only": text[field]["records_from_text_only"],
        }
        for field, count in per_field
    ]
    columns = (
        Column("field"), Column("tags", "events", "number"),
        Column("from_text", "from text", "number", "{:.0%}"), Column("text_only", "text only", "number"),
    )  # fmt: skip
    emit_table(columns, rows, fmt)
