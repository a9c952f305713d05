"""The rows coverage is computed from (``analytics.coverage``): a taxonomy's concepts and
the links between concepts, the public authorities' instruments and the version each
is read in, the labels on a set of concepts with the provisions they cite, the
labelling runs that read a text, the documents people coded, and the memberships and
adherence facts that make an instrument apply to a place.

Plain rows, not ORM objects, except concepts; the shaping (which label counts, what a
cell's state is) stays in ``analytics``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from govatlas.store.instruments import REFERENCE_FORMAT
from govatlas.store.models import (
    Adherence,
    Concept,
    Instrument,
    InstrumentVersion,
    Jurisdiction,
    Label,
    LabelEvidence,
    LabellingRun,
    Provision,
    Relationship,
)
from govatlas.vocabulary import (
    AdherenceAct,
    Binding,
    InstrumentType,
    JurisdictionKind,
    LabelMethod,
    RelationshipType,
    ReviewStatus,
    Status,
)

EVIDENCE_BATCH = 900  # label ids per query (SQLite's bound-parameter limit is 999)

InstrumentRow = tuple[str, str, str, InstrumentType, Binding, Status]
LabelRow = tuple[int, str, str, LabelMethod, str | None, ReviewStatus]
ProvisionLabelRow = tuple[str, str, LabelMethod, str | None, ReviewStatus, int | None]


def concepts_by_notation(session: Session, taxonomy: str) -> list[Concept]:
    """A taxonomy's concepts, by notation (empty for an unknown taxonomy)."""
    query = select(Concept).where(Concept.taxonomy_id == taxonomy).order_by(Concept.notation)
    return list(session.scalars(query))


def concept_children(session: Session) -> dict[str, list[str]]:
    """Concept id -> the ids of its narrower concepts, across every taxonomy."""
    children: dict[str, list[str]] = defaultdict(list)
    for concept, parent in session.execute(select(Concept.id, Concept.parent_id)):
        if parent:
            children[parent].append(concept)
    return children


def concept_links(session: Session) -> list[tuple[str, str, RelationshipType]]:
    """(source, target, type) of every relationship between two concepts."""
    query = select(
        Relationship.source_concept_id, Relationship.target_concept_id, Relationship.type
    ).where(
        Relationship.source_concept_id.is_not(None), Relationship.target_concept_id.is_not(None)
    )
    return [
        (source, target, kind)
        for source, target, kind in session.execute(query)
        if source is not None and target is not None
    ]


def newest_text_versions(session: Session) -> dict[str, int]:
    """Instrument id -> the id of its newest full-text version, for instruments with one."""
    query = (
        select(InstrumentVersion.instrument_id, func.max(InstrumentVersion.id))
        .where(InstrumentVersion.format != REFERENCE_FORMAT)
        .group_by(InstrumentVersion.instrument_id)
    )
    return {instrument: version for instrument, version in session.execute(query)}


def public_authority_instruments(session: Session) -> list[InstrumentRow]:
    """(id, short name, jurisdiction, type, binding, status) of every instrument a public
    authority made."""
    query = select(
        Instrument.id,
        Instrument.short_name,
        Instrument.jurisdiction_id,
        Instrument.type,
        Instrument.binding,
        Instrument.status,
    ).where(Instrument.public_authority.is_(True))
    return [
        (i, name, place, kind, binding, status)
        for i, name, place, kind, binding, status in session.execute(query)
    ]


def instrument_labels_on(session: Session, concepts: Collection[str]) -> list[LabelRow]:
    """(label, instrument, concept, method, model, review status) of every
    instrument-level label on these concepts."""
    query = select(
        Label.id,
        Label.instrument_id,
        Label.concept_id,
        Label.method,
        Label.model_id,
        Label.review_status,
    ).where(Label.instrument_id.is_not(None), Label.concept_id.in_(concepts))
    return [
        (label, instrument, concept, method, model, status)
        for label, instrument, concept, method, model, status in session.execute(query)
        if instrument is not None
    ]


def cited_provisions(session: Session, label_ids: Sequence[int]) -> dict[int, list[int]]:
    """Label id -> the provisions its evidence cites."""
    cited: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(label_ids), EVIDENCE_BATCH):
        query = select(LabelEvidence.label_id, LabelEvidence.provision_id).where(
            LabelEvidence.label_id.in_(label_ids[start : start + EVIDENCE_BATCH])
        )
        for label, provision in session.execute(query):
            cited[label].append(provision)
    return cited


def provision_labels_on(session: Session, concepts: Collection[str]) -> Iterator[ProvisionLabelRow]:
    """(instrument, concept, method, model, review status, provision) of every
    provision-level label on these concepts."""
    query = (
        select(
            InstrumentVersion.instrument_id,
            Label.concept_id,
            Label.method,
            Label.model_id,
            Label.review_status,
            Label.provision_id,
        )
        .join(Provision, Provision.id == Label.provision_id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .where(Label.concept_id.in_(concepts))
    )
    yield from session.execute(query)


def labelling_runs_read(
    session: Session, taxonomy: str, model_id: str
) -> list[tuple[int, str | None]]:
    """(version, its language) of every text a model's labelling run read for a taxonomy."""
    query = (
        select(LabellingRun.version_id, InstrumentVersion.language)
        .join(InstrumentVersion, InstrumentVersion.id == LabellingRun.version_id)
        .where(LabellingRun.taxonomy_id == taxonomy, LabellingRun.model_id == model_id)
    )
    return [(version, language) for version, language in session.execute(query)]


def human_coded_instruments(session: Session, taxonomies: Collection[str]) -> dict[str, set[str]]:
    """Taxonomy -> the instruments people coded with it (a human instrument label)."""
    query = (
        select(Label.instrument_id, Concept.taxonomy_id)
        .join(Concept, Concept.id == Label.concept_id)
        .where(
            Label.method == LabelMethod.HUMAN,
            Label.instrument_id.is_not(None),
            Concept.taxonomy_id.in_(taxonomies),
        )
        .distinct()
    )
    coded: dict[str, set[str]] = defaultdict(set)
    for instrument, taxonomy in session.execute(query):
        if instrument is not None:
            coded[taxonomy].add(instrument)
    return coded


BODY_KINDS = (
    JurisdictionKind.SUPRANATIONAL,
    JurisdictionKind.INTERGOVERNMENTAL,
    JurisdictionKind.FORUM,
)


def body_ids(session: Session) -> set[str]:
    """The jurisdictions that are bodies of states: supranational, intergovernmental, forums."""
    return set(session.scalars(select(Jurisdiction.id).where(Jurisdiction.kind.in_(BODY_KINDS))))


def adherence_acts(session: Session) -> list[tuple[str, str, AdherenceAct]]:
    """(instrument, party, act) of every adherence fact."""
    query = select(Adherence.instrument_id, Adherence.party, Adherence.act)
    return [(instrument, party, act) for instrument, party, act in session.execute(query)]
