"""``holosec attention``: a thin shell over :func:`holosec.indicators.attention.attention`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from holosec.cli.errors import reported
from holosec.cli.options import DEFAULT_TAXONOMY, AsJson, By, Country, DataDir, OutputFormat, Taxonomy
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, out
from holosec.cli.store import open_store, settings_for
from holosec.errors import HolosecError
from holosec.indicators.attention import attention as attention_rows
from holosec.indicators.query import country_code
from holosec.taxonomy.versions import resolve

_DATE = ["%Y-%m-%d"]
_COLUMNS = (
    Column("period"),
    Column("country", kind="id"),
    Column("field", kind="id"),
    Column("articles", "articles", "number", "{:.2f}"),
    Column("all_articles", "all articles", "number"),
    Column("share", "share", "number", "{:.1%}"),
)


@reported()
def attention(
    country: Country = None,
    field: Annotated[str | None, typer.Option(help="A field of the taxonomy (default: every field).")] = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    by: By = "month",
    start: Annotated[datetime | None, typer.Option("--from", formats=_DATE, help="First day.")] = None,
    end: Annotated[datetime | None, typer.Option("--to", formats=_DATE, help="Last day.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Attention from articles: per period, country and field, the field's weight over the articles that
    name the country (articles), all articles naming it (all articles) and the share.

    GDELT GKG articles name the countries of their locations, news of holosec ingest news the countries
    found in them; an article naming three countries counts for each. Only periods in which an article
    names the country are listed.

    --json prints one object: data (the rows) and count.
    """
    with reported(wrong=HolosecError):  # wrong arguments are said before the store is looked for
        resolve(taxonomy)
        country = country_code("country", country)
    with open_store(settings_for(data_dir), read_only=True) as store:
        rows = attention_rows(
            store,
            country=country,
            field=field,
            taxonomy=taxonomy,
            by=by,
            start=start.date() if start else None,
            end=end.date() if end else None,
        )
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"data": rows, "count": len(rows)})
    elif not rows and fmt is Format.table:
        out.print("No articles in the store name a country for this selection.")
    else:
        emit_table(_COLUMNS, rows, fmt, title=f"Attention from articles ({resolve(taxonomy).version})")
