"""One format for gold and predictions: labelled passages with evidence spans.

A ``LabelledPassage`` is a text (a provision or a whole document) with the
concepts it carries; each concept may come with spans of evidence and a score.
Gold labels from people and predictions from models use the same type, so
evaluation runs the same code path as prediction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """Characters ``[start, end)`` of the passage that support ``concept``."""

    concept: str
    start: int
    end: int
    score: float | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}-{self.end} for {self.concept}")


@dataclass(frozen=True)
class LabelledPassage:
    id: str
    text: str
    labels: frozenset[str] = frozenset()
    scores: Mapping[str, float] = field(default_factory=dict)
    spans: tuple[Span, ...] = ()

    def with_labels(self, labels: frozenset[str], scores: Mapping[str, float]) -> LabelledPassage:
        return LabelledPassage(self.id, self.text, labels, dict(scores), self.spans)
