"""Incidents on the web and the API, and the rules behind an incident traced to the
provisions their evidence rests on (records and a label written for these tests)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.incidents import quality_figures
from govatlas.incidents import rules as rules_module
from govatlas.incidents.overview import incident_views
from govatlas.store.models import Instrument, InstrumentVersion, Label, LabelEvidence, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import Binding, LabelMethod, Status
from govatlas.web import create_app


@pytest.fixture
def bias_assessed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bias classifier measured above the floor (the others below it)."""
    measured = {"bias": SimpleNamespace(assessable=True)}
    monkeypatch.setattr(rules_module, "shipped_quality", lambda _taxonomy: measured)


@pytest.fixture
def covered(ingested: Engine, incidents_store: Engine) -> tuple[Engine, str, int, str]:
    """A person's label for FLI's bias risk on a provision of a binding law in force."""
    with transaction(ingested) as session:
        found = session.execute(
            select(Instrument.id, Instrument.jurisdiction_id, Provision.id, Provision.path)
            .join(InstrumentVersion, InstrumentVersion.instrument_id == Instrument.id)
            .join(Provision, Provision.version_id == InstrumentVersion.id)
            .where(Instrument.binding == Binding.BINDING, Instrument.status == Status.ADOPTED)
            .order_by(Provision.id)
            .limit(1)
        ).one()
        # in force, not only adopted: an adopted law whose entry into force is not
        # recorded is not counted as in force
        session.get_one(Instrument, found[0]).status = Status.IN_FORCE
        label = Label(
            concept_id="fli-risks:bias",
            instrument_id=found[0],
            method=LabelMethod.HUMAN,
            model_id=None,
            score=1.0,
        )
        label.evidence.append(LabelEvidence(provision_id=found[2], start_offset=0, end_offset=5))
        session.add(label)
    return ingested, found[1], found[2], found[0]


@pytest.mark.usefixtures("bias_assessed")
def test_rules_name_the_provisions_their_evidence_rests_on(
    covered: tuple[Engine, str, int, str],
) -> None:
    engine, place, provision, instrument = covered
    with Session(engine) as session:
        views = {v.incident.id: v for v in incident_views(session)}
    bias = views[1].rules[0]
    assert bias.risk == "bias" and bias.assessed
    assert bias.places == {place: [instrument]}
    assert [p for p, _ in bias.provisions[instrument]] == [provision]
    row = views[1].as_dict()
    risks = row["fli_risks"]
    assert isinstance(risks, list)
    assert risks[0]["provisions"][instrument][0]["provision_id"] == provision
    assert views[1].names[instrument]  # its short name, for a reader


@pytest.mark.usefixtures("bias_assessed")
def test_the_pages_and_the_api(covered: tuple[Engine, str, int, str]) -> None:
    engine, place, provision, instrument = covered
    with TestClient(create_app(engine), raise_server_exceptions=False) as client:
        page = client.get("/incidents")
        assert page.status_code == 200
        assert "Incident types and the rules that cover them" in page.text
        assert "not assessed" in page.text  # risks whose classifier is below the floor
        assert 'href="/incidents/1"' in page.text
        assert "Incidents (7)" in page.text  # the duplicate is folded into incident 1
        second = client.get("/api/v1/incidents", params={"domain": "2"}).json()
        assert {i["mit_domain"] for i in second["items"]} == {"2"}
        assert f"Incidents ({second['total']})" in client.get("/incidents?domain=2").text
        one = client.get("/incidents/1")
        assert one.status_code == 200
        assert f'href="/instruments/{instrument}/provisions/{provision}"' in one.text
        assert "also reported as 8" in one.text
        assert client.get("/incidents/8").status_code == 404
        assert client.get("/incidents?domain=9").status_code == 400

        listed = client.get("/api/v1/incidents", params={"limit": 2}).json()
        assert listed["total"] == 7 and len(listed["items"]) == 2
        assert client.get("/api/v1/incidents/1").json()["duplicates"] == [8]
        gaps = {g["mit_subdomain"]: g for g in client.get("/api/v1/incidents/gaps").json()["items"]}
        assert (
            gaps["1.1"]["state"] == "covered"
            and gaps["1.1"]["places_with_binding_rules_in_force"] == 1
        )
        assert gaps["4.3"]["state"] == "not assessed"
        trends = client.get("/api/v1/incidents/trends").json()
        assert sum(c["coded"] + c["predicted"] for c in trends["items"]) == 7
        sheet = client.get("/api/v1/incidents", params={"format": "csv"})
        assert sheet.headers["content-type"].startswith("text/csv")
        assert f"bias: {place}" in sheet.text
        assert client.get("/api/v1/incidents/quality").status_code == 200


def test_quality_figures_are_written_whole_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    target = tmp_path / "quality.json"
    monkeypatch.setattr(quality_figures.SHIPPED, "path", lambda: target)
    request.addfinalizer(quality_figures.forget)  # the shipped figures again afterwards
    quality_figures.write_quality({})  # nothing measured: an empty document
    assert not quality_figures.shipped_quality()["measured"]
    assert "not measured" in quality_figures.quality_sentence()
    document = {
        "incidents": 40,
        "accuracy": 0.7,
        "macro_f1": 0.6,
        "majority_accuracy": 0.3,
        "domains": [],
        "human_ceiling": [
            {"field": "AI Harm Level", "pair": "1–2", "shared": 9, "agreement": 0.8, "kappa": 0.5}
        ],
    }
    quality_figures.write_quality(document)
    assert json.loads(target.read_text())["accuracy"] == 0.7
    sentence = quality_figures.quality_sentence()
    assert "40 coded incidents" in sentence and "70%" in sentence and "kappa 0.50" in sentence
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.usefixtures("bias_assessed")
def test_the_white_paper_states_the_incident_findings(
    covered: tuple[Engine, str, int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.reports.render import render_html
    from govatlas.reports.white_paper import build_white_paper
    from govatlas.store.releases import create_release
    from tests.conftest import FIXTURE_MIRROR

    engine, _place, provision, instrument = covered
    with transaction(engine) as session:
        create_release(session)
    document = build_white_paper(engine, mirror=FIXTURE_MIRROR)
    findings = document.context["incidents"]
    assert findings.incidents == 7 and findings.coded == 6
    assert findings.covered == 1  # the discrimination incident: bias, covered in one place
    assert findings.no_risk == 2  # privacy (2.1) and overreliance (5.1) name no FLI risk
    assert findings.covered + findings.not_covered + findings.not_assessed + findings.no_risk == 6
    bias = next(line for line in findings.lines if line["subdomain"] == "1.1")
    assert bias["state"] == "covered" and bias["places"] == 1 and bias["cite"]
    cited = document.citations.entries[bias["cite"]]
    assert cited.instruments == [instrument] and cited.provisions == [provision]
    html = render_html(document, "2026-12-04")
    assert "Reported AI incidents and the rules that would have covered them" in html


def test_a_store_without_incidents_says_so(built: Engine) -> None:
    with TestClient(create_app(built), raise_server_exceptions=False) as client:
        page = client.get("/incidents")
        assert page.status_code == 200 and "holds no AI Incident Database records" in page.text
        assert client.get("/api/v1/incidents").json()["total"] == 0
        assert client.get("/api/v1/incidents/gaps").json()["items"] == []
        assert client.get("/incidents/1").status_code == 404
