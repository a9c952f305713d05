"""An instrument's text as the reader shows it: its provisions in order with their depth,
headings for the table of contents, the labels and relationships on each, highlighted
spans, split into parts for long texts; one provision with its relations."""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from govatlas.classify.measured.experimental import label_note
from govatlas.errors import NotFoundError
from govatlas.store.instruments import get_instrument
from govatlas.store.models import Provision
from govatlas.store.relationships import provision_counterparts
from govatlas.store.shown_labels import concepts_by_id, provision_evidence
from govatlas.store.versions import (
    OutlineEntry,
    ShownProvision,
    shown_provisions,
    shown_version,
    version_outline,
)
from govatlas.web import label_views
from govatlas.web.label_views import measured_on
from govatlas.web.reader_parts import part_index, split_parts


def _depths(provisions: list[OutlineEntry]) -> dict[int, int]:
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
    return {
        provision: [
            {
                "relationship": c.relationship_id,
                "type": c.type.value,
                "direction": "to" if c.forward else "from",
                "instrument": c.instrument_id,
                "provision": c.provision_id,
                "path": c.path,
                "method": c.method.value,
                "review_status": c.review_status.value,
                "confidence": c.confidence,
            }
            for c in counterparts
        ]
        for provision, counterparts in provision_counterparts(session, ids).items()
    }


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
    outline = version_outline(session, version_id)
    parts = split_parts([p.id for p in outline], _depths(outline), part_size)
    return part_index(parts, None, provision_id) + 1, len(parts)


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
    version = shown_version(session, instrument_id, version_id)
    if version is None:
        if version_id is not None:
            raise NotFoundError(f"{instrument_id} has no version {version_id}", "see its versions")
        return {"version": None, "provisions": [], "toc": [], "part": 1, "parts": 1}
    outline = version_outline(session, version.id)
    depth = _depths(outline)
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
    provisions = shown_provisions(session, version.id, parts[index] if len(parts) > 1 else None)
    ids = [p.id for p in provisions]
    evidence = provision_evidence(session, ids)
    concepts = concepts_by_id(session, {row.concept_id for row in evidence})
    qualities = label_views.label_qualities() if evidence else {}
    labels: dict[int, list[dict[str, Any]]] = defaultdict(list)
    language_of = {p.id: p.language or version.language for p in provisions}
    for row in evidence:
        concept = concepts.get(row.concept_id)
        concept_label = concept.pref_label if concept else row.concept_id
        taxonomy = concept.taxonomy_id if concept else None
        labels[row.provision_id].append(
            measured_on(qualities, taxonomy, row.model_id, language_of.get(row.provision_id))
            | {
                "label": row.label_id,
                "concept": row.concept_id,
                "concept_label": concept_label,
                "experimental": label_note(
                    qualities, taxonomy, concept_label, row.model_id, row.concept_id
                ),
                "score": row.evidence_score,
                "label_score": row.label_score,
                "method": row.method.value,
                "model": row.model_id,
                "review_status": row.review_status.value,
                "review_version": row.review_version,
                "start": row.start,
                "end": row.end,
            }
        )
    relations = _relations(session, ids)

    def shown(p: ShownProvision) -> str:
        return str(p.search_text if p.search_text is not None else p.text)

    def segments(p: ShownProvision) -> list[tuple[str, list[str]]]:
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
