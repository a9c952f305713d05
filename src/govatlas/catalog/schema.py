"""The catalog's file format: typed, strict models for instruments and actors.

Every field is a fact (ids, names, dates, URLs, identifiers in other datasets);
unknown fields are refused so that a typo in a YAML key is an error, not a
silently ignored value.
"""

from __future__ import annotations

import datetime as dt
import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from govatlas.vocabulary import (
    STATUS_AFTER_EVENT,
    ActorKind,
    AdherenceAct,
    Binding,
    InstrumentType,
    LifecycleKind,
    ResearchFinding,
    Status,
    Topic,
)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ADOPTION_KINDS = (LifecycleKind.ADOPTED, LifecycleKind.SIGNED, LifecycleKind.PUBLISHED)


def _http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", value):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Event(Strict):
    """A lifecycle event. ``precision`` says how much of ``date`` is known."""

    kind: LifecycleKind
    date: date
    precision: Literal["day", "month", "year"] = "day"
    note: str | None = None


class Actor(Strict):
    id: str = Field(pattern=SLUG, max_length=120)
    name: str = Field(min_length=2, max_length=300)
    kind: ActorKind
    jurisdiction: str | None = None


class CatalogEntry(Strict):
    """One instrument of the project's own catalog.

    ``title`` is in English; ``original_title`` in the instrument's own language
    when that is not English. ``urls`` are official (the issuer's site, a
    gazette); ``sources`` are other citable pages that confirm the facts (the
    OECD.AI database, a ministry's press release); ``checked`` is the day the
    facts were last checked against them.
    """

    id: str = Field(pattern=SLUG, max_length=120)
    title: str = Field(min_length=3)
    original_title: str | None = Field(default=None, min_length=3)
    short_name: str = Field(min_length=2, max_length=200)
    type: InstrumentType
    binding: Binding
    topic: Topic = Topic.AI
    # False for texts of companies, industry bodies, civil society and academia.
    public_authority: bool | None = None
    jurisdiction: str
    issuers: tuple[str, ...] = ()
    languages: tuple[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")], ...] = ("en",)
    urls: tuple[HttpUrl, ...] = Field(min_length=1)
    sources: tuple[HttpUrl, ...] = ()
    checked: date | None = None
    events: tuple[Event, ...] = Field(min_length=1)
    ids: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], tuple[str, ...]] = {}
    summary: str | None = None

    @model_validator(mode="after")
    def _bills_are_proposals(self) -> CatalogEntry:
        if self.type is InstrumentType.BILL and any(
            e.kind in (LifecycleKind.IN_FORCE, LifecycleKind.PARTLY_IN_FORCE) for e in self.events
        ):
            raise ValueError("a bill that entered into force is a law: set type to law")
        return self

    @field_validator("ids", mode="before")
    @classmethod
    def _ids_as_lists(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: v if isinstance(v, list | tuple) else [v] for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _events_in_order(self) -> CatalogEntry:
        proposed = [e.date for e in self.events if e.kind is LifecycleKind.PROPOSED]
        if proposed and any(e.date < min(proposed) for e in self.events):
            raise ValueError("an event is dated before the instrument was proposed")
        return self

    @property
    def issued_by_public_authority(self) -> bool:
        """As stated, else True for every type but a company's framework."""
        if self.public_authority is not None:
            return self.public_authority
        return self.type is not InstrumentType.COMPANY_FRAMEWORK

    def precision_of(self, kind: LifecycleKind) -> str | None:
        """How precisely the first event of ``kind`` is dated (day, month or year)."""
        events = sorted((e for e in self.events if e.kind is kind), key=lambda e: e.date)
        return events[0].precision if events else None

    def status(self, on: date | None = None) -> Status:
        """Where the instrument stands on ``on`` (default today)."""
        today = on or date.today()
        order = list(LifecycleKind)
        past = [e for e in self.events if e.date <= today and e.kind in STATUS_AFTER_EVENT]
        if not past:
            return Status.PROPOSED
        latest = max(past, key=lambda e: (e.date, order.index(e.kind)))
        return STATUS_AFTER_EVENT[latest.kind]

    @property
    def year(self) -> int:
        """Year of adoption (or of first appearance when never adopted)."""
        adopted = [e.date for e in self.events if e.kind in ADOPTION_KINDS]
        return min(adopted or [e.date for e in self.events]).year

    def first(self, kind: LifecycleKind) -> date | None:
        dates = [e.date for e in self.events if e.kind is kind]
        return min(dates) if dates else None


class Adherence(Strict):
    """Parties' acts towards one international instrument, from one citable source.

    ``parties`` are jurisdiction ids (ISO 3166 alpha-3, ``EU``) or, for company
    commitments, actor ids. One entry groups the parties that did the same act
    on the same day (or in the same year or month, by ``precision``).
    """

    instrument: str = Field(pattern=SLUG, max_length=120)
    act: AdherenceAct
    parties: tuple[str, ...] = Field(min_length=1)
    date: dt.date | None = None
    precision: Literal["day", "month", "year"] = "day"
    source: HttpUrl
    note: str | None = None

    @field_validator("parties")
    @classmethod
    def _no_repeats(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({p for p in value if value.count(p) > 1})
        if repeated:
            raise ValueError(f"parties listed twice: {', '.join(repeated)}")
        return value


class ResearchNote(Strict):
    """What is known of a UN Member State for which the catalog lists no instrument."""

    jurisdiction: str = Field(pattern=r"^[A-Z]{3}$")
    finding: ResearchFinding
    checked: date | None = None
    note: str | None = None
    sources: tuple[HttpUrl, ...] = ()

    @model_validator(mode="after")
    def _checked_absence_has_evidence(self) -> ResearchNote:
        if self.finding is ResearchFinding.CHECKED_ABSENCE and not (self.checked and self.sources):
            raise ValueError(
                "a checked absence needs the day it was checked and the sources searched"
            )
        return self
