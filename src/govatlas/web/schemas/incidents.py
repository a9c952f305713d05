"""AI incidents as the API gives them: the incidents with their MIT domain, FLI risks and
the binding rules in force that cover them, the gaps per incident type, the trends by
domain and year, and the domain model's measured quality (``incidents``).
"""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field

from govatlas.web.schemas.common import ApiModel

MitDomain = Literal["1", "2", "3", "4", "5", "6", "7"]


class IncidentGap(ApiModel):
    """An MIT subdomain AIID coded: its incidents, FLI risks and whether binding law covers them."""

    mit_subdomain: str = Field(description="The MIT subdomain (7.3).")
    incidents: int
    fli_risks: list[str] = Field(description="The FLI risks it names (none for some).")
    state: Literal["no FLI risk", "not assessed", "not covered", "covered"] = Field(
        description="not assessed: the risks' classifiers are below the precision floor."
    )
    places_with_binding_rules_in_force: int = Field(
        description="Places whose binding law in force covers a risk; 0 unless covered."
    )


class IncidentGaps(ApiModel):
    """Incident types and the binding rules that cover them, most incidents first."""

    items: list[IncidentGap]


class IncidentTrend(ApiModel):
    """Incidents of one MIT domain in one year, and the domain's share of the year."""

    year: int
    mit_domain: MitDomain
    label: str = Field(description="The domain's name.")
    coded: int = Field(description="Incidents AIID coded in the domain.")
    predicted: int = Field(description="Incidents the domain model put in it (counted apart).")
    share: float = Field(description="(coded + predicted) / year_total, 3 decimals.")
    interval: tuple[float, float] | None = Field(
        description="95 % Wilson interval on the share; null when the year has no incident."
    )
    year_total: int = Field(description="The year's incidents with a domain.")
    through: datetime.date | None = Field(
        default=None,
        description="The snapshot's last day, when it ends within this year (a partial "
        "year); null for a full year.",
    )


class IncidentTrends(ApiModel):
    """Reported incidents by MIT domain and year, from 2015."""

    items: list[IncidentTrend]
    undated_or_before_2015: int = Field(description="Incidents left out: undated or older.")


class DomainQuality(ApiModel):
    """The domain model's precision and recall on one MIT domain, against AIID's coding."""

    domain: str = Field(description="The MIT domain (1 to 7).")
    support: int = Field(description="Incidents AIID coded in the domain.")
    precision: float | None
    recall: float | None
    f1: float | None
    precision_interval: tuple[float, float] | None = Field(
        description="95 % Jeffreys interval on the counts."
    )
    recall_interval: tuple[float, float] | None = Field(
        description="95 % Jeffreys interval on the counts."
    )


class AnnotatorAgreement(ApiModel):
    """How far two of CSET's annotators agree on one field: the human ceiling."""

    field: str = Field(description="The CSET field (AI Harm Level...).")
    pair: str = Field(description="Which two annotators (1–2).")
    shared: int = Field(description="Incidents both coded.")
    agreement: float | None = Field(description="Share of them coded alike.")
    kappa: float | None = Field(description="Cohen's kappa.")


class IncidentQuality(ApiModel):
    """The incident domain model's measured quality, or ``measured: false`` (no numbers)."""

    measured: bool
    method: str | None = Field(default=None, description="Absent when not measured.")
    incidents: int | None = Field(
        default=None, description="Coded incidents cross-fitted on; absent when not measured."
    )
    accuracy: float | None = Field(default=None, description="Absent when not measured.")
    macro_f1: float | None = Field(default=None, description="Absent when not measured.")
    majority_accuracy: float | None = Field(
        default=None,
        description="What always naming the commonest domain scores; absent when not measured.",
    )
    domains: list[DomainQuality] | None = Field(
        default=None, description="Absent when not measured."
    )
    human_ceiling: list[AnnotatorAgreement] | None = Field(
        default=None, description="Absent when not measured."
    )


class ProvisionRef(ApiModel):
    """A provision the coverage rests on."""

    provision_id: int
    path: str


class IncidentRisk(ApiModel):
    """An FLI risk the incident's MIT subdomain names, and the binding law in force covering it."""

    risk: str = Field(description="The FLI risk's notation.")
    assessed: bool = Field(description="False: its classifier is below the precision floor.")
    binding_rules_in_force: dict[str, list[str]] | None = Field(
        description="Place id -> the binding instruments in force there that cover the risk; "
        "null when not assessed (never empty for that)."
    )
    provisions: dict[str, list[ProvisionRef]] | None = Field(
        description="Instrument id -> the provisions the coverage rests on; null when not assessed."
    )


class Incident(ApiModel):
    """An AI Incident Database incident (duplicates folded in), its risks and rules."""

    id: int = Field(description="AIID's incident number.")
    date: datetime.date | None
    title: str
    description: str
    deployers: list[str]
    developers: list[str]
    harmed: list[str]
    duplicates: list[int] = Field(description="Incident numbers folded into this one.")
    mit_domain: str | None = Field(description="The MIT domain (1 to 7); null when unknown.")
    mit_domain_label: str | None = Field(description="Its name; null when unknown.")
    mit_domain_source: Literal["AIID", "model", "none"] = Field(
        description="AIID's coding, the model's prediction, or none."
    )
    mit_subdomain: str | None = Field(description="AIID's MIT subdomain (7.3); null if uncoded.")
    fli_risks: list[IncidentRisk]
    url: str = Field(description="The incident in AIID.")


class IncidentList(ApiModel):
    """AI incidents, newest first (paged with offset and limit)."""

    items: list[Incident]
    total: int = Field(description="Incidents matching the filters.")
    offset: int
