"""Text tags: the security fields the text classifier (:mod:`holosec.text`) reads in a record's words, as
rule rows beside the code rules.

- ``text.slug.<field>``: the headline words of an event's or a GKG article's URL
  (``.../chinese-survey-ship-leaves-vietnam-waters``);
- ``text.news.<field>``: the title and text of a news article ingested with ``holosec ingest news``.

A text gives tags only when the classifier is fairly sure of a field (its top class is a field with at least
:data:`MIN_TOP` of the probability), and then to each field with at least :data:`MIN_WEIGHT`, weighted by
that probability (rounded to :data:`STEP`). The rows join the record's code rules in the same normalisation (a
record's field weights sum to 1), and like any specific rule they displace the "political by default"
fallbacks of statements and meetings.

Every distinct text is read once; records that share a text share its *profile* (the rounded fields and
weights), so tagging joins on a few profiles rather than on every text.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from holosec.taxonomy.rules import Rule
from holosec.taxonomy.versions import load_taxonomy
from holosec.text import NONE, load_model

MIN_TOP = 0.5
MIN_WEIGHT = 0.2
STEP = 0.05
# Texts classified at once (bounded memory for very large files), and the processes that read a batch that
# is large enough to gain from them (holosec.text.model.PARALLEL_FROM).
BATCH = 200_000
WORKERS = min(2, os.cpu_count() or 1)
KINDS = {
    "slug": "the text classifier reads this field in the headline words of the record's URL",
    "news": "the text classifier reads this field in the article's title and text",
}
SOURCE = "text classifier (holosec.text)"

Profile = tuple[tuple[str, float], ...]


def text_rules() -> list[Rule]:
    """The rules that text tags cite: one per kind of text and ``v2023`` field (the weight is the text's)."""
    return [
        Rule(
            id=f"text.{kind}.{field}",
            kind="text",
            key=kind,
            field=field,
            weight=1.0,
            note=note,
            source=SOURCE,
        )
        for kind, note in KINDS.items()
        for field in load_taxonomy("v2023").ids()
    ]


def profiles(texts: Sequence[str]) -> tuple[list[int], dict[Profile, int]]:
    """For each text the number of its profile (0: no text tag) and the profiles by number.

    >>> numbers, found = profiles(["north-korea-conducts-nuclear-test", "arsenal-beat-chelsea-2-1"])
    >>> numbers[1], [field for field, _ in next(iter(found))][:1]
    (0, ['nuclear'])
    """
    model = load_model()
    classes = list(model.classes)
    none = classes.index(NONE)
    numbers: list[int] = []
    found: dict[Profile, int] = {}
    for start in range(0, len(texts), BATCH):
        probabilities = model.probabilities(texts[start : start + BATCH], workers=WORKERS)
        for row in probabilities:
            best = int(np.argmax(row))
            if best == none or row[best] < MIN_TOP:
                numbers.append(0)
                continue
            picked = [(classes[i], round(round(float(row[i]) / STEP) * STEP, 2)) for i in np.argsort(-row)]
            profile = tuple((f, w) for f, w in picked if f != NONE and w >= MIN_WEIGHT)
            numbers.append(found.setdefault(profile, len(found) + 1) if profile else 0)
    return numbers, found


def profile_rows(found: dict[Profile, int], kind: str) -> list[tuple[int, str, str, float]]:
    """Rows (profile, rule, field, weight) of the profiles."""
    return [
        (number, f"text.{kind}.{field}", field, weight)
        for profile, number in found.items()
        for field, weight in profile
    ]
