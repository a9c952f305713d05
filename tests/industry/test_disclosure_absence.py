"""A justification that says the practice is absent earns a transparency point but is
never shown as evidence that a company does what an obligation asks."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from govatlas.industry import readiness as readiness_module
from govatlas.industry.disclosure_absence import ABSENCE_QUALITY, states_absence
from govatlas.industry.readiness import STATUSES, Regulation, readiness
from govatlas.store.models import Assessment
from govatlas.store.session import transaction
from govatlas.web.app import create_app


@pytest.mark.parametrize(
    "text",
    [
        "No data augmentation is performed.",
        "None.",
        "There is no bug bounty programme.",
        "Not applicable: the weights are not distributed.",
        "The developer acknowledges that it does not offer a bug bounty.",
        "The company discloses that it has no whistleblower policy.",
        "Acme discloses no watermarking of text outputs",
        "Disclosure of no detection",
        "Usage policy does not vary",
        "The models cannot browse the web.",
    ],
)
def test_absence_is_read(text: str) -> None:
    assert states_absence(text)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "Sources were curated with an in-house filter for unsafe content.",
        "The report lists the evaluations run before release.",
        # a caveat about the disclosure, not the practice
        "While the creators are not named, extensive metadata is published.",
        "The developer does not give exact figures but describes the annotation rules.",
        # a long sentence whose negation is not introduced as the developer's statement
        "Access requests are answered within a week and the criteria are published, "
        "which is not common among developers of comparable models.",
    ],
)
def test_a_described_practice_is_not_absence(text: str | None) -> None:
    assert not states_absence(text)


def test_the_shipped_quality_is_a_measurement() -> None:
    assert 0 < ABSENCE_QUALITY.precision <= 1 and 0 < ABSENCE_QUALITY.recall <= 1
    assert ABSENCE_QUALITY.absent <= ABSENCE_QUALITY.items


def test_an_absence_is_disclosed_absent_not_evidence(
    fmti: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    duties = Regulation("test-duties", "eu-ai-act", ("art.1", "art.2"), "Test duties")
    monkeypatch.setitem(readiness_module.REGULATIONS, "test-duties", duties)
    monkeypatch.setattr(readiness_module, "MIN_COSINE", -1.0)  # tiny fixture texts: keep links
    with transaction(fmti) as session:
        before = readiness(session, "acme", "test-duties", "fmti-2025")
        evidenced = before.count("evidenced")
        assert evidenced > 0
        for assessment in session.scalars(
            select(Assessment).where(Assessment.organisation_id == "acme", Assessment.score >= 1)
        ):
            assessment.justification = "No data augmentation is performed."
    with transaction(fmti) as session:
        after = readiness(session, "acme", "test-duties", "fmti-2025")
        assert after.count("evidenced") == 0
        assert after.count("disclosed absent") == evidenced
        assert {r.status for r in after.rows} <= set(STATUSES)
        row = next(r for r in after.rows if r.status == "disclosed absent")
        assert row.evidence is not None and row.evidence.says_absent
    with TestClient(create_app(fmti)) as client:
        page = client.get("/companies/acme/readiness", params={"regulation": "test-duties"})
    assert page.status_code == 200
    assert f"{evidenced} disclosed as absent" in page.text
    assert "<strong>Says absent:</strong> No data augmentation is performed." in page.text
    assert f"precision {ABSENCE_QUALITY.precision:.2f}" in page.text
