"""The taxonomies govatlas writes, in the other five UN languages, with who translated them.

One file per language, ``translations/<code>.yaml``: for each taxonomy its name and
description, and for each concept its preferred label, alternative labels and
definition. ``translated_by`` says who made the text (``machine``: a language model;
``human``; ``reviewed``: checked by a person who reads the language), for the file and,
where it differs, for one taxonomy or concept. English stays in ``data/``; a concept
the file lacks is shown in English. A correction a person made on the review pages
(``i18n.corrections``) is read before the file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from govatlas.errors import InvalidInputError
from govatlas.i18n.corrections import CONCEPT, TAXONOMY, corrected, corrected_text

HERE = Path(__file__).parent / "translations"
Provenance = Literal["machine", "human", "reviewed"]
# The taxonomies govatlas writes; AGORA, MIT and OECD are their publishers' words.
TRANSLATED_TAXONOMIES = ("fli-blocks", "fli-risks", "fli-benefits", "un", "technology")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ConceptText(_Strict):
    label: str = Field(min_length=1)
    alt: tuple[str, ...] = ()
    definition: str | None = None
    translated_by: Provenance | None = None


class TaxonomyText(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    translated_by: Provenance | None = None
    concepts: dict[str, ConceptText] = Field(default_factory=dict)


class LanguageFile(_Strict):
    language: str = Field(pattern=r"^(ar|zh|fr|ru|es)$")
    translated_by: Provenance
    translator: str = ""
    taxonomies: dict[str, TaxonomyText] = Field(default_factory=dict)

    def concept(self, taxonomy_id: str, concept_id: str) -> ConceptText | None:
        found = self.taxonomies.get(taxonomy_id)
        return found.concepts.get(concept_id) if found else None

    def provenance(self, taxonomy_id: str, concept_id: str | None = None) -> Provenance:
        """Who translated a concept (or a taxonomy's name): its own field, else its
        taxonomy's, else the file's."""
        taxonomy = self.taxonomies.get(taxonomy_id)
        concept = taxonomy.concepts.get(concept_id) if taxonomy and concept_id else None
        return (
            (concept.translated_by if concept else None)
            or (taxonomy.translated_by if taxonomy else None)
            or self.translated_by
        )


def translation_path(code: str) -> Path:
    return HERE / f"{code}.yaml"


@cache
def language_file(code: str) -> LanguageFile | None:
    """The concept translations of one language; None for English or a language
    without a file."""
    path = translation_path(code)
    if not path.is_file():
        return None
    try:
        return LanguageFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValueError) as exc:
        raise InvalidInputError(f"{path.name}: not a valid translation file ({exc})") from exc


def _shipped_concept(global_id: str, code: str) -> ConceptText | None:
    taxonomy_id, _, concept_id = global_id.partition(":")
    found = language_file(code)
    return found.concept(taxonomy_id, concept_id) if found else None


def _shipped_taxonomy(taxonomy_id: str, code: str) -> TaxonomyText | None:
    found = language_file(code)
    return found.taxonomies.get(taxonomy_id) if found else None


def concept_label(global_id: str, english: str, code: str) -> str:
    """A concept's preferred label in a language (a person's correction first, then the
    file's), English when it has none there; the three below likewise."""
    shipped = _shipped_concept(global_id, code)
    return corrected_text(code, CONCEPT, global_id, "label") or (
        shipped.label if shipped else english
    )


def concept_definition(global_id: str, english: str | None, code: str) -> str | None:
    shipped = _shipped_concept(global_id, code)
    return corrected_text(code, CONCEPT, global_id, "definition") or (
        shipped.definition if shipped and shipped.definition else english
    )


def taxonomy_name(taxonomy_id: str, english: str, code: str) -> str:
    shipped = _shipped_taxonomy(taxonomy_id, code)
    return corrected_text(code, TAXONOMY, taxonomy_id, "name") or (
        shipped.name if shipped else english
    )


def taxonomy_description(taxonomy_id: str, english: str, code: str) -> str:
    shipped = _shipped_taxonomy(taxonomy_id, code)
    return corrected_text(code, TAXONOMY, taxonomy_id, "description") or (
        shipped.description if shipped and shipped.description else english
    )


def provenance(code: str, taxonomy_id: str, concept_id: str | None = None) -> Provenance | None:
    """Who made the texts of a taxonomy (or one of its concepts) shown in ``code``:
    ``human`` once a person rewrote any of them, ``reviewed`` once people confirmed all
    of them, else the file's word. None when the texts are shown in English."""
    found = language_file(code)
    if found is None or taxonomy_id not in found.taxonomies:
        return None
    if concept_id:
        text = found.concept(taxonomy_id, concept_id)
        subject, key = CONCEPT, f"{taxonomy_id}:{concept_id}"
        parts = ("label", "definition") if text and text.definition else ("label",)
    else:
        subject, key = TAXONOMY, taxonomy_id
        parts = ("name", "description") if found.taxonomies[taxonomy_id].description else ("name",)
    fixes = [corrected(code, subject, key, part) for part in parts]
    if any(f is not None and f.provenance == "human" for f in fixes):
        return "human"
    return "reviewed" if all(fixes) else found.provenance(taxonomy_id, concept_id)
