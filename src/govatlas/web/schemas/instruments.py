"""Instruments and technologies as the API lists them; one instrument with its events,
versions and labels."""

from __future__ import annotations

import datetime as dt
from datetime import date

from pydantic import Field

from govatlas.vocabulary import (
    Binding,
    InstrumentType,
    LabelMethod,
    LifecycleKind,
    ReviewStatus,
    Status,
)
from govatlas.web.schemas.common import ApiModel, StoredTime


class InstrumentSummary(ApiModel):
    """An instrument in a list: what it is, where, whether it binds, since when."""

    id: str
    title: str
    short_name: str
    type: InstrumentType
    binding: Binding
    status: Status
    jurisdiction: str = Field(description="The jurisdiction's id (see /jurisdictions).")
    first_date: date | None = Field(description="Its earliest dated lifecycle event.")
    since: date | None = Field(
        default=None,
        description="Since when it has been at its status (in force since its entry into "
        "force, adopted since its adoption...); its first date when no such event is dated.",
    )
    official_urls: list[str]


class Technology(ApiModel):
    """A technology with its classifier's measured quality and instrument counts."""

    id: str = Field(description="The technology's notation.")
    concept: str
    label: str
    measured: bool = Field(description="Whether its classifier was measured on gold.")
    note: str
    measured_on: list[str]
    precision: float | None
    recall: float | None
    test_positives: int
    instruments: int | None = Field(description="Headline count; null when unmeasured.")
    instruments_low: int | None
    instruments_high: int | None
    instruments_assessed: int | None
    instruments_from_people: int | None


class Technologies(ApiModel):
    """The technologies, each with its classifier's quality, and the precision floor."""

    items: list[Technology]
    precision_floor: float = Field(description="The precision a classifier must reach.")


class ExternalIdentifier(ApiModel):
    """The instrument's id in another dataset (AGORA, CELEX, a UN document symbol...)."""

    scheme: str
    value: str


class InstrumentEvent(ApiModel):
    """A dated event in the instrument's life."""

    kind: LifecycleKind
    date: dt.date = Field(description="A full date even when only its year or month is known.")
    note: str | None


class InstrumentVersionSummary(ApiModel):
    """A stored text of the instrument (versions replaced by a fuller one left out)."""

    id: int = Field(description="The version id (pass it as `version` to /provisions).")
    content_hash: str = Field(description="SHA-256 of the text.")
    format: str = Field(description='"txt", "md", "xml"...; "reference" for cited ids only.')
    language: str | None = Field(description="ISO 639 code; null when unknown.")
    source: str | None = Field(description="The source document that first brought it.")
    source_url: str | None
    created_at: StoredTime
    provisions: int = Field(description="Provisions the text is split into.")
    reference: bool = Field(
        description="Only ids and titles a crosswalk cites, never a text to read."
    )


class InstrumentLabelEvidence(ApiModel):
    """A character span of a provision that supports the label."""

    provision: int = Field(description="The provision's id (see /provisions/{id}).")
    start: int = Field(description="Offset in the provision's text, from 0.")
    end: int = Field(description="Offset just past the span.")
    score: float | None = Field(description="The model's score for the span; null if none.")


class InstrumentLabel(ApiModel):
    """A label on the instrument as a whole (rejected ones left out; its provisions'
    labels are in /instruments/{id}/provisions)."""

    id: int
    concept: str = Field(description="The concept's id (see /concepts/{id}).")
    concept_label: str = Field(description="Its preferred label; the id when unknown.")
    taxonomy: str | None = Field(description="Null when the concept is not stored.")
    score: float | None = Field(description="The label's score; null when none was given.")
    method: LabelMethod
    model: str | None = Field(description="The model or source that gave it, if recorded.")
    review_status: ReviewStatus
    experimental: str = Field(
        description='Why the label is experimental ("experimental: dev F1 0.31"); empty '
        "when it is not."
    )
    provenance: str | None
    measured_on: list[str] = Field(
        description="Languages its method was measured on; empty when not measured."
    )
    text_language: str | None = Field(
        description="Language of the text it labels; null when unknown."
    )
    language_note: str = Field(
        description='"measured on English only" when the text is in another language; '
        "empty otherwise."
    )
    evidence: list[InstrumentLabelEvidence]


class InstrumentDetail(InstrumentSummary):
    """One instrument: its summary, events, stored versions and labels."""

    cited_year: int | None = Field(
        default=None,
        description="The year a citation gives: of its adoption, signature or publication, "
        "else of its first event (never the year its draft was proposed, when it was made).",
    )
    summary: str | None
    languages: list[str] = Field(description="ISO 639 codes of its official languages.")
    issuers: list[str] = Field(description="Names of the institutions that issued it.")
    external_ids: list[ExternalIdentifier]
    events: list[InstrumentEvent] = Field(description="Oldest first.")
    versions: list[InstrumentVersionSummary] = Field(description="Newest first.")
    labels: list[InstrumentLabel] = Field(description="By concept id, then label id.")
