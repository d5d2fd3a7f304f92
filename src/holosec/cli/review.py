"""``holosec review``: precision audits, thin shells over :mod:`holosec.review` (draw a queue, see how far
it is, judge an item, export it, and the precision it measures). Reviewers usually judge on the
dashboard's review page (``/review``); ``judge`` is for scripts and imports."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from holosec import review
from holosec.cli.errors import reported
from holosec.cli.options import AsJson, Country, DataDir
from holosec.cli.output import Column, emit_json, emit_table, out
from holosec.cli.store import open_store, settings_for
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.versions import resolve

review_app = typer.Typer(
    help="Precision audits: a stratified sample of counted events, reviewers' verdicts, the precision.",
    no_args_is_help=True,
)
Queue = Annotated[str, typer.Argument(help="The review queue's name (holosec review status lists them).")]

_PRECISION = [
    Column("source", "source"),
    Column("filter", "filter", "text"),
    Column("judged", "judged", "number"),
    Column("population", "events", "number"),
    Column("precision", "precision", "number", "{:.3f}"),
    Column("low", "95% low", "number", "{:.3f}"),
    Column("high", "95% high", "number", "{:.3f}"),
    Column("coverage", "coverage", "number", "{:.3f}"),
]


def _strata(found: dict[str, Any]) -> None:
    emit_table(
        [
            Column("stratum", "stratum"),
            Column("population", "events", "number"),
            Column("drawn", "drawn", "number"),
        ],
        found["strata"],
        title=f"{found['queue']}: {found['items']} items from {found['population']:,} events"
        f" (seed {found['seed']})",
    )


@review_app.command("sample")
@reported()
def sample(
    indicator: Annotated[
        str, typer.Option(help="The indicator audited: conflict_events, material_conflict_events or events.")
    ] = "conflict_events",
    n: Annotated[
        int, typer.Option("--n", help="How many events to draw (fewer when there are fewer).")
    ] = 200,
    seed: Annotated[
        int | None, typer.Option(help="The random seed (default: a random one, kept with the queue).")
    ] = None,
    country: Country = None,
    source: Annotated[
        str | None, typer.Option(help="Only events of this source (gdelt2, icews ...).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="The queue's name (default: from its settings).")] = None,
    user: Annotated[str | None, typer.Option(help="Who drew it, kept with the queue.")] = None,
    taxonomy: Annotated[str, typer.Option(help="A packaged taxonomy version.")] = DEFAULT,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Draw a stratified random sample of the events that count toward the indicator into a review queue.

    Strata: source x one or 2+ news sources x under 5 or 5+ mentions x actors resolved or not; every
    stratum gets the same number of draws (or all its events), and the precision is weighted back to the
    population. The same seed on the same store draws the same queue. Exit codes: 0 drawn; 1 no store,
    a queue of that name exists, or no event counts toward the indicator; 2 a wrong option.
    """
    resolve(taxonomy)
    with open_store(settings_for(data_dir)) as store:
        found = review.draw(
            store,
            indicator,
            n,
            seed=seed,
            country=country,
            source=source,
            taxonomy=taxonomy,
            name=name,
            user=user,
        )
    if as_json:
        emit_json(found)
        return
    _strata(found)


@review_app.command("status")
@reported()
def status(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Every review queue, newest first: what it audits, its items, how many are judged and by whom."""
    with open_store(settings_for(data_dir)) as store:
        found = review.queues(store)
    if as_json:
        emit_json({"data": found, "count": len(found)})
        return
    rows = [
        {
            **q,
            "country": q["country"] or "world",
            "source": q["source"] or "all",
            "by": ", ".join(f"{r['reviewer']} {r['judged']}" for r in q["reviewers"]) or None,
        }
        for q in found
    ]
    emit_table(
        [
            Column("queue", "queue"),
            Column("indicator", "indicator"),
            Column("country", "country"),
            Column("source", "source"),
            Column("items", "items", "number"),
            Column("judged", "judged", "number"),
            Column("by", "reviewers", "text"),
        ],
        rows,
    )


@review_app.command("judge")
@reported(arguments=("queue", "position"))
def judge(
    queue: Queue,
    position: Annotated[int, typer.Argument(help="The item's position in the queue (1 is the first).")],
    verdict: Annotated[str, typer.Option(help="accept, reject or correct.")],
    user: Annotated[str, typer.Option(help="The reviewer the verdict is attributed to.")],
    note: Annotated[str | None, typer.Option(help="Why, in a few words.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Record a reviewer's verdict on one item (a second verdict by the same reviewer replaces the first)."""
    with open_store(settings_for(data_dir)) as store:
        found = review.judge(store, queue, position, user, verdict, note)
    if as_json:
        emit_json(found)
        return
    out.print(
        f"{queue} #{position} ({found['event_id']}): {verdict} by {user}", highlight=False, soft_wrap=True
    )


@review_app.command("export")
@reported(arguments=("queue",))
def export(queue: Queue, data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """A queue with every item and judgment (reviewer, verdict, note, time) as one JSON document."""
    with open_store(settings_for(data_dir)) as store:
        found = review.export(store, queue)
    if as_json:
        emit_json(found)
        return
    out.print(json.dumps(found, indent=2, ensure_ascii=False), highlight=False, soft_wrap=True)


@review_app.command("precision")
@reported(arguments=("queue",))
def precision(queue: Queue, data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """The precision a queue's judgments measure, with 95% Wilson intervals: overall, per source, per
    quality filter and per source and filter, weighted back to the population; and the agreement between
    reviewers (Cohen's kappa). docs/precision.md says how to read it."""
    with open_store(settings_for(data_dir)) as store:
        found = review.precision(store, queue)
    if as_json:
        emit_json(found)
        return
    rows = [{"source": "all", "filter": "none", **found["overall"]}]
    rows += found["by_source_filter"]
    emit_table(_PRECISION, rows, title=f"{queue}: {found['judged']} of {found['items']} items judged")
    for pair in found["agreement"]:
        kappa = "undefined" if pair["kappa"] is None else f"{pair['kappa']:.3f}"
        out.print(
            f"{pair['reviewers'][0]} and {pair['reviewers'][1]}: {pair['items']} items in common, "
            f"agreement {pair['agreement']:.3f}, Cohen's kappa {kappa}",
            highlight=False,
            soft_wrap=True,
        )
