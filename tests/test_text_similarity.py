"""Lexical terms: stop words out, every word stemmed as the Snowball stemmer does."""

from __future__ import annotations

import snowballstemmer  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from govatlas.text_similarity import WORD, bm25_matrix, readable_terms, terms


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


def test_readable_terms_show_each_stem_in_the_words_of_the_text() -> None:
    """Definitions are compared on stems but shown in words: "autonomy", never "autonomi"."""
    found = readable_terms("Varying levels of autonomy; decisions and decision-making bodies")
    assert found["autonomi"] == "autonomy"
    assert found["decis"] == "decisions"  # the first word that gave the stem
    assert found["bodi"] == "bodies"
    assert "of" not in found.values()  # stop words are not terms
