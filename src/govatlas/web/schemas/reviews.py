"""Reviews: the near misses waiting for one, and what a review of a label, a suggested
relationship or a near miss answers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govatlas.vocabulary import ReviewStatus
from govatlas.web.schemas.common import ApiModel


class NearMissRow(ApiModel):
    """A classifier's decision just below a concept's threshold: not a label."""

    id: int
    concept: str
    instrument: str
    provision: int
    provision_path: str
    probability: float = Field(description="The classifier's probability, to 4 places.")
    threshold: float = Field(description="The concept's operating threshold, to 4 places.")
    model: str
    counted: Literal[False] = Field(
        description="Always false: a near miss is in no count until reviewed."
    )


class LabelReviewed(ApiModel):
    """The label as the review left it."""

    id: int
    review_status: ReviewStatus
    review_version: int = Field(description="Pass it as `version` with the next review.")
    reviewer: str


class RelationshipReviewed(ApiModel):
    """The suggestion decided on, and the relationship people stand behind now."""

    suggestion: int
    human_relationship: int | None = Field(
        description="The human relationship accepting or correcting it recorded; null when "
        "it was rejected."
    )


class NearMissReviewed(ApiModel):
    """The near miss reviewed and the label it became."""

    near_miss: int
    label: int
    review_status: ReviewStatus = Field(description="accepted or rejected.")
    reviewer: str
