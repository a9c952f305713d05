"""Coverage: for every jurisdiction (or instrument) and concept, one honest state.

A cell is one of (strongest first) ``binding-in-force``, ``binding-adopted``,
``binding-proposed``, ``non-binding``, then ``absent`` or ``not-assessed``:

* An instrument **covers** a concept when it carries evidence for it: a label
  people gave or accepted, or a label of a *measured* provision classifier whose
  precision on the project's gold reaches the floor
  (``classify.measured.shipped``), on the concept, a narrower concept of the
  same taxonomy, or a concept of another taxonomy mapped to it as ``exact`` or
  narrower. Looser mappings (close, related) never count: they are review
  candidates, not evidence.
* An instrument has been **assessed** for a concept when it covers it, when a
  measured classifier read every provision of its text (a ``labelling_run``) in a
  language the classifier was measured on, or when people coded it against a
  taxonomy mapped to the concept as ``exact`` (AGORA's annotators coded every
  tag of a document they annotated). Otherwise the concept is **not assessed**
  for it: no text, no measured method, a method below the precision floor, or a
  text in a language the method was not measured on. Not assessed is never 0.
* An instrument's **effect** is its legal form at its stage
  (``vocabulary.legal_effect``): a bill is a binding *proposal*, never binding
  law; failed and repealed instruments count nowhere. Only instruments issued by
  public authorities count for a jurisdiction.
* A jurisdiction's cell takes the strongest effect among the instruments that
  apply there: its own, and those that apply **through membership** ("via"): EU
  law in every member state, a treaty for the parties that ratified it (signed
  only: a binding proposal), a declaration or recommendation for those that
  endorsed or adhered to it, and an intergovernmental body's own instruments
  for its members when no adherence is recorded. When nothing covers the
  concept, the cell is ``absent`` if at least one instrument that applies there
  was assessed for it and every instrument of the place itself was (an
  international text read for its parties says nothing of national laws nobody
  has read), else ``not-assessed``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.catalog.jurisdictions import un_member_states
from govatlas.classify.measured.shipped import (
    PROVISION_MODEL,
    MeasuredConcept,
    provision_languages,
    shipped_quality,
)
from govatlas.i18n import N_
from govatlas.store.coverage_rows import (
    adherence_acts,
    body_ids,
    cited_provisions,
    concept_children,
    concept_links,
    concepts_by_notation,
    human_coded_instruments,
    instrument_labels_on,
    labelling_runs_read,
    newest_text_versions,
    provision_labels_on,
    public_authority_instruments,
)
from govatlas.store.instruments import every_jurisdiction_name
from govatlas.store.jurisdictions import memberships
from govatlas.store.models import (
    Concept,
)
from govatlas.store.taxonomies import unknown_concept, unknown_taxonomy
from govatlas.vocabulary import (
    EFFECT_STRENGTH,
    AdherenceAct,
    InstrumentType,
    LabelMethod,
    LegalEffect,
    RelationshipType,
    ReviewStatus,
    legal_effect,
)

ABSENT = "absent"
NOT_ASSESSED = "not-assessed"
STATES: tuple[str, ...] = (*(e.value for e in EFFECT_STRENGTH), ABSENT, NOT_ASSESSED)
STATE_LABELS: dict[str, str] = {
    LegalEffect.BINDING_IN_FORCE.value: N_("binding law in force"),
    LegalEffect.BINDING_ADOPTED.value: N_("binding law adopted, in force not recorded"),
    LegalEffect.BINDING_PROPOSED.value: N_("binding proposal (bill or draft)"),
    LegalEffect.NON_BINDING.value: N_("non-binding only"),
    ABSENT: N_("assessed, not found"),
    NOT_ASSESSED: N_("not assessed"),
}
EU = "EU"
PARTY_ACTS = frozenset(AdherenceAct) - {AdherenceAct.SPONSORED}


@dataclass
class InstrumentFacts:
    id: str
    name: str
    jurisdiction: str
    type: InstrumentType
    effect: LegalEffect
    has_text: bool


@dataclass
class Cell:
    """One (row, concept) cell: its state and the instruments behind it."""

    row: str
    concept: str  # the concept's id within its taxonomy (its notation)
    state: str
    instruments: list[str] = field(default_factory=list)  # supporting the state, via included
    via: list[str] = field(default_factory=list)  # of those, the ones applying through membership
    evidence: dict[str, list[int]] = field(default_factory=dict)  # instrument -> provisions
    # binding law in force that applies here and nobody has read for the concept, when
    # the state is weaker than binding law in force: the state is then a lower bound
    unread: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return self.state not in (ABSENT, NOT_ASSESSED)

    @property
    def assessed(self) -> bool:
        """Whether the cell's state is known: assessed, and no binding law in force that
        applies here is unread (which could make it stronger)."""
        return self.state != NOT_ASSESSED and not self.unread

    def as_json(self, key: str = "jurisdiction") -> dict[str, object]:
        return {
            key: self.row,
            "concept": self.concept,
            "state": self.state,
            "instruments": self.instruments,
            "via": self.via,
            "unread_binding_law": self.unread,
        }


@dataclass
class Evidence:
    """Per (instrument, concept notation): whether it covers the concept, whether it was
    assessed, and what that rests on (a person's decision, or a measured classifier's)."""

    covered: dict[tuple[str, str], set[int]]  # (instrument, concept notation) -> provisions
    assessed: set[tuple[str, str]]
    certain: set[tuple[str, str]] = field(default_factory=set)  # a label people gave or accepted
    machine: set[tuple[str, str]] = field(default_factory=set)  # a measured classifier's label
    read: set[tuple[str, str]] = field(default_factory=set)  # read whole by the classifier
    coded: set[tuple[str, str]] = field(default_factory=set)  # coded by people (e.g. AGORA)
    # provisions whose label a person gave or accepted: evidence shown first
    by_people: set[int] = field(default_factory=set)

    def first_by_people(self, provisions: Iterable[int]) -> list[int]:
        """``provisions`` with those people labelled or accepted first, then in order."""
        return sorted(provisions, key=lambda p: (p not in self.by_people, p))


@dataclass
class Coverage:
    taxonomy: str
    concepts: list[tuple[str, str]]  # (notation, label)
    rows: list[str]
    row_names: dict[str, str]
    cells: dict[tuple[str, str], Cell]
    instruments: dict[str, InstrumentFacts]
    un_members: frozenset[str] = frozenset()
    method_notes: dict[str, str] = field(default_factory=dict)  # concept -> measured quality
    # What coverage intervals need (``analytics.coverage_intervals``): the shipped
    # classifier's figures per concept, the instruments that apply in each row, and
    # what the state of each (instrument, concept) rests on.
    quality: dict[str, MeasuredConcept] = field(default_factory=dict)
    applies: dict[str, dict[str, tuple[LegalEffect, bool]]] = field(default_factory=dict)
    evidence: Evidence | None = None

    def cell(self, row: str, concept: str) -> Cell:
        return self.cells.get((row, concept)) or Cell(row, concept, NOT_ASSESSED)

    def count(self, concept: str, states: Iterable[str], rows: Iterable[str]) -> int:
        wanted = set(states)
        return sum(1 for r in rows if self.cell(r, concept).state in wanted)


def _concepts(session: Session, taxonomy: str) -> list[Concept]:
    concepts = concepts_by_notation(session, taxonomy)
    if not concepts:
        raise unknown_taxonomy(session, taxonomy)
    return concepts


def evidence_concepts(
    session: Session, taxonomy: str
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per concept notation: concept ids whose labels are evidence of it, and the
    subset whose human coding also settles its absence (itself and exact matches)."""
    concepts = _concepts(session, taxonomy)
    children = concept_children(session)
    implies: dict[str, set[str]] = defaultdict(set)  # concept -> concepts whose labels imply it
    exact: dict[str, set[str]] = defaultdict(set)
    for source, target, kind in concept_links(session):
        if not (source and target):
            continue
        if kind is RelationshipType.EQUAL:
            implies[source].add(target)
            implies[target].add(source)
            exact[source].add(target)
            exact[target].add(source)
        elif kind is RelationshipType.SUPERSET:  # target is narrower: its label implies source
            implies[source].add(target)
        elif kind is RelationshipType.SUBSET:  # source is narrower: its label implies target
            implies[target].add(source)

    def family(root: str) -> set[str]:
        found, stack = set(), [root]
        while stack:
            node = stack.pop()
            if node not in found:
                found.add(node)
                stack.extend(children.get(node, []))
        return found

    positive: dict[str, set[str]] = {}
    absence: dict[str, set[str]] = {}
    for concept in concepts:
        own = family(concept.id)
        positive[concept.notation] = own | {m for c in own for m in implies.get(c, set())}
        absence[concept.notation] = {concept.id} | exact.get(concept.id, set())
    return positive, absence


