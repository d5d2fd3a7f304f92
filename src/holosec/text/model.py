"""The text classifier: a calibrated linear model over the features of :mod:`holosec.text.features`.

The model is package data (``text/data/model.npz`` and its provenance ``model.json``), trained by
``scripts/train_classifier.py`` from the corpus in ``training/text``; nothing is downloaded. It gives every
text a probability for each field of ``v2023`` (the finest taxonomy version) and for ``none`` (not a security
matter); :func:`holosec.taxonomy.text_weights` re-cuts them to an older version.

>>> model = load_model()
>>> result = model.classify(["North Korea conducts third nuclear test"])[0]
>>> result.top, result.fields["nuclear"] > 0.5
('nuclear', True)
>>> "nuclear test" in result.terms
True
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from holosec.text.features import Terms, features, readable

NONE = "none"
# Longer texts are cut here: a paragraph's meaning is in its first lines, and the cost stays bounded.
MAX_CHARS = 20_000
# Texts from which reading them in several processes pays for starting the processes.
PARALLEL_FROM = 100_000
# How many features a result names as the terms that drove it.
TERMS_SHOWN = 5


@dataclass(frozen=True)
class TextResult:
    """One text's weights (each field of the model's version and ``none``; they sum to 1), the class with
    the highest weight, the terms that drove it, and whether the text was cut to :data:`MAX_CHARS`."""

    top: str
    fields: dict[str, float]
    terms: list[str] = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True)
class Model:
    """A trained model: classes (``v2023`` field ids and ``none``), the feature vocabulary, weights
    (features x classes), biases, the calibration temperature and the term list it was trained with."""

    classes: tuple[str, ...]
    names: tuple[str, ...]
    weights: NDArray[np.float32]
    bias: NDArray[np.float32]
    temperature: float
    term_fields: dict[str, str]
    provenance: dict[str, Any] = field(default_factory=dict)
    vocabulary: dict[str, int] = field(init=False, repr=False)
    terms: Terms = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "vocabulary", {name: column for column, name in enumerate(self.names)})
        object.__setattr__(self, "terms", Terms(self.term_fields))

    def probabilities(
        self, texts: Sequence[str], workers: int = 1, parallel_from: int = PARALLEL_FROM
    ) -> NDArray[np.float64]:
        """Calibrated probabilities, one row per text, one column per class.

        With ``workers`` > 1 and at least ``parallel_from`` texts, the shipped model reads them in that many
        fresh processes (a process costs about half a second to start, so only large batches gain).
        """
        if workers > 1 and len(texts) >= parallel_from and self.provenance == load_model().provenance:
            return _in_processes(texts, workers)
        return self._softmax(self._logits(self.matrix(texts)))

    def matrix(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """The texts as rows of known features, each row scaled to unit length."""
        indptr = [0]
        indices: list[int] = []
        lookup = self.vocabulary.get
        terms = self.terms
        for text in texts:
            found = map(lookup, features(text[:MAX_CHARS], terms))
            indices.extend(column for column in found if column is not None)
            indptr.append(len(indices))
        return unit_rows(indices, indptr, len(self.vocabulary))

    def classify(self, texts: Sequence[str]) -> list[TextResult]:
        """Each text's weights by class, its top class and the terms that drove it."""
        matrix = self.matrix(texts)
        probabilities = self._softmax(self._logits(matrix))
        names = self.names
        results = []
        for row, text in enumerate(texts):
            weights = probabilities[row]
            top = int(np.argmax(weights))
            start, end = matrix.indptr[row], matrix.indptr[row + 1]
            columns = matrix.indices[start:end]
            contribution = self.weights[columns, top]
            # A term of the top class's list drives the answer through its field marker (f:field), whatever
            # its own weight; other features count where they pushed towards the top class.
            pushed = [
                (names[c], float(w))
                for c, w in zip(columns, contribution, strict=True)
                if w > 0 or self._term_of(names[c]) == self.classes[top]
            ]
            drivers = [name for name, _ in sorted(pushed, key=self._key_for(self.classes[top]))]
            results.append(
                TextResult(
                    top=self.classes[top],
                    fields={name: round(float(w), 4) for name, w in zip(self.classes, weights, strict=True)},
                    terms=_distinct(readable(n) for n in drivers if _telling(n))[:TERMS_SHOWN],
                    truncated=len(text) > MAX_CHARS,
                )
            )
        return results

    def _term_of(self, name: str) -> str | None:
        """The field whose term list holds a term feature (``t:...``); None for any other feature."""
        return self.term_fields.get(name[2:]) if name.startswith("t:") else None

    def _key_for(self, top: str) -> Callable[[tuple[str, float]], tuple[int, float]]:
        """Sort key of drivers: the top class's own terms, other terms, then by how far each pushed."""

        def key(pair: tuple[str, float]) -> tuple[int, float]:
            name, weight = pair
            if name.startswith("t:"):
                return (0 if self._term_of(name) == top else 1, -weight)
            return (2, -weight)

        return key

    def _logits(self, matrix: sparse.csr_matrix) -> NDArray[np.float64]:
        return np.asarray(matrix @ self.weights, dtype=np.float64) + self.bias

    def _softmax(self, logits: NDArray[np.float64]) -> NDArray[np.float64]:
        scaled = logits / self.temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        exp = np.exp(scaled)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))


