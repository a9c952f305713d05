"""How well the MIT risk domains are labelled, on texts people coded with them.

``govatlas label --taxonomy mit-risk`` labels units with ``risk_model.RiskLabeller``:
the zero-shot matcher finds the units about a risk, a model trained on coded texts
names the risk. The store holds texts people coded with the same taxonomy
(``risks.gold``: the MIT repository's coded risks and AIID's MIT-classified
incidents), so the labeller is scored on them exactly as it labels a unit, a
subdomain implying its domain. The model's predictions come from 5-fold
cross-fitting over all coded texts: each text is named by a model that never saw
it. Beside it: the zero-shot matcher alone, and the matcher's names-only part
as the keyword baseline.

What this measures: given a text about a risk, whether the labeller names the
risk's domain and subdomain. It does not measure how often it labels a text
that is about no risk at all (the coded texts are all about risks); that
decision is the matcher's alone.

Each concept's F1 over all coded texts together is saved as the taxonomy's
quality figures (``measured/experimental.py``), so labels on weakly measured concepts are
shown as experimental, as the AGORA model's are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from govatlas.classify.agora.gold_eval import GoldEvaluation
from govatlas.classify.concepts.matching import ConceptMatch, ConceptMatcher, taxonomy_matcher
from govatlas.classify.gold.metrics import Report, evaluate
from govatlas.classify.gold.passages import LabelledPassage
from govatlas.classify.measured.experimental import ConceptQuality, save_quality
from govatlas.classify.risks.gold import TAXONOMY
from govatlas.classify.risks.model import (
    FOLDS,
    MODEL_ID,
    coded_texts,
    cross_fit_predictions,
    model_folder,
)
from govatlas.taxonomy import load_taxonomies
from govatlas.taxonomy.loader import get_taxonomy

MATCHER = "zero-shot matcher"
Progress = Callable[[str], None]


@dataclass(frozen=True)
class RiskEvaluation:
    """One evaluation per source of coded texts, and the labeller's over all of them."""

    sources: list[GoldEvaluation]
    pooled: Report


def _labelled(
    passage: LabelledPassage, matches: Sequence[ConceptMatch], matcher: ConceptMatcher
) -> LabelledPassage:
    """The passage with the matched concepts and their ancestors, by preferred label."""
    labels = {matcher.labels[c] for m in matches for c in matcher.with_ancestors(m.concept)}
    return passage.with_labels(
        frozenset(labels), {matcher.labels[m.concept]: m.score for m in matches}
    )


def evaluate_risk_labelling(engine: Engine, progress: Progress = lambda _: None) -> RiskEvaluation:
    """Score the MIT risk-domain labeller, the matcher and the keyword baseline."""
    progress("Loading the embedding model")
    matcher = taxonomy_matcher(load_taxonomies(), [TAXONOMY])
    texts = coded_texts(engine, matcher.embedder, progress)
    passages, vectors = texts.pooled()
    progress(f"Cross-fitting the model over {len(passages)} coded texts in {FOLDS} folds")
    global_ids = {label: cid for cid, label in matcher.labels.items()}
    named_by_model = {
        passage.id: ConceptMatch(global_ids[label], probability, "model")
        for passage, (label, probability) in zip(
            passages, cross_fit_predictions(passages, vectors, texts.subdomains), strict=True
        )
    }
    evaluations, every_gold, every_prediction = [], [], []
    for source, gold in texts.by_source.items():
        if not gold:
            continue
        progress(f"Matching {len(gold)} coded texts of {source}")
        matches = matcher.match_embedded([p.text for p in gold], texts.vectors[source])
        labelled, matched, keyword = [], [], []
        for passage, found in zip(gold, matches, strict=True):
            by_model = [named_by_model[passage.id]] if found else []
            labelled.append(_labelled(passage, by_model, matcher))
            matched.append(_labelled(passage, found, matcher))
            by_name = [m for m in found if m.reason == "name"]
            keyword.append(_labelled(passage, by_name, matcher))
        measured = sorted({c for p in gold for c in p.labels})
        evaluations.append(
            GoldEvaluation(
                source,
                len(gold),
                measured,
                f"{MODEL_ID} ({FOLDS}-fold cross-fit), on the texts the matcher finds about a risk",
                evaluate(gold, labelled, measured),
                evaluate(gold, keyword, measured),
                baselines={MATCHER: evaluate(gold, matched, measured)},
            )
        )
        every_gold += gold
        every_prediction += labelled
    pooled = sorted({c for p in every_gold for c in p.labels})
    return RiskEvaluation(evaluations, evaluate(every_gold, every_prediction, pooled))


def save_risk_quality(evaluation: RiskEvaluation) -> Path:
    """Each MIT concept's pooled F1 (None for a concept no coded text carries)."""
    taxonomy = get_taxonomy(load_taxonomies(), TAXONOMY)
    per_concept = evaluation.pooled.per_concept
    f1 = {
        c.label: (round(per_concept[c.label].f1, 4) if c.label in per_concept else None)
        for c in taxonomy.concepts
    }
    quality = ConceptQuality(TAXONOMY, f1, MODEL_ID, "F1 on coded texts", "coded texts")
    return save_quality(quality, model_folder())
