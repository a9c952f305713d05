"""The taxonomy file format: concepts with labels, definitions and mappings.

Taxonomies are data (YAML in ``data/``, or SKOS via import). A concept is named
inside its taxonomy by ``id`` (its notation, e.g. ``red-lines`` or ``1.1``) and
globally as ``taxonomy:id``; mappings to other taxonomies use the global form
with a SKOS mapping type.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from govatlas.vocabulary import RelationshipType


class MappingType(StrEnum):
    """SKOS mapping properties."""

    EXACT = "exact"
    CLOSE = "close"
    BROAD = "broad"
    NARROW = "narrow"
    RELATED = "related"


# How a SKOS mapping reads as a set-theory relationship (NIST IR 8477 vocabulary):
# broadMatch means the source is narrower, i.e. a subset of the target.
RELATIONSHIP_OF_MAPPING = {
    MappingType.EXACT: RelationshipType.EQUAL,
    MappingType.CLOSE: RelationshipType.INTERSECTS,
    MappingType.BROAD: RelationshipType.SUBSET,
    MappingType.NARROW: RelationshipType.SUPERSET,
    MappingType.RELATED: RelationshipType.INTERSECTS,
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Mapping(Strict):
    to: str = Field(pattern=r"^[a-z0-9-]+:.+$", description="taxonomy:concept-id")
    type: MappingType


class ConceptSpec(Strict):
    id: str = Field(min_length=1, max_length=100)
    label: str = ""
    alt: tuple[str, ...] = ()
    not_: tuple[str, ...] = Field(default=(), alias="not")
    definition: str | None = None
    parent: str | None = None
    related: tuple[str, ...] = ()
    mappings: tuple[Mapping, ...] = ()

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _label_defaults_to_id(self) -> ConceptSpec:
        if not self.label:
            object.__setattr__(self, "label", self.id)
        return self


class TaxonomyFile(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)
    name: str
    description: str = ""
    version: str | None = None
    parent_from_prefix: bool = False
    # Each text is coded with one concept (and its ancestors), as the MIT repository
    # codes each risk with one subdomain: zero-shot matching keeps the best match only.
    one_per_text: bool = False
    concepts: tuple[ConceptSpec, ...] = Field(min_length=1)

    def with_derived_parents(self) -> TaxonomyFile:
        """Parents from ``A: B: C`` prefixes, when the file asks for it."""
        if not self.parent_from_prefix:
            return self
        ids = {c.id for c in self.concepts}
        concepts = []
        for concept in self.concepts:
            parent = concept.parent
            if parent is None and ": " in concept.id:
                prefix = concept.id.rsplit(": ", 1)[0]
                while prefix not in ids and ": " in prefix:
                    prefix = prefix.rsplit(": ", 1)[0]
                parent = prefix if prefix in ids else None
            concepts.append(concept.model_copy(update={"parent": parent}))
        return self.model_copy(update={"concepts": tuple(concepts)})
