"""Measure holosec's text classifier and write what it does well and badly to ``docs/classifier.md``.

    python scripts/evaluate_classifier.py [--data ../shared/data] [--out docs/classifier.md]

It reads the shipped model (``src/holosec/text/data/model.*``), the held-out evaluation sets that
``scripts/text_corpus.py heldout`` builds from ``--data`` (never trained on, never shipped), the training
corpus ``training/text/corpus.tsv.gz`` and the term list. It measures:

- accuracy, macro-F1 and per-label precision/recall/F1 on each held-out set, and a security-vs-none view;
- leave-one-source-out: a fresh fit (``holosec.text.train.fit``) without one training source, tested on it;
- confusion matrices, calibration (reliability table, expected calibration error), speed and size;
- a few misclassified examples.

Everything but the speed section is deterministic for the same model, corpus and data. The
leave-one-source-out fits take about a minute each on two cores; progress goes to standard error.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from numpy.typing import NDArray
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from holosec.taxonomy import load_taxonomy
from holosec.text import NONE, Model, read_model
from holosec.text.train import Example, fit

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))

import text_corpus  # noqa: E402
import train_classifier  # noqa: E402

ROOT = SCRIPTS.parent
MODEL_DIR = ROOT / "src" / "holosec" / "text" / "data"
COMMAND = "python scripts/evaluate_classifier.py --data ../shared/data --out docs/classifier.md"
SECURITY = "security"  # conflibert's pseudo-label: any field, not none
LOSO_MIN_ROWS = 100
BINS = 10
URL_COUNT = 200_000
PARAGRAPH_COUNT = 20_000
EN_PARAGRAPH_CHARS = 350
ZH_PARAGRAPH_CHARS = 150
SPEED_RUNS = 3
EXAMPLES = 10
EXAMPLE_CHARS = 240

Labels = list[str]


def progress(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


# --- data -----------------------------------------------------------------------------------------------


def heldout_sets(data: Path) -> dict[str, list[text_corpus.Row]]:
    """The held-out sets as ``scripts/text_corpus.py heldout`` writes them (without writing them)."""
    return {name: text_corpus.unique(text_corpus.HELDOUT[name](data)) for name in sorted(text_corpus.HELDOUT)}


def predict(model: Model, texts: Sequence[str]) -> tuple[Labels, NDArray[np.float64]]:
    """Each text's top class and its probability."""
    probabilities = model.probabilities(texts)
    top = probabilities.argmax(axis=1)
    return [model.classes[i] for i in top], probabilities.max(axis=1)


def ordered(labels: set[str]) -> Labels:
    """Labels sorted, ``none`` last."""
    return sorted(labels - {NONE}) + ([NONE] if NONE in labels else [])


# --- Markdown -------------------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "~": "\\~",
    }
)


def escape(text: str) -> str:
    """Untrusted text as Markdown text (no links, emphasis, code, HTML or table cells)."""
    return " ".join(text.split()).translate(_ESCAPES)


def number(value: float) -> str:
    return f"{value:.3f}"


def thousands(value: int) -> str:
    return f"{value:,}"


def rounded(value: float) -> str:
    """Two significant digits (speeds vary from run to run)."""
    digits = 1 - int(np.floor(np.log10(max(value, 1.0))))
    return f"{round(value, digits):,.{max(digits, 0)}f}"


# --- measures -------------------------------------------------------------------------------------------


def label_report(truth: Labels, predicted: Labels) -> tuple[str, float, float]:
    """The per-label table (labels of the truth), accuracy and macro-F1 over those labels."""
    labels = ordered(set(truth))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    rows = [
        [f"`{label}`", number(p), number(r), number(f), thousands(int(s))]
        for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)
    ]
    others = Counter(p for p in predicted if p not in labels)
    text = table(["Label", "Precision", "Recall", "F1", "Support"], rows)
    if others:
        named = ", ".join(f"`{label}` {count}" for label, count in sorted(others.items(), key=_by_count))
        text += f"\n\nPredicted labels that never occur in this set: {named}."
    accuracy = float(accuracy_score(truth, predicted))
    macro = float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0))
    return text, accuracy, macro


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def binary(truth: Labels, predicted: Labels) -> tuple[int, int, str, str]:
    """Security (any field) vs none: counts of each and precision/recall of detecting security."""
    true = np.asarray([t != NONE for t in truth])
    pred = np.asarray([p != NONE for p in predicted])
    hits = int((true & pred).sum())
    precision = number(hits / pred.sum()) if pred.sum() else "n/a"
    recall = number(hits / true.sum()) if true.sum() else "n/a"
    return int(true.sum()), int((~true).sum()), precision, recall


