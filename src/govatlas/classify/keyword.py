"""The keyword baseline: a concept is present when one of its names occurs.

Names are the concept's label (for AGORA's ``Group: Name`` tags, the last part)
and its alternative labels, matched as whole words, case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govatlas.classify.passages import LabelledPassage
from govatlas.taxonomy.schema import ConceptSpec


def _names(concept: ConceptSpec) -> list[str]:
    names = [concept.label.rsplit(": ", 1)[-1], *concept.alt]
    return [n for n in {n.strip().lower() for n in names} if len(n) >= 3]


class KeywordClassifier:
    model_id = "keyword-baseline"

    def __init__(self, concepts: Sequence[ConceptSpec]) -> None:
        self.patterns = {
            c.label: re.compile(
                r"\b(?:"
                + "|".join(re.escape(n) for n in sorted(_names(c), key=len, reverse=True))
                + r")\b",
                re.IGNORECASE,
            )
            for c in concepts
            if _names(c)
        }

    def predict(self, passages: Sequence[LabelledPassage]) -> list[LabelledPassage]:
        results = []
        for passage in passages:
            found = {c for c, pattern in self.patterns.items() if pattern.search(passage.text)}
            results.append(passage.with_labels(frozenset(found), {c: 1.0 for c in found}))
        return results
