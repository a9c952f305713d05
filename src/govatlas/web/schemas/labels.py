"""Labels as the API lists them: which concept a provision or instrument carries, how it
was given, and on which languages its method was measured."""

from __future__ import annotations

from pydantic import Field

from govatlas.vocabulary import LabelMethod, ReviewStatus
from govatlas.web.schemas.common import ApiModel


class LabelRow(ApiModel):
    """A label: a concept on one provision or one whole instrument, with its provenance."""

    id: int
    concept: str = Field(description="The concept's id (see /concepts/{id}).")
    instrument: str | None = Field(description="The labelled instrument; null for a provision.")
    provision: int | None = Field(description="The labelled provision; null for an instrument.")
    score: float | None = Field(description="The model's score; null when it gave none.")
    method: LabelMethod
    model: str | None = Field(
        description="The model that gave it, or the source of people's and imported labels "
        "(e.g. agora); null when none is recorded."
    )
    review_status: ReviewStatus
    experimental: str = Field(
        description='"experimental: ..." (e.g. "experimental: dev F1 0.31") for a machine '
        "label on a weakly measured concept or from the unmeasured zero-shot matcher; "
        "empty otherwise."
    )
    measured_on: list[str] = Field(
        description="ISO 639 codes of the languages its method was measured on; empty when "
        "it was not measured (people's labels, a source's own tags)."
    )
    text_language: str | None = Field(
        description="The labelled text's language (the provision's, else the instrument's "
        "newest text's); null when unknown."
    )
    language_note: str = Field(
        description='"measured on English only" when the text is in another language; '
        "empty otherwise."
    )
