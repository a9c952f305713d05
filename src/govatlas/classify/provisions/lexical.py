"""The words of a passage as features: a tf-idf vocabulary stored as plain data.

The provision classifiers (``classify.provisions.model``) read a passage twice: as
an embedding, which knows that "prohibited" and "shall not place on the market"
are near, and as words, which knows that "incident" and "within 72 hours" are the
words of incident reporting. A ``Lexicon`` is the second reading: the vocabulary
(words and word pairs seen in at least ``MIN_DOCUMENTS`` gold passages, the
``MAX_TERMS`` most frequent) with each term's inverse document frequency, fitted
on the training passages only and saved inside the model as JSON. Its matrix is
the usual sublinear, L2-normalised tf-idf, computed by scikit-learn from the
stored vocabulary, so the model file holds no pickle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

MAX_TERMS = 12000
MIN_DOCUMENTS = 2
NGRAMS = (1, 2)


def _vectorizer(vocabulary: Sequence[str] | None = None) -> TfidfVectorizer:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        sublinear_tf=True,
        ngram_range=NGRAMS,
        min_df=MIN_DOCUMENTS if vocabulary is None else 1,
        max_features=MAX_TERMS if vocabulary is None else None,
        strip_accents="unicode",
        lowercase=True,
        vocabulary=None if vocabulary is None else list(vocabulary),
        dtype=np.float64,
    )


@dataclass
class Lexicon:
    """A fitted tf-idf vocabulary: its terms, in column order, and their idf."""

    terms: list[str]
    idf: list[float]

    def __post_init__(self) -> None:
        if len(self.terms) != len(self.idf):
            raise ValueError(f"{len(self.terms)} terms but {len(self.idf)} idf values")
        self._vectorizer: TfidfVectorizer | None = None

    def matrix(self, readings: Sequence[str]) -> sparse.csr_matrix:
        """One row per passage reading (heading, then text), one column per term."""
        from scipy import sparse

        if self._vectorizer is None:
            vectorizer = _vectorizer(self.terms)
            vectorizer.idf_ = np.asarray(self.idf, dtype=np.float64)
            self._vectorizer = vectorizer
        return sparse.csr_matrix(self._vectorizer.transform(list(readings)))

    def to_json(self) -> dict[str, Any]:
        return {"terms": self.terms, "idf": [round(v, 5) for v in self.idf]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lexicon:
        return cls([str(t) for t in data["terms"]], [float(v) for v in data["idf"]])


def fit_lexicon(readings: Sequence[str]) -> Lexicon:
    """The vocabulary and idf of the passages a model is fitted on."""
    vectorizer = _vectorizer()
    vectorizer.fit(list(readings))
    terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return Lexicon(terms, [float(v) for v in vectorizer.idf_])
