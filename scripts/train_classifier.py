"""Train holosec's text classifier from the checked-in corpus and term list, or check the shipped model.

    python scripts/train_classifier.py            # writes src/holosec/text/data/model.{npz,json}
    python scripts/train_classifier.py --check    # fits again and compares with the shipped model

Inputs (all in this repository, so the model is rebuilt without ``../shared``):

- ``training/text/corpus.tsv.gz``: labelled texts (``source, lang, label, text``) from the sets whose terms
  allow a shipped model, built by ``scripts/text_corpus.py`` (see ``training/text/PROVENANCE.md``);
- ``training/text/sets.toml``: each set's upstream, licence and citation, copied into the model's provenance;
- ``src/holosec/taxonomy/data/terms.toml``: the bilingual term list per field.

The labels are ``v2023`` field ids (the finest taxonomy version) and ``none``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import sklearn

from holosec.taxonomy import load_taxonomy
from holosec.text import read_model, save_model
from holosec.text.model import Model
from holosec.text.train import Example, counts, fit

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "training/text/corpus.tsv.gz"
SETS = ROOT / "training/text/sets.toml"
TERMS = ROOT / "src/holosec/taxonomy/data/terms.toml"
OUT = ROOT / "src/holosec/text/data"
# How far a fresh fit may differ from the shipped model (probabilities, on the whole corpus).
TOLERANCE = 1e-4


def read_corpus(path: Path = CORPUS) -> list[Example]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Example(r["source"], r["lang"], r["label"], r["text"]) for r in rows]


def read_terms(path: Path = TERMS) -> dict[str, str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        term: field
        for field, languages in data["fields"].items()
        for language in ("en", "zh")
        for term in languages.get(language, [])
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(corpus: Path = CORPUS, terms: Path = TERMS, sets: Path = SETS) -> Model:
    examples = read_corpus(corpus)
    term_fields = read_terms(terms)
    about = tomllib.loads(sets.read_text(encoding="utf-8"))
    rows = counts(examples)
    rows["terms"] = dict(sorted(Counter(term_fields.values()).items()))
    provenance: dict[str, Any] = {
        "trained_by": "scripts/train_classifier.py",
        "corpus": {"path": "training/text/corpus.tsv.gz", "sha256": _sha256(corpus)},
        "terms": {
            "path": "src/holosec/taxonomy/data/terms.toml",
            "sha256": _sha256(terms),
            "count": len(term_fields),
        },
        "scikit_learn": sklearn.__version__,
        "training_sets": [dict(s, rows=rows[s["name"]]) for s in about["sets"] if s["name"] in rows],
        "evaluation_only": about.get("evaluation_only", []),
    }
    sections = [s["name"] for s in about["sets"] if s.get("labels") == "sections"]
    provenance["relabelled_by_terms"] = sections
    return fit(examples, term_fields, load_taxonomy("v2023").ids(), provenance, sections)


def compare(fresh: Model, shipped: Model, texts: list[str]) -> float:
    """The largest difference of probabilities between two models on ``texts`` (inf if they differ in
    classes, vocabulary or terms)."""
    if (
        fresh.classes != shipped.classes
        or fresh.names != shipped.names
        or fresh.term_fields != shipped.term_fields
    ):
        return float("inf")
    return float(np.abs(fresh.probabilities(texts) - shipped.probabilities(texts)).max())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="fit again and compare with the shipped model")
    parser.add_argument(
        "--out", type=Path, default=OUT, help="where to write the model (default: the package)"
    )
    args = parser.parse_args(argv)
    model = train()
    if args.check:
        difference = compare(model, read_model(OUT), [e.text for e in read_corpus()])
        return 0 if difference <= TOLERANCE else 1
    args.out.mkdir(parents=True, exist_ok=True)
    save_model(model, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
