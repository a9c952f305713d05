"""Instruments and technologies as the API lists them."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from govatlas.vocabulary import Binding, InstrumentType, Status
from govatlas.web.schemas.common import ApiModel


class InstrumentSummary(ApiModel):
    """An instrument in a list: what it is, where, whether it binds, since when."""

    id: str
    title: str
    short_name: str | None
    type: InstrumentType
    binding: Binding
    status: Status
    jurisdiction: str = Field(description="The jurisdiction's id (see /jurisdictions).")
    first_date: date | None = Field(description="Its earliest dated lifecycle event.")
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
    items: list[Technology]
    precision_floor: float = Field(description="The precision a classifier must reach.")
