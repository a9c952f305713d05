"""AGORA documents from the store as labelled passages, with the fixed split.

Every shared AGORA row with a full text is a document. Its tier comes from the
row's flags: ``validated`` (annotated and reviewed: the dev gold), ``annotated``
(annotated by people, not yet reviewed: training data) or ``machine`` (only
unreviewed machine tags: weak labels, left out of training by default). The
split is fixed by those flags, so every run sees the same train and dev sets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.classify.passages import LabelledPassage
from govatlas.store.models import Concept, InstrumentVersion, Label, SourceRecord
from govatlas.store.models import content_hash as text_hash

TAXONOMY = "agora"
TIERS = ("validated", "annotated", "machine")


@dataclass(frozen=True)
class AgoraDocument:
    passage: LabelledPassage
    tier: str
    text_hash: str


def _tier(flags: dict[str, str]) -> str:
    if str(flags.get("Validated?", "")).lower() == "true":
        return "validated"
    if str(flags.get("Annotated?", "")).lower() == "true":
        return "annotated"
    return "machine"


def agora_documents(session: Session) -> list[AgoraDocument]:
    """Every stored AGORA document with a text, its tags and its tier."""
    texts: dict[str, str] = {}
    for key, text in session.execute(
        select(InstrumentVersion.source_key, InstrumentVersion.text).where(
            InstrumentVersion.source == "agora"
        )
    ):
        if key is not None:
            texts[key] = text
    tags: dict[str, set[str]] = defaultdict(set)
    for provenance, label in session.execute(
        select(Label.provenance, Concept.pref_label)
        .join(Concept, Concept.id == Label.concept_id)
        .where(Concept.taxonomy_id == TAXONOMY, Label.provenance.startswith("agora:"))
    ):
        key = (provenance or "").split(" ", 1)[0].removeprefix("agora:")
        tags[key].add(label)
    documents = []
    for key, data in session.execute(
        select(SourceRecord.key, SourceRecord.data).where(
            SourceRecord.source == "agora", SourceRecord.kind == "document"
        )
    ):
        if key not in texts:
            continue
        passage = LabelledPassage(key, texts[key], frozenset(tags.get(key, set())))
        documents.append(AgoraDocument(passage, _tier(data), text_hash(texts[key])))
    return sorted(documents, key=lambda d: int(d.passage.id) if d.passage.id.isdigit() else 0)


def split(documents: list[AgoraDocument]) -> tuple[list[AgoraDocument], list[AgoraDocument]]:
    """(train, dev): dev is the validated gold, train the other human-annotated rows."""
    dev = [d for d in documents if d.tier == "validated"]
    train = [d for d in documents if d.tier == "annotated"]
    return train, dev