def instrument_facts(session: Session) -> dict[str, InstrumentFacts]:
    """Every public authority's instrument with its effect today (lapsed ones left out)."""
    versions = newest_text_versions(session)
    facts: dict[str, InstrumentFacts] = {}
    for ident, name, jurisdiction, type_, binding, status in public_authority_instruments(session):
        effect = legal_effect(binding, status)
        if effect is LegalEffect.LAPSED:
            continue
        facts[ident] = InstrumentFacts(ident, name, jurisdiction, type_, effect, ident in versions)
    return facts


def label_counts(
    method: LabelMethod, model: str | None, status: ReviewStatus, measured: bool
) -> bool:
    """Whether a label is evidence: a person's, or one a person accepted, always; a
    rejected one never; the provision classifier's only for a concept it measurably
    reads (``measured``: precision at the floor on enough test predictions)."""
    if status is ReviewStatus.REJECTED:
        return False
    if method is LabelMethod.HUMAN or status is ReviewStatus.ACCEPTED:
        return True
    return model == PROVISION_MODEL and measured


def _evidence(session: Session, taxonomy: str, instruments: set[str]) -> Evidence:
    positive, absence = evidence_concepts(session, taxonomy)
    measured = {c for c, m in shipped_quality(taxonomy).items() if m.assessable}
    notation_of = {c.id: c.notation for c in _concepts(session, taxonomy)}
    wanted = {cid for family in positive.values() for cid in family}
    covered: dict[tuple[str, str], set[int]] = defaultdict(set)
    certain: set[tuple[str, str]] = set()
    machine: set[tuple[str, str]] = set()
    by_people: set[int] = set()

    def counts(concept: str, method: LabelMethod, model: str | None, status: ReviewStatus) -> bool:
        return label_counts(method, model, status, notation_of.get(concept) in measured)

    def record(
        instrument: str | None,
        concept: str,
        provisions: Iterable[int | None],
        person: bool,
    ) -> None:
        if instrument not in instruments:
            return
        for notation, family in positive.items():
            if concept in family:
                found = covered[(instrument, notation)]
                found.update(p for p in provisions if p is not None)
                (certain if person else machine).add((instrument, notation))
                if person:
                    by_people.update(p for p in provisions if p is not None)

    def decided(method: LabelMethod, status: ReviewStatus) -> bool:
        return method is LabelMethod.HUMAN or status is ReviewStatus.ACCEPTED

    direct = instrument_labels_on(session, wanted)
    cited = cited_provisions(session, [row[0] for row in direct])
    for label_id, instrument, concept, method, model, status in direct:
        if counts(concept, method, model, status):
            record(instrument, concept, cited.get(label_id, []), decided(method, status))
    for instrument, concept, method, model, status, unit in provision_labels_on(session, wanted):
        if counts(concept, method, model, status):
            record(instrument, concept, [unit], decided(method, status))

    assessed = set(covered)
    versions = newest_text_versions(session)
    by_version = {v: i for i, v in versions.items() if i in instruments}
    runs = labelling_runs_read(session, taxonomy, PROVISION_MODEL)
    # A classifier read a text only in a language it was measured on: on the Chinese
    # text of a law it finds 2 of the 17 labels it finds on the English translation
    # (benchmarks/cross_lingual.py), so its silence there is "not assessed", never 0.
    languages = provision_languages(taxonomy)
    read: set[tuple[str, str]] = set()
    for version, language in runs:
        reader = by_version.get(version)
        if reader is not None and (language is None or language in languages):
            read.update((reader, notation) for notation in measured)
    assessed |= read
    # People who coded a document against a taxonomy decided every concept of it.
    exact_sources = {cid for family in absence.values() for cid in family}
    coded_taxonomies = {cid.split(":", 1)[0] for cid in exact_sources}
    coded_by = human_coded_instruments(session, coded_taxonomies - {taxonomy})
    human_coded: set[tuple[str, str]] = set()
    for notation, family in absence.items():
        for cid in family:
            for instrument in coded_by.get(cid.split(":", 1)[0], set()):
                if instrument in instruments:
                    human_coded.add((instrument, notation))
    assessed |= human_coded
    return Evidence(dict(covered), assessed, certain, machine, read, human_coded, by_people)


