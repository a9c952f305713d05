"""What is new: changes detected by horizon scanning, and lifecycle events."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from govatlas.vocabulary import ChangeKind, LifecycleKind
from govatlas.web.schemas.common import ApiModel


class ChangedConcept(ApiModel):
    """A concept the changed provisions touch."""

    id: str
    label: str


class DetectedChange(ApiModel):
    """A new text detected by a scan: a new instrument's first text or a new version."""

    id: int
    kind: ChangeKind
    instrument: str
    title: str
    jurisdiction: str
    detected_at: dt.datetime
    old_version: int | None = Field(description="The version compared; null for a first text.")
    new_version: int
    counts: dict[str, int] = Field(
        description="Provisions added, removed, modified, moved and unchanged."
    )
    score: int = Field(description="How significant the change is (the sum over provisions).")
    concepts: list[ChangedConcept] = Field(description="Most significant first.")
    highlights: list[str] = Field(description="One-line summaries, most significant first.")
    diff_path: str = Field(description="The atlas page that shows it (no base URL).")


class DatedEvent(ApiModel):
    """A lifecycle event dated in the period."""

    date: dt.date
    kind: LifecycleKind
    instrument: str
    title: str
    jurisdiction: str


class Changes(ApiModel):
    """Changes detected in the last `days` days, most significant first, and the events
    dated in them (at most 500 of each)."""

    days: int
    new_versions: list[DetectedChange]
    new_instruments: list[DetectedChange]
    events: list[DatedEvent]
