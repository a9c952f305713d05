"""International commitments as the API gives them: two parties' shared commitments, the
world matrix of UN Member States x international instruments, and the summary per
instrument (``analytics.commitments``). A missing act is "no record", never "not
adhering".
"""

from __future__ import annotations

from pydantic import Field

from govatlas.vocabulary import AdherenceAct
from govatlas.web.schemas.common import ApiModel

DATE_AS_KNOWN = (
    "The leading act's date as precisely as known (2019, 2019-05 or 2019-05-22); null when "
    "not recorded."
)


class PartyActs(ApiModel):
    """One party's recorded acts towards one instrument, the leading act first."""

    act: AdherenceAct = Field(description="The leading act (a ratification over a signature).")
    acts: list[AdherenceAct]
    date: str | None = Field(description=DATE_AS_KNOWN)
    sources: list[str] = Field(description="The source URLs of the acts.")


class OneSidedCommitment(PartyActs):
    """An instrument only one of the two parties has a recorded act towards."""

    instrument: str = Field(description="The instrument's id.")
    name: str | None = Field(description="Its short name or title; null when not in the catalog.")


class SharedCommitment(ApiModel):
    """An instrument both parties have a recorded act towards, with each side's acts."""

    instrument: str = Field(description="The instrument's id.")
    name: str
    a: PartyActs
    b: PartyActs


class CommitmentParty(ApiModel):
    """A jurisdiction compared."""

    id: str
    name: str
    un_member: bool


class SharedCommitments(ApiModel):
    """Two parties' international commitments side by side, and their Jaccard index."""

    a: CommitmentParty
    b: CommitmentParty
    index: float | None = Field(
        description="Shared / union of the instruments either has a record for, less those "
        "one side holds on a list of parties known to be partial (4 decimals); null when "
        "nothing is left to compare."
    )
    definition: str = Field(description="What the index measures, in words.")
    shared_count: int
    union_count: int = Field(description="The instruments counted in the index.")
    uncounted_partial: list[OneSidedCommitment] = Field(
        description="Held by one side on a list of parties known to be partial: whether the "
        "other holds them is not recorded, so they count in neither part of the index."
    )
    shared: list[SharedCommitment]
    only_a: list[OneSidedCommitment]
    only_b: list[OneSidedCommitment]
    note: str = Field(description="What no record means.")


class MatrixInstrument(ApiModel):
    """An international instrument of the matrix (a column)."""

    id: str
    name: str


class MatrixRow(ApiModel):
    """A UN Member State and its acts towards each international instrument."""

    id: str
    name: str
    region: str = Field(description="Its UN M49 continent, or 'Not recorded'.")
    cells: dict[str, PartyActs | None] = Field(
        description="By instrument id: the acts recorded, or null (no record, not a checked "
        "absence)."
    )


class CommitmentMatrix(ApiModel):
    """Every UN Member State x every international instrument with a Member State on record."""

    instruments: list[MatrixInstrument] = Field(
        description="The instruments, most Member States first."
    )
    note: str = Field(description="What no record means.")
    items: list[MatrixRow]


class RegionCommitment(ApiModel):
    """Member States of one continent with a recorded act."""

    member_states: int
    of: int = Field(description="Member States in the continent.")
    share: float = Field(description="member_states / of (4 decimals); 0 when of is 0.")


class InstrumentCommitments(ApiModel):
    """One international instrument: UN Member States on record, overall and by continent."""

    instrument: str = Field(description="The instrument's id.")
    name: str
    member_states: int = Field(description="UN Member States with a recorded act.")
    of: int = Field(description="UN Member States (193).")
    share: float = Field(description="member_states / of (4 decimals).")
    acts: dict[AdherenceAct, int] = Field(
        description="Member States by their leading act, commonest first."
    )
    by_region: dict[str, RegionCommitment] = Field(
        description="By UN M49 continent ('Not recorded' last, when any state has none)."
    )
    spread: float = Field(
        description="Highest minus lowest continental share (4 decimals): high when the "
        "regions split."
    )
    sources: list[str]
    notes: list[str] = Field(description="Notes of its facts (e.g. that a list is partial).")
    partial: bool = Field(description="Whether a note says the list of parties is partial.")


class CommitmentsSummary(ApiModel):
    """Per international instrument: UN Member States on record, by continent."""

    note: str = Field(description="What no record means.")
    items: list[InstrumentCommitments]
