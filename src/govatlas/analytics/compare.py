"""Two instruments side by side, aligned by the relationships between their provisions.

Every relationship with one end in any version of A and the other in any version
of B is read in A -> B direction (a B -> A ``subset`` reads as A ``superset``).
Types equal, subset, superset, intersects and related are counterparts;
``contrary`` pairs are conflicts.

Each end is resolved to the units (``store.units``) it speaks for: the unit
it is or sits inside (with the link's whole weight), or the k units it contains
(a link to an AI RMF category speaks for its subcategories, 1/k of the weight
each: it says that something in the group has a counterpart, not which). A link
whose end resolves to no unit of its side - a concept or reference item filed on
an instrument whose text is stored, such as a characteristic named by a concept
crosswalk - is *concept-level*: listed, counted apart, never a unit match.

A link's weight is 1 for a human relationship (published or reviewed) and its
stored confidence for an unreviewed machine suggestion (0 when it has none). A
unit's match strength (``a_weights``/``b_weights``) is the largest weight of the
unit-level counterpart links that reach it, its conflict strength likewise for
contrary links; ``analytics.interop`` turns them into the index. Every standing
suggestion counts there by its weight, but the pairs listed as overlaps and
conflicts (and the units called matched) keep to human links and suggestions
with a confidence of at least ``SUGGESTION_MIN_CONFIDENCE``: a machine's top-3
guesses would otherwise fill the page. A reviewed suggestion is replaced by the
human relationship its review recorded; ``human_only`` drops suggestions
altogether. Units of a framework whose text is not public are the reference
items its crosswalks cite (``reference_a``/``reference_b``). Each pair says how
it was made.

A link with an end in a final or commencement clause (entry into force, application
dates, repeal, depositary: ``crosswalk.final_clauses``) is no counterpart, whoever made
it: two entry-into-force articles read alike whatever the laws regulate, and such a
link was once the only "agreement" between the EU AI Act and China's generative-AI
measures. It is counted (``final_clause_links``), never listed, matched or weighed.
A unit stored with its number and heading but no words (``units_without_text``) can
have no counterpart found by reading; callers report it rather than let it pass as
a gap.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from govatlas.crosswalk.final_clauses import is_final_clause
from govatlas.crosswalk.known_tables import draft_note
from govatlas.excerpts import excerpt
from govatlas.provision_labels import provision_label
from govatlas.store.instruments import REFERENCE_FORMAT, get_instrument
from govatlas.store.models import Provision
from govatlas.store.relationships import links_between
from govatlas.store.units import unit_provisions
from govatlas.store.versions import provision_parents, version_ids_of, version_sources
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
# A crosswalk item's id is short and numbered ("4.1", "GOVERN 1"); anything else is its
# words ("Safety", "Robustness; Validation"), which the excerpt shows already
REFERENCE_LABEL_CHARS = 16
# A suggestion from the shipped ranker carries a calibrated probability that people would
# link the pair; compare lists those more likely linked than not. Between two whole texts
# the probability is the full-text calibration's: of the judged pairs with p >= 0.5, 0.56
# were linked by people when the framework was left out of the fit
# (eval/reports/full-comparison-calibration.md). The index counts all.
SUGGESTION_MIN_CONFIDENCE = 0.5
# "Article 12:", "**Art. 12**", "Sec. 4." - a unit's number before its words
UNIT_LABEL = re.compile(r"^[\s#*]*(?:article|art\.|section|sec\.|§)\s*[\w.-]{1,12}[\s*:.]*", re.I)
HEADING_LINE = re.compile(r"#{1,6}[ \t][^\n]*")
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
    reference: bool = False  # an item a published crosswalk names, not a stored provision
    reference_label: str = ""  # the id that crosswalk gives it ("4.1"), when there is one
    note: str = ""  # how that crosswalk's item differs from the stored text (a draft)

    @property
    def excerpt(self) -> str:
        shown = excerpt(self.display, 240)
        return f"[{self.note}] {shown}" if self.note else shown  # first: never cut off

    @property
    def label(self) -> str:
        """How to cite it: "Art. 53(1)(c)" for a provision; for a crosswalk's item, the
        short id the table gives it ("4.1"), or nothing when the table names it by its
        words alone (the excerpt then says what it is), never a made-up slug."""
        if not self.reference:
            return provision_label(self.path)
        label = self.reference_label.strip()
        is_id = len(label) <= REFERENCE_LABEL_CHARS and any(c.isdigit() for c in label)
        return label if is_id else ""

    @property
    def without_text(self) -> bool:
        """Stored with its number or heading line only: a source file that left the
        article's content empty ("## 12 Service Standards"), or a heading made a unit of
        its own ("## SECTION 4. Whistleblower Protections"). A heading that repeats the
        text ("These measures take effect on ...") is not this: the words are there."""
        text = self.text.strip()
        if HEADING_LINE.fullmatch(text):
            return True
        return re.search(r"\w", UNIT_LABEL.sub("", text, count=1)) is None


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
    unit_level: bool = True  # False: an end resolves to no unit of its side (concept-level)

    @property
    def suggested(self) -> bool:
        return self.method is RelationshipMethod.AUTOMATED

    @property
    def weight(self) -> float:
        """What the link counts for in the index: 1 if human, else its confidence."""
        return link_weight(self.method, self.confidence)


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
    # for the index: unit id -> strongest unit-level link (every standing suggestion)
    a_weights: dict[int, float] = field(default_factory=dict)
    b_weights: dict[int, float] = field(default_factory=dict)
    a_conflict_weights: dict[int, float] = field(default_factory=dict)
    b_conflict_weights: dict[int, float] = field(default_factory=dict)
    # the same from human links alone (what the index is before any machine suggestion)
    a_human_weights: dict[int, float] = field(default_factory=dict)
    b_human_weights: dict[int, float] = field(default_factory=dict)
    a_human_conflict_weights: dict[int, float] = field(default_factory=dict)
    b_human_conflict_weights: dict[int, float] = field(default_factory=dict)
    # units that are reference items (text not public), not provisions of a stored text
    reference_a: set[int] = field(default_factory=set)
    reference_b: set[int] = field(default_factory=set)
    unit_links: int = 0  # standing links between units of both sides, listed or not
    concept_links: int = 0  # standing links with an end that is no unit, listed or not
    # units at the unit end of a concept-level link (what the concept crosswalk reaches)
    concept_units_a: set[int] = field(default_factory=set)
    concept_units_b: set[int] = field(default_factory=set)
    unlisted_suggestions: int = 0  # suggestions under the listing threshold (index only)
    final_clause_links: int = 0  # links with an end in a final clause: no counterpart
    # (A unit, B unit) linked by a listed overlap between them or their parts or wholes
    aligned_units: set[tuple[int, int]] = field(default_factory=set)

    @property
    def concept_level(self) -> list[AlignedPair]:
        """Listed pairs with an end that is not a unit (concept or reference item)."""
        return [p for p in self.overlaps + self.conflicts if not p.unit_level]

    @property
    def units_without_text(self) -> list[ProvisionRef]:
        """Units of either side stored with no words: to report, not to count as gaps."""
        return [u for u in (*self.a_units, *self.b_units) if u.without_text]

    @property
    def only_a(self) -> list[ProvisionRef]:
        return [u for u in self.a_units if u.id not in self.matched_a]

    @property
    def only_b(self) -> list[ProvisionRef]:
        return [u for u in self.b_units if u.id not in self.matched_b]


def link_weight(method: RelationshipMethod, confidence: float | None) -> float:
    """1 for a human relationship; an unreviewed suggestion's stored confidence."""
    if method is not RelationshipMethod.AUTOMATED:
        return 1.0
    return min(max(confidence or 0.0, 0.0), 1.0)


