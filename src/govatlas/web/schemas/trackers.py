"""The building-block trackers as the API gives them: each tracker with its measured
quality, and one tracker's facts, each a fact of its own kind (red lines,
incident-reporting duties, penalties, compute thresholds) with the fields the rules read
or a reviewer corrected (``trackers``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from govatlas.vocabulary import Binding, InstrumentType, Status
from govatlas.web.schemas.common import ApiModel

FactStatus = Literal["machine", "reviewed"]
"""``machine`` as the rules read it, ``reviewed`` once a person confirmed or corrected it
(rejected facts are left out)."""


class FieldQuality(ApiModel):
    """The rules' precision and recall on one field of the trackers' gold (test split)."""

    tp: int = Field(description="True positives among the facts read.")
    fp: int = Field(description="False positives.")
    fn: int = Field(description="False negatives.")
    recall_tp: int = Field(description="True positives among the passages recall counts on.")
    precision: float | None = Field(description="Null when nothing was read.")
    recall: float | None = Field(description="Null when the gold holds no such fact.")
    f1: float | None = Field(description="Null when precision or recall is.")
    precision_interval: tuple[float, float] | None = Field(
        description="95 % Jeffreys interval on the counts; null when not computed."
    )
    recall_interval: tuple[float, float] | None = Field(
        description="95 % Jeffreys interval on the counts; null when not computed."
    )


class TrackerQualityMeasured(ApiModel):
    """A tracker's measured quality, as shipped with this release."""

    measured: Literal[True]
    gold: str | None = Field(description="Where the gold is (eval/gold/trackers).")
    split: str | None = Field(description="The gold's split measured on (test).")
    passages: int | None = Field(description="Passages of that split.")
    fields: dict[str, FieldQuality] = Field(
        description="By field (or fields scored together, e.g. max_amount+currency)."
    )


class TrackerQualityUnmeasured(ApiModel):
    """A tracker whose quality was never measured: no number is shown."""

    measured: Literal[False]


TrackerQuality = TrackerQualityMeasured | TrackerQualityUnmeasured


class TrackerSummary(ApiModel):
    """A tracker: what it records, how many facts the store holds, its measured quality."""

    name: str = Field(description="Its id in /trackers/{name}.")
    title: str
    question: str = Field(description="What a delegate asks of it.")
    fields: list[str] = Field(description="The fields its facts carry, in order.")
    facts: int = Field(description="Facts the store holds (rejected ones left out).")
    quality: TrackerQuality


class TrackerList(ApiModel):
    """The building-block trackers."""

    items: list[TrackerSummary]


class TrackerFactBase(ApiModel):
    """What every tracker fact carries: where it was read, the words, its standing."""

    id: int = Field(description="The fact's id (a reviewer's decision names it).")
    jurisdiction: str = Field(description="The instrument's jurisdiction id.")
    instrument: str = Field(description="The instrument's id.")
    instrument_name: str | None = Field(description="Its short name; null when it has none.")
    instrument_type: InstrumentType
    binding: Binding
    instrument_status: Status
    provision: str = Field(description="The provision's path (art-5/par-1).")
    provision_id: int
    heading: str = Field(description="The provision's heading; empty when it has none.")
    text: str = Field(description="The provision's text (its first 1,200 characters).")
    evidence: str = Field(description="The exact words read.")
    start: int = Field(description="Where the words start in the provision's text.")
    end: int = Field(description="Where they end.")
    status: FactStatus = Field(description="machine, or reviewed by a person.")
    reviewer: str | None = Field(description="Who reviewed it; null for a machine fact.")
    method: str = Field(description="How it was read (rules).")
    confidence: TrackerQuality = Field(description="The tracker's measured quality.")
    version_id: int = Field(description="The instrument version read.")


class RedLineFact(TrackerFactBase):
    """A practice a provision forbids, on the shared list of practices."""

    tracker: Literal["red-lines"]
    practice: str = Field(description="The practice's id on the shared list ('other' when none).")
    practice_label: str
    exceptions: list[str] = Field(description="The provision's sentences that make exceptions.")
    penalty: str | None = Field(
        description="The fine its instrument sets for breaching a prohibition (words and "
        "provision); null when none is read."
    )


class IncidentReportingFact(TrackerFactBase):
    """A duty to report an incident: to whom, within how long."""

    tracker: Literal["incident-reporting"]
    deadline_hours: float | None = Field(
        description="The deadline in hours; null when no time is stated."
    )
    deadline: str | None = Field(description="The deadline as written (72 hours, 15 days).")
    recipient: str | None = Field(description="Whom the report goes to; null when not named.")
    recipient_provision: str | None = Field(
        default=None,
        description="Present only when the recipient is the one named nearest above in "
        "the same article: that provision's path.",
    )
    incident: str = Field(description="The incident words matched (serious incident...).")


class PenaltyFact(TrackerFactBase):
    """The maximum fine a provision sets."""

    tracker: Literal["penalties"]
    max_amount: float | None = Field(description="Null when only a share of turnover is set.")
    currency: str | None = Field(description="ISO 4217 code, or '$' when the dollar is unknown.")
    turnover_share: float | None = Field(description="A fraction of turnover (7 % is 0.07).")
    per: str | None = Field(description="When the maximum applies per unit (violation, day).")
    combine: Literal["higher", "lower"] | None = Field(
        description="Which of amount and share applies, when the text says."
    )


class ComputeThresholdFact(TrackerFactBase):
    """A threshold (compute, model size, users, revenue) that triggers duties."""

    tracker: Literal["compute-thresholds"]
    threshold_value: float | None = Field(description="Null only when a reviewer cleared it.")
    threshold_unit: str | None = Field(
        description="FLOP, FLOP/s, parameters, users, employees or a currency code."
    )
    kind: Literal["compute", "parameters", "users", "revenue", "training-cost", "capacity"]
    comparator: str | None = Field(description="As written (greater than, at least...).")
    defines: str | None = Field(description="The term the threshold's definition defines.")


TrackerFact = Annotated[
    RedLineFact | IncidentReportingFact | PenaltyFact | ComputeThresholdFact,
    Field(discriminator="tracker"),
]


class TrackerFacts(ApiModel):
    """One tracker's facts across jurisdictions, binding law in force first."""

    tracker: str
    items: list[TrackerFact]
    total: int = Field(description="Facts listed (all of them: the list is not paged).")
