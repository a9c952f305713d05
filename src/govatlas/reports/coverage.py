"""Coverage as reports present it: UN Member States as the population, states per cell.

Built on ``analytics.coverage`` (one state per Member State and concept, with
the instruments and provisions behind it). A report counts over the Member
States in its scope and says how many were not assessed; a concept whose
classifier is not measured to the precision floor is "experimental": its
figures are shown with that word, carry no interval, and never feed a summary
sentence or a policy option. Counts of measured concepts carry a 95% interval
(``analytics.coverage_intervals``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from govatlas.analytics.coverage import NOT_ASSESSED, Cell, Coverage, coverage
from govatlas.analytics.coverage_intervals import CountInterval, CoverageIntervals
from govatlas.catalog.jurisdictions import un_member_states
from govatlas.classify.measured.shipped import shipped_quality
from govatlas.i18n import N_, current_code, gettext
from govatlas.reports.annexes import Annex
from govatlas.taxonomy.translations import concept_label

MAX_EVIDENCE = 200  # provisions cited per cell or column


@dataclass
class CoverageTable:
    taxonomy: str
    result: Coverage
    places: list[str]  # the UN Member States in the report's scope: every count's population
    measured: frozenset[str]  # concepts whose classifier reaches the precision floor
    _intervals: CoverageIntervals | None = field(default=None, repr=False, compare=False)

    @property
    def concepts(self) -> list[tuple[str, str]]:
        """(concept id, label), the label in the report's language where govatlas
        translates the taxonomy (``taxonomy/translations``), else as stored."""
        code = current_code.get()
        return [
            (c, concept_label(f"{self.taxonomy}:{c}", label, code))
            for c, label in self.result.concepts
        ]

    @property
    def place_names(self) -> dict[str, str]:
        return self.result.row_names

    def cell(self, place: str, concept: str) -> Cell:
        return self.result.cell(place, concept)

    def states(self, concept: str) -> Counter[str]:
        """How many places are in each state, counting only the places whose state is
        known and the places not assessed: a place shown in a weaker state whose binding
        law in force nobody has read for the concept is in no state (``unread``), so
        every count matches its interval and the counts and ``unread`` add up to the
        places."""
        return Counter(
            cell.state
            for cell in (self.cell(p, concept) for p in self.places)
            if cell.assessed or cell.state == NOT_ASSESSED
        )

    def unread(self, concept: str) -> int:
        """How many places are shown in a weaker state (or none) while binding law in
        force that applies there is unread for the concept: their state is a lower bound."""
        return sum(1 for p in self.places if self.cell(p, concept).unread)

    def assessed(self, concept: str) -> list[str]:
        """The places whose state is known: assessed, with no binding law in force there
        left unread (``Cell.assessed``)."""
        return [p for p in self.places if self.cell(p, concept).assessed]

    def with_state(self, concept: str, states: Iterable[str]) -> list[str]:
        """The places in one of ``states``, those left unread included (for evidence)."""
        wanted = set(states)
        return [p for p in self.places if self.cell(p, concept).state in wanted]

    def counted_with_state(self, concept: str, states: Iterable[str]) -> list[str]:
        """The places in one of ``states`` whose state is known: what a count counts."""
        wanted = set(states)
        return [
            p
            for p in self.places
            if self.cell(p, concept).state in wanted and self.cell(p, concept).assessed
        ]

    def headline(self, concept: str) -> bool:
        """Whether figures on this concept may carry a summary sentence or a policy option."""
        return concept in self.measured

    def interval(self, concept: str, state: str) -> CountInterval:
        """How many of the places assessed are in ``state`` (a covering state, or
        ``covered``), with a 95% interval when the concept is measured."""
        if self._intervals is None:
            self._intervals = CoverageIntervals(self.result, self.places)
        found = self._intervals.interval(concept, state)
        if not self.headline(concept):  # experimental: a figure, never an interval
            return CountInterval(found.count, found.assessed)
        return found

    def note(self, concept: str) -> str:
        return self.result.method_notes.get(
            concept, gettext("experimental: no classifier measured on the project's gold")
        )

    def instruments(self, places: Sequence[str], concept: str) -> list[str]:
        found: list[str] = []
        for place in places:
            for instrument in self.cell(place, concept).instruments:
                if instrument not in found:
                    found.append(instrument)
        return found

    def provisions(self, places: Sequence[str], concept: str) -> list[int]:
        """The evidence provisions of these places' cells, those people labelled or
        accepted first (a delegate reads the first ones), at most ``MAX_EVIDENCE``."""
        found: set[int] = set()
        for place in places:
            for provisions in self.cell(place, concept).evidence.values():
                found.update(provisions)
        evidence = self.result.evidence
        ordered = evidence.first_by_people(found) if evidence is not None else sorted(found)
        return ordered[:MAX_EVIDENCE]

    def machine_labelled(self, provisions: Sequence[int]) -> list[int] | None:
        """Of these evidence provisions, those only a machine labelled (``machine_labelled``)."""
        return machine_labelled(self.result, provisions)


def machine_labelled(result: Coverage, provisions: Sequence[int]) -> list[int] | None:
    """Of these evidence provisions, those only a machine labelled (no person gave or
    accepted the label); None when the result says nothing about who labelled."""
    if result.evidence is None:
        return None
    return [p for p in provisions if p not in result.evidence.by_people]


def coverage_table(session: Session, taxonomy: str, scope: set[str] | None = None) -> CoverageTable:
    """Coverage over the UN Member States in ``scope`` (all 193 when None)."""
    members = sorted(m for m in un_member_states() if scope is None or m in scope)
    result = coverage(session, taxonomy, rows=members)
    measured = frozenset(c for c, m in shipped_quality(taxonomy).items() if m.assessable)
    return CoverageTable(taxonomy, result, members, measured)


def coverage_annex(section: Mapping[str, Any], letter: str) -> Annex:
    """One taxonomy's coverage table as an annex (the white paper's body keeps the
    taxonomies a delegate reads first): per concept, the Member States by state, the 95%
    interval of the count in force, the unread binding law and the evidence's citation."""

    def interval(value: CountInterval) -> str | None:
        return None if value.low is None else f"{value.low}–{value.high}"

    counted = ("binding-in-force", "binding-adopted", "binding-proposed", "non-binding")
    rows: list[tuple[str | int | None, ...]] = []
    for column in section["columns"]:
        intervals, shown = column["intervals"], column["shown"]
        by_state: list[str | int | None] = []
        for state in counted:
            by_state += [shown[state], interval(intervals[state])]
        rows.append(
            (
                column["label"],
                *by_state,
                shown["absent"],
                column["not_assessed"],
                column["unread"],
                column["note"],
                column["cite"],
            )
        )
    name = section["name"]
    return Annex(
        f"coverage-{section['taxonomy']}",
        letter,
        gettext("Coverage of %(taxonomy)s by UN Member State", taxonomy=name),
        gettext(
            "For each concept of %(taxonomy)s, the UN Member States (of %(members)s) by the "
            "strongest legal effect that covers it there, as section 3 counts the other "
            "taxonomies: in force, adopted, proposed, non-binding (each with its 95%% interval "
            "when the concept's classifier is measured; an empty cell: nothing is counted "
            "because the concept is not assessed where no person labelled it), assessed and "
            "not found, not assessed; and of those not assessed, how many have a weaker "
            "instrument on it (or none) while binding law in force there is unread for it "
            "(their state is a lower bound). The evidence column names the citation that "
            "lists the provisions.",
            taxonomy=name,
            members=section["places"],
        ),
        (
            N_("Concept"),
            N_("In force"),
            N_("In force, 95% interval"),
            N_("Adopted"),
            N_("Adopted, 95% interval"),
            N_("Proposed"),
            N_("Proposed, 95% interval"),
            N_("Non-binding"),
            N_("Non-binding, 95% interval"),
            N_("Not found"),
            N_("Not assessed"),
            N_("Unread binding law"),
            N_("Labels measured"),
            N_("Citation"),
        ),
        rows,
    )
