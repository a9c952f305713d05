"""How consistently people tagged the same text: a ceiling for any classifier.

Corpora such as AGORA hold near-identical documents (a bill and its
reintroduction, a law and its amended copy) annotated separately. Their tag sets
should be the same; how far they differ measures the noise of the gold itself.
Pairs of labelled documents whose tf-idf cosine is at least ``SIMILAR`` are
compared with the Dice coefficient of their tag sets (the F1 of one set against
the other). A classifier scored against such labels cannot be expected to agree
with them more than they agree with themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from govatlas.classify.gold.passages import LabelledPassage

SIMILAR = 0.95


@dataclass(frozen=True)
class Agreement:
    pairs: int
    mean_dice: float
    identical: int
    threshold: float = SIMILAR

    def as_dict(self) -> dict[str, object]:
        return {
            "near_identical_pairs": self.pairs,
            "similarity_threshold": self.threshold,
            "mean_tag_dice": round(self.mean_dice, 4),
            "identical_tag_sets": self.identical,
        }


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def near_duplicate_agreement(
    passages: Sequence[LabelledPassage], threshold: float = SIMILAR
) -> Agreement:
    """Tag agreement over every pair of labelled passages with near-identical texts."""
    labelled = [p for p in passages if p.labels]
    if len(labelled) < 2:
        return Agreement(0, float("nan"), 0, threshold)
    from sklearn.feature_extraction.text import TfidfVectorizer  # loads slowly

    vectors = TfidfVectorizer(sublinear_tf=True, dtype=np.float32).fit_transform(
        [p.text for p in labelled]
    )
    similarity = (vectors @ vectors.T).toarray()
    pairs = list(zip(*np.where(np.triu(similarity >= threshold, k=1)), strict=True))
    scores = [dice(labelled[i].labels, labelled[j].labels) for i, j in pairs]
    identical = sum(labelled[i].labels == labelled[j].labels for i, j in pairs)
    mean = float(np.mean(scores)) if scores else float("nan")
    return Agreement(len(scores), mean, identical, threshold)
