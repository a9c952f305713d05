"""Analyses across instruments: two instruments compared side by side, and coverage of a
taxonomy's concepts by UN Member State (or instrument) with 95% intervals."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus
from govatlas.web.schemas.common import ApiModel

# -- /compare -------------------------------------------------------------------------


class ComparedProvision(ApiModel):
    """A unit of one side: a provision, or a reference item of a text that is not public."""

    id: int = Field(description="The provision's id (see /provisions/{id}).")
    instrument: str
    path: str
    heading: str | None
    excerpt: str = Field(
        description="Its own words (or with its parts'), cut at 240 characters; for a "
        "published crosswalk's item made against a draft, what draft it names."
    )
    label: str = Field(
        default="",
        description="How to cite it (Art. 53(1)(c)); for a published crosswalk's item, the "
        "id the table gives it, or empty when the table names it by its words alone.",
    )


class AlignedPair(ApiModel):
    """A relationship between a unit of A and one of B, read in the A to B direction."""

    a: ComparedProvision
    b: ComparedProvision
    type: RelationshipType = Field(description="As read from A to B.")
    method: RelationshipMethod
    review_status: ReviewStatus
    confidence: float | None = Field(description="A suggestion's probability; null if none.")
    relationship: int = Field(description="The stored relationship's id.")
    suggested: bool = Field(description="A machine suggestion not yet reviewed by people.")
    forward: bool = Field(description="False when the stored relationship runs from B to A.")
    level: Literal["unit", "concept"] = Field(
        description="concept: an end is a concept or reference item, not a unit of its side."
    )


class ProvisionAt(ApiModel):
    """Where a value was read: the provision and its place."""

    id: int
    instrument: str
    path: str
    heading: str | None


class DeadlineValue(ApiModel):
    """A deadline's typed value."""

    hours: float = Field(description="The deadline in hours (what values are compared by).")
    as_written: str


class ThresholdValue(ApiModel):
    """A threshold's typed value."""

    value: float
    unit: str = Field(description="FLOP, users, employees, parameters, people, or a currency.")
    comparator: str | None = Field(description='As written ("greater than"...); null if none.')


class PenaltyValue(ApiModel):
    """A maximum fine's typed value."""

    amount: float | None
    currency: str | None
    turnover_percent: float | None
    per: str | None = Field(description='"violation", "day"... when it applies per unit.')
    combine: str | None = Field(description='"higher" or "lower": which of amount and share.')
    multiple: float | None = Field(
        default=None, description="A fine written as a multiple: 2 for twice the value of ..."
    )
    multiple_of: str | None = Field(
        default=None, description='What it is a multiple of ("value of the transaction").'
    )


class DefinitionValue(ApiModel):
    """A definition's term and wording."""

    term: str = Field(description="As written.")
    wording: str


class FoundValue(ApiModel):
    """A value one side sets, with the exact words it was read from."""

    value: str = Field(description="The value as a person reads it.")
    short: str = Field(description="The value in a few words (a definition: its term).")
    parameter: DeadlineValue | ThresholdValue | PenaltyValue | DefinitionValue = Field(
        description="Its typed fields, by family: deadline, threshold, penalty, definition "
        "(scope kinds are thresholds or definitions)."
    )
    evidence: str = Field(description="The exact words the value was read from.")
    start: int = Field(description="Offset of the evidence in the provision's text.")
    end: int
    context: str = Field(description="The sentence around the evidence, on one line.")
    provision: ProvisionAt


class DivergenceRow(ApiModel):
    """One kind of parameter: every value each side sets, and whether they agree."""

    family: Literal["scope", "threshold", "deadline", "penalty", "definition"]
    kind: str = Field(description='e.g. "incident-reporting", "compute", "fine", "ai-system".')
    label: str
    status: Literal[
        "same",
        "partly the same",
        "differs",
        "only in A",
        "only in B",
        "terms named; compared by meaning in the definitions table",
        "not compared: not the same duty",
    ] = Field(
        description="A definition set by both sides names the terms and is compared by "
        "meaning in the definitions table (`govatlas definitions`, the white paper), never "
        "here. Values are judged same or different only when both sides set them for the "
        "same duty (the same kind of deadline, held by the same party, or provisions a "
        "crosswalk links); otherwise both are listed, not compared."
    )
    aligned: bool = Field(
        description="A provision of A and one of B carrying it are linked by an overlap."
    )
    a: list[FoundValue]
    b: list[FoundValue]


