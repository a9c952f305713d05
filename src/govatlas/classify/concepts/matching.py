"""Zero-shot concept matching: which provisions speak to which taxonomy concept.

No training data exists for most taxonomies (FLI building blocks, OECD
principles, UN themes), so a provision is matched to a concept when either

- one of the concept's names (label or alternative labels), stemmed, occurs in
  the provision, its words within a short window in any order, or
- the provision's MiniLM embedding is close to the concept's description
  (label, alternative labels and definition) - cosine at least ``COSINE``;

and never when one of the concept's negative labels occurs. Each match keeps the
reason (``name`` or ``meaning``) and the score, so it can be shown as evidence.

A taxonomy whose texts are coded with one concept each (``one_per_text``: the
MIT risk domains) keeps only its best match per text: on texts people coded
with MIT risk domains this raised the matcher's pooled macro-F1 from 0.24 to
0.32 and micro-F1 from 0.25 to 0.38 (``risks.evaluation``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from govatlas.classify.encoders.embeddings import Embedder, Vectors, get_embedder
from govatlas.classify.measured.experimental import ZERO_SHOT_MODEL
from govatlas.store.taxonomies import concept_id
from govatlas.taxonomy.loader import get_taxonomy
from govatlas.taxonomy.schema import ConceptSpec, TaxonomyFile
from govatlas.text_similarity import terms

COSINE = 0.42
WINDOW_SLACK = 3


@dataclass(frozen=True)
class ConceptMatch:
    concept: str
    score: float
    reason: str


def _phrases(names: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(terms(name)) for name in names if terms(name)]


def _contains(words: Sequence[str], phrase: tuple[str, ...]) -> bool:
    """All of the phrase's words within a short window, in any order.

    "incident reporting" then matches "report any serious incident", as drafting
    reorders and interleaves the words of a concept's name.
    """
    span = len(phrase) + WINDOW_SLACK
    wanted = set(phrase)
    for start, word in enumerate(words):
        if word in wanted and wanted <= set(words[start : start + span]):
            return True
    return False


class ConceptMatcher:
    """Matches texts against concepts given as ``(global id, spec)`` pairs."""

    model_id = ZERO_SHOT_MODEL
    model_version = "2"  # 2: one match per text for one-per-text taxonomies (MIT)
    provenance = "zero-shot"

    def __init__(
        self,
        concepts: Sequence[tuple[str, ConceptSpec]],
        embedder: Embedder | None = None,
        cosine: float = COSINE,
        one_per_text: Collection[str] = (),
    ) -> None:
        """``one_per_text``: ids of the taxonomies that keep their best match only."""
        self.ids = [cid for cid, _ in concepts]
        self.labels = {cid: spec.label for cid, spec in concepts}
        self.choice_of = {c: t for c in self.ids if (t := _taxonomy_of(c)) in one_per_text}
        known = set(self.ids)
        self.parent_of = {
            cid: parent
            for cid, spec in concepts
            if spec.parent is not None
            and (parent := concept_id(_taxonomy_of(cid), spec.parent)) in known
        }
        self.names = [_phrases([spec.label, *spec.alt]) for _, spec in concepts]
        self.negatives = [_phrases(spec.not_) for _, spec in concepts]
        self.embedder = embedder or get_embedder()
        self.cosine = cosine
        self.vectors = self.embedder.embed([describe(spec) for _, spec in concepts])

    def match(self, texts: Sequence[str]) -> list[list[ConceptMatch]]:
        """For each text, the concepts it matches, best first."""
        if not texts:
            return []
        return self.match_embedded(texts, self.embedder.embed(list(texts)))

    def match_embedded(self, texts: Sequence[str], vectors: Vectors) -> list[list[ConceptMatch]]:
        """``match`` for texts already embedded (``vectors``, one row per text)."""
        similarity = vectors @ self.vectors.T
        result = []
        for row, text in enumerate(texts):
            words = terms(text)
            found = []
            for col, concept in enumerate(self.ids):
                if any(_contains(words, p) for p in self.negatives[col]):
                    continue
                score = float(similarity[row, col])
                if any(_contains(words, p) for p in self.names[col]):
                    found.append(ConceptMatch(concept, max(score, self.cosine), "name"))
                elif score >= self.cosine:
                    found.append(ConceptMatch(concept, score, "meaning"))
            found.sort(key=lambda m: -m.score)
            result.append(self._one_per_choice(found))
        return result

    def with_ancestors(self, concept: str) -> list[str]:
        """The concept, then its ancestors among the matcher's concepts: a text that
        speaks to a subconcept speaks to its parent too."""
        chain = [concept]
        while (parent := self.parent_of.get(chain[-1])) is not None and parent not in chain:
            chain.append(parent)
        return chain

    def _one_per_choice(self, found: list[ConceptMatch]) -> list[ConceptMatch]:
        """The best-first matches, less all but the best of each one-per-text taxonomy."""
        seen: set[str] = set()
        kept = []
        for match in found:
            choice = self.choice_of.get(match.concept)
            if choice is None or choice not in seen:
                kept.append(match)
            if choice is not None:
                seen.add(choice)
        return kept


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    """A text's stemmed words, kept for the next model that reads the same provisions."""
    return tuple(terms(text))


def describe(spec: ConceptSpec) -> str:
    """What the matcher embeds for a concept: its names, then its definition."""
    return f"{spec.label} ({', '.join(spec.alt)}): {spec.definition or ''}"


def name_flags(texts: Sequence[str], concepts: Sequence[Sequence[str]]) -> list[list[bool]]:
    """For each text, whether each concept's names (``concepts``: label and alternative
    labels per concept) occur in it, as the matcher finds them."""
    phrases = [_phrases(names) for names in concepts]
    rows = []
    for text in texts:
        words = _words(text)
        present = set(words)
        rows.append(
            [any(present.issuperset(p) and _contains(words, p) for p in found) for found in phrases]
        )
    return rows


def _taxonomy_of(global_id: str) -> str:
    return global_id.split(":", 1)[0]


def taxonomy_matcher(
    taxonomies: dict[str, TaxonomyFile], ids: Sequence[str], embedder: Embedder | None = None
) -> ConceptMatcher:
    """A matcher over every concept of the named taxonomies, each with its own rules."""
    single = {i for i in ids if get_taxonomy(taxonomies, i).one_per_text}
    return ConceptMatcher(concepts_of(taxonomies, ids), embedder, one_per_text=single)


def concepts_of(
    taxonomies: dict[str, TaxonomyFile], ids: Sequence[str]
) -> list[tuple[str, ConceptSpec]]:
    """``(global id, spec)`` for every concept of the named taxonomies."""
    return [
        (concept_id(taxonomy_id, spec.id), spec)
        for taxonomy_id in ids
        for spec in get_taxonomy(taxonomies, taxonomy_id).concepts
    ]
