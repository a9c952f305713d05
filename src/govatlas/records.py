"""The record types every layer shares: what source connectors yield, and passages.

What every source connector yields: one ``SourceDocument`` shape for all sources.

A document may carry an instrument (to link or create), a version text (with
pre-cut provisions when the source is structured, otherwise the generic
segmenter cuts it), labels (e.g. AGORA's human tags), and raw records kept
faithfully for later features (FMTI scores, AIID incidents, MIT risks).

A ``Passage`` is a provision as the comparisons read it: a stable id and its text.
These types sit below every package (``tests/test_layers.py``), so that the store,
the ingest, the catalog and the taxonomies can use them without importing the
connectors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from govatlas.vocabulary import Binding, InstrumentType, LabelMethod, LifecycleKind, ReviewStatus


@dataclass(frozen=True)
class EventDraft:
    kind: LifecycleKind
    date: date
    note: str | None = None
    precision: str = "day"  # "day", "month" or "year": how much of ``date`` the source gives


@dataclass(frozen=True)
class InstrumentDraft:
    """An instrument as a source describes it; ``key`` becomes its id if it is new."""

    key: str
    title: str
    short_name: str
    type: InstrumentType
    binding: Binding
    jurisdiction: str
    external_ids: Mapping[str, str] = field(default_factory=dict)
    events: tuple[EventDraft, ...] = ()
    languages: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    summary: str | None = None
    # Issued by a public authority; False for companies, civil society, academia.
    public_authority: bool = True


@dataclass(frozen=True)
class ProvisionDraft:
    """A provision cut by the source itself; offsets index the version text."""

    path: str
    kind: str
    heading: str | None
    start: int
    end: int
    parent: str | None = None


@dataclass(frozen=True)
class LabelDraft:
    """A document-level label on ``taxonomy``'s concept with this notation."""

    taxonomy: str
    notation: str
    method: LabelMethod
    review_status: ReviewStatus
    provenance: str
    score: float | None = None


@dataclass(frozen=True)
class ConceptDraft:
    notation: str
    label: str
    definition: str | None = None
    parent: str | None = None
    alt_labels: tuple[str, ...] = ()
    negative_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaxonomyDraft:
    id: str
    name: str
    description: str
    concepts: tuple[ConceptDraft, ...]
    version: str | None = None


@dataclass(frozen=True)
class RecordDraft:
    """A raw record kept as the source gave it (a score, an incident, a coding)."""

    kind: str
    key: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class SourceDocument:
    source: str
    key: str
    name: str
    instrument: InstrumentDraft | None = None
    text: str | None = None
    format: str = "txt"
    language: str | None = None
    source_url: str | None = None
    retrieved_at: datetime | None = None  # when the text was fetched from ``source_url``
    provisions: tuple[ProvisionDraft, ...] | None = None
    labels: tuple[LabelDraft, ...] = ()
    records: tuple[RecordDraft, ...] = ()
    # The id of a stored instrument this text belongs to, when the caller knows it
    # (a horizon watch on an instrument's URL); ``instrument`` is then ignored.
    known_instrument: str | None = None


def web_urls(*candidates: str | None) -> tuple[str, ...]:
    """The candidates that are http(s) URLs, stripped."""
    return tuple(
        c.strip() for c in candidates if c and c.strip().startswith(("http://", "https://"))
    )


class Connector(Protocol):
    """One source. ``scan`` lists document keys; ``load`` reads one document."""

    name: str
    description: str
    folder: str

    def scan(self, root: Path) -> list[str]: ...

    def load(self, root: Path, key: str) -> SourceDocument: ...

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]: ...


@dataclass(frozen=True)
class Passage:
    """A provision to align or compare: a stable id and its text."""

    id: str
    text: str
