"""Assisted assessment: suggest, from a company's own document, which indicators it satisfies.

Each indicator (name and definition) is compared with every provision of the
document's reading text by MiniLM cosine; the best provision is the evidence
span. A cosine at or above ``SATISFIED_COSINE`` suggests "satisfied", with the
cosine as confidence. Suggestions are stored as assisted assessments with no
score (``score`` stays empty) and review status *unreviewed*: they are never
shown or counted as scores until a human accepts one (``govatlas industry
review-suggestion``), which copies the suggested value into the score.

``evaluate_suggestions`` scores the suggestions against FMTI's human scores for
the same company and period (``PAIRS``: companies' frontier-safety documents
with the FMTI edition of their time) and reports precision and recall of
"satisfied" per domain. A single policy document discloses far less than the
model cards and reports FMTI's researchers read, so recall is expected to be low.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import delete
from sqlalchemy.orm import Session

from govatlas.classify.encoders.embeddings import get_embedder
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.industry.editions import check_decision
from govatlas.industry.profiles import get_organisation
from govatlas.store.decisions import Reviewer, as_reviewer, decide
from govatlas.store.industry import framework_indicators
from govatlas.store.industry_assessments import (
    assisted_assessments,
    assisted_indicator_ids,
    human_scores,
)
from govatlas.store.instruments import get_instrument, reading_version
from govatlas.store.models import ID_LIMIT, Assessment, Indicator, IndicatorFramework
from govatlas.vocabulary import AssessmentMethod, ReviewDecisionKind, ReviewStatus

SATISFIED_COSINE = 0.5
ASSISTANT = "govatlas assisted assessment (MiniLM)"
# (organisation, its document in the corpus, the FMTI edition of the same period)
PAIRS = (
    ("amazon", "agora-759", "fmti-2023"),
    ("meta", "agora-763", "fmti-2023"),
    ("google", "agora-761", "fmti-2023"),
    ("inflection", "agora-762", "fmti-2023"),
    ("openai", "agora-765", "fmti-2023"),
    ("anthropic", "anthropic-responsible-scaling-policy", "fmti-2025"),
    ("openai", "openai-preparedness-framework", "fmti-2025"),
    ("google", "google-deepmind-frontier-safety-framework", "fmti-2025"),
    ("meta", "meta-frontier-ai-framework", "fmti-2025"),
)


@dataclass(frozen=True)
class Suggestion:
    indicator: Indicator
    satisfied: bool
    confidence: float
    provision_id: int
    provision_path: str
    quote: str


def suggest(session: Session, document: str, edition: str) -> list[Suggestion]:
    """A suggestion for every indicator of ``edition`` from the document's provisions."""
    get_instrument(session, document)
    version = reading_version(session, document)
    if version is None or not version.provisions:
        raise InvalidInputError(f"{document} has no stored text", "ingest it first")
    if session.get(IndicatorFramework, edition) is None:
        raise NotFoundError(f"no edition {edition!r}", "run `govatlas industry import`")
    provisions = [p for p in version.provisions if len(p.text.split()) >= 5]
    indicators = framework_indicators(session, edition)
    embedder = get_embedder()
    texts = embedder.embed([" ".join(p.text.split()) for p in provisions])
    questions = embedder.embed(
        [" ".join(x for x in (i.name, i.definition) if x) for i in indicators]
    )
    similarity = questions @ texts.T
    found = []
    for row, indicator in enumerate(indicators):
        best = int(np.argmax(similarity[row]))
        cosine = float(similarity[row, best])
        provision = provisions[best]
        found.append(
            Suggestion(
                indicator,
                cosine >= SATISFIED_COSINE,
                round(cosine, 3),
                provision.id,
                provision.path,
                " ".join(provision.text.split())[:300],
            )
        )
    return found