def listed(method: RelationshipMethod, confidence: float | None) -> bool:
    """Whether compare shows the pair: human, or a confident enough suggestion."""
    return (
        method is not RelationshipMethod.AUTOMATED
        or (confidence or 0.0) >= SUGGESTION_MIN_CONFIDENCE
    )


def provision_ref(
    provision: Provision, instrument: str, reference: bool = False, note: str = ""
) -> ProvisionRef:
    own = (provision.search_text or "").strip()
    return ProvisionRef(
        provision.id,
        instrument,
        provision.path,
        provision.heading,
        provision.text,
        own if len(own) >= OWN_TEXT_MIN else provision.text,
        reference,
        (provision.heading or "") if reference else "",
        note,
    )


def _end(
    provision: Provision, instrument: str, formats: dict[int, str], citation: str | None
) -> ProvisionRef:
    """One end of a listed pair; a crosswalk's own item says so, and what draft it names."""
    if formats[provision.version_id] != REFERENCE_FORMAT:
        return provision_ref(provision, instrument)
    return provision_ref(provision, instrument, True, draft_note(citation, instrument))


def _units(session: Session, instruments: list[str]) -> list[tuple[Provision, str]]:
    return [(p, i) for i in instruments for p in unit_provisions(session, i)]


class UnitCover:
    """The units a provision speaks for, each with its share of a link's weight."""

    def __init__(self, units: list[Provision], parents: dict[int, int | None]) -> None:
        self.units = {u.id for u in units}
        self.parents = parents
        self.children: dict[int, list[int]] = defaultdict(list)
        for child, parent in parents.items():
            if parent is not None:
                self.children[parent].append(child)
        self._found: dict[int, dict[int, float]] = {}

    def __call__(self, provision: int) -> dict[int, float]:
        if provision not in self._found:
            self._found[provision] = self._cover(provision)
        return self._found[provision]

    def _cover(self, provision: int) -> dict[int, float]:
        node: int | None = provision
        while node is not None:  # the unit it is or sits inside: the whole weight
            if node in self.units:
                return {node: 1.0}
            node = self.parents.get(node)
        inside: list[int] = []  # the units it contains: 1/k each
        stack = [provision]
        while stack:
            for child in self.children.get(stack.pop(), []):
                (inside if child in self.units else stack).append(child)
        return {unit: 1.0 / len(inside) for unit in inside}


