"""The statistics of a precision audit: how a sample is spread over its strata, the Wilson score interval
of a proportion, and Cohen's kappa between two reviewers.

The Wilson interval is written out here because the audit's weighted estimates need it for a fractional
(effective) sample size, which :func:`scipy.stats.binomtest` does not take; the tests check it against
SciPy on whole counts and against Newcombe's published table. Cohen's kappa is scikit-learn's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from statistics import NormalDist

CONFIDENCE = 0.95
"""The confidence level of every interval the audit shows."""


def allocate(sizes: Mapping[str, int], n: int) -> dict[str, int]:
    """How many of ``n`` draws each stratum gets: equal allocation, capped at the stratum's size.

    The draws are dealt one at a time round the strata that still have events, largest first (then by
    name), so every stratum gets the same number or all it has, and the counts of strata that are not
    exhausted differ by at most one. Small strata (multi-source events, say) are measured as well as big
    ones; the estimate is brought back to the population by stratum weights.

    >>> allocate({"a": 100, "b": 3, "c": 50}, 20)
    {'a': 9, 'b': 3, 'c': 8}
    >>> allocate({"a": 2, "b": 1}, 10), allocate({"a": 5}, 0)
    ({'a': 2, 'b': 1}, {'a': 0})
    """
    counts = dict.fromkeys(sizes, 0)
    order = sorted((h for h in sizes if sizes[h] > 0), key=lambda h: (-sizes[h], h))
    left = min(n, sum(max(0, size) for size in sizes.values()))
    while left > 0:
        for stratum in order:
            if left == 0:
                break
            if counts[stratum] < sizes[stratum]:
                counts[stratum] += 1
                left -= 1
    return counts


def wilson(successes: float, n: float, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """The Wilson score interval of a proportion: ``successes`` out of ``n`` (either may be fractional, as
    for a weighted estimate with an effective sample size).

    Newcombe (1998, Statistics in Medicine 17:857, table I, method 3) gives 0.2553 to 0.3662 for 81 of
    263, and 0 to 0.1611 for 0 of 20:

    >>> [round(x, 4) for x in wilson(81, 263)], [round(x, 4) for x in wilson(0, 20)]
    ([0.2553, 0.3662], [0.0, 0.1611])
    """
    if n <= 0:
        raise ValueError("an interval needs at least one observation")
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = min(1.0, max(0.0, successes / n))
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def kappa(first: Sequence[str], second: Sequence[str], labels: Sequence[str]) -> float | None:
    """Cohen's kappa between two reviewers' verdicts on the same items (scikit-learn's); None when it is
    undefined: fewer than two items, or one label only on both sides (chance agreement is then 1).

    The textbook case (Wikipedia's "Cohen's kappa"): 50 proposals, both say yes to 20 and no to 15, A yes
    and B no on 5, A no and B yes on 10; observed agreement 0.7, chance agreement 0.5, kappa 0.4.

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(kappa(a, b, ["yes", "no"]), 6)
    0.4
    >>> kappa(["yes", "yes"], ["yes", "yes"], ["yes", "no"]) is None
    True
    """
    if len(first) != len(second):
        raise ValueError("both reviewers must judge the same items")
    if len(first) < 2 or len(set(first) | set(second)) < 2:
        return None
    from sklearn.metrics import cohen_kappa_score  # imported when needed: scikit-learn loads slowly

    return float(cohen_kappa_score(list(first), list(second), labels=list(labels)))
