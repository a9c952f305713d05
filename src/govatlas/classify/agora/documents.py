"""AGORA documents from the store as labelled passages, with the fixed split.

Every shared AGORA row with a full text is a document. Its tier comes from the
row's flags: ``validated`` (annotated and reviewed: the dev gold), ``annotated``
(annotated by people, not yet reviewed: training data) or ``machine`` (only
unreviewed machine tags: weak labels, left out of training by default). The
split is fixed by those flags, so every run sees the same train and dev sets.

Reviews are training data too (``govatlas review``, the web's "why this label"):
an accepted model label adds its tag to the instrument's document, a rejected one
takes it away (a rejected AGORA tag as well). An instrument whose tags are not all
known (not an annotated AGORA row) becomes a ``reviewed`` training document that
teaches only the tags a person decided on.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from govatlas.classify.gold.passages import LabelledPassage
from govatlas.store.instruments import reading_version
from govatlas.store.models import content_hash as text_hash
from govatlas.store.source_records import record_data, source_texts
from govatlas.store.taxonomy_labels import (
    decided_label_count,
    imported_tags,
    reviewed_model_labels,
)
from govatlas.vocabulary import ReviewStatus

TAXONOMY = "agora"
TIERS = ("validated", "annotated", "machine", "reviewed")
FULLY_ANNOTATED = ("validated", "annotated")


@dataclass(frozen=True)
class AgoraDocument:
    passage: LabelledPassage
    tier: str
    text_hash: str
    known: frozenset[str] | None = None  # the tags a person decided on; None: all of them


def _reviews(session: Session) -> dict[str, dict[str, bool]]:
    """Instrument id -> {AGORA tag: accepted?} from reviewed model labels, latest last."""
    decided: dict[str, dict[str, bool]] = defaultdict(dict)
    for instrument, tag, status in reviewed_model_labels(session, TAXONOMY):
        decided[instrument][tag] = status is ReviewStatus.ACCEPTED
    return decided


def decision_count(session: Session) -> int:
    """Review decisions on AGORA tags that training reads: reviewed model labels and
    rejected imported tags (each counts once)."""
    return decided_label_count(session, TAXONOMY)


def _reviewed(key: str, text: str, decided: dict[str, bool]) -> AgoraDocument:
    accepted = frozenset(tag for tag, yes in decided.items() if yes)
    passage = LabelledPassage(key, text, accepted)
    return AgoraDocument(passage, "reviewed", text_hash(text), frozenset(decided))


def _tier(flags: dict[str, str]) -> str:
    if str(flags.get("Validated?", "")).lower() == "true":
        return "validated"
    if str(flags.get("Annotated?", "")).lower() == "true":
        return "annotated"
    return "machine"


def agora_documents(session: Session) -> list[AgoraDocument]:
    """Every stored AGORA document with a text, its tags and its tier, reviews applied."""
    texts: dict[str, str] = {}
    instrument_of: dict[str, str] = {}
    for key, instrument, text in source_texts(session, "agora"):
        if key is not None:
            texts[key], instrument_of[key] = text, instrument
    tags: dict[str, set[str]] = defaultdict(set)
    for provenance, label in imported_tags(session, TAXONOMY, "agora:"):
        key = (provenance or "").split(" ", 1)[0].removeprefix("agora:")
        tags[key].add(label)
    reviews = _reviews(session)
    documents = []
    for key, data in record_data(session, "agora", "document"):
        if key not in texts:
            continue
        tier, decided = _tier(data), reviews.pop(instrument_of[key], {})
        if tier not in FULLY_ANNOTATED and decided:
            documents.append(_reviewed(key, texts[key], decided))
            continue
        accepted = {tag for tag, yes in decided.items() if yes}
        labels = (tags.get(key, set()) | accepted) - (set(decided) - accepted)
        passage = LabelledPassage(key, texts[key], frozenset(labels))
        documents.append(AgoraDocument(passage, tier, text_hash(texts[key])))
    for instrument, decided in reviews.items():
        version = reading_version(session, instrument)
        if version is not None:
            documents.append(_reviewed(instrument, version.text, decided))
    return sorted(documents, key=lambda d: int(d.passage.id) if d.passage.id.isdigit() else 0)


def split(documents: list[AgoraDocument]) -> tuple[list[AgoraDocument], list[AgoraDocument]]:
    """(train, dev): dev is the validated gold, train the other human-annotated rows
    and the documents that reviews label."""
    dev = [d for d in documents if d.tier == "validated"]
    train = [d for d in documents if d.tier in ("annotated", "reviewed")]
    return train, dev
