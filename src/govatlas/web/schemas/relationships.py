"""Relationships as the API lists them: typed links between provisions or concepts."""

from __future__ import annotations

from pydantic import Field

from govatlas.vocabulary import RationaleKind, RelationshipMethod, RelationshipType, ReviewStatus
from govatlas.web.schemas.common import ApiModel


class RelationshipRow(ApiModel):
    """A link from a provision or concept to another (NIST IR 8477 types, and contrary)."""

    id: int
    source_provision: int | None = Field(description="Null when the source is a concept.")
    source_concept: str | None = Field(description="Null when the source is a provision.")
    target_provision: int | None = Field(description="Null when the target is a concept.")
    target_concept: str | None = Field(description="Null when the target is a provision.")
    type: RelationshipType
    rationale_kind: RationaleKind | None
    rationale: str | None
    confidence: float | None = Field(
        description="A machine suggestion's calibrated probability; null when none is given "
        "(people's links)."
    )
    method: RelationshipMethod
    author: str | None = Field(
        description="Who made it: a crosswalk's publisher, a reviewer, or the machine run."
    )
    review_status: ReviewStatus
    citation: str | None = Field(
        description='Where it comes from (e.g. "crosswalk:cltc-rmf"); null when nothing is cited.'
    )
