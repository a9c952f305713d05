"""An instrument's text as the API gives it: its provisions in reading order, each with
its labels and its counterparts in other instruments; one provision with its relations."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govatlas.vocabulary import LabelMethod, RelationshipMethod, RelationshipType, ReviewStatus
from govatlas.web.schemas.common import ApiModel


class ProvisionRelation(ApiModel):
    """A provision linked to this one (rejected links and reviewed suggestions left out)."""

    relationship: int = Field(description="The relationship's id (see /relationships).")
    type: RelationshipType
    direction: Literal["to", "from"] = Field(
        description='"to": this provision is the source; "from": the target.'
    )
    instrument: str = Field(description="The counterpart's instrument id.")
    provision: int = Field(description="The counterpart's provision id.")
    path: str = Field(description="The counterpart's path in its text.")
    method: RelationshipMethod
    review_status: ReviewStatus
    confidence: float | None = Field(description="The suggester's confidence; null if none.")


class ProvisionLabel(ApiModel):
    """A label whose evidence cites the provision: one entry per span (rejected left out)."""

    label: int = Field(description="The label's id (see /labels).")
    concept: str = Field(description="The concept's id (see /concepts/{id}).")
    concept_label: str = Field(description="Its preferred label; the id when unknown.")
    experimental: str = Field(
        description='Why the label is experimental ("experimental: dev F1 0.31"); empty '
        "when it is not."
    )
    score: float | None = Field(description="The model's score for this span; null if none.")
    label_score: float | None = Field(description="The label's own score; null if none.")
    method: LabelMethod
    model: str | None = Field(description="The model or source that gave it, if recorded.")
    review_status: ReviewStatus
    review_version: int = Field(description="Name it as `version` when reviewing the label.")
    start: int = Field(description="Span start in the provision's full text, from 0.")
    end: int = Field(description="Offset just past the span.")
    measured_on: list[str] = Field(
        description="Languages its method was measured on; empty when not measured."
    )
    text_language: str | None = Field(
        description="The provision's language, else its version's; null when unknown."
    )
    language_note: str = Field(
        description='"measured on English only" when the text is in another language; '
        "empty otherwise."
    )


class ReadingVersion(ApiModel):
    """The version whose provisions are listed."""

    id: int
    content_hash: str = Field(description="SHA-256 of the text.")
    format: str = Field(description='"txt", "md", "xml"...; "reference" for cited ids only.')
    language: str | None = Field(description="ISO 639 code; null when unknown.")


class ReadingProvision(ApiModel):
    """A provision in reading order, with its labels and counterparts."""

    id: int
    path: str = Field(description='Its place in the text ("art.5.1", "recital.26").')
    kind: str = Field(description='"article", "paragraph", "recital", "annex"...')
    heading: str | None
    depth: int = Field(description="Nesting depth, 0 at the top (at most 12).")
    text: str = Field(description="Its own words when it has children, else its whole text.")
    segments: list[tuple[str, list[str]]] = Field(
        description="`text` cut into [fragment, concept labels whose evidence covers it]; "
        "one uncovered fragment when nothing is marked."
    )
    labels: list[ProvisionLabel]
    relations: list[ProvisionRelation]


class ReadingPage(ApiModel):
    """One page of a version's provisions, in reading order, with the version read."""

    version: ReadingVersion | None = Field(
        description="Null when the instrument has no stored text (then no items)."
    )
    items: list[ReadingProvision]
    next_cursor: str | None = Field(
        description="Pass it back as `cursor` for the next page; null on the last."
    )
    total: int = Field(description="Provisions in the whole version.")


class ProvisionDetail(ApiModel):
    """One provision with its place in its text and its counterparts."""

    id: int
    instrument: str = Field(description="The instrument's id.")
    version: int = Field(description="The id of the version it belongs to.")
    path: str = Field(description='Its place in the text ("art.5.1", "recital.26").')
    kind: str = Field(description='"article", "paragraph", "recital", "annex"...')
    heading: str | None
    parent: int | None = Field(description="The enclosing provision's id; null at the top.")
    start: int = Field(description="Offset of its text in the version's text.")
    end: int = Field(description="Offset just past its text.")
    language: str | None = Field(description="ISO 639 code; null when not recorded.")
    text: str = Field(description="Its whole text, its children's included.")
    relations: list[ProvisionRelation]