def _strongest(weights: dict[int, float], cover: dict[int, float], weight: float) -> None:
    for unit, share in cover.items():
        weights[unit] = max(weights.get(unit, 0.0), weight * share)


def _final(provision: Provision) -> bool:
    return is_final_clause(provision.heading, provision.text)


def compare_sides(
    session: Session, a: list[str], b: list[str], human_only: bool = False
) -> Comparison:
    """Compare two sets of instruments (one each for a plain comparison)."""
    for instrument in (*a, *b):
        get_instrument(session, instrument)
    a_versions, b_versions = version_ids_of(session, a), version_ids_of(session, b)
    a_units, b_units = _units(session, a), _units(session, b)
    sources = version_sources(session, a_versions + b_versions)  # (instrument, format)
    versions = {version: form for version, (_, form) in sources.items()}
    instrument_of = {version: instrument for version, (instrument, _) in sources.items()}
    result = Comparison(
        ", ".join(a),
        ", ".join(b),
        [_end(p, i, versions, None) for p, i in a_units],
        [_end(p, i, versions, None) for p, i in b_units],
    )
    result.reference_a = {p.id for p, _ in a_units if versions[p.version_id] == REFERENCE_FORMAT}
    result.reference_b = {p.id for p, _ in b_units if versions[p.version_id] == REFERENCE_FORMAT}
    a_cover = UnitCover([p for p, _ in a_units], provision_parents(session, a_versions))
    b_cover = UnitCover([p for p, _ in b_units], provision_parents(session, b_versions))
    a_version_set = set(a_versions)
    for rel, src, tgt in links_between(session, a_versions, b_versions, human_only):
        forward = src.version_id in a_version_set
        pa, pb = (src, tgt) if forward else (tgt, src)
        kind = rel.type if forward else REVERSED.get(rel.type, rel.type)
        conflict = kind is RelationshipType.CONTRARY
        if not conflict and kind not in COUNTERPART:
            continue
        if _final(pa) or _final(pb):
            result.final_clause_links += 1
            continue
        covers_a, covers_b = a_cover(pa.id), b_cover(pb.id)
        unit_level = bool(covers_a) and bool(covers_b)
        weight = link_weight(rel.method, rel.confidence)
        if unit_level:
            result.unit_links += 1
            _strongest(
                result.a_conflict_weights if conflict else result.a_weights, covers_a, weight
            )
            _strongest(
                result.b_conflict_weights if conflict else result.b_weights, covers_b, weight
            )
            if rel.method is not RelationshipMethod.AUTOMATED:
                human_a = result.a_human_conflict_weights if conflict else result.a_human_weights
                human_b = result.b_human_conflict_weights if conflict else result.b_human_weights
                _strongest(human_a, covers_a, weight)
                _strongest(human_b, covers_b, weight)
        else:
            result.concept_links += 1
            result.concept_units_a.update(covers_a)
            result.concept_units_b.update(covers_b)
        if not listed(rel.method, rel.confidence):
            result.unlisted_suggestions += 1
            continue
        pair = AlignedPair(
            _end(pa, instrument_of[pa.version_id], versions, rel.citation),
            _end(pb, instrument_of[pb.version_id], versions, rel.citation),
            kind,
            rel.method,
            rel.review_status,
            rel.confidence,
            rel.id,
            forward,
            unit_level,
        )
        (result.conflicts if conflict else result.overlaps).append(pair)
        if unit_level:
            (result.conflicted_a if conflict else result.matched_a).update(covers_a)
            (result.conflicted_b if conflict else result.matched_b).update(covers_b)
            if not conflict:
                result.aligned_units.update((ua, ub) for ua in covers_a for ub in covers_b)
    result.overlaps.sort(key=lambda p: (p.suggested, -(p.confidence or 1.0)))
    return result


def compare_instruments(session: Session, a: str, b: str, human_only: bool = False) -> Comparison:
    """Overlaps, conflicts and what only each side covers, with provisions as evidence."""
    return compare_sides(session, [a], [b], human_only)
