"""Convenings, their follow-up and the participation network as the API gives them
(``network``): who took part, the shares of Member States present by group, what the
convenings asked to be done next and whether it happened, and who meets whom.
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field

from govatlas.web.schemas.common import ApiModel
from govatlas.web.schemas.registry import ComplianceSummary

FollowUpStatus = Literal["done", "done late", "in part", "open", "no evidence recorded"]
DATE_AS_KNOWN = "As precisely as known (2025, 2025-06 or 2025-06-30)"


class GroupPresence(ApiModel):
    """UN Member States of one group present at a convening."""

    group: str
    members: int = Field(description="Member States in the group.")
    present: int
    share: float = Field(description="present / members, 3 decimals; 0 when members is 0.")


class ConveningSummary(ApiModel):
    """A convening whose participants are recorded, with the shares of Member States present."""

    id: str
    name: str
    date: datetime.date = Field(description="Its first day.")
    place: str
    series: str | None
    participants: int = Field(description="Participants the sources name.")
    outcomes: list[str] = Field(description="The catalog instruments it produced (ids).")
    complete: bool = Field(
        description="False when the sources name fewer participants than were reported: "
        "the figures are then lower bounds."
    )
    reported_participants: int | None = Field(description="As reported; null when not.")
    reported_source: str | None
    member_states: int = Field(description="UN Member States present.")
    member_share: float = Field(description="Of the 193, 3 decimals.")
    others: dict[str, list[str]] = Field(
        description="Stakeholder group -> the non-Member-State participants (ids)."
    )
    missing_member_states: list[str]
    by_region: list[GroupPresence]
    by_regional_group: list[GroupPresence]
    vulnerable: list[GroupPresence] = Field(description="Least developed, landlocked, SIDS.")
    by_income: list[GroupPresence] | Literal["not assessed"] = Field(
        description="By World Bank income group; 'not assessed' when no classification is "
        "available."
    )
    income_source: str | None = Field(description="The income classification; null when none.")


class UnrecordedConvening(ApiModel):
    """A convening whose participants are not recorded: its facts, never 0 participants."""

    id: str
    name: str
    date: datetime.date = Field(description="Its first day.")
    end: datetime.date = Field(description="Its last day.")
    place: str
    series: str | None
    organisers: list[str]
    format: str | None
    participants: None = Field(description="Not recorded.")
    participants_recorded: Literal[False]
    reported_participants: int | None
    reported_source: str | None
    outcomes_elsewhere: list[str] = Field(description="What it produced outside the catalog.")
    sources: list[str]


class Convenings(ApiModel):
    """Convenings and who took part, oldest first; those without recorded participants apart."""

    items: list[ConveningSummary]
    not_recorded: list[UnrecordedConvening]


class ActionEvidence(ApiModel):
    """One piece of evidence that a follow-up action happened, as the store holds it today."""

    kind: Literal["convening", "instrument", "adherence", "registry", "change", "source"]
    label: str
    href: str | None = Field(description="A page of the atlas or a source; null when none.")
    date: str | None = Field(description=f"When it happened. {DATE_AS_KNOWN}; null if not.")
    happened: bool
    progress: str | None = Field(
        description="How far it is (2 of 5 ratified); null if not counted."
    )


class FollowUpAction(ApiModel):
    """What a convening asked to be done next, its status and the evidence read."""

    id: str
    convening: str = Field(description="The convening's id.")
    outcome: str | None = Field(description="The outcome instrument that states it, if any.")
    action: str
    owners: list[str] = Field(description="Who owns it (party ids).")
    due: str | None = Field(description=f"The due date. {DATE_AS_KNOWN}; null when none.")
    due_by: datetime.date | None = Field(description="The last day it is due; null when none.")
    stated_in: str = Field(description="Where it is stated.")
    status: FollowUpStatus = Field(
        description="no evidence recorded is what the atlas holds, never a finding that it "
        "was not done."
    )
    happened_on: str | None = Field(description=f"{DATE_AS_KNOWN}; null when not known.")
    days_late: int | None = Field(description="Days after the due date; null unless late.")
    evidence: list[ActionEvidence]


class ActionCounts(ApiModel):
    """How many actions stand in each status (0 included)."""

    done: int
    done_late: int = Field(alias="done late")
    in_part: int = Field(alias="in part")
    open: int
    no_evidence_recorded: int = Field(alias="no evidence recorded")


class FollowUp(ApiModel):
    """Every follow-up action of the convenings (oldest convening first), with counts."""

    counts: ActionCounts
    items: list[FollowUpAction]


class OutcomeFollowUp(ComplianceSummary):
    """A commitment on one of the convening's outcomes, as the registry's public view
    tracks it (the registry's compliance summary, of an instrument the catalog holds)."""

    instrument: str = Field(description="The outcome instrument's id.")


class ConveningPerson(ApiModel):
    """A person in a public role at the convening, as their organisation publishes it."""

    name: str
    role: str
    organisation: str
    part: str = Field(description="Their part in the convening (chair, speaker...).")
    source: str = Field(description="Where the part is published.")


class NamedParticipant(ApiModel):
    """A participant, with the acts and sources that make it one."""

    party: str
    acts: list[str] = Field(description="E.g. 'endorsed bletchley-declaration'.")
    sources: list[str]


class ConveningDetail(ApiModel):
    """One convening. Participants recorded: its participation, named participants and
    outcomes' follow-up; not recorded: ``participants`` null and the facts known."""

    id: str
    name: str
    date: datetime.date = Field(description="Its first day.")
    end: datetime.date = Field(description="Its last day.")
    place: str
    series: str | None
    organisers: list[str]
    format: str | None
    sources: list[str]
    participants: int | None = Field(description="Participants named; null when not recorded.")
    reported_participants: int | None
    reported_source: str | None
    actions: list[FollowUpAction] = Field(description="Its follow-up actions, due first.")
    people: list[ConveningPerson]
    declared_genders: dict[str, int] = Field(
        description="People by the gender they declared ('not declared' counted too; "
        "zeros left out)."
    )
    # only when participants are not recorded
    participants_recorded: Literal[False] | None = Field(
        default=None, description="Present (false) only when participants are not recorded."
    )
    outcomes_elsewhere: list[str] | None = Field(
        default=None, description="Present only when participants are not recorded."
    )
    # only when participants are recorded
    outcomes: list[str] | None = Field(
        default=None, description="Catalog instruments it produced; absent when not recorded."
    )
    complete: bool | None = Field(
        default=None,
        description="False when the sources name fewer participants than were reported; "
        "absent when not recorded.",
    )
    member_states: int | None = Field(default=None, description="Absent when not recorded.")
    member_share: float | None = Field(default=None, description="Absent when not recorded.")
    others: dict[str, list[str]] | None = Field(
        default=None, description="Stakeholder group -> participants; absent when not recorded."
    )
    missing_member_states: list[str] | None = Field(
        default=None, description="Absent when not recorded."
    )
    by_region: list[GroupPresence] | None = Field(
        default=None, description="Absent when not recorded."
    )
    by_regional_group: list[GroupPresence] | None = Field(
        default=None, description="Absent when not recorded."
    )
    vulnerable: list[GroupPresence] | None = Field(
        default=None, description="Absent when not recorded."
    )
    by_income: list[GroupPresence] | Literal["not assessed"] | None = Field(
        default=None,
        description="'not assessed' without an income classification; absent when not recorded.",
    )
    income_source: str | None = Field(default=None, description="Null or absent when none.")
    named: list[NamedParticipant] | None = Field(
        default=None, description="Absent when not recorded."
    )
    notes: list[str] | None = Field(default=None, description="Absent when not recorded.")
    follow_up: list[OutcomeFollowUp] | None = Field(
        default=None,
        description="The registry's commitments on its outcomes; absent when not recorded.",
    )


class NetworkNode(ApiModel):
    """A participant of the network with its measures."""

    party: str
    group: str = Field(description="A Member State's UN region, else its stakeholder group.")
    convenings: int = Field(description="Convenings of the network it took part in.")
    partners: int = Field(description="Others it shares at least one convening with.")
    strength: float = Field(description="The sum of its links' weights.")
    betweenness: float = Field(description="Normalised betweenness, 4 decimals.")
    eigenvector: float = Field(description="Eigenvector centrality, 4 decimals.")


class NetworkEdge(ApiModel):
    """Two participants linked by the convenings they shared."""

    source: str
    target: str
    weight: int = Field(description="Convenings shared.")
    convenings: list[str]


class ParticipationNetwork(ApiModel):
    """The participation network: who meets whom, its measures and clusters."""

    convenings: list[str] = Field(description="Convenings whose participants are linked.")
    left_out_universal: list[str] = Field(
        description="Convenings where nearly every Member State took part, not linked."
    )
    nodes: list[NetworkNode] = Field(description="Strongest first.")
    edges: list[NetworkEdge]
    clusters: list[list[str]] = Field(description="Communities (greedy modularity), largest first.")