def evidence_of(session: Session, taxonomy: str, instruments: set[str]) -> Evidence:
    """What coverage knows of these instruments for a taxonomy's concepts (covered,
    assessed, and what each rests on): the evidence ``coverage`` builds its cells from."""
    return _evidence(session, taxonomy, instruments)


def _treaty_effect(act: AdherenceAct, effect: LegalEffect) -> LegalEffect:
    if act is AdherenceAct.RATIFIED:
        return effect  # in force for the party when the treaty is
    return LegalEffect.BINDING_PROPOSED  # signed, not ratified


def applicable(
    session: Session, facts: dict[str, InstrumentFacts]
) -> dict[str, dict[str, tuple[LegalEffect, bool]]]:
    """Per jurisdiction: the instruments that apply there, with their effect there and
    whether they apply through membership."""
    applies: dict[str, dict[str, tuple[LegalEffect, bool]]] = defaultdict(dict)
    for fact in facts.values():
        applies[fact.jurisdiction][fact.id] = (fact.effect, False)
    members: dict[str, set[str]] = defaultdict(set)
    for group, member in memberships(session):
        members[group].add(member)
    bodies = body_ids(session)
    adhered: dict[str, list[tuple[str, AdherenceAct]]] = defaultdict(list)
    for instrument, party, act in adherence_acts(session):
        if act in PARTY_ACTS:
            adhered[instrument].append((party, act))
    for fact in facts.values():
        parties = adhered.get(fact.id)
        if parties:
            for party, act in parties:
                if party == fact.jurisdiction:
                    continue
                effect = (
                    _treaty_effect(act, fact.effect)
                    if fact.type is InstrumentType.TREATY
                    else fact.effect
                )
                _keep_strongest(applies[party], fact.id, effect)
        elif fact.jurisdiction in bodies and fact.type is not InstrumentType.TREATY:
            for member in members.get(fact.jurisdiction, set()):
                if member in bodies:
                    continue
                _keep_strongest(applies[member], fact.id, fact.effect)
    return applies


