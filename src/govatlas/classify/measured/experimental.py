"""Which machine-labelled concepts are experimental, wherever labels are shown.

``govatlas eval`` (and ``govatlas build`` when it first trains the AGORA model)
saves each concept's F1 on human gold next to the models, one ``quality.json``
per measured taxonomy: the AGORA model's dev F1 per tag, the MIT risk-domain
labeller's cross-fitted F1 per concept on coded texts (``risks.evaluation``). A machine
label on a
concept whose F1 is under ``EXPERIMENTAL_BELOW``, or that has too few gold
examples to be measured, is shown as experimental: the web atlas marks it, the
API says so, and ``govatlas explain`` prints the figure. So is every label of the
zero-shot matcher on a taxonomy nobody has measured it on (no human gold exists
for the FLI, OECD and UN taxonomies): on the one it was measured on, MIT risk
domains, its pooled macro-F1 is 0.32.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pycountry

from govatlas.classify.measured.shipped import (
    GOLD_LANGUAGES,
    MULTILINGUAL_MODEL,
    PROVISION_MODEL,
    provision_languages,
    shipped_quality,
)
from govatlas.errors import GovatlasError
from govatlas.i18n import DEFAULT, N_, current_code, gettext, speaking
from govatlas.i18n.templating import language_name as shown_language_name

EXPERIMENTAL_BELOW = 0.5
QUALITY_FILE = "quality.json"
ZERO_SHOT_MODEL = "concept-match-minilm"
UNMEASURED = N_("experimental: zero-shot, not measured against labels people gave")
NO_FIGURES = N_("experimental: no measured figures found for the model that gave it")
# The models govatlas trains and runs that save their figures beside the database: the
# AGORA tag model (``classify.agora.tfidf_model``) and the MIT risk-domain labeller
# (``classify.risks.model``); named here so that reading a note imports neither.
GOVATLAS_MODELS = frozenset({"tfidf-logreg-kw", "mit-risk-logreg-minilm"})
NO_CLASSIFIER = N_("experimental: no classifier measured on the project's gold")


@dataclass(frozen=True)
class ConceptQuality:
    """Dev F1 per concept label of one taxonomy (``None``: not measurable)."""

    taxonomy: str
    f1: dict[str, float | None]
    model: str = ""
    measured_as: str = "dev F1"  # what the figure is, as the note names it
    gold: str = "validated examples"  # what too few of leaves a concept unmeasured
    # Languages of the texts the figures were measured on: AGORA's documents and the
    # MIT/AIID codings are English, so every saved figure so far is English-only.
    languages: tuple[str, ...] = GOLD_LANGUAGES

    def experimental(self, concept_label: str) -> bool:
        score = self.f1.get(concept_label)
        return score is None or score < EXPERIMENTAL_BELOW

    def note(self, concept_label: str) -> str:
        """A short reason, e.g. "experimental: dev F1 0.31"; empty when not experimental.
        In English (the API, the downloads and the command line give it so)."""
        with speaking(DEFAULT):
            return self.shown_note(concept_label)

    def shown_note(self, concept_label: str) -> str:
        """``note`` in the language of the page or report being rendered (what the figure
        is and what too few of leaves it unmeasured are the saved file's words)."""
        if not self.experimental(concept_label):
            return ""
        score = self.f1.get(concept_label)
        if score is None:
            return gettext("experimental: too few %(gold)s to measure", gold=self.gold)
        shown = f"{score:.2f}"
        return gettext(
            "experimental: %(measured_as)s %(score)s", measured_as=self.measured_as, score=shown
        )


def label_note(
    qualities: Mapping[str, ConceptQuality],
    taxonomy: str | None,
    concept_label: str,
    model_id: str | None,
    concept_id: str | None = None,
) -> str:
    """The experimental note for a machine label; empty for people's labels, a source's
    own tags and the labels of a model measured above its floor. In English (the API,
    the downloads and the command line give it so)."""
    with speaking(DEFAULT):
        return shown_label_note(qualities, taxonomy, concept_label, model_id, concept_id)


def shown_label_note(
    qualities: Mapping[str, ConceptQuality],
    taxonomy: str | None,
    concept_label: str,
    model_id: str | None,
    concept_id: str | None = None,
) -> str:
    """``label_note`` in the language of the page or report being rendered.

    A machine label is never shown as a plain fact: the provision classifiers' labels
    carry their concept's shipped figures (experimental below the precision floor, as
    coverage counts them), the other models' the figures saved beside the database,
    and a model with no figures at all (the models folder missing, or a model the
    figures are not about) is "not measured", never unflagged."""
    if model_id is None:
        return ""
    if model_id in (PROVISION_MODEL, MULTILINGUAL_MODEL):
        return provision_label_note(taxonomy, concept_id)
    quality = qualities.get(taxonomy or "")
    if quality is not None and model_id == quality.model:
        return quality.shown_note(concept_label)
    if model_id == ZERO_SHOT_MODEL:
        return gettext(UNMEASURED)
    # one of govatlas's own models with no figures here; a source's own tags (AGORA's
    # annotations, model id "agora") are the source's judgement, not ours
    return gettext(NO_FIGURES) if model_id in GOVATLAS_MODELS else ""


def provision_label_note(taxonomy: str | None, concept_id: str | None) -> str:
    """A provision classifier label's note: empty when its concept is measured at the
    floor, else why it is experimental (``MeasuredConcept.shown_note``)."""
    notation = (concept_id or "").removeprefix(f"{taxonomy}:")
    measured = shipped_quality(taxonomy).get(notation) if taxonomy and notation else None
    if measured is None:
        return gettext(NO_CLASSIFIER)
    return "" if measured.assessable else measured.shown_note


def measured_languages(
    qualities: Mapping[str, ConceptQuality], taxonomy: str | None, model_id: str | None
) -> tuple[str, ...]:
    """The languages on which the method that gave a label was measured; empty when it
    was not measured (people's labels, a source's own tags, the zero-shot matcher)."""
    if model_id in (PROVISION_MODEL, MULTILINGUAL_MODEL) and taxonomy and shipped_quality(taxonomy):
        return provision_languages(taxonomy)  # the multilingual reading's gold is English too
    quality = qualities.get(taxonomy or "")
    if quality is not None and model_id == quality.model:
        return quality.languages
    return ()


def language_name(code: str) -> str:
    """English name of an ISO 639 code ("fr" -> "French"); the code when unknown."""
    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    found = found or pycountry.languages.get(alpha_3=code)
    return str(found.name) if found is not None else code


def language_note(measured: tuple[str, ...], language: str | None) -> str:
    """ "measured on English only" for a label on a text in a language its method was
    not measured on; empty when measured on it, not measured at all, or unknown. In
    English (the API, the downloads and the command line give it so)."""
    with speaking(DEFAULT):
        return shown_language_note(measured, language)


def shown_language_note(measured: tuple[str, ...], language: str | None) -> str:
    """``language_note`` in the language of the page or report being rendered, the
    languages named in it too."""
    if not measured or language is None or language in measured:
        return ""
    english = current_code.get() == DEFAULT
    names = [language_name(c) if english else shown_language_name(c) for c in measured]
    languages = names[0]
    for name in names[1:]:
        languages = gettext("%(first)s and %(second)s", first=languages, second=name)
    return gettext("measured on %(languages)s only", languages=languages)


def save_quality(quality: ConceptQuality, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / QUALITY_FILE
    data = {
        "taxonomy": quality.taxonomy,
        "model": quality.model,
        "experimental_below": EXPERIMENTAL_BELOW,
        "measured_as": quality.measured_as,
        "gold": quality.gold,
        "languages": list(quality.languages),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "f1": quality.f1,
    }
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def load_quality(folder: Path) -> ConceptQuality | None:
    """The saved figures, or ``None`` when no evaluation has been saved yet."""
    path = folder / QUALITY_FILE
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        f1 = {str(k): (None if v is None else float(v)) for k, v in data["f1"].items()}
        defaults = ConceptQuality("", {})
        return ConceptQuality(
            str(data["taxonomy"]),
            f1,
            str(data.get("model", "")),
            str(data.get("measured_as", defaults.measured_as)),
            str(data.get("gold", defaults.gold)),
            tuple(str(x) for x in data.get("languages", defaults.languages)),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise GovatlasError(
            f"cannot read {path}: {exc}", "run `govatlas eval` to write it again"
        ) from exc


def saved_qualities(models: Path) -> dict[str, ConceptQuality]:
    """Every taxonomy's saved figures under the ``models`` folder, by taxonomy."""
    found = (load_quality(path.parent) for path in sorted(models.rglob(QUALITY_FILE)))
    return {quality.taxonomy: quality for quality in found if quality is not None}
