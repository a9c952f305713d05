"""Saved dev figures and the experimental flag on labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from govatlas.classify.measured.experimental import (
    UNMEASURED,
    ZERO_SHOT_MODEL,
    ConceptQuality,
    label_note,
    load_quality,
    save_quality,
    saved_qualities,
)
from govatlas.errors import GovatlasError


def test_notes_by_dev_f1() -> None:
    quality = ConceptQuality("agora", {"Incentives: Fines": 0.82, "Harms: Rare": 0.2, "X": None})
    assert quality.note("Incentives: Fines") == ""
    assert quality.note("Harms: Rare") == "experimental: dev F1 0.20"
    assert quality.note("X") == quality.note("never measured")
    assert quality.note("X") == "experimental: too few validated examples to measure"


def test_only_the_measured_models_labels_are_flagged() -> None:
    qualities = {
        "agora": ConceptQuality("agora", {"Harms: Rare": 0.2}, "tfidf-logreg-kw"),
        "mit-risk": ConceptQuality("mit-risk", {"Fraud": 0.7, "Toxic": 0.1}, "matcher"),
    }
    note = label_note(qualities, "agora", "Harms: Rare", "tfidf-logreg-kw")
    assert note == "experimental: dev F1 0.20"
    assert label_note(qualities, "agora", "Harms: Rare", None) == ""  # people's label
    assert label_note(qualities, "agora", "Harms: Rare", "agora") == ""  # the source's own tags
    assert label_note(qualities, "mit-risk", "Toxic", "matcher") == "experimental: dev F1 0.10"
    assert label_note(qualities, "mit-risk", "Fraud", "matcher") == ""
    # govatlas's own model without figures for what it labelled is never a plain fact
    # (the models folder missing, or a taxonomy its figures are not about)
    unknown = "experimental: no measured figures found for the model that gave it"
    assert label_note(qualities, "fli-risks", "Harms: Rare", "tfidf-logreg-kw") == unknown
    assert label_note(qualities, "mit-risk", "Toxic", "tfidf-logreg-kw") == unknown
    assert label_note({}, "agora", "Harms: Rare", "tfidf-logreg-kw") == unknown
    assert label_note(qualities, None, "Harms: Rare", "tfidf-logreg-kw") == unknown


def test_the_known_model_ids_are_the_models_own() -> None:
    from govatlas.classify.agora.tfidf_model import TfidfLinearModel
    from govatlas.classify.measured.experimental import GOVATLAS_MODELS
    from govatlas.classify.risks.model import MODEL_ID

    assert {TfidfLinearModel.model_id, MODEL_ID} == GOVATLAS_MODELS


def test_provision_classifier_labels_carry_their_concepts_figures() -> None:
    from govatlas.classify.measured.shipped import PROVISION_MODEL, shipped_quality

    blocks = shipped_quality("fli-blocks")
    weak = next(c for c, m in blocks.items() if not m.assessable)
    note = label_note({}, "fli-blocks", "x", PROVISION_MODEL, f"fli-blocks:{weak}")
    assert note.startswith("experimental") and note == blocks[weak].note
    technology = shipped_quality("technology")
    measured = next(c for c, m in technology.items() if m.assessable)
    assert label_note({}, "technology", "x", PROVISION_MODEL, f"technology:{measured}") == ""
    assert label_note({}, "fli-blocks", "x", PROVISION_MODEL, "fli-blocks:no-such") == (
        "experimental: no classifier measured on the project's gold"
    )


def test_zero_shot_labels_on_unmeasured_taxonomies_are_experimental() -> None:
    measured = {"mit-risk": ConceptQuality("mit-risk", {"Fraud": 0.7}, ZERO_SHOT_MODEL)}
    assert label_note(measured, "fli-blocks", "Red lines", ZERO_SHOT_MODEL) == UNMEASURED
    assert label_note({}, "mit-risk", "Fraud", ZERO_SHOT_MODEL) == UNMEASURED
    assert label_note(measured, "mit-risk", "Fraud", ZERO_SHOT_MODEL) == ""
    assert label_note(measured, "fli-blocks", "Red lines", None) == ""  # people's label


def test_save_load_and_a_damaged_file(tmp_path: Path) -> None:
    assert load_quality(tmp_path) is None
    quality = ConceptQuality("agora", {"a": 0.5, "b": None}, "m")
    path = save_quality(quality, tmp_path / "models")
    assert load_quality(tmp_path / "models") == quality
    path.write_text("{not json")
    with pytest.raises(GovatlasError, match=r"cannot read .*quality\.json"):
        load_quality(tmp_path / "models")


def test_figures_name_what_they_measure(tmp_path: Path) -> None:
    quality = ConceptQuality(
        "mit-risk", {"a": 0.3, "b": None}, "m", "F1 on coded texts", "coded texts"
    )
    save_quality(quality, tmp_path)
    assert load_quality(tmp_path) == quality
    assert quality.note("a") == "experimental: F1 on coded texts 0.30"
    assert quality.note("b") == "experimental: too few coded texts to measure"


def test_every_taxonomys_saved_figures_are_found(tmp_path: Path) -> None:
    assert saved_qualities(tmp_path / "models") == {}
    agora = ConceptQuality("agora", {"a": 0.9}, "m")
    mit = ConceptQuality("mit-risk", {"b": None}, "z")
    save_quality(agora, tmp_path / "models" / "agora")
    save_quality(mit, tmp_path / "models" / "zero-shot" / "mit-risk")
    assert saved_qualities(tmp_path / "models") == {"agora": agora, "mit-risk": mit}
