"""Labels as the instrument pages and the API show them: grouped and deduplicated, each
with its evidence, its measured quality (precision and recall where measured, an
"experimental" or "unmeasured" note where not) and the languages its model was measured
on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from govatlas.classify.measured.experimental import (
    ConceptQuality,
    label_note,
    language_note,
    measured_languages,
    saved_qualities,
    shown_label_note,
)
from govatlas.config import models_dir
from govatlas.errors import GovatlasError
from govatlas.i18n import DEFAULT, current, gettext
from govatlas.i18n.templating import language_name
from govatlas.store.instruments import reading_version
from govatlas.store.models import Concept, Label
from govatlas.store.shown_labels import (
    ShownLabel,
    concept_taxonomies,
    concepts_by_id,
    newest_text_languages,
    provision_languages,
)


def label_qualities() -> dict[str, ConceptQuality]:
    """The saved F1 figures by taxonomy; without them, a model's labels are "not measured"
    (``shown_label_note``), never unflagged."""
    try:
        return saved_qualities(models_dir())
    except GovatlasError:
        return {}


def experimental_notes(
    session: Session, labels: Sequence[Label], in_reader_language: bool = False
) -> dict[int, str]:
    """Label id -> "experimental: ..." for the machine labels on weakly measured concepts:
    in English (the API's), or with ``in_reader_language`` in the page's language."""
    note_of = shown_label_note if in_reader_language else label_note
    if not labels:
        return {}
    qualities = label_qualities()
    concepts = concepts_by_id(session, {label.concept_id for label in labels})
    notes = {}
    for label in labels:
        concept = concepts.get(label.concept_id)
        if concept is not None:
            note = note_of(
                qualities, concept.taxonomy_id, concept.pref_label, label.model_id, concept.id
            )
            if note:
                notes[label.id] = note
    return notes


def label_measures(session: Session, labels: Sequence[Label]) -> dict[int, dict[str, Any]]:
    """Label id -> ``measured_on`` fields, for lists of labels (the API's /labels): the
    text's language is the labelled provision's, else the instrument's newest text's."""
    if not labels:
        return {}
    qualities = label_qualities()
    taxonomy_of = concept_taxonomies(session, {label.concept_id for label in labels})
    by_provision = provision_languages(
        session, {label.provision_id for label in labels if label.provision_id is not None}
    )
    by_instrument = newest_text_languages(
        session, {label.instrument_id for label in labels if label.instrument_id is not None}
    )
    found = {}
    for label in labels:
        language = by_provision.get(label.provision_id or -1) or by_instrument.get(
            label.instrument_id or ""
        )
        found[label.id] = measured_on(
            qualities, taxonomy_of.get(label.concept_id), label.model_id, language
        )
    return found


def measured_on(
    qualities: Mapping[str, ConceptQuality],
    taxonomy: str | None,
    model_id: str | None,
    language: str | None,
) -> dict[str, Any]:
    """On which languages the label's method was measured, and a note when the text it
    labels is in another ("measured on English only")."""
    languages = measured_languages(qualities, taxonomy, model_id)
    return {
        "measured_on": list(languages),
        "text_language": language,
        "language_note": language_note(languages, language),
    }


def shown_language_note(label: Mapping[str, Any]) -> str:
    """A label's ``language_note`` ("measured on English only") in the reader's language,
    for pages (the API keeps it in English): rebuilt from ``measured_on`` with the
    languages named in the reader's language; unchanged on an English page."""
    note = str(label.get("language_note") or "")
    measured = label.get("measured_on") or []
    if not note or not measured or current().code == DEFAULT:
        return note
    names = ", ".join(language_name(code) for code in measured)
    return gettext("measured on %(languages)s only", languages=names)


def shown_labels(labels: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Labels as a page shows them: their notes in the reader's language."""
    return [label | {"language_note": shown_language_note(label)} for label in labels]


def label_view(
    label: ShownLabel,
    concept: Concept | None,
    qualities: Mapping[str, ConceptQuality],
    language: str | None = None,
) -> dict[str, Any]:
    """One label; ``language`` is the language of the text it labels, when known."""
    taxonomy = concept.taxonomy_id if concept else None
    return measured_on(qualities, taxonomy, label.model_id, language) | {
        "id": label.id,
        "concept": label.concept_id,
        "concept_label": concept.pref_label if concept else label.concept_id,
        "taxonomy": concept.taxonomy_id if concept else None,
        "score": label.score,
        "method": label.method.value,
        "model": label.model_id,
        "review_status": label.review_status.value,
        "experimental": label_note(
            qualities,
            concept.taxonomy_id if concept else None,
            concept.pref_label if concept else label.concept_id,
            label.model_id,
            label.concept_id,
        ),
        "provenance": label.provenance,
        "evidence": [
            {
                "provision": e.provision_id,
                "start": e.start_offset,
                "end": e.end_offset,
                "score": e.score,
            }
            for e in label.evidence
        ],
    }


def label_languages(
    session: Session, instrument_id: str, labels: Sequence[ShownLabel]
) -> dict[int, str | None]:
    """Label id -> language of the text it labels: its evidence's provisions (the first
    one's), else the instrument's reading version."""
    by_provision = provision_languages(
        session, {e.provision_id for label in labels for e in label.evidence}
    )
    version = reading_version(session, instrument_id, None) if labels else None
    fallback = version.language if version is not None else None
    found: dict[int, str | None] = {}
    for label in labels:
        languages = [by_provision.get(e.provision_id) for e in label.evidence]
        found[label.id] = next((x for x in languages if x), fallback)
    return found
