"""The review queues' queries: the machine labels, the near misses and the crosswalk
suggestions waiting for a person, in the order that teaches the next model most
(``classify.labels.queue``, ``classify.labels.near_misses`` and
``crosswalk.review_queue`` decide what the order means and shape the rows).

A waiting label is an unreviewed model label, on an instrument or on a provision (then
its instrument is the provision's version's). The order keys are plain SQL arithmetic
on odds, so SQLite (without its math functions) and PostgreSQL sort alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, null, select
from sqlalchemy.orm import Session, aliased

from govatlas.store.models import (
    Concept,
    Instrument,
    InstrumentVersion,
    Label,
    LabelEvidence,
    NearMiss,
    Provision,
    Relationship,
)
from govatlas.vocabulary import LabelMethod, RelationshipMethod, ReviewStatus

WaitingLabelRow = tuple[Label, str, str, str]  # label, instrument, its short name, concept
WaitingNearMissRow = tuple[NearMiss, str, str, str, str]  # miss, instrument, concept, path, text


def _owner() -> ColumnElement[str]:
    """The instrument a label is on: its own, or its provision's version's."""
    return func.coalesce(Label.instrument_id, InstrumentVersion.instrument_id)


def _waiting_labels(
    columns: list[Any], taxonomy: str | None, instrument: str | None
) -> Select[Any]:
    query: Select[Any] = (
        select(*columns)
        .select_from(Label)
        .join(Concept, Concept.id == Label.concept_id)
        .outerjoin(Provision, Provision.id == Label.provision_id)
        .outerjoin(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
        .join(Instrument, Instrument.id == _owner())
        .where(Label.method == LabelMethod.MODEL, Label.review_status == ReviewStatus.UNREVIEWED)
    )
    if taxonomy is not None:
        query = query.where(Concept.taxonomy_id == taxonomy)
    if instrument is not None:
        query = query.where(_owner() == instrument)
    return query


def uncertainty_key(
    thresholds: Mapping[str, float], model_id: str, eps: float
) -> ColumnElement[Any]:
    """exp(|logit(p) - logit(t)|) of a label of ``model_id`` on a provision, NULL for any
    other: max(r, 1/r) for r = odds(p) / odds(t), with p kept in [eps, 1 - eps] and t the
    concept's threshold in ``thresholds`` (which must not be empty: a constant NULL is
    not a sort key PostgreSQL accepts)."""
    if not thresholds:
        raise ValueError("uncertainty_key needs at least one measured threshold")
    factor = case(
        {cid: (1.0 - t) / t for cid, t in sorted(thresholds.items())},
        value=Label.concept_id,
        else_=null(),
    )
    p = case((Label.score < eps, eps), (Label.score > 1.0 - eps, 1.0 - eps), else_=Label.score)
    ratio = p / (1.0 - p) * factor
    gap = case((ratio >= 1.0, ratio), else_=1.0 / ratio)
    mine = and_(Label.model_id == model_id, Label.provision_id.is_not(None))
    return case((mine, gap), else_=null())


def waiting_labels(
    session: Session,
    taxonomy: str | None,
    instrument: str | None,
    offset: int,
    limit: int,
    first: ColumnElement[Any] | None = None,
) -> list[WaitingLabelRow]:
    """One page of waiting labels: by ``first`` ascending (NULLs last) when given, then
    by score (highest first, none last) and id."""
    query = _waiting_labels(
        [Label, Instrument.id, Instrument.short_name, Concept.pref_label], taxonomy, instrument
    )
    by_score = (Label.score.desc().nulls_last(), Label.id)
    if first is not None:
        query = query.order_by(first.asc().nulls_last(), *by_score)
    else:
        query = query.order_by(*by_score)
    rows = session.execute(query.offset(offset).limit(limit))
    return [(label, owner, name, concept) for label, owner, name, concept in rows]


def waiting_label_count(session: Session, taxonomy: str | None, instrument: str | None) -> int:
    """How many labels wait (of one taxonomy, on one instrument, if given)."""
    return int(session.scalar(_waiting_labels([func.count()], taxonomy, instrument)) or 0)


def waiting_labels_by_taxonomy(session: Session) -> list[tuple[str, int]]:
    """(taxonomy, how many labels wait) for each taxonomy with one."""
    query = _waiting_labels([Concept.taxonomy_id, func.count()], None, None)
    return [(str(t), int(n)) for t, n in session.execute(query.group_by(Concept.taxonomy_id))]


def best_evidence(session: Session, label_ids: Sequence[int]) -> dict[int, tuple[Provision, str]]:
    """Label id -> its highest-scored evidence provision and the span's text."""
    best: dict[int, tuple[Provision, str]] = {}
    rows = session.execute(
        select(LabelEvidence, Provision)
        .join(Provision, Provision.id == LabelEvidence.provision_id)
        .where(LabelEvidence.label_id.in_(label_ids))
        .order_by(LabelEvidence.label_id, LabelEvidence.score.desc(), LabelEvidence.id)
    )
    for evidence, provision in rows:
        if evidence.label_id not in best:
            span = provision.text[evidence.start_offset : evidence.end_offset]
            best[evidence.label_id] = (provision, span)
    return best


def _closeness(eps: float) -> ColumnElement[Any]:
    """odds(p) / odds(t), in SQL: 1 on the threshold, smaller further below it."""
    p = case(
        (NearMiss.score < eps, eps),
        (NearMiss.score > 1.0 - eps, 1.0 - eps),
        else_=NearMiss.score,
    )
    return p / (1.0 - p) * ((1.0 - NearMiss.threshold) / NearMiss.threshold)


