"""Lexical terms: stop words out, every word stemmed as the Snowball stemmer does."""

from __future__ import annotations

import snowballstemmer  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from govatlas.text_similarity import WORD, bm25_matrix, terms


def test_terms_are_the_snowball_stems_of_the_words_that_are_not_stop_words() -> None:
    text = "Providers shall report serious incidents; reporting is monitored by the authorities."
    kept = [w for w in WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]
    expected = snowballstemmer.stemmer("english").stemWords(kept)
    assert terms(text) == expected
    assert "report" in expected and "by" not in kept
    assert terms(text) == expected  # the cached stems give the same answer twice


def test_bm25_ranks_the_target_sharing_the_rare_word_first() -> None:
    scores = bm25_matrix(
        ["report incidents within 72 hours"],
        ["keep records of training data", "incidents are reported to the authority"],
    )
    assert scores[0, 1] > scores[0, 0]
