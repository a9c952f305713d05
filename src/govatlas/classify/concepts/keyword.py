"""The keyword baseline: a concept is present when one of its names occurs.

Names are the concept's label (for AGORA's ``Group: Name`` tags, the last part)
and its alternative labels, matched as whole words, case-insensitively. Texts
and names are compared as sequences of words (letters and digits), so
"self-driving" also matches "self driving" and "grant" does not match
"grantees". One pass over a text counts every concept's names at once.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from govatlas.classify.gold.passages import LabelledPassage
from govatlas.taxonomy.schema import ConceptSpec

Name = tuple[str, ...]
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _names(concept: ConceptSpec) -> set[Name]:
    names = [concept.label.rsplit(": ", 1)[-1], *concept.alt]
    return {tuple(_words(n)) for n in names if len(n.strip()) >= 3} - {()}


class KeywordClassifier:
    model_id = "keyword-baseline"

    def __init__(self, concepts: Sequence[ConceptSpec]) -> None:
        self.names: dict[str, set[Name]] = {c.label: _names(c) for c in concepts if _names(c)}
        self._phrases: dict[str, set[Name]] = defaultdict(set)  # first word -> longer names
        for names in self.names.values():
            for name in names:
                if len(name) > 1:
                    self._phrases[name[0]].add(name)

    def _name_counts(self, text: str) -> Counter[Name]:
        words = _words(text)
        found: Counter[Name] = Counter((word,) for word in words)
        for i, word in enumerate(words):
            for phrase in self._phrases.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    found[phrase] += 1
        return found

    def counts(self, texts: Sequence[str], concepts: Sequence[str]) -> np.ndarray:
        """Whole-word matches of each concept's names: one row per text, one column per
        concept (zero for a concept without names)."""
        result = np.zeros((len(texts), len(concepts)), dtype=np.float32)
        for row, text in enumerate(texts):
            found = self._name_counts(text)
            for j, concept in enumerate(concepts):
                result[row, j] = sum(found[name] for name in self.names.get(concept, ()))
        return result

    def predict(self, passages: Sequence[LabelledPassage]) -> list[LabelledPassage]:
        concepts = list(self.names)
        hits = self.counts([p.text for p in passages], concepts)
        results = []
        for passage, row in zip(passages, hits, strict=True):
            found = {c for c, count in zip(concepts, row, strict=True) if count > 0}
            results.append(passage.with_labels(frozenset(found), {c: 1.0 for c in found}))
        return results