class ProvisionPlace(ApiModel):
    """A provision by id, instrument and path."""

    id: int
    instrument: str
    path: str


class ContraryProposal(ApiModel):
    """A pair where one side requires what the other prohibits, for a person to review."""

    a: ProvisionPlace
    b: ProvisionPlace
    a_sentence: str
    b_sentence: str
    verb: str
    shared_words: list[str]
    requires: Literal["a", "b"] = Field(description="The side that requires it.")
    review_status: Literal["proposed"] = Field(description="Always proposed: nothing is stored.")


class FamilyQuality(ApiModel):
    """One family's measured reading (deadline, definition, penalty, threshold)."""

    provisions: int = Field(
        description="Held-out provisions it was measured on (thresholds: only those drawn "
        "after their rules last changed)."
    )
    listed: int = Field(description="Parameters of the family people listed there.")
    reported: int = Field(description="Parameters of the family the rules read there.")
    right: int = Field(description="Of those, how many people listed too.")
    precision: float | None = Field(description="right / reported; null when none reported.")
    recall: float | None = Field(description="right / listed; null when none listed.")
    headline: bool = Field(
        description="Whether a summary may count the family's values or take one as its "
        "example: the lower end of the precision's 95% interval reaches 0.85 (for "
        "deadlines, that of their kinds too; scope is never measured)."
    )


class ReadingQuality(ApiModel):
    """How well the rules read parameters, measured against people's lists
    (``eval/reports/parameter-gold.md``): recall and precision over every family, and how
    often a deadline's kind was the one people gave."""

    gold_provisions: int = Field(description="Provisions of texts the rules were not written on.")
    gold_texts: str = Field(description='What those texts are ("US laws, bills and orders").')
    listed: int = Field(description="Parameters people listed there.")
    found: int = Field(description="Of those, how many the rules read (same family and value).")
    reported: int = Field(description="Parameters the rules read there.")
    recall: float
    precision: float
    deadline_kinds_compared: int = Field(
        description="Deadlines both the rules and people read, in rounds of their own drawn after "
        "the kinds last changed (docs/divergence.md)."
    )
    deadline_kinds_same: int = Field(description="Of those, how many have people's kind.")
    families: dict[str, FamilyQuality] = Field(
        description="The same figures per family (deadline, definition, penalty, threshold)."
    )


class Divergence(ApiModel):
    """Where the two sides diverge in substance: the parameters they set."""

    rows: list[DivergenceRow]
    contrary_proposals: list[ContraryProposal]
    quality: ReadingQuality = Field(description="The rules' measured quality.")


class ComparedInstruments(ApiModel):
    """Two instruments side by side, aligned by the relationships between their units."""

    a: str
    b: str
    a_name: str = Field(description="A's short name (its id when unknown).")
    b_name: str
    a_units: int = Field(description="Units of A (provisions, or reference items).")
    b_units: int
    a_matched: int = Field(description="Units of A with a listed counterpart in B.")
    b_matched: int
    linked: bool = Field(
        description="Whether any relationship links the two; if not, which units correspond "
        "is not assessed (never 0 of N)."
    )
    units_assessed: bool = Field(
        description="Whether a pair of units is listed (linked by a person, or suggested by "
        "the machine with p >= 0.5); if not, a_matched and b_matched of 0 mean that which "
        "units correspond is not assessed, not that none does."
    )
    overlaps: list[AlignedPair]
    suggestions: int = Field(description="Of the overlaps, machine suggestions.")
    concept_level: int = Field(description="Listed pairs with an end that is not a unit.")
    unlisted_suggestions: int = Field(
        description="Suggestions under the listing threshold (counted in the index only)."
    )
    conflicts: list[AlignedPair]
    only_a: list[ComparedProvision] = Field(description="Units of A with no counterpart listed.")
    only_b: list[ComparedProvision]
    divergence: Divergence


# -- /coverage and /coverage/counts ---------------------------------------------------

