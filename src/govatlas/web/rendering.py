"""Templates and the small filters they use (snippet highlighting, numbers, dates)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from govatlas import __version__
from govatlas.graphics.worldmap import NO_RECORD_DEFS
from govatlas.html import TEMPLATES as SHARED_TEMPLATES
from govatlas.html import name_of
from govatlas.i18n import current_code
from govatlas.i18n.catalogs import provenance_counts
from govatlas.i18n.languages import DEFAULT, LANGUAGES, Language
from govatlas.i18n.templating import install as install_translation
from govatlas.provision_labels import provision_label
from govatlas.store.search import SearchHit, segments
from govatlas.taxonomy import translations
from govatlas.vocabulary import (
    JURISDICTION_KIND_LABELS,
    LEGAL_EFFECT_LABELS,
    RELEASE_COUNT_LABELS,
    STAGE_LABELS,
    TYPE_LABELS,
)
from govatlas.web.auth import page_csrf, reviewer_name, signed_in
from govatlas.web.localization import page_language

HERE = Path(__file__).parent
STATIC = HERE / "static"
# the atlas's own templates, then those it shares with the pages the CLI writes
templates = Jinja2Templates(
    directory=[HERE / "templates", SHARED_TEMPLATES], context_processors=[page_language]
)
install_translation(templates.env)


def highlight(hit: SearchHit) -> Markup:
    """A search hit's snippet, escaped, with its matched terms marked (by their spans:
    no character of the text itself can open or close a mark)."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(piece) if matched else escape(piece)
        for piece, matched in segments(hit.snippet, hit.highlights)
    )


def query(params: dict[str, object], **changes: object) -> str:
    """A query string from ``params`` with ``changes`` applied, empty values dropped."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", False)}, doseq=True)


def concept_label(global_id: str, english: str) -> str:
    """A concept's label in the page's language (English when it has none there)."""
    return translations.concept_label(global_id, english, current_code.get())


def concept_definition(global_id: str, english: str | None) -> str | None:
    return translations.concept_definition(global_id, english, current_code.get())


def taxonomy_name(taxonomy_id: str, english: str) -> str:
    return translations.taxonomy_name(taxonomy_id, english, current_code.get())


def taxonomy_description(taxonomy_id: str, english: str) -> str:
    return translations.taxonomy_description(taxonomy_id, english, current_code.get())


def translation_provenance(taxonomy_or_concept: str) -> str | None:
    """Who translated a taxonomy's (``fli-blocks``) or a concept's (``fli-blocks:red-lines``)
    texts into the page's language: machine, human or reviewed; None when they are shown
    in English (an English page, or a taxonomy govatlas does not translate)."""
    taxonomy_id, _, concept_id = taxonomy_or_concept.partition(":")
    return translations.provenance(current_code.get(), taxonomy_id, concept_id or None)


def translation_counts() -> list[tuple[Language, dict[str, int], str | None]]:
    """Per language other than English: its catalog's messages by who translated them,
    and who translated its concepts (the /data page)."""
    found: list[tuple[Language, dict[str, int], str | None]] = []
    for other in LANGUAGES:
        if other.code == DEFAULT:
            continue
        concepts = translations.language_file(other.code)
        found.append(
            (other, provenance_counts(other.code), concepts.translated_by if concepts else None)
        )
    return found


def has_vendor(name: str) -> bool:
    return (STATIC / "vendor" / name).is_file()


def counted(number: int | None, noun: str, plural: str | None = None) -> str:
    """ "1 instrument", "2 instruments", "0 instruments": a count with its noun agreeing."""
    n = number or 0
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


templates.env.filters["highlight"] = highlight
templates.env.filters["counted"] = counted
templates.env.globals["query"] = query
templates.env.filters["cited"] = provision_label  # art.53.1.c -> Art. 53(1)(c)
templates.env.globals["map_defs"] = Markup(NO_RECORD_DEFS)
templates.env.globals["stage_labels"] = {s.value: label for s, label in STAGE_LABELS.items()}
templates.env.globals["effect_labels"] = {
    e.value: label for e, label in LEGAL_EFFECT_LABELS.items()
}
templates.env.globals["has_vendor"] = has_vendor
templates.env.globals["type_labels"] = TYPE_LABELS
templates.env.globals["jurisdiction_kinds"] = JURISDICTION_KIND_LABELS
templates.env.globals["release_count_labels"] = RELEASE_COUNT_LABELS
templates.env.globals["concept_label"] = concept_label
templates.env.globals["concept_definition"] = concept_definition
templates.env.globals["taxonomy_name"] = taxonomy_name
templates.env.globals["taxonomy_description"] = taxonomy_description
templates.env.globals["translation_provenance"] = translation_provenance
templates.env.globals["translation_counts"] = translation_counts
templates.env.globals["name_of"] = name_of
templates.env.globals["version"] = __version__
templates.env.globals["signed_in"] = signed_in
templates.env.globals["page_csrf"] = page_csrf
templates.env.globals["reviewer_name"] = reviewer_name