def _waiting_near_misses(taxonomy: str | None, instrument: str | None) -> Select[Any]:
    columns: list[Any] = [
        NearMiss,
        InstrumentVersion.instrument_id,
        Concept.pref_label,
        Provision.path,
        Provision.text,
    ]
    query: Select[Any] = (
        select(*columns)
        .join(Concept, Concept.id == NearMiss.concept_id)
        .join(Provision, Provision.id == NearMiss.provision_id)
        .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
    )
    if taxonomy is not None:
        query = query.where(Concept.taxonomy_id == taxonomy)
    if instrument is not None:
        query = query.where(InstrumentVersion.instrument_id == instrument)
    return query


def waiting_near_misses(
    session: Session,
    taxonomy: str | None,
    instrument: str | None,
    offset: int,
    limit: int,
    eps: float,
) -> list[WaitingNearMissRow]:
    """One page of near misses, closest to their threshold first (``eps`` keeps the
    probability off 0 and 1)."""
    query = (
        _waiting_near_misses(taxonomy, instrument)
        .order_by(_closeness(eps).desc(), NearMiss.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        (miss, owner, label, path, text)
        for miss, owner, label, path, text in session.execute(query)
    ]


def near_misses_by_taxonomy(session: Session) -> list[tuple[str, int]]:
    """(taxonomy, near misses waiting), by taxonomy."""
    rows = session.execute(
        select(Concept.taxonomy_id, func.count(NearMiss.id))
        .join(Concept, Concept.id == NearMiss.concept_id)
        .group_by(Concept.taxonomy_id)
        .order_by(Concept.taxonomy_id)
    )
    return [(taxonomy, int(count)) for taxonomy, count in rows]


def near_miss_count(session: Session, taxonomy: str | None, instrument: str | None) -> int:
    """How many near misses wait (of one taxonomy, on one instrument, if given)."""
    query = _waiting_near_misses(taxonomy, instrument).with_only_columns(func.count(NearMiss.id))
    return int(session.scalar(query) or 0)


_SOURCE, _TARGET = aliased(Provision, name="source"), aliased(Provision, name="target")
_SOURCE_VERSION = aliased(InstrumentVersion, name="source_version")
_TARGET_VERSION = aliased(InstrumentVersion, name="target_version")
SuggestionRow = tuple[Relationship, str, Provision, str, Provision]  # with both ends


def _suggestions(columns: Sequence[Any]) -> Select[Any]:
    """``columns`` of every automated relationship, both ends joined to their versions."""
    query: Select[Any] = (
        select(*columns)
        .select_from(Relationship)
        .join(_SOURCE, Relationship.source_provision_id == _SOURCE.id)
        .join(_SOURCE_VERSION, _SOURCE.version_id == _SOURCE_VERSION.id)
        .join(_TARGET, Relationship.target_provision_id == _TARGET.id)
        .join(_TARGET_VERSION, _TARGET.version_id == _TARGET_VERSION.id)
        .where(Relationship.method == RelationshipMethod.AUTOMATED)
    )
    return query


def _waiting_suggestions(
    columns: Sequence[Any], instrument: str | None, counterpart: str | None
) -> Select[Any]:
    """``columns`` of the unreviewed suggestions touching ``instrument`` (and ``counterpart``)."""
    query = _suggestions(columns).where(Relationship.review_status == ReviewStatus.UNREVIEWED)
    ends = [name for name in (instrument, counterpart) if name is not None]
    for name in ends:
        query = query.where(
            (_SOURCE_VERSION.instrument_id == name) | (_TARGET_VERSION.instrument_id == name)
        )
    if len(ends) == 2 and ends[0] == ends[1]:  # both ends in the one instrument
        query = query.where(_SOURCE_VERSION.instrument_id == _TARGET_VERSION.instrument_id)
    return query


_SUGGESTION_COLUMNS = (
    Relationship,
    _SOURCE_VERSION.instrument_id,
    _SOURCE,
    _TARGET_VERSION.instrument_id,
    _TARGET,
)


def waiting_suggestions(
    session: Session, instrument: str | None, counterpart: str | None, offset: int, limit: int
) -> list[SuggestionRow]:
    """One page of unreviewed suggestions with both ends, most confident first."""
    query = _waiting_suggestions(_SUGGESTION_COLUMNS, instrument, counterpart).order_by(
        Relationship.confidence.desc().nulls_last(), Relationship.id
    )
    rows = session.execute(query.offset(offset).limit(limit))
    return [
        (rel, source_id, source, target_id, target)
        for rel, source_id, source, target_id, target in rows
    ]


def suggestion_with_ends(session: Session, relationship_id: int) -> SuggestionRow | None:
    """One suggestion, reviewed or not, with both ends (None when there is no such one)."""
    query = _suggestions(_SUGGESTION_COLUMNS).where(Relationship.id == relationship_id)
    row = session.execute(query).first()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4])


def waiting_suggestion_count(
    session: Session, instrument: str | None, counterpart: str | None
) -> int:
    """How many unreviewed suggestions touch ``instrument`` (and ``counterpart``)."""
    return int(session.scalar(_waiting_suggestions([func.count()], instrument, counterpart)) or 0)


def waiting_suggestion_pairs(session: Session) -> list[tuple[str, str, int]]:
    """(source instrument, target instrument, how many suggestions wait) per pair."""
    source, target = _SOURCE_VERSION.instrument_id, _TARGET_VERSION.instrument_id
    pairs = _waiting_suggestions([source, target, func.count()], None, None).group_by(
        source, target
    )
    return [(first, second, int(count)) for first, second, count in session.execute(pairs)]