# Words that move a score but tell a reader nothing about why.
_FUNCTION_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into",
        "is", "it", "its", "of", "on", "or", "over", "says", "the", "to", "was", "were", "will", "with",
        "after", "before", "new", "more", "than",
    }
)  # fmt: skip


def _telling(name: str) -> bool:
    """Whether a feature is worth naming as a term that drove an answer: not a field marker, a single
    Chinese character or an English function word."""
    kind, _, value = name.partition(":")
    if kind == "f" or (kind == "c" and len(value) < 2):
        return False
    return not (kind == "w" and value in _FUNCTION_WORDS)


def _distinct(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def unit_rows(indices: list[int], indptr: list[int], width: int) -> sparse.csr_matrix:
    """A 0/1 feature matrix from CSR indices, every non-empty row scaled to unit length."""
    ends = np.asarray(indptr, dtype=np.int64)
    counts = ends[1:] - ends[:-1]
    scale = np.repeat(1.0 / np.sqrt(np.maximum(counts, 1)), counts).astype(np.float32)
    return sparse.csr_matrix((scale, np.asarray(indices, dtype=np.int32), ends), shape=(len(counts), width))


def save_model(model: Model, directory: Path) -> None:
    """Write ``model.npz`` (arrays) and ``model.json`` (classes, temperature, terms, provenance)."""
    np.savez_compressed(
        directory / "model.npz",
        vocabulary=np.frombuffer("\n".join(model.names).encode(), dtype=np.uint8),
        weights=model.weights,
        bias=model.bias,
    )
    about = {
        "classes": list(model.classes),
        "temperature": model.temperature,
        "terms": model.term_fields,
        "provenance": model.provenance,
    }
    (directory / "model.json").write_text(json.dumps(about, ensure_ascii=False, indent=1) + "\n")


def read_model(directory: Path) -> Model:
    """The model saved in ``directory`` by :func:`save_model`."""
    about = json.loads((directory / "model.json").read_text())
    with np.load(directory / "model.npz") as arrays:
        names = arrays["vocabulary"].tobytes().decode().split("\n")
        weights = arrays["weights"].astype(np.float32)
        bias = arrays["bias"].astype(np.float32)
    return Model(
        classes=tuple(about["classes"]),
        names=tuple(names),
        weights=weights,
        bias=bias,
        temperature=float(about["temperature"]),
        term_fields=dict(about["terms"]),
        provenance=about["provenance"],
    )


def _shipped_probabilities(texts: list[str]) -> NDArray[np.float64]:
    return load_model().probabilities(texts)


def _in_processes(texts: Sequence[str], workers: int) -> NDArray[np.float64]:
    """The shipped model's probabilities of ``texts`` read by ``workers`` processes, in order. Processes are
    spawned, not forked: the caller may hold database threads, which a fork would copy mid-work."""
    size = -(-len(texts) // workers)
    chunks = [list(texts[start : start + size]) for start in range(0, len(texts), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return np.vstack(list(pool.map(_shipped_probabilities, chunks)))


@cache
def load_model() -> Model:
    """The model shipped with holosec (read once per process)."""
    with resources.as_file(resources.files("holosec.text") / "data") as directory:
        return read_model(Path(directory))
