"""Taxonomies and their concepts as the API lists them; one concept with its mappings,
the instruments that cover it and the provisions its labels cite."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from govatlas.vocabulary import Binding, RelationshipType
from govatlas.web.schemas.common import ApiModel


class TaxonomySummary(ApiModel):
    """A taxonomy with how many concepts it has."""

    id: str
    name: str
    version: str | None = Field(description="The edition loaded; null when it has none.")
    concepts: int


class Taxonomies(ApiModel):
    """Every stored taxonomy, by id."""

    items: list[TaxonomySummary]


class ConceptSummary(ApiModel):
    """A concept of a taxonomy, with the instruments that cover it and that carry it."""

    id: str
    notation: str = Field(description="Its code within the taxonomy.")
    label: str = Field(description="Its preferred label.")
    alt_labels: list[str]
    definition: str | None
    parent: str | None = Field(description="The broader concept's id; null at the top.")
    parent_label: str | None = Field(
        description="The broader concept's label (its id when not stored); null at the top."
    )
    covering_instruments: int = Field(
        description="Instruments in effect of public authorities with evidence for it, "
        "as /concepts/{id} lists them."
    )
    labelled_instruments: int = Field(
        description="Instruments with a label on it, or on one of their provisions, "
        "that was not rejected."
    )


class Concepts(ApiModel):
    """A taxonomy's concepts, by id."""

    items: list[ConceptSummary]


class ConceptMapping(ApiModel):
    """A crosswalk link between the concept and another."""

    type: RelationshipType
    direction: Literal["to", "from"] = Field(
        description='"to": this concept is the source; "from": the target.'
    )
    concept: str | None = Field(
        description="The other concept's id; null if the other end is a provision."
    )


class ConceptInstrument(ApiModel):
    """An instrument that covers the concept."""

    id: str
    short_name: str
    jurisdiction: str = Field(description="The jurisdiction's id.")
    binding: Binding


class ConceptProvision(ApiModel):
    """A provision that a label on the concept cites as evidence."""

    id: int
    path: str = Field(description='Its place in the text ("art.5.1", "recital.26").')
    instrument: str = Field(description="The instrument's id.")


class ConceptDetail(ApiModel):
    """A concept with its mappings, the instruments that cover it and cited provisions."""

    id: str
    taxonomy: str
    notation: str = Field(description="Its code within the taxonomy.")
    label: str = Field(description="Its preferred label.")
    alt_labels: list[str]
    negative_labels: list[str] = Field(
        description="Phrases that rule it out when the concept matcher finds them."
    )
    definition: str | None
    parent: str | None = Field(description="The broader concept's id; null at the top.")
    mappings: list[ConceptMapping]
    instrument_count: int = Field(description="Instruments that cover it, in all.")
    instruments: list[ConceptInstrument] = Field(
        description="The first 200 of them by id, in the store's order."
    )
    provisions: list[ConceptProvision] = Field(
        description="At most 200, by instrument and order in its text."
    )
    provision_count: int = Field(description="Cited provisions in all (one per citation).")
