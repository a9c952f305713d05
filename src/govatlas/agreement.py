"""Cohen's kappa: how far two codings of the same items agree beyond chance.

One function for every gold set the project annotates twice (provision labels, incident
domains, parameter and definition passes, crosswalk links): labels of any hashable kind,
binary codings included (``True``/``False``), where the chance agreement is the sum over
labels of the two codings' shares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two codings of the same items; ``None`` when it is undefined (no
    items, or both codings give every item one and the same label)."""
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    shares_a, shares_b = Counter(a), Counter(b)
    expected = sum(shares_a[label] * shares_b[label] for label in shares_a) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)