def confusion(truth: Labels, predicted: Labels) -> str:
    """Rows: the true labels that occur; columns: the labels that occur as truth or prediction."""
    rows_of = ordered(set(truth))
    columns = ordered(set(truth) | set(predicted))
    matrix = confusion_matrix(truth, predicted, labels=columns)
    header = ["true \\ predicted", *[f"`{label}`" for label in columns]]
    rows = [[f"`{label}`", *[str(int(v)) for v in matrix[columns.index(label)]]] for label in rows_of]
    return table(header, rows)


def reliability(confidence: NDArray[np.float64], correct: NDArray[np.bool_]) -> tuple[str, float]:
    """The reliability table of top-class confidence in equal-width bins, and the expected calibration
    error."""
    edges = np.linspace(0.0, 1.0, BINS + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, BINS - 1)
    rows = []
    ece = 0.0
    for b in range(BINS):
        mask = which == b
        count = int(mask.sum())
        if count:
            mean, accuracy = float(confidence[mask].mean()), float(correct[mask].mean())
            ece += count / len(confidence) * abs(mean - accuracy)
            rows.append(
                [f"{edges[b]:.1f}-{edges[b + 1]:.1f}", thousands(count), number(mean), number(accuracy)]
            )
        else:
            rows.append([f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "0", "", ""])
    return table(["Confidence", "Texts", "Mean confidence", "Accuracy"], rows), ece


def best_rate(run: Callable[[Sequence[str]], object], texts: Sequence[str]) -> float:
    """Texts per second of ``run(texts)``, best of :data:`SPEED_RUNS` runs."""
    best = float("inf")
    for _ in range(SPEED_RUNS):
        start = time.perf_counter()
        run(texts)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


# --- inputs for speed -----------------------------------------------------------------------------------


