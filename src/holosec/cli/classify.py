"""``holosec classify``: the security fields of news text (headlines, paragraphs, URLs), read by the bundled
bilingual classifier; no store is opened."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from holosec.cli.errors import reported
from holosec.cli.options import DEFAULT_TAXONOMY, AsJson, OutputFormat, Taxonomy
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, say
from holosec.errors import InputError, ParameterError
from holosec.taxonomy import resolve
from holosec.taxonomy.text import classify as classify_texts

# Shown in the table: the start of each text.
_SHOWN = 60


def _lines(source: Path) -> list[tuple[int, str]]:
    """The non-empty lines of ``source`` (``-``: standard input) with their line numbers; a file that is
    not UTF-8 text is an :class:`InputError`."""
    name = "standard input" if str(source) == "-" else str(source)
    try:
        data = sys.stdin.buffer.read() if str(source) == "-" else source.read_bytes()
    except OSError as exc:
        raise InputError(name, str(exc.strerror or exc)) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"binary, not text (a NUL byte at offset {nul})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})"
        raise InputError(name, reason) from exc
    return [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


@reported(arguments=("texts",))
def classify(
    texts: Annotated[
        list[str] | None, typer.Argument(help="Texts to classify (headlines, paragraphs, URLs).")
    ] = None,
    input_file: Annotated[
        Path | None,
        typer.Option(
            "--input", help="A file of texts, one per line (- reads standard input); empty lines are skipped."
        ),
    ] = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The security fields of texts in English or Chinese: a weight for each field of the taxonomy version
    and for none (not a security matter), summing to 1, with the terms that drove the answer.

    --json prints one object: taxonomy and results (in input order: text, top, fields, terms; line, the
    line of --input it came from; truncated, when a text was cut to its first 20,000 characters).
    """
    given: list[tuple[int | None, str]] = [(None, text) for text in texts or []]
    if input_file is not None:
        lines = _lines(input_file)
        given += lines
        if not lines:
            say(f"note: {input_file} has no text")
    if not given and input_file is None:
        raise ParameterError("texts", "give one or more texts, or --input FILE")
    target = resolve(taxonomy)
    results = classify_texts([text for _, text in given], target)
    for (line, _), result in zip(given, results, strict=True):
        if line is not None:
            result["line"] = line
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"taxonomy": target.version, "results": results})
        return
    rows = [
        {
            "text": r["text"] if len(r["text"]) <= _SHOWN else r["text"][: _SHOWN - 1] + "…",
            "top": r["top"],
            "weight": r["fields"][r["top"]],
            "terms": ", ".join(r["terms"]),
        }
        for r in results
    ]
    columns = (
        Column("text", kind="text"), Column("top"), Column("weight", kind="number"),
        Column("terms", kind="text"),
    )  # fmt: skip
    emit_table(columns, rows, fmt)