def _keep_strongest(
    applied: dict[str, tuple[LegalEffect, bool]], instrument: str, effect: LegalEffect
) -> None:
    current = applied.get(instrument)
    if current is None or EFFECT_STRENGTH.index(effect) < EFFECT_STRENGTH.index(current[0]):
        applied[instrument] = (effect, True)


def _cell(
    row: str,
    concept: str,
    instruments: dict[str, tuple[LegalEffect, bool]],
    evidence: Evidence,
) -> Cell:
    covering = [
        (EFFECT_STRENGTH.index(effect), instrument, via)
        for instrument, (effect, via) in instruments.items()
        if (instrument, concept) in evidence.covered
    ]
    unread = sorted(
        i
        for i, (effect, _) in instruments.items()
        if effect is LegalEffect.BINDING_IN_FORCE and (i, concept) not in evidence.assessed
    )
    if covering:
        best = min(rank for rank, _, _ in covering)
        chosen = sorted((i, via) for rank, i, via in covering if rank == best)
        return Cell(
            row,
            concept,
            EFFECT_STRENGTH[best].value,
            [i for i, _ in chosen],
            [i for i, via in chosen if via],
            {i: evidence.first_by_people(evidence.covered[(i, concept)]) for i, _ in chosen},
            unread if best > 0 else [],
        )
    assessed = sorted(
        (i, via) for i, (_, via) in instruments.items() if (i, concept) in evidence.assessed
    )
    own_unread = [
        i
        for i, (_, via) in instruments.items()
        if not via and (i, concept) not in evidence.assessed
    ]
    if assessed and not own_unread:
        # Absent only when every instrument of the place itself was read: an international
        # text read for its parties says nothing of national laws nobody has read.
        return Cell(
            row,
            concept,
            ABSENT,
            [i for i, _ in assessed],
            [i for i, via in assessed if via],
            unread=unread,
        )
    return Cell(row, concept, NOT_ASSESSED)


