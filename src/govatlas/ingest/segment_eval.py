"""Measuring the segmenter against a structured edition of the same text.

An article is found when the segmenter produced a provision for its number whose
text starts at the article and contains the beginning of the article's content
from the structured edition, without running into the next article. Precision
counts every article-level provision produced; recall every article expected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from govatlas.ingest.segment import Segment

PREFIX_CHARS = 60


@dataclass(frozen=True)
class BoundaryScore:
    expected: int
    predicted: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def article_boundary_score(
    text: str, segments: list[Segment], expected: Mapping[str, str]
) -> BoundaryScore:
    """Score article segments against ``expected`` (article number -> content)."""
    articles = {s.path.removeprefix("art."): s for s in segments if s.kind == "article"}
    numbers = list(expected)
    matched = 0
    for index, number in enumerate(numbers):
        found = articles.get(number)
        if found is None:
            continue
        body = _normalise(text[found.start : found.end])
        prefix = _normalise(expected[number])[:PREFIX_CHARS]
        following = numbers[index + 1] if index + 1 < len(numbers) else None
        runs_over = following is not None and f"article {following}:" in body
        if body.startswith(f"article {number}") and prefix in body and not runs_over:
            matched += 1
    return BoundaryScore(len(expected), len(articles), matched)