def store_suggestions(
    session: Session, organisation: str, suggestions: Sequence[Suggestion], document: str
) -> int:
    """Replace the organisation's unreviewed suggestions for these indicators."""
    org = get_organisation(session, organisation)
    ids = [s.indicator.id for s in suggestions]
    session.execute(
        delete(Assessment).where(
            Assessment.organisation_id == org.id,
            Assessment.indicator_id.in_(ids),
            Assessment.method == AssessmentMethod.ASSISTED,
            Assessment.review_status == ReviewStatus.UNREVIEWED,
        )
    )
    reviewed = assisted_indicator_ids(session, org.id, ids)
    stored = 0
    for s in suggestions:
        if s.indicator.id in reviewed:
            continue  # a human already decided on this indicator
        session.add(
            Assessment(
                organisation_id=org.id,
                indicator_id=s.indicator.id,
                score=None,
                confidence=s.confidence,
                justification=f"suggested {'satisfied' if s.satisfied else 'not satisfied'} "
                f"from {document} {s.provision_path}",
                evidence=[
                    {
                        "instrument": document,
                        "provision_id": s.provision_id,
                        "path": s.provision_path,
                        "quote": s.quote,
                        "suggested": 1 if s.satisfied else 0,
                    }
                ],
                assessor=ASSISTANT,
                method=AssessmentMethod.ASSISTED,
                review_status=ReviewStatus.UNREVIEWED,
            )
        )
        stored += 1
    session.flush()
    return stored


def review_suggestion(
    session: Session,
    assessment_id: int,
    decision: str,
    reviewer: Reviewer | str,
    score: float | None = None,
    seen_version: int | None = None,
) -> Assessment:
    """Accept (the suggested value, or ``score`` to correct it) or reject a suggestion.

    Each decision is a row (``store.decisions``); only an accepted suggestion carries a
    score, so the score always reflects the last decision. Deciding again needs the
    review version the reviewer saw.
    """
    found = session.get(Assessment, assessment_id) if 0 < assessment_id < ID_LIMIT else None
    if found is None or found.method is not AssessmentMethod.ASSISTED:
        raise NotFoundError(
            f"no suggestion {assessment_id}", "list them with `govatlas industry suggestions`"
        )
    check_decision(decision)
    reviewer = as_reviewer(session, reviewer)
    suggested = found.evidence[0].get("suggested", 0) if found.evidence else 0
    accepted = decision == "accept"
    value = float(score if score is not None else suggested) if accepted else None
    corrected = accepted and score is not None and float(score) != float(suggested)
    kind = ReviewDecisionKind.REJECT
    if accepted:
        kind = ReviewDecisionKind.CORRECT if corrected else ReviewDecisionKind.ACCEPT
    decide(
        session,
        found,
        kind,
        ReviewStatus.ACCEPTED if accepted else ReviewStatus.REJECTED,
        reviewer,
        seen_version=seen_version,
        score=value,
        changes={"score": value, "assessor": f"{reviewer.name} (reviewing {ASSISTANT})"[:200]},
        what=f"suggestion {assessment_id}",
    )
    return found


@dataclass
class DomainScore:
    domain: str
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    pairs: int = 0

    @property
    def precision(self) -> float | None:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else None


def evaluate_suggestions(session: Session) -> tuple[list[DomainScore], list[str]]:
    """Precision and recall of "satisfied" per domain over ``PAIRS`` found in the store."""
    scores: dict[str, DomainScore] = {}
    used = []
    for organisation, document, edition in PAIRS:
        try:
            org = get_organisation(session, organisation)
            suggestions = suggest(session, document, edition)
        except (NotFoundError, InvalidInputError):
            continue
        human = {i: (score or 0.0) >= 1 for i, score in human_scores(session, org.id).items()}
        if not any(s.indicator.id in human for s in suggestions):
            continue
        used.append(f"{org.id} / {document} / {edition}")
        for s in suggestions:
            if s.indicator.id not in human:
                continue
            domain = scores.setdefault(s.indicator.domain, DomainScore(s.indicator.domain))
            domain.pairs += 1
            truth = human[s.indicator.id]
            if s.satisfied and truth:
                domain.true_positive += 1
            elif s.satisfied:
                domain.false_positive += 1
            elif truth:
                domain.false_negative += 1
    totals = DomainScore("all")
    for domain in scores.values():
        totals.true_positive += domain.true_positive
        totals.false_positive += domain.false_positive
        totals.false_negative += domain.false_negative
        totals.pairs += domain.pairs
    ordered = [scores[d] for d in sorted(scores)]
    return ([*ordered, totals] if ordered else []), used


def suggestions_of(session: Session, organisation: str) -> list[Assessment]:
    org = get_organisation(session, organisation)
    grouped: dict[str, list[Assessment]] = defaultdict(list)
    for a in assisted_assessments(session, org.id):
        grouped[a.indicator_id].append(a)
    return [a for items in grouped.values() for a in items]
