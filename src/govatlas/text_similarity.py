"""Lexical similarity between two sets of passages.

Two views of the same question, "do these passages use the same words?":

- Okapi BM25 on stemmed words. Each source passage is the query and the target
  passages are the collection, so rare shared words ("red-teaming",
  "provenance") count for more than common ones.
- Cosine of tf-idf vectors of character 3- to 5-grams. They match what stemming
  misses: "unrepresentative" and "representativeness", "labeling" and
  "labelling", "re-balancing" and "rebalance".

Document frequencies come from both sides together, which keeps the scores
meaningful when one side has only a handful of passages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
import snowballstemmer  # type: ignore[import-untyped]

Matrix = npt.NDArray[np.float32]
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
K1 = 1.2
B = 0.75
CHARACTER_NGRAMS = (3, 5)


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # scikit-learn loads slowly

    return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=1 << 18)
def _stem(word: str) -> str:
    """One word's stem; a corpus repeats its words, so each is stemmed once."""
    stem: str = _stemmer().stemWord(word)
    return stem


def terms(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed words."""
    stop_words = _stop_words()
    return [_stem(w) for w in WORD.findall(text.lower()) if w not in stop_words]


def readable_terms(text: str) -> dict[str, str]:
    """Each stemmed term of ``text`` with the first word it came from ("autonomi" →
    "autonomy"), so that a comparison made on stems can be shown in words."""
    stop_words = _stop_words()
    found: dict[str, str] = {}
    for word in WORD.findall(text.lower()):
        if word not in stop_words:
            found.setdefault(_stem(word), word)
    return found


def bm25_matrix(sources: Sequence[str], targets: Sequence[str]) -> Matrix:
    """``scores[i, j]``: BM25 of target ``j`` for source ``i`` taken as a query."""
    source_terms = [terms(t) for t in sources]
    target_terms = [Counter(terms(t)) for t in targets]
    frequency: Counter[str] = Counter()
    for words in [*(set(t) for t in source_terms), *(set(t) for t in target_terms)]:
        frequency.update(words)
    documents = len(sources) + len(targets)
    lengths = np.array([sum(bag.values()) for bag in target_terms], dtype=np.float32)
    average = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
    norm = K1 * (1 - B + B * lengths / average)
    scores = np.zeros((len(sources), len(targets)), dtype=np.float32)
    vocabulary = {term: i for i, term in enumerate(frequency)}
    counts = np.zeros((len(targets), len(vocabulary)), dtype=np.float32)
    for j, bag in enumerate(target_terms):
        for term, n in bag.items():
            counts[j, vocabulary[term]] = n
    idf = np.array(
        [np.log(1 + (documents - n + 0.5) / (n + 0.5)) for n in frequency.values()],
        dtype=np.float32,
    )
    saturated = counts * (K1 + 1) / (counts + norm[:, None])
    for i, query in enumerate(source_terms):
        columns = [vocabulary[t] for t in set(query)]
        if columns:
            scores[i] = saturated[:, columns] @ idf[columns]
    return scores


def character_ngram_matrix(sources: Sequence[str], targets: Sequence[str]) -> Matrix:
    """``scores[i, j]``: cosine of the character n-gram tf-idf vectors of source ``i``
    and target ``j`` (0 when either has no characters to compare)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer="char", ngram_range=CHARACTER_NGRAMS, sublinear_tf=True, lowercase=True
    )
    texts = [*sources, *targets]
    if not any(len(text.strip()) >= CHARACTER_NGRAMS[0] for text in texts):
        return np.zeros((len(sources), len(targets)), dtype=np.float32)
    vectors = vectorizer.fit_transform(texts)
    scores = vectors[: len(sources)] @ vectors[len(sources) :].T
    return np.asarray(scores.toarray(), dtype=np.float32)
