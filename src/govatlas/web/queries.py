"""Read models shared by the JSON API and the pages: one query, two renderings.

Every function takes a session and returns plain dicts and lists, so the API
serialises them as they are and the templates render them without touching the
ORM. Instruments are dated by their first lifecycle event.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from govatlas.analytics.coverage import covering_instruments
from govatlas.analytics.technology import get_technology, technologies, technology_instruments
from govatlas.classify.quality import (
    ConceptQuality,
    label_note,
    language_note,
    measured_languages,
    saved_qualities,
)
from govatlas.config import models_dir
from govatlas.crosswalk.review_queue import standing
from govatlas.errors import GovatlasError, NotFoundError
from govatlas.store.instrument_lists import (
    ListFilters,
    count_of,
    instrument_list,
    page_after,
)
from govatlas.store.instruments import (
    REFERENCE_FORMAT,
    get_instrument,
    reading_version,
    replaced_version_ids,
)
from govatlas.store.models import (
    Concept,
    Instrument,
    InstrumentVersion,
    Label,
    LabelEvidence,
    Provision,
    Relationship,
)
from govatlas.store.releases import newest_release
from govatlas.store.taxonomies import unknown_concept
from govatlas.vocabulary import (
    Binding,
    InstrumentType,
    JurisdictionKind,
    LabelMethod,
    ReviewStatus,
    Status,
)
from govatlas.web.reader_parts import part_index, split_parts

SUPRANATIONAL_KINDS = (
    JurisdictionKind.SUPRANATIONAL,
    JurisdictionKind.INTERGOVERNMENTAL,
    JurisdictionKind.FORUM,
    JurisdictionKind.GLOBAL,
    JurisdictionKind.REGION,
)


@dataclass(frozen=True)
class InstrumentFilters:
    jurisdiction: str | None = None
    type: InstrumentType | None = None
    binding: Binding | None = None
    status: Status | None = None
    year_from: int | None = None
    year_to: int | None = None
    concept: str | None = None
    text: str | None = None
    technology: str | None = None  # a technology's notation: measured evidence only


def concept_instruments(session: Session, concept: str) -> set[str]:
    """Instruments covering ``concept`` (labels on it, its descendants or mapped concepts)."""
    if session.get(Concept, concept) is None:
        raise unknown_concept(session, concept)
    return covering_instruments(session, concept)


def instrument_select(session: Session, filters: InstrumentFilters) -> Select[Any]:
    """Instruments matching the filters with their first date, ordered by id; the concept
    and technology filters are resolved to the instruments that measurably cover them."""
    within: set[str] | None = None
    if filters.concept:
        within = concept_instruments(session, filters.concept)
    if filters.technology:
        technology = get_technology(session, filters.technology)
        using = set(technology_instruments(session, technology))
        within = using if within is None else within & using
    return instrument_list(
        ListFilters(
            filters.jurisdiction,
            filters.type,
            filters.binding,
            filters.status,
            filters.year_from,
            filters.year_to,
            filters.text,
            frozenset(within) if within is not None else None,
        )
    )


def technology_choices(session: Session) -> list[dict[str, Any]]:
    """The technologies as filters offer them: measured ones plainly, the others marked."""
    return [
        {
            "id": t.notation,
            "concept": t.concept_id,
            "label": t.label,
            "measured": t.measured,
            "note": t.note,
            "measured_on": list(t.measured_on),
        }
        for t in technologies(session)
    ]


def instrument_summary(instrument: Instrument, first: date | None) -> dict[str, Any]:
    return {
        "id": instrument.id,
        "title": instrument.title,
        "short_name": instrument.short_name,
        "type": instrument.type.value,
        "binding": instrument.binding.value,
        "status": instrument.status.value,
        "jurisdiction": instrument.jurisdiction_id,
        "first_date": first.isoformat() if first else None,
        "official_urls": list(instrument.official_urls or []),
    }


def instruments_page(
    session: Session, filters: InstrumentFilters, after: str | None, limit: int
) -> tuple[list[dict[str, Any]], str | None, int]:
    """One page of instruments after the id ``after``, the next cursor and the total."""
    query = instrument_select(session, filters)
    total = count_of(session, query)
    rows, more = page_after(session, query, after, limit)
    items = [instrument_summary(i, first) for i, first in rows]
    next_cursor = items[-1]["id"] if more and items else None
    return items, next_cursor, total


def _versions(session: Session, instrument_id: str) -> list[dict[str, Any]]:
    counts = dict(
        session.execute(
            select(Provision.version_id, func.count())
            .join(InstrumentVersion, Provision.version_id == InstrumentVersion.id)
            .where(InstrumentVersion.instrument_id == instrument_id)
            .group_by(Provision.version_id)
        ).all()
    )
    versions = session.scalars(
        select(InstrumentVersion)
        .where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.id.not_in(replaced_version_ids()),
        )
        .order_by(InstrumentVersion.id.desc())
    )
    return [
        {
            "id": v.id,
            "content_hash": v.content_hash,
            "format": v.format,
            "language": v.language,
            "source": v.source,
            "source_url": v.source_url,
            "created_at": v.created_at.isoformat(),
            "provisions": counts.get(v.id, 0),
            "reference": v.format == REFERENCE_FORMAT,
        }
        for v in versions
    ]


def label_qualities() -> dict[str, ConceptQuality]:
    """The saved F1 figures by taxonomy; labels are shown unflagged if one is unreadable."""
    try:
        return saved_qualities(models_dir())
    except GovatlasError:
        return {}


def experimental_notes(session: Session, labels: Sequence[Label]) -> dict[int, str]:
    """Label id -> "experimental: ..." for the machine labels on weakly measured concepts."""
    qualities = label_qualities() if labels else {}
    if not qualities:
        return {}
    concepts = {
        c.id: c
        for c in session.scalars(
            select(Concept).where(Concept.id.in_({label.concept_id for label in labels}))
        )
    }
    notes = {}
    for label in labels:
        concept = concepts.get(label.concept_id)
        if concept is not None:
            note = label_note(qualities, concept.taxonomy_id, concept.pref_label, label.model_id)
            if note:
                notes[label.id] = note
    return notes


def label_measures(session: Session, labels: Sequence[Label]) -> dict[int, dict[str, Any]]:
    """Label id -> ``measured_on`` fields, for lists of labels (the API's /labels): the
    text's language is the labelled provision's, else the instrument's newest text's."""
    if not labels:
        return {}
    qualities = label_qualities()
    taxonomy_of = dict(
        session.execute(
            select(Concept.id, Concept.taxonomy_id).where(
                Concept.id.in_({label.concept_id for label in labels})
            )
        ).all()
    )
    provisions = {label.provision_id for label in labels if label.provision_id is not None}
    by_provision = dict(
        session.execute(
            select(Provision.id, Provision.language).where(Provision.id.in_(provisions))
        ).all()
    )
    instruments = {label.instrument_id for label in labels if label.instrument_id is not None}
    by_instrument: dict[str, str | None] = {}
    for instrument, language in session.execute(
        select(InstrumentVersion.instrument_id, InstrumentVersion.language)
        .where(
            InstrumentVersion.instrument_id.in_(instruments),
            InstrumentVersion.format != REFERENCE_FORMAT,
        )
        .order_by(InstrumentVersion.id)
    ):
        by_instrument[instrument] = language  # the newest wins
    found = {}
    for label in labels:
        language = by_provision.get(label.provision_id or -1) or by_instrument.get(
            label.instrument_id or ""
        )
        found[label.id] = measured_on(
            qualities, taxonomy_of.get(label.concept_id), label.model_id, language
        )
    return found


def measured_on(
    qualities: Mapping[str, ConceptQuality],
    taxonomy: str | None,
    model_id: str | None,
    language: str | None,
) -> dict[str, Any]:
    """On which languages the label's method was measured, and a note when the text it
    labels is in another ("measured on English only")."""
    languages = measured_languages(qualities, taxonomy, model_id)
    return {
        "measured_on": list(languages),
        "text_language": language,
        "language_note": language_note(languages, language),
    }


@dataclass(frozen=True)
class ShownEvidence:
    provision_id: int
    start_offset: int
    end_offset: int
    score: float | None


@dataclass(frozen=True)
class ShownLabel:
    """What an instrument page shows of a label: plain rows, not ORM objects (the EU AI
    Act carries about 150 labels with their evidence)."""

    id: int
    concept_id: str
    score: float | None
    method: LabelMethod
    model_id: str | None
    review_status: ReviewStatus
    provenance: str | None
    evidence: tuple[ShownEvidence, ...]


def instrument_labels(session: Session, instrument_id: str) -> list[ShownLabel]:
    """The instrument's labels that are not rejected, by concept, each with its evidence."""
    rows = session.execute(
        select(
            Label.id,
            Label.concept_id,
            Label.score,
            Label.method,
            Label.model_id,
            Label.review_status,
            Label.provenance,
        )
        .where(Label.instrument_id == instrument_id, Label.review_status != ReviewStatus.REJECTED)
        .order_by(Label.concept_id, Label.id)
    ).all()
    evidence: dict[int, list[ShownEvidence]] = defaultdict(list)
    if rows:
        for label_id, provision_id, start, end, score in session.execute(
            select(
                LabelEvidence.label_id,
                LabelEvidence.provision_id,
                LabelEvidence.start_offset,
                LabelEvidence.end_offset,
                LabelEvidence.score,
            )
            .join(Label, Label.id == LabelEvidence.label_id)
            .where(Label.instrument_id == instrument_id)
            .order_by(LabelEvidence.id)
        ):
            evidence[label_id].append(ShownEvidence(provision_id, start, end, score))
    return [ShownLabel(*row, evidence=tuple(evidence.get(row[0], ()))) for row in rows]


def label_view(
    label: ShownLabel,
    concept: Concept | None,
    qualities: Mapping[str, ConceptQuality],
    language: str | None = None,
) -> dict[str, Any]:
    """One label; ``language`` is the language of the text it labels, when known."""
    taxonomy = concept.taxonomy_id if concept else None
    return measured_on(qualities, taxonomy, label.model_id, language) | {
        "id": label.id,
        "concept": label.concept_id,
        "concept_label": concept.pref_label if concept else label.concept_id,
        "taxonomy": concept.taxonomy_id if concept else None,
        "score": label.score,
        "method": label.method.value,
        "model": label.model_id,
        "review_status": label.review_status.value,
        "experimental": label_note(
            qualities,
            concept.taxonomy_id if concept else None,
            concept.pref_label if concept else label.concept_id,
            label.model_id,
        ),
        "provenance": label.provenance,
        "evidence": [
            {
                "provision": e.provision_id,
                "start": e.start_offset,
                "end": e.end_offset,
                "score": e.score,
            }
            for e in label.evidence
        ],
    }


def instrument_detail(session: Session, instrument_id: str) -> dict[str, Any]:
    instrument = get_instrument(session, instrument_id)
    first = min((e.date for e in instrument.events), default=None)
    labels = instrument_labels(session, instrument_id)
    concepts = {
        c.id: c
        for c in session.scalars(
            select(Concept).where(Concept.id.in_([label.concept_id for label in labels]))
        )
    }
    qualities = label_qualities() if labels else {}
    languages = _label_languages(session, instrument_id, labels)
    return instrument_summary(instrument, first) | {
        "summary": instrument.summary,
        "languages": list(instrument.languages or []),
        "issuers": [a.name for a in instrument.issuers],
        "external_ids": [{"scheme": e.scheme, "value": e.value} for e in instrument.external_ids],
        "events": [
            {"kind": e.kind.value, "date": e.date.isoformat(), "note": e.note}
            for e in instrument.events
        ],
        "versions": _versions(session, instrument_id),
        "labels": [
            label_view(label, concepts.get(label.concept_id), qualities, languages.get(label.id))
            for label in labels
        ],
    }


def _label_languages(
    session: Session, instrument_id: str, labels: Sequence[ShownLabel]
) -> dict[int, str | None]:
    """Label id -> language of the text it labels: its evidence's provisions (the first
    one's), else the instrument's reading version."""
    cited = {e.provision_id for label in labels for e in label.evidence}
    by_provision: dict[int, str | None] = {}
    if cited:
        by_provision = dict(
            session.execute(
                select(Provision.id, Provision.language).where(Provision.id.in_(cited))
            ).all()
        )
    version = reading_version(session, instrument_id, None) if labels else None
    fallback = version.language if version is not None else None
    found: dict[int, str | None] = {}
    for label in labels:
        languages = [by_provision.get(e.provision_id) for e in label.evidence]
        found[label.id] = next((x for x in languages if x), fallback)
    return found


def _depths(provisions: list[Any]) -> dict[int, int]:
    parent = {p.id: p.parent_id for p in provisions}
    depth: dict[int, int] = {}
    for p in provisions:
        d, node = 0, p.parent_id
        while node is not None and d < 12:
            d, node = d + 1, parent.get(node)
        depth[p.id] = d
    return depth


def _relations(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Counterparts of these provisions in other instruments, both directions."""
    other, other_version = aliased(Provision), aliased(InstrumentVersion)
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for mine, theirs, forward in (
        (Relationship.source_provision_id, Relationship.target_provision_id, True),
        (Relationship.target_provision_id, Relationship.source_provision_id, False),
    ):
        rows = session.execute(  # plain rows, not ORM objects: a long law has hundreds
            select(
                Relationship.id,
                Relationship.type,
                Relationship.method,
                Relationship.review_status,
                Relationship.confidence,
                mine,
                other.path,
                other.id,
                other_version.instrument_id,
            )
            .join(other, theirs == other.id)
            .join(other_version, other.version_id == other_version.id)
            .where(mine.in_(ids), standing())
        ).all()
        for rel, kind, method, status, confidence, provision_id, path, other_id, instrument in rows:
            if provision_id is None:
                continue
            found[provision_id].append(
                {
                    "relationship": rel,
                    "type": kind.value,
                    "direction": "to" if forward else "from",
                    "instrument": instrument,
                    "provision": other_id,
                    "path": path,
                    "method": method.value,
                    "review_status": status.value,
                    "confidence": confidence,
                }
            )
    return found


def highlighted(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, list[str]]]:
    """``text`` cut at span edges: (fragment, concepts whose evidence covers it)."""
    cuts = sorted({0, len(text), *(max(0, min(len(text), x)) for s, e, _ in spans for x in (s, e))})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        if start == end:
            continue
        covering = sorted({c for s, e, c in spans if s <= start and end <= e})
        pieces.append((text[start:end], covering))
    return pieces


def provision_part(
    session: Session, version_id: int, provision_id: int, part_size: int
) -> tuple[int, int]:
    """Which part of its version's text shows the provision (from 1), and how many parts."""
    outline = session.execute(
        select(Provision.id, Provision.parent_id)
        .where(Provision.version_id == version_id)
        .order_by(Provision.ordinal)
    ).all()
    parts = split_parts([p.id for p in outline], _depths(list(outline)), part_size)
    return part_index(parts, None, provision_id) + 1, len(parts)


def newest_text_version(session: Session, instrument_id: str) -> int | None:
    """The id of the version the instrument page shows by default."""
    return session.scalar(
        select(func.max(InstrumentVersion.id)).where(
            InstrumentVersion.instrument_id == instrument_id,
            InstrumentVersion.format != REFERENCE_FORMAT,
        )
    )


# Provisions the table of contents names even without a heading.
TOC_KINDS = ("article", "chapter", "annex", "section", "subcategory", "category", "function")


def reading_provisions(
    session: Session,
    instrument_id: str,
    version_id: int | None = None,
    part: int | None = None,
    provision: int | None = None,
    part_size: int | None = None,
) -> dict[str, Any]:
    """The version's provisions in order, each with its own text, labels and counterparts.

    With ``part_size``, only one part of the text (``reader_parts``): the ``part``-th, or
    the one holding ``provision``; ``toc`` then lists the headings of every part.
    """
    get_instrument(session, instrument_id)
    query = select(InstrumentVersion).where(InstrumentVersion.instrument_id == instrument_id)
    if version_id is not None:
        query = query.where(InstrumentVersion.id == version_id)
    else:
        query = query.where(InstrumentVersion.format != REFERENCE_FORMAT)
    version = session.scalars(query.order_by(InstrumentVersion.id.desc()).limit(1)).first()
    if version is None and version_id is None:
        version = session.scalars(
            select(InstrumentVersion)
            .where(InstrumentVersion.instrument_id == instrument_id)
            .order_by(InstrumentVersion.id.desc())
        ).first()
    if version is None:
        if version_id is not None:
            raise NotFoundError(f"{instrument_id} has no version {version_id}", "see its versions")
        return {"version": None, "provisions": [], "toc": [], "part": 1, "parts": 1}
    outline = session.execute(
        select(Provision.id, Provision.path, Provision.kind, Provision.heading, Provision.parent_id)
        .where(Provision.version_id == version.id)
        .order_by(Provision.ordinal)
    ).all()
    depth = _depths(list(outline))
    order = [p.id for p in outline]
    parts = split_parts(order, depth, part_size) if part_size else [order]
    index = part_index(parts, part, provision)
    part_of = {pid: number for number, ids in enumerate(parts, 1) for pid in ids}
    toc = [
        {
            "id": p.id,
            "path": p.path,
            "heading": p.heading,
            "depth": depth[p.id],
            "part": part_of[p.id],
        }
        for p in outline
        if depth[p.id] <= 1 and (p.heading or p.kind in TOC_KINDS)
    ]
    in_part = [Provision.version_id == version.id]
    if len(parts) > 1:
        in_part.append(Provision.id.in_(parts[index]))
    provisions: list[Any] = list(  # plain rows: ~10x lighter than ORM objects for long laws
        session.execute(
            select(
                Provision.id,
                Provision.path,
                Provision.kind,
                Provision.heading,
                Provision.parent_id,
                Provision.text,
                Provision.search_text,
                Provision.language,
            )
            .where(*in_part)
            .order_by(Provision.ordinal)
        ).all()
    )
    ids = [p.id for p in provisions]
    evidence = session.execute(  # plain rows, not ORM objects
        select(
            LabelEvidence.provision_id,
            LabelEvidence.score,
            LabelEvidence.start_offset,
            LabelEvidence.end_offset,
            Label.id,
            Label.concept_id,
            Label.score,
            Label.method,
            Label.model_id,
            Label.review_status,
            Label.review_version,
        )
        .join(Label, LabelEvidence.label_id == Label.id)
        .where(LabelEvidence.provision_id.in_(ids), Label.review_status != ReviewStatus.REJECTED)
    ).all()
    wanted = {row.concept_id for row in evidence}
    concepts = (
        {c.id: c for c in session.scalars(select(Concept).where(Concept.id.in_(wanted)))}
        if wanted
        else {}
    )
    qualities = label_qualities() if evidence else {}
    labels: dict[int, list[dict[str, Any]]] = defaultdict(list)
    language_of = {p.id: p.language or version.language for p in provisions}
    for (
        provision_id,
        evidence_score,
        start,
        end,
        label_id,
        concept_id,
        label_score,
        method,
        model_id,
        status,
        review_version,
    ) in evidence:
        concept = concepts.get(concept_id)
        concept_label = concept.pref_label if concept else concept_id
        taxonomy = concept.taxonomy_id if concept else None
        labels[provision_id].append(
            measured_on(qualities, taxonomy, model_id, language_of.get(provision_id))
            | {
                "label": label_id,
                "concept": concept_id,
                "concept_label": concept_label,
                "experimental": label_note(qualities, taxonomy, concept_label, model_id),
                "score": evidence_score,
                "label_score": label_score,
                "method": method.value,
                "model": model_id,
                "review_status": status.value,
                "review_version": review_version,
                "start": start,
                "end": end,
            }
        )
    relations = _relations(session, ids)

    def shown(p: Any) -> str:
        return str(p.search_text if p.search_text is not None else p.text)

    def segments(p: Any) -> list[tuple[str, list[str]]]:
        """Evidence spans index the full text, so they are marked only where it is shown."""
        spans = [(x["start"], x["end"], x["concept_label"]) for x in labels.get(p.id, [])]
        if shown(p) != p.text or not spans:
            return [(shown(p), [])]
        return highlighted(p.text, spans)

    return {
        "version": {
            "id": version.id,
            "content_hash": version.content_hash,
            "format": version.format,
            "language": version.language,
        },
        "toc": toc,
        "part": index + 1,
        "parts": len(parts),
        "provisions": [
            {
                "id": p.id,
                "path": p.path,
                "kind": p.kind,
                "heading": p.heading,
                "depth": depth[p.id],
                "text": shown(p),
                "segments": segments(p),
                "labels": labels.get(p.id, []),
                "relations": relations.get(p.id, []),
            }
            for p in provisions
        ],
    }


def provision_detail(session: Session, provision_id: int) -> dict[str, Any]:
    provision = session.get(Provision, provision_id)
    if provision is None:
        raise NotFoundError(
            f"no provision {provision_id}", "provision ids come from search or the API"
        )
    version = provision.version
    return {
        "id": provision.id,
        "instrument": version.instrument_id,
        "version": version.id,
        "path": provision.path,
        "kind": provision.kind,
        "heading": provision.heading,
        "parent": provision.parent_id,
        "start": provision.start_offset,
        "end": provision.end_offset,
        "language": provision.language,
        "text": provision.text,
        "relations": _relations(session, [provision.id]).get(provision.id, []),
    }


def current_release(session: Session) -> dict[str, Any] | None:
    release = newest_release(session)
    if release is None:
        return None
    return {
        "id": release.id,
        "tag": release.tag,
        "content_hash": release.content_hash,
        "created_at": release.created_at.isoformat(),
        "counts": release.counts,
        "note": release.note,
    }