CoverageState = Literal[
    "binding-in-force",
    "binding-adopted",
    "binding-proposed",
    "non-binding",
    "absent",
    "not-assessed",
]
CountedState = Literal[
    "binding-in-force", "binding-adopted", "binding-proposed", "non-binding", "covered"
]


class CountedOver(ApiModel):
    """The rows the counts are stated over."""

    rows: Literal["UN Member States", "instruments"]
    size: int


class CoverageStates(ApiModel):
    """What each cell state means."""

    binding_in_force: str = Field(alias="binding-in-force")
    binding_adopted: str = Field(alias="binding-adopted")
    binding_proposed: str = Field(alias="binding-proposed")
    non_binding: str = Field(alias="non-binding")
    absent: str
    not_assessed: str = Field(alias="not-assessed")


class CountedStates(ApiModel):
    """What each counted state means (``covered``: any of the four covering states)."""

    binding_in_force: str = Field(alias="binding-in-force")
    binding_adopted: str = Field(alias="binding-adopted")
    binding_proposed: str = Field(alias="binding-proposed")
    non_binding: str = Field(alias="non-binding")
    covered: str


class CountInterval(ApiModel):
    """A count of the assessed rows with its 95% interval."""

    count: int | None = Field(description="Null when no row was assessed: not assessed is not 0.")
    count_low: int | None = Field(description="Null when experimental or none assessed.")
    count_high: int | None = Field(description="Null when experimental or none assessed.")
    count_median: int | None = Field(
        description="The simulation's median; null when experimental or none assessed."
    )
    assessed: int = Field(description="Rows assessed for the concept (the denominator).")


class CountsByState(ApiModel):
    """A concept's count in each covering state, and covered by any."""

    binding_in_force: CountInterval = Field(alias="binding-in-force")
    binding_adopted: CountInterval = Field(alias="binding-adopted")
    binding_proposed: CountInterval = Field(alias="binding-proposed")
    non_binding: CountInterval = Field(alias="non-binding")
    covered: CountInterval


class CoverageConcept(ApiModel):
    """A concept of the taxonomy, with how its labels were measured and its counts."""

    id: str = Field(description="The concept's notation within its taxonomy.")
    label: str
    labels_measured: str = Field(
        description='Its classifier\'s measured quality; "no measured classifier" if none.'
    )
    experimental: bool = Field(description="No classifier measured to the precision floor.")
    counts: CountsByState


class CoverageCell(ApiModel):
    """One row (a jurisdiction or an instrument) for one concept."""

    row: str = Field(description="The jurisdiction's or instrument's id.")
    name: str
    concept: str = Field(description="The concept's notation.")
    state: CoverageState
    instruments: list[str] = Field(
        description="The instruments behind the state (covering, or read and found absent)."
    )
    instrument_names: list[str]
    via: list[str] = Field(description="Of those, the ones applying through membership.")
    via_names: list[str]


class CoverageGrid(ApiModel):
    """Every row x concept cell of a taxonomy, with each concept's counts."""

    taxonomy: str
    by: Literal["jurisdiction", "instrument"]
    states: CoverageStates
    counted_over: CountedOver
    intervals: str = Field(description="How the intervals were made, in one paragraph.")
    concepts: list[CoverageConcept]
    items: list[CoverageCell]


class CoverageCount(ApiModel):
    """A concept's count in one state, with its 95% interval."""

    concept: str = Field(description="The concept's notation.")
    label: str
    state: CountedState
    count: int | None = Field(description="Null when no row was assessed: not assessed is not 0.")
    count_low: int | None = Field(description="Null when experimental or none assessed.")
    count_high: int | None = Field(description="Null when experimental or none assessed.")
    count_median: int | None = Field(
        description="The simulation's median; null when experimental or none assessed."
    )
    assessed: int = Field(description="Rows assessed for the concept (the denominator).")
    population: int = Field(description="Rows counted over, assessed or not.")
    experimental: bool
    labels_measured: str


class CoverageCounts(ApiModel):
    """Per concept and state, how many rows it covers, with 95% intervals."""

    taxonomy: str
    by: Literal["jurisdiction", "instrument"]
    counted_over: CountedOver
    states: CountedStates
    intervals: str
    items: list[CoverageCount]
