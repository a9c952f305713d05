"""The emergency-response playbook as the API gives it: the incident-reporting duties
that reach a hypothetical incident's companies, and the registry's points of contact in
those places (``trackers.playbook``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govatlas.web.schemas.common import ApiModel
from govatlas.web.schemas.trackers import FactStatus, TrackerQuality


class PlaybookDuty(ApiModel):
    """An incident-reporting duty of binding law in force that reaches either company."""

    because: str = Field(
        description="Why the law reaches it (deployer in FRA: FRA is a member of EU)."
    )
    matches_harm: bool | None = Field(
        description="Whether its incident words match the harm; null when no harm was given."
    )
    jurisdiction: str = Field(description="The instrument's jurisdiction id.")
    instrument: str = Field(description="The instrument's id.")
    instrument_name: str | None = Field(description="Its short name; null when it has none.")
    provision: str = Field(description="The provision's path.")
    deadline_hours: float | None = Field(
        description="The deadline in hours; null when no time is stated."
    )
    deadline: str | None = Field(description="The deadline as written (72 hours).")
    recipient: str | None = Field(description="Whom the report goes to; null when not named.")
    incident: str = Field(description="The incident words matched.")
    evidence: str = Field(description="The exact words read.")
    status: FactStatus = Field(description="machine, or reviewed by a person.")
    confidence: TrackerQuality = Field(
        description="The incident-reporting tracker's measured quality."
    )


class PlaybookContact(ApiModel):
    """A registry organisation's point of contact in a place whose law reaches either company."""

    organisation: str = Field(description="The organisation's id in the registry.")
    name: str
    kind: Literal[
        "state",
        "agency",
        "safety-institute",
        "company",
        "intergovernmental",
        "civil-society",
        "academia",
    ]
    jurisdiction: str
    contact_point: str = Field(description="A desk or a role, never a person.")
    because: str = Field(description="Why the place's law reaches the company.")


class Playbook(ApiModel):
    """The reporting duties a hypothetical incident triggers, shortest deadline first."""

    items: list[PlaybookDuty]
    total: int = Field(description="Duties listed (all of them: the list is not paged).")
    contacts: list[PlaybookContact]