def gdelt_urls(data: Path) -> list[str]:
    """The distinct source URLs of the GDELT files in ``data/gdelt`` (last tab column starting with http)."""
    urls: set[str] = set()
    for path in sorted((data / "gdelt").glob("*/*")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            last = line.rsplit("\t", 1)[-1].strip()
            if last.startswith("http"):
                urls.add(last)
    return sorted(urls)


def distinct_urls(urls: Sequence[str], count: int) -> list[str]:
    """``count`` distinct URLs: the given ones in turn, ``-N`` appended to each path."""
    out = []
    for n in range(count):
        parts = urlsplit(urls[n % len(urls)])
        out.append(urlunsplit(parts._replace(path=f"{parts.path}-{n}")))
    return out


def paragraphs(texts: Sequence[str], chars: int, count: int) -> list[str]:
    """Texts joined in order into paragraphs of about ``chars`` characters, cycled to ``count``."""
    joined: list[str] = []
    current: list[str] = []
    for text in texts:
        current.append(text)
        if sum(len(t) + 1 for t in current) >= chars:
            joined.append(" ".join(current))
            current = []
    return [joined[n % len(joined)] for n in range(count)]


# --- the document ---------------------------------------------------------------------------------------


def section_model(model: Model) -> str:
    npz, json = MODEL_DIR / "model.npz", MODEL_DIR / "model.json"
    size = (npz.stat().st_size + json.stat().st_size) / 1e6
    kinds = Counter(name.split(":", 1)[0] for name in model.names)
    zh_terms = sum(1 for term in model.term_fields if not term.isascii())
    en_terms = len(model.term_fields) - zh_terms
    provenance = model.provenance
    sets = [
        [
            f"`{s['name']}`",
            s["lang"],
            thousands(sum(s["rows"].values())),
            escape(s["licence"]),
        ]
        for s in provenance.get("training_sets", [])
    ]
    digest = hashlib.sha256(npz.read_bytes()).hexdigest()[:16]
    fields = ", ".join(f"`{c}`" for c in model.classes if c != NONE)
    return "\n".join(
        [
            "## What the model is",
            "",
            "A linear model (multinomial logistic regression, one temperature for calibration) that reads a",
            "headline, a paragraph or a URL slug in English or Chinese"
            " and gives a probability to each security",
            f"field of the `v2023` taxonomy and to `none` (not a security"
            f" matter). {len(model.classes)} classes:",
            f"{fields} and `none`.",
            "",
            "It is for tagging text where event codes say little: the"
            " headline words of GDELT event source URLs",
            "and GKG article URLs, and news that users bring in. `holosec classify` runs it on any text.",
            "",
            table(
                ["", ""],
                [
                    ["Model files", f"`model.npz` + `model.json`, {size:.1f} MB on disk"],
                    ["`model.npz` sha256", f"`{digest}…`"],
                    ["Features", thousands(len(model.names))],
                    ["English words / word pairs", f"{thousands(kinds['w'])} / {thousands(kinds['b'])}"],
                    ["Chinese characters and character pairs", thousands(kinds["c"])],
                    ["Term features / field markers", f"{thousands(kinds['t'])} / {thousands(kinds['f'])}"],
                    [
                        "Terms in the term list",
                        f"{thousands(en_terms)} English, {thousands(zh_terms)} Chinese",
                    ],
                    ["Temperature", f"{model.temperature}"],
                    ["Trained with", f"scikit-learn {provenance.get('scikit_learn', '?')}"],
                ],
            ),
            "",
            "Features: Latin-script words and neighbouring word pairs;"
            " Chinese characters and character pairs",
            "(no word segmenter); the terms of the bilingual term list"
            " found in the text and a marker per field",
            "whose terms were found. A URL is read as the words of its path.",
            "",
            "Training sets (from the model's provenance; see `training/text/PROVENANCE.md`):",
            "",
            table(["Set", "Language", "Rows", "Licence"], sets),
        ]
    )


def section_heldout(
    model: Model, sets: dict[str, list[text_corpus.Row]]
) -> tuple[str, list[list[str]], dict[str, str]]:
    parts = [
        "## Across sources: sets the model never saw",
        "",
        "The shipped model on each held-out set. These sets come from other corpora, with other label",
        "schemes mapped to our fields, so they test how far the model carries beyond its training sources.",
        "Macro-F1 is the mean F1 over the labels that occur in the set. Each table lists the labels of the",
        "set; predictions of other labels count as errors.",
    ]
    summary: list[list[str]] = []
    binaries: list[list[str]] = []
    recalls: dict[str, str] = {}
    for lang, title in (("en", "English"), ("zh", "Chinese")):
        parts += ["", f"### {title}"]
        for name, rows in sets.items():
            if not rows or rows[0].lang != lang:
                continue
            truth = [r.label for r in rows]
            predicted, _ = predict(model, [r.text for r in rows])
            if name == "conflibert":
                share = sum(p != NONE for p in predicted) / len(predicted)
                parts += [
                    "",
                    f"#### `{name}` ({thousands(len(rows))} texts)",
                    "",
                    "Every text is about political conflict or violence; the set has no field labels, so the",
                    "one measure is the share predicted as some field (not"
                    " `none`), the recall of `security`:",
                    f"**{number(share)}**.",
                ]
                counts = Counter(predicted)
                parts += [
                    "",
                    "Predicted labels: "
                    + ", ".join(
                        f"`{label}` {count}" for label, count in sorted(counts.items(), key=_by_count)
                    )
                    + ".",
                ]
                summary.append(
                    [f"`{name}`", lang, thousands(len(rows)), "", "", f"security recall {number(share)}"]
                )
                binaries.append([f"`{name}`", thousands(len(rows)), "0", "n/a", number(share)])
                continue
            report, accuracy, macro = label_report(truth, predicted)
            parts += [
                "",
                f"#### `{name}` ({thousands(len(rows))} texts)",
                "",
                f"Accuracy {number(accuracy)}, macro-F1 {number(macro)}.",
                "",
                report,
            ]
            summary.append([f"`{name}`", lang, thousands(len(rows)), number(accuracy), number(macro), ""])
            security, none, precision, recall = binary(truth, predicted)
            binaries.append([f"`{name}`", thousands(security), thousands(none), precision, recall])
            recalls[name] = recall
    parts += [
        "",
        "### Security vs none",
        "",
        "Whether the model sees a security matter at all (any field) where the set says there is one:",
        "precision and recall of detecting not-`none`. Sets without"
        " `none` texts have no precision to measure.",
        "",
        table(["Set", "Security texts", "None texts", "Precision", "Recall"], binaries),
    ]
    return "\n".join(parts), summary, recalls


def section_loso(examples: list[Example], term_fields: dict[str, str], classes: Labels) -> str:
    sizes = Counter(e.source for e in examples)
    langs = {e.source: e.lang for e in examples}
    left_out = [s for s in sorted(sizes) if langs[s] == "en" and sizes[s] >= LOSO_MIN_ROWS]
    left_out += [s for s in sorted(sizes) if langs[s] == "zh"]
    intro = [
        "## Leave one source out",
        "",
        "For each training source (English ones with at least 100 rows, and THUCNews): a fresh fit with",
        "`holosec.text.train.fit` on all other corpus rows and the term list, tested on the source left out.",
        "This asks how well one kind of text is read when the model has seen only the other kinds.",
        "When `thucnews` is left out, the only Chinese the model has"
        " seen is the Chinese half of the term list.",
        "Sources with a single label (`phoenix_discards` is all `none`) have a one-label macro-F1.",
    ]
    summary = []
    parts: list[str] = []
    for source in left_out:
        start = time.perf_counter()
        progress(f"leave-one-source-out: fitting without {source} ({sizes[source]} rows)")
        model = fit([e for e in examples if e.source != source], term_fields, classes, {})
        test = [e for e in examples if e.source == source]
        predicted, _ = predict(model, [e.text for e in test])
        report, accuracy, macro = label_report([e.label for e in test], predicted)
        progress(
            f"  {source}: accuracy {accuracy:.3f}, macro-F1 {macro:.3f} ({time.perf_counter() - start:.0f} s)"
        )
        summary.append([f"`{source}`", langs[source], thousands(len(test)), number(accuracy), number(macro)])
        parts += [
            "",
            f"### `{source}` left out ({thousands(len(test))} texts)",
            "",
            f"Accuracy {number(accuracy)}, macro-F1 {number(macro)}.",
            "",
            report,
        ]
    overview = table(["Left out", "Language", "Texts", "Accuracy", "Macro-F1"], summary)
    return "\n".join([*intro, "", overview, *parts])


def section_confusion(model: Model, sets: dict[str, list[text_corpus.Row]]) -> str:
    parts = [
        "## Confusion matrices",
        "",
        "The shipped model; rows are the true label, columns the"
        " predicted one; only labels that occur (as truth for rows, as either for columns).",
    ]
    for name in ("nlpcc2017", "crisislex_t6", "plover_gsr"):
        rows = sets[name]
        predicted, _ = predict(model, [r.text for r in rows])
        parts += ["", f"### `{name}` ({rows[0].lang})", "", confusion([r.label for r in rows], predicted)]
    return "\n".join(parts)


def section_calibration(model: Model, sets: dict[str, list[text_corpus.Row]]) -> tuple[str, dict[str, float]]:
    parts = [
        "## Calibration",
        "",
        "Does a top-class probability of 0.8 mean right 8 times in 10? The held-out sets pooled per language",
        "(texts whose label is one of the model's classes, so not `conflibert`), top-class confidence in ten",
        "bins. The expected calibration error (ECE) is the mean gap"
        " between confidence and accuracy, weighted",
        "by the texts in each bin.",
    ]
    eces = {}
    for lang, title in (("en", "English"), ("zh", "Chinese")):
        pooled = [r for rows in sets.values() for r in rows if r.lang == lang and r.label in model.classes]
        names = sorted({r.source for r in pooled})
        predicted, confidence = predict(model, [r.text for r in pooled])
        correct = np.asarray([p == r.label for p, r in zip(predicted, pooled, strict=True)])
        text, ece = reliability(confidence, correct)
        eces[lang] = ece
        parts += [
            "",
            f"### {title} ({thousands(len(pooled))} texts: {', '.join(f'`{n}`' for n in names)})",
            "",
            f"ECE {number(ece)}; mean confidence {number(float(confidence.mean()))}, "
            f"accuracy {number(float(correct.mean()))}.",
            "",
            text,
        ]
    return "\n".join(parts), eces


def section_speed(model: Model, data: Path, sets: dict[str, list[text_corpus.Row]]) -> tuple[str, list[str]]:
    urls = gdelt_urls(data)
    slugs = distinct_urls(urls, URL_COUNT)
    english = [r.text for name in ("crisislex_t6", "plover_gsr") for r in sets[name]]
    en_paragraphs = paragraphs(english, EN_PARAGRAPH_CHARS, PARAGRAPH_COUNT)
    zh_paragraphs = paragraphs([r.text for r in sets["nlpcc2017"]], ZH_PARAGRAPH_CHARS, PARAGRAPH_COUNT)
    inputs = [
        (
            "GDELT URL slugs",
            slugs,
            f"{thousands(len(urls))} distinct GDELT source URLs, `-N` appended to the path",
        ),
        ("English paragraphs", en_paragraphs, "`crisislex_t6` and `plover_gsr` texts joined"),
        ("Chinese paragraphs", zh_paragraphs, "`nlpcc2017` headlines joined"),
    ]
    rows = []
    rates = []
    for kind, texts, source in inputs:
        progress(f"speed: {kind}")
        chars = round(sum(len(t) for t in texts) / len(texts))
        probabilities = best_rate(model.probabilities, texts)
        classify = best_rate(model.classify, texts)
        rates.append(f"{kind} {rounded(probabilities)}/s")
        rows.append(
            [kind, thousands(len(texts)), str(chars), rounded(probabilities), rounded(classify), source]
        )
    size = sum((MODEL_DIR / f).stat().st_size for f in ("model.npz", "model.json")) / 1e6
    parts = [
        "## Speed and size",
        "",
        f"Texts per second in one process, best of {SPEED_RUNS} runs, on a machine with {os.cpu_count()}"
        " CPUs",
        "(rounded to two significant digits; this section varies from run to run and machine to machine).",
        "`probabilities()` is what tagging uses; `classify()` also names the terms that drove each answer.",
        "",
        table(["Input", "Texts", "Mean chars", "probabilities()/s", "classify()/s", "Made from"], rows),
        "",
        f"The model files take {size:.1f}"
        " MB on disk; loading them takes well under a second and happens once per process.",
    ]
    return "\n".join(parts), rates


def section_wrong(model: Model, sets: dict[str, list[text_corpus.Row]]) -> str:
    parts = [
        "## What it gets wrong",
        "",
        f"{EXAMPLES} misclassified texts per set, every k-th of the errors in set order (texts cut to",
        f"{EXAMPLE_CHARS} characters).",
    ]
    for name in ("nlpcc2017", "crisislex_t6"):
        rows = sets[name]
        predicted, confidence = predict(model, [r.text for r in rows])
        wrong = [(r, p, c) for r, p, c in zip(rows, predicted, confidence, strict=True) if p != r.label]
        step = max(1, len(wrong) // EXAMPLES)
        picked = wrong[::step][:EXAMPLES]
        table_rows = [
            [escape(r.text[:EXAMPLE_CHARS]), f"`{r.label}`", f"`{p}`", number(float(c))] for r, p, c in picked
        ]
        parts += [
            "",
            f"### `{name}` ({thousands(len(wrong))} of {thousands(len(rows))} wrong)",
            "",
            table(["Text", "True", "Predicted", "Confidence"], table_rows),
        ]
    return "\n".join(parts)


def section_summary(
    summary: list[list[str]], eces: dict[str, float], rates: list[str], zh_recall: str
) -> str:
    scored = [row for row in summary if row[3]]
    accuracies = [row[3] for row in scored]
    macros = [row[4] for row in scored]
    return "\n".join(
        [
            "## In short",
            "",
            "The model is small and fast, and it is a baseline. On sets it never saw, accuracy ranges from",
            f"{min(accuracies)} to {max(accuracies)} and macro-F1 from {min(macros)} to {max(macros)}. It is",
            "best at telling crisis and disaster text from chatter, and"
            " weak at the finer fields. In Chinese it",
            f"finds a security matter in only {zh_recall} of the news headlines that have one (most go to",
            "`none`). Treat a single tag as a hint; counts over many texts are the useful output.",
            "",
            table(["Held-out set", "Language", "Texts", "Accuracy", "Macro-F1", "Note"], summary),
            "",
            f"Expected calibration error: English {number(eces['en'])}, Chinese {number(eces['zh'])}.",
            f"Speed (probabilities, one process): {'; '.join(rates)}.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared data folder"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "classifier.md", help="the page to write")
    parser.add_argument(
        "--no-loso", action="store_true", help="skip the leave-one-source-out fits (quick look)"
    )
    args = parser.parse_args(argv)
    if not (args.data / text_corpus.TEXT).is_dir():
        parser.error(f"no data folder at {args.data}")
    started = time.perf_counter()
    model = read_model(MODEL_DIR)
    progress("reading the held-out sets")
    sets = heldout_sets(args.data)
    heldout, summary, recalls = section_heldout(model, sets)
    calibration, eces = section_calibration(model, sets)
    sections = [section_model(model), heldout]
    if not args.no_loso:
        examples = train_classifier.read_corpus()
        classes = list(load_taxonomy("v2023").ids())
        sections.append(section_loso(examples, train_classifier.read_terms(), classes))
    sections += [section_confusion(model, sets), calibration]
    speed, rates = section_speed(model, args.data, sets)
    sections += [speed, section_wrong(model, sets)]
    head = "\n".join(
        [
            "# The text classifier: what it is and how well it works",
            "",
            f"Generated by `{COMMAND}`: do not edit by hand. It needs the shared data folder; the",
            "leave-one-source-out fits take some minutes. Everything"
            " except the speed figures is the same for",
            "the same model and data.",
        ]
    )
    document = (
        "\n\n".join([head, section_summary(summary, eces, rates, recalls["nlpcc2017"]), *sections]) + "\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(document, encoding="utf-8")
    progress(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
