"""Training the text classifier: labelled texts and the term list in, a calibrated :class:`Model` out.

Deterministic: the same corpus and term list give the same model (the vocabulary is sorted, the solver
has no randomness, the calibration split is by a hash of the text). ``scripts/train_classifier.py`` runs it
on the checked-in corpus and checks the shipped model against a fresh fit.

The recipe:

- **Documents**: every labelled text, and every term of the term list as a short document of its field (so
  fields that the labelled sets never name, such as nuclear or polar, are learned from their terms).
- **Vocabulary**: features seen in at least two documents, and every term feature.
- **Weights of documents**: each (source, label) group weighs as the square root of its size, so a large set
  neither drowns the small ones nor is drowned by them; term documents count :data:`TERM_WEIGHT` each.
- **Model**: multinomial logistic regression (scikit-learn, L2, ``C``), then one temperature fitted on a
  held-out tenth of the documents so that the probabilities are calibrated.
- **No evidence, no field**: the ``none`` bias is raised until a text with no known feature gets half its
  weight on ``none`` (the mix of the training sets is no prior for an unknown text).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import optimize
from sklearn.linear_model import LogisticRegression

from holosec.text.features import Terms, features
from holosec.text.model import NONE, Model, unit_rows

TERM_WEIGHT = 4.0
C = 4.0
MIN_DOCUMENTS = 2
MAX_ITERATIONS = 300


@dataclass(frozen=True)
class Example:
    """One labelled text: where it comes from, its language (``en``, ``zh``), label (field id or ``none``)."""

    source: str
    lang: str
    label: str
    text: str


def fit(
    examples: Iterable[Example],
    term_fields: Mapping[str, str],
    classes: Iterable[str],
    provenance: Mapping[str, Any] | None = None,
    sections: Iterable[str] = (),
) -> Model:
    """A model for ``classes`` (field ids; ``none`` is added) from ``examples`` and the term list.

    ``sections`` names sources whose labels are news sections rather than fields (a "politics" section
    carries every foreign story: a nuclear test, an earthquake abroad): there a text whose terms all name one
    other field takes that field (see :func:`relabelled`).
    """
    labels = [*sorted(set(classes) - {NONE}), NONE]
    terms = Terms(term_fields)
    examples = relabelled(examples, terms, frozenset(sections))
    documents = [e for e in examples if e.label in labels] + [
        Example("terms", "zh" if not term.isascii() else "en", field, term)
        for term, field in sorted(term_fields.items())
        if field in labels
    ]
    feature_sets = [features(d.text, terms) for d in documents]
    seen = Counter(name for names in feature_sets for name in names)
    names = tuple(sorted(n for n, count in seen.items() if count >= MIN_DOCUMENTS or n[0] in "tf"))
    column = {name: i for i, name in enumerate(names)}
    indices: list[int] = []
    indptr = [0]
    for names_of in feature_sets:
        indices.extend(sorted(column[n] for n in names_of if n in column))
        indptr.append(len(indices))
    matrix = unit_rows(indices, indptr, len(names))
    target = np.asarray([labels.index(d.label) for d in documents])
    weights = _document_weights(documents)
    held = np.asarray([_held_out(d.text) for d in documents])
    solver = LogisticRegression(C=C, max_iter=MAX_ITERATIONS, tol=1e-5)
    solver.fit(matrix[~held], target[~held], sample_weight=weights[~held])
    temperature = _temperature(solver.decision_function(matrix[held]), target[held], weights[held])
    solver.fit(matrix, target, sample_weight=weights)
    return Model(
        classes=tuple(labels),
        names=names,
        weights=solver.coef_.T.astype(np.float32),
        bias=_no_evidence_is_none(solver.intercept_, temperature).astype(np.float32),
        temperature=temperature,
        term_fields=dict(sorted(term_fields.items())),
        provenance=dict(provenance or {}),
    )


def relabelled(examples: Iterable[Example], terms: Terms, sections: frozenset[str]) -> list[Example]:
    """The examples, those of ``sections`` whose terms name exactly one field, other than their label,
    taking that field.

    >>> terms = Terms({"核试验": "nuclear", "足球": "none"})
    >>> example = Example("thucnews", "zh", "political", "朝鲜核试验")
    >>> [e.label for e in relabelled([example], terms, frozenset({"thucnews"}))]
    ['nuclear']
    """
    out = []
    for example in examples:
        if example.source in sections:
            named = {name[2:] for name in features(example.text, terms) if name.startswith("f:")}
            if len(named) == 1 and example.label not in named:
                example = Example(example.source, example.lang, named.pop(), example.text)
        out.append(example)
    return out


def _no_evidence_is_none(bias: np.ndarray, temperature: float) -> np.ndarray:
    """The biases raised for ``none`` (the last class) until a text with no known feature gets at least half
    its weight on ``none``: the classes' shares in the training sets say nothing about an unknown text, and
    no evidence of a security matter is no security matter."""
    others = np.log(np.exp(bias[:-1] / temperature).sum()) * temperature
    raised = bias.astype(np.float64).copy()
    raised[-1] = max(raised[-1], others)
    return raised


def _document_weights(documents: list[Example]) -> np.ndarray:
    groups = Counter((d.source, d.label) for d in documents)
    weights = [
        TERM_WEIGHT
        if d.source == "terms"
        else math.sqrt(groups[d.source, d.label]) / groups[d.source, d.label]
        for d in documents
    ]
    # Scaled so that the weights average 1 (the regularisation strength then means what it says).
    array = np.asarray(weights, dtype=np.float64)
    scaled: np.ndarray = array * len(array) / array.sum()
    return scaled


def _held_out(text: str) -> bool:
    return hashlib.blake2b(text.encode(), digest_size=2).digest()[0] < 26  # about a tenth


def _temperature(logits: np.ndarray, target: np.ndarray, weights: np.ndarray) -> float:
    """The temperature that minimises the weighted log loss of the held-out documents."""

    def loss(log_t: float) -> float:
        scaled = logits / math.exp(log_t)
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_p = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        return float(-(weights * log_p[np.arange(len(target)), target]).sum() / weights.sum())

    best = optimize.minimize_scalar(loss, bounds=(-3.0, 3.0), method="bounded")
    return round(math.exp(float(best.x)), 4)


def counts(examples: Iterable[Example]) -> dict[str, dict[str, int]]:
    """Examples per source and label (for the provenance)."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for e in examples:
        table[e.source][e.label] += 1
    return {source: dict(sorted(c.items())) for source, c in sorted(table.items())}