def coverage(
    session: Session,
    taxonomy: str,
    by: str = "jurisdiction",
    rows: Iterable[str] | None = None,
) -> Coverage:
    """Cells for every UN Member State (then every other place with instruments), or, with
    ``by="instrument"``, for every instrument of a public authority still in effect."""
    concepts = _concepts(session, taxonomy)
    facts = instrument_facts(session)
    evidence = _evidence(session, taxonomy, set(facts))
    names = every_jurisdiction_name(session)
    members = un_member_states()
    quality = shipped_quality(taxonomy)
    notes = {c.notation: quality[c.notation].note for c in concepts if c.notation in quality}
    cells: dict[tuple[str, str], Cell] = {}
    applying: dict[str, dict[str, tuple[LegalEffect, bool]]] = {}
    if by == "instrument":
        keys = sorted(facts) if rows is None else [r for r in rows if r in facts]
        for key in keys:
            applying[key] = {key: (facts[key].effect, False)}
        row_names = {k: facts[k].name for k in keys}
    else:
        applies = applicable(session, facts)
        if rows is None:
            # other places: jurisdictions only (a company that signed a commitment is a
            # party to it, not a place whose rules coverage describes)
            others = sorted(j for j in applies if j not in members and j in names)
            keys = sorted(members) + others
        else:
            keys = list(rows)
        for key in keys:
            applying[key] = applies.get(key, {})
        row_names = {k: names.get(k, k) for k in keys}
    for key in keys:
        for concept in concepts:
            cells[(key, concept.notation)] = _cell(key, concept.notation, applying[key], evidence)
    return Coverage(
        taxonomy,
        [(c.notation, c.pref_label) for c in concepts],
        keys,
        row_names,
        cells,
        facts,
        members,
        notes,
        {c.notation: quality[c.notation] for c in concepts if c.notation in quality},
        applying,
        evidence,
    )


def covering_counts(session: Session, taxonomy_id: str) -> dict[str, int]:
    """How many instruments cover each concept of a taxonomy, by notation: the count
    ``covering_instruments`` lists for one concept (public authorities' instruments in
    effect, with evidence that counts), for all of them at once."""
    facts = instrument_facts(session)
    evidence = _evidence(session, taxonomy_id, set(facts))
    counts: dict[str, int] = defaultdict(int)
    for _, notation in evidence.covered:
        counts[notation] += 1
    return dict(counts)


def covering_provisions(session: Session, concept_id: str) -> dict[str, set[int]]:
    """Instruments of public authorities, in effect, with evidence for a concept, each
    with the provisions that evidence rests on (empty when the evidence is an
    instrument-level label a person gave)."""
    concept = session.get(Concept, concept_id)
    if concept is None:
        raise unknown_concept(session, concept_id)
    facts = instrument_facts(session)
    evidence = _evidence(session, concept.taxonomy_id, set(facts))
    return {i: set(p) for (i, c), p in evidence.covered.items() if c == concept.notation}


def covering_instruments(session: Session, concept_id: str) -> set[str]:
    """Instruments of public authorities, in effect, with evidence for a concept."""
    return set(covering_provisions(session, concept_id))
