"""Coverage matrix: which instruments and jurisdictions cover which concepts.

An instrument covers a concept when it carries a label (any method, not
rejected; on the instrument or on one of its provisions) on the concept itself,
on one of its descendants, or on a concept of another taxonomy mapped to it
(equal, subset, superset, intersects or related mappings, in either direction).
Jurisdiction rows count covering instruments, binding and non-binding apart, so
"the EU binds on red lines" and "the US only recommends" read differently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from govatlas.errors import NotFoundError
from govatlas.store.models import Concept, Instrument, InstrumentVersion, Label, Provision
from govatlas.store.models import Relationship as Link
from govatlas.vocabulary import Binding, RelationshipType, ReviewStatus

MAPPED = (
    RelationshipType.EQUAL,
    RelationshipType.SUBSET,
    RelationshipType.SUPERSET,
    RelationshipType.INTERSECTS,
    RelationshipType.RELATED,
)


@dataclass
class CoverageCell:
    binding: list[str] = field(default_factory=list)
    non_binding: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.binding) + len(self.non_binding)


@dataclass
class CoverageMatrix:
    taxonomy: str
    concepts: list[tuple[str, str]]  # (id, label)
    rows: dict[str, dict[str, CoverageCell]]  # row key -> concept id -> cell
    row_names: dict[str, str]


def evidence_concepts(session: Session, taxonomy: str) -> dict[str, set[str]]:
    """For each concept of ``taxonomy``: the concepts whose labels count as evidence."""
    concepts = list(session.scalars(select(Concept)))
    own = [c for c in concepts if c.taxonomy_id == taxonomy]
    if not own:
        raise NotFoundError(f"no taxonomy {taxonomy!r} in the store", "run `govatlas build`")
    children: dict[str, list[str]] = defaultdict(list)
    for c in concepts:
        if c.parent_id:
            children[c.parent_id].append(c.id)
    mapped: dict[str, set[str]] = defaultdict(set)
    for source, target in session.execute(
        select(Link.source_concept_id, Link.target_concept_id).where(
            Link.source_concept_id.is_not(None),
            Link.target_concept_id.is_not(None),
            Link.type.in_(MAPPED),
        )
    ):
        if source and target:
            mapped[source].add(target)
            mapped[target].add(source)

    def family(root: str) -> set[str]:
        found, stack = set(), [root]
        while stack:
            node = stack.pop()
            if node not in found:
                found.add(node)
                stack.extend(children.get(node, []))
        return found

    result = {}
    for concept in own:
        base = family(concept.id)
        result[concept.id] = base | {m for c in base for m in mapped.get(c, set())}
    return result


def instrument_concepts(session: Session) -> dict[str, set[str]]:
    """Every concept each instrument is labelled with (directly or via a provision)."""
    found: dict[str, set[str]] = defaultdict(set)
    direct = select(Label.instrument_id, Label.concept_id).where(
        Label.instrument_id.is_not(None), Label.review_status != ReviewStatus.REJECTED
    )
    via_provision = (
        select(InstrumentVersion.instrument_id, Label.concept_id)
        .join(Provision, Label.provision_id == Provision.id)
        .join(InstrumentVersion, Provision.version_id == InstrumentVersion.id)
        .where(Label.review_status != ReviewStatus.REJECTED)
    )
    for statement in (direct, via_provision):
        for instrument, concept in session.execute(statement):
            if instrument:
                found[instrument].add(concept)
    return found


def coverage_matrix(session: Session, taxonomy: str, by: str = "jurisdiction") -> CoverageMatrix:
    """Rows are jurisdictions (``by="jurisdiction"``) or instruments (``by="instrument"``)."""
    evidence = evidence_concepts(session, taxonomy)
    labelled = instrument_concepts(session)
    concepts = [
        (c.id, c.pref_label)
        for c in session.scalars(
            select(Concept).where(Concept.taxonomy_id == taxonomy).order_by(Concept.id)
        )
    ]
    rows: dict[str, dict[str, CoverageCell]] = defaultdict(lambda: defaultdict(CoverageCell))
    names: dict[str, str] = {}
    for instrument in session.scalars(select(Instrument).order_by(Instrument.id)):
        covered = labelled.get(instrument.id, set())
        key = instrument.jurisdiction_id if by == "jurisdiction" else instrument.id
        names[key] = instrument.jurisdiction.name if by == "jurisdiction" else instrument.short_name
        for concept, sources in evidence.items():
            if covered & sources:
                cell = rows[key][concept]
                side = cell.binding if instrument.binding is Binding.BINDING else cell.non_binding
                side.append(instrument.id)
    return CoverageMatrix(
        taxonomy,
        concepts,
        {k: dict(v) for k, v in rows.items()},
        {k: names[k] for k in rows},
    )
