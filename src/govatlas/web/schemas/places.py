"""Jurisdictions as the API lists them; one jurisdiction with its members, the bodies it
belongs to, its instruments and their dated events."""

from __future__ import annotations

from pydantic import Field

from govatlas.vocabulary import JurisdictionKind, LifecycleKind
from govatlas.web.schemas.common import ApiModel
from govatlas.web.schemas.instruments import InstrumentSummary


class JurisdictionSummary(ApiModel):
    """A country, subdivision, region or supranational body in a list."""

    id: str
    name: str
    kind: JurisdictionKind
    parent: str | None = Field(description="The enclosing jurisdiction's id; null at the top.")
    iso_alpha2: str | None = Field(description="ISO 3166-1 alpha-2; null when it has none.")
    iso_numeric: str | None = Field(description="ISO 3166-1 numeric; null when it has none.")


class JurisdictionGroup(ApiModel):
    """A body the jurisdiction belongs to that has instruments of its own."""

    id: str
    name: str
    instruments: int = Field(description="The body's own instruments.")


class JurisdictionEvent(ApiModel):
    """A dated event of one of the jurisdiction's instruments."""

    instrument: str = Field(description="The instrument's id.")
    name: str = Field(description="The instrument's short name, else its id.")
    kind: LifecycleKind
    date: str = Field(description='As precisely as known: "2021", "2021-05" or "2021-05-04".')
    note: str | None


class JurisdictionDetail(ApiModel):
    """A jurisdiction with its members, its bodies, its instruments and their events."""

    id: str
    name: str
    kind: JurisdictionKind
    parent: str | None = Field(description="The enclosing jurisdiction's id; null at the top.")
    members: list[str] = Field(description="Ids of its member jurisdictions, sorted.")
    member_of: list[JurisdictionGroup] = Field(
        description="The bodies it belongs to that have instruments, the most first."
    )
    instruments: list[InstrumentSummary] = Field(
        description="Its and its subdivisions' instruments, oldest first, undated last "
        "(at most 10,000)."
    )
    total: int = Field(description="Its and its subdivisions' instruments in all.")
    events: list[JurisdictionEvent] = Field(
        description="Events of its and its subdivisions' instruments, oldest first."
    )
