"""An instrument's text as the reader shows it: its provisions in order with their depth,
headings for the table of contents, the labels and relationships on each, highlighted
spans, split into parts for long texts; one provision with its relations."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from govatlas.classify.quality import (
    label_note,
)
from govatlas.crosswalk.review_queue import standing
from govatlas.errors import NotFoundError
from govatlas.store.instruments import (
    REFERENCE_FORMAT,
    get_instrument,
)
from govatlas.store.models import (
    Concept,
    InstrumentVersion,
    Label,
    LabelEvidence,
    Provision,
    Relationship,
)
from govatlas.vocabulary import (
    ReviewStatus,
)
from govatlas.web import label_views
from govatlas.web.label_views import measured_on
from govatlas.web.reader_parts import part_index, split_parts


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
    qualities = label_views.label_qualities() if evidence else {}
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
