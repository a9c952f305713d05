"""Two instruments side by side, aligned by the relationships between their provisions.

Every relationship with one end in any version of A and the other in any version
of B is read in A -> B direction (a B -> A ``subset`` reads as A ``superset``).
A unit of A (``crosswalk.units``) is *matched* when it, one of its ancestors or
one of its descendants has a counterpart in B of type equal, subset, superset,
intersects or related. ``contrary`` pairs are conflicts; units with no
counterpart are what only one side covers. Suggestions (automated, unreviewed)
are included unless ``human_only``, but only those with a confidence of at least
``SUGGESTION_MIN_CONFIDENCE`` (a machine's top-3 guesses would otherwise match
nearly everything), and only while unreviewed: a reviewed suggestion is replaced
by the human relationship its review recorded. Each pair says how it was made.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from govatlas.crosswalk.review import standing
from govatlas.crosswalk.units import unit_provisions
from govatlas.excerpts import excerpt
from govatlas.store.instruments import get_instrument
from govatlas.store.models import InstrumentVersion, Provision, Relationship
from govatlas.store.session import key_values
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus

COUNTERPART = frozenset(
    {
        RelationshipType.EQUAL,
        RelationshipType.SUBSET,
        RelationshipType.SUPERSET,
        RelationshipType.INTERSECTS,
        RelationshipType.RELATED,
    }
)
OWN_TEXT_MIN = 40
SUGGESTION_MIN_CONFIDENCE = 0.85
REVERSED = {
    RelationshipType.SUBSET: RelationshipType.SUPERSET,
    RelationshipType.SUPERSET: RelationshipType.SUBSET,
}


@dataclass(frozen=True)
class ProvisionRef:
    id: int
    instrument: str
    path: str
    heading: str | None
    text: str  # with the text of its sub-provisions
    display: str  # its own words when it has enough of them, else ``text``

    @property
    def excerpt(self) -> str:
        return excerpt(self.display, 240)


@dataclass(frozen=True)
class AlignedPair:
    a: ProvisionRef
    b: ProvisionRef
    type: RelationshipType
    method: RelationshipMethod
    review_status: ReviewStatus
    confidence: float | None
    relationship_id: int
    forward: bool = True  # False when the stored relationship runs from B to A

    @property
    def suggested(self) -> bool:
        return self.method is RelationshipMethod.AUTOMATED


@dataclass
class Comparison:
    """Side A (one or more instruments) against side B, unit by unit."""

    a: str
    b: str
    a_units: list[ProvisionRef]
    b_units: list[ProvisionRef]
    overlaps: list[AlignedPair] = field(default_factory=list)
    conflicts: list[AlignedPair] = field(default_factory=list)
    matched_a: set[int] = field(default_factory=set)
    matched_b: set[int] = field(default_factory=set)
    conflicted_a: set[int] = field(default_factory=set)
    conflicted_b: set[int] = field(default_factory=set)
    # (A unit, B unit) linked by an overlap between them or their parts or wholes
    aligned_units: set[tuple[int, int]] = field(default_factory=set)

    @property
    def only_a(self) -> list[ProvisionRef]:
        return [u for u in self.a_units if u.id not in self.matched_a]

    @property
    def only_b(self) -> list[ProvisionRef]:
        return [u for u in self.b_units if u.id not in self.matched_b]


def provision_ref(provision: Provision, instrument: str) -> ProvisionRef:
    own = (provision.search_text or "").strip()
    return ProvisionRef(
        provision.id,
        instrument,
        provision.path,
        provision.heading,
        provision.text,
        own if len(own) >= OWN_TEXT_MIN else provision.text,
    )


def _versions(session: Session, instruments: list[str]) -> list[int]:
    return list(
        session.scalars(
            select(InstrumentVersion.id).where(InstrumentVersion.instrument_id.in_(instruments))
        )
    )


def _units(session: Session, instruments: list[str]) -> list[tuple[Provision, str]]:
    return [(p, i) for i in instruments for p in unit_provisions(session, i)]


def _lineage(session: Session, version_ids: list[int]) -> dict[int, int | None]:
    """Parent of every provision in these versions."""
    return key_values(
        session,
        select(Provision.id, Provision.parent_id).where(Provision.version_id.in_(version_ids)),
    )


def _covered_units(
    units: list[Provision], touched: set[int], parents: dict[int, int | None]
) -> set[int]:
    """Units that are, contain, or sit inside a touched provision."""
    unit_ids = {u.id for u in units}
    covered = set()
    for provision in touched:
        node: int | None = provision
        while node is not None:
            if node in unit_ids:
                covered.add(node)
            node = parents.get(node)
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in parents.items():
        if parent is not None:
            children[parent].append(child)
    for unit in unit_ids - covered:
        stack = list(children.get(unit, []))
        while stack:
            node = stack.pop()
            if node in touched:
                covered.add(unit)
                break
            stack.extend(children.get(node, []))
    return covered


def _unit_cover(
    units: list[Provision], touched: set[int], parents: dict[int, int | None]
) -> dict[int, set[int]]:
    """For each touched provision, the units that are it, contain it or sit inside it."""
    unit_ids = {u.id for u in units}
    inside: dict[int, set[int]] = defaultdict(set)
    for unit in unit_ids:
        above = parents.get(unit)
        while above is not None:
            inside[above].add(unit)
            above = parents.get(above)
    cover: dict[int, set[int]] = {}
    for provision in touched:
        found = set(inside.get(provision, ()))
        node: int | None = provision
        while node is not None:
            if node in unit_ids:
                found.add(node)
            node = parents.get(node)
        cover[provision] = found
    return cover


def compare_sides(
    session: Session, a: list[str], b: list[str], human_only: bool = False
) -> Comparison:
    """Compare two sets of instruments (one each for a plain comparison)."""
    for instrument in (*a, *b):
        get_instrument(session, instrument)
    a_versions, b_versions = _versions(session, a), _versions(session, b)
    source, target = aliased(Provision), aliased(Provision)
    query = (
        select(Relationship, source, target)
        .join(source, Relationship.source_provision_id == source.id)
        .join(target, Relationship.target_provision_id == target.id)
        .where(
            or_(
                source.version_id.in_(a_versions) & target.version_id.in_(b_versions),
                source.version_id.in_(b_versions) & target.version_id.in_(a_versions),
            ),
            standing(),
        )
        .order_by(Relationship.id)
    )
    if human_only:
        query = query.where(Relationship.method != RelationshipMethod.AUTOMATED)
    else:
        query = query.where(
            (Relationship.method != RelationshipMethod.AUTOMATED)
            | (Relationship.confidence >= SUGGESTION_MIN_CONFIDENCE)
        )
    a_units, b_units = _units(session, a), _units(session, b)
    result = Comparison(
        ", ".join(a),
        ", ".join(b),
        [provision_ref(p, i) for p, i in a_units],
        [provision_ref(p, i) for p, i in b_units],
    )
    instrument_of = key_values(
        session,
        select(InstrumentVersion.id, InstrumentVersion.instrument_id).where(
            InstrumentVersion.id.in_(a_versions + b_versions)
        ),
    )
    touched: dict[str, set[int]] = defaultdict(set)
    a_version_set = set(a_versions)
    for rel, src, tgt in session.execute(query):
        forward = src.version_id in a_version_set
        pa, pb = (src, tgt) if forward else (tgt, src)
        kind = rel.type if forward else REVERSED.get(rel.type, rel.type)
        pair = AlignedPair(
            provision_ref(pa, instrument_of[pa.version_id]),
            provision_ref(pb, instrument_of[pb.version_id]),
            kind,
            rel.method,
            rel.review_status,
            rel.confidence,
            rel.id,
            forward,
        )
        if kind is RelationshipType.CONTRARY:
            result.conflicts.append(pair)
            touched["conflict_a"].add(pa.id)
            touched["conflict_b"].add(pb.id)
        elif kind in COUNTERPART:
            result.overlaps.append(pair)
            touched["a"].add(pa.id)
            touched["b"].add(pb.id)
    a_parents, b_parents = _lineage(session, a_versions), _lineage(session, b_versions)
    a_plain, b_plain = [p for p, _ in a_units], [p for p, _ in b_units]
    result.matched_a = _covered_units(a_plain, touched["a"], a_parents)
    result.matched_b = _covered_units(b_plain, touched["b"], b_parents)
    result.conflicted_a = _covered_units(a_plain, touched["conflict_a"], a_parents)
    result.conflicted_b = _covered_units(b_plain, touched["conflict_b"], b_parents)
    a_cover = _unit_cover(a_plain, touched["a"], a_parents)
    b_cover = _unit_cover(b_plain, touched["b"], b_parents)
    result.aligned_units = {
        (ua, ub)
        for pair in result.overlaps
        for ua in a_cover[pair.a.id]
        for ub in b_cover[pair.b.id]
    }
    result.overlaps.sort(key=lambda p: (p.suggested, -(p.confidence or 1.0)))
    return result


def compare_instruments(session: Session, a: str, b: str, human_only: bool = False) -> Comparison:
    """Overlaps, conflicts and what only each side covers, with provisions as evidence."""
    return compare_sides(session, [a], [b], human_only)
