"""How well the zero-shot matcher labels texts people coded with MIT risk domains.

The MIT risk-domain labels of ``govatlas label --taxonomy mit-risk`` come from
``concept_match.ConceptMatcher`` with no training data. The store holds texts
people coded with the same taxonomy (``risk_gold``: the MIT repository's coded
risks and AIID's MIT-classified incidents), so the matcher is scored on them
exactly as it labels a provision: every concept it matches, a subdomain
implying its domain. The names-only part of the matcher (no embedding) stands
beside it as the keyword baseline.

What this measures: given a text about a risk, whether the matcher names the
risk's domain and subdomain. It does not measure how often it labels a text
that is about no risk at all (the coded texts are all about risks).

Each concept's F1 over both sources together is saved as the taxonomy's
quality figures (``quality.py``), so the matcher's labels on weakly measured
concepts are shown as experimental, as the AGORA model's are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from govatlas.classify.concept_match import (
    ConceptMatch,
    ConceptMatcher,
    concepts_of,
    taxonomy_matcher,
)
from govatlas.classify.gold_eval import GoldEvaluation
from govatlas.classify.metrics import Report, evaluate
from govatlas.classify.passages import LabelledPassage
from govatlas.classify.quality import ConceptQuality, save_quality
from govatlas.classify.risk_gold import TAXONOMY, risk_gold
from govatlas.classify.zero_shot import MODEL_ID, MODEL_VERSION
from govatlas.config import models_dir
from govatlas.store.session import transaction
from govatlas.taxonomy import load_taxonomies
from govatlas.taxonomy.loader import get_taxonomy

BATCH = 256
Progress = Callable[[str], None]


@dataclass(frozen=True)
class ZeroShotEvaluation:
    """One evaluation per source of coded texts, and all of them pooled."""

    sources: list[GoldEvaluation]
    pooled: Report


def quality_dir(taxonomy: str) -> Path:
    return models_dir() / "zero-shot" / taxonomy


def _labelled(
    passage: LabelledPassage,
    matches: Sequence[ConceptMatch],
    matcher: ConceptMatcher,
    names: dict[str, str],
) -> LabelledPassage:
    chosen = {names[c] for m in matches for c in matcher.with_ancestors(m.concept)}
    return passage.with_labels(frozenset(chosen), {names[m.concept]: m.score for m in matches})


def _predictions(
    matcher: ConceptMatcher,
    names: dict[str, str],
    passages: Sequence[LabelledPassage],
    progress: Progress,
) -> tuple[list[LabelledPassage], list[LabelledPassage]]:
    """The matcher's labels and its names-only labels, each concept implying its parent."""
    matched, named = [], []
    for start in range(0, len(passages), BATCH):
        end = min(start + BATCH, len(passages))
        progress(f"Matching coded texts {start + 1}-{end} of {len(passages)}")
        batch = passages[start:end]
        for passage, matches in zip(batch, matcher.match([p.text for p in batch]), strict=True):
            matched.append(_labelled(passage, matches, matcher, names))
            by_name = [m for m in matches if m.reason == "name"]
            named.append(_labelled(passage, by_name, matcher, names))
    return matched, named


def evaluate_zero_shot(engine: Engine, progress: Progress = lambda _: None) -> ZeroShotEvaluation:
    """Score the zero-shot matcher of the MIT risk domains on every coded text."""
    taxonomies = load_taxonomies()
    with transaction(engine) as session:
        gold = risk_gold(session, get_taxonomy(taxonomies, TAXONOMY))
    names = {global_id: spec.label for global_id, spec in concepts_of(taxonomies, [TAXONOMY])}
    progress("Loading the embedding model")
    matcher = taxonomy_matcher(taxonomies, [TAXONOMY])
    evaluations, every_gold, every_prediction = [], [], []
    for source, passages in gold.items():
        if not passages:
            continue
        matched, named = _predictions(matcher, names, passages, progress)
        measured = sorted({c for p in passages for c in p.labels})
        evaluations.append(
            GoldEvaluation(
                source,
                len(passages),
                measured,
                f"{MODEL_ID} {MODEL_VERSION}",
                evaluate(passages, matched, measured),
                evaluate(passages, named, measured),
            )
        )
        every_gold += passages
        every_prediction += matched
    pooled = sorted({c for p in every_gold for c in p.labels})
    return ZeroShotEvaluation(evaluations, evaluate(every_gold, every_prediction, pooled))


def save_zero_shot_quality(evaluation: ZeroShotEvaluation) -> Path:
    """Each MIT concept's pooled F1 (None for a concept no coded text carries)."""
    taxonomy = get_taxonomy(load_taxonomies(), TAXONOMY)
    per_concept = evaluation.pooled.per_concept
    f1 = {
        c.label: (round(per_concept[c.label].f1, 4) if c.label in per_concept else None)
        for c in taxonomy.concepts
    }
    return save_quality(ConceptQuality(TAXONOMY, f1, MODEL_ID), quality_dir(TAXONOMY))
