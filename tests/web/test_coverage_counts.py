"""Coverage counts with their 95% intervals in the API (JSON and CSV) and on concept pages:
intervals for a concept measured to the precision floor, none (null) for an experimental one."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from govatlas.classify.measured.shipped import PROVISION_MODEL
from govatlas.store.models import Label, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod
from govatlas.web import create_app, label_views
from tests.measured import at_the_floor, measure

MEASURED = "institutional-arrangements"  # measured at the floor by the fixture


@pytest.fixture
def counted(web_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The web store plus one label of the shipped classifier on a measured concept."""
    with transaction(web_store) as session:
        provision = session.scalars(select(Provision).where(Provision.path == "govern.1.1")).first()
        assert provision is not None
        session.add(
            Label(
                concept_id=f"fli-blocks:{MEASURED}",
                provision_id=provision.id,
                method=LabelMethod.MODEL,
                model_id=PROVISION_MODEL,
                score=0.9,
            )
        )
    monkeypatch.setattr(label_views, "label_qualities", dict)
    measure(monkeypatch, {"fli-blocks": {MEASURED: at_the_floor("fli-blocks", MEASURED)}})
    with TestClient(create_app(web_store), raise_server_exceptions=False) as client:
        yield client


def test_coverage_json_carries_counts_with_intervals(counted: TestClient) -> None:
    body = counted.get("/api/v1/coverage", params={"taxonomy": "fli-blocks"}).json()
    assert body["counted_over"] == {"rows": "UN Member States", "size": 193}
    concepts = {c["id"]: c for c in body["concepts"]}
    measured = concepts[MEASURED]
    assert not measured["experimental"]
    covered = measured["counts"]["covered"]  # the AI RMF: non-binding, in the United States
    assert covered["count"] >= 1 and covered["count_low"] <= covered["count"]
    assert covered["count"] <= covered["count_high"] <= covered["assessed"]
    assert set(measured["counts"]) == {
        "binding-in-force",
        "binding-adopted",
        "binding-proposed",
        "non-binding",
        "covered",
    }
    red_lines = concepts["red-lines"]  # below the precision floor
    assert red_lines["experimental"] and red_lines["labels_measured"].startswith("experimental")
    assert all(
        c["count_low"] is None and c["count_high"] is None for c in red_lines["counts"].values()
    )
    assert {"row", "concept", "state", "instruments", "via"} <= set(body["items"][0])  # unchanged


def test_coverage_counts_as_csv_and_json(counted: TestClient) -> None:
    answer = counted.get(
        "/api/v1/coverage/counts", params={"taxonomy": "fli-blocks", "format": "csv"}
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert {
        "concept",
        "state",
        "count",
        "count_low",
        "count_high",
        "assessed",
        "experimental",
    } <= set(rows[0])
    covered = next(r for r in rows if r["concept"] == MEASURED and r["state"] == "covered")
    assert int(covered["count_low"]) <= int(covered["count"]) <= int(covered["count_high"])
    experimental = next(r for r in rows if r["concept"] == "red-lines" and r["state"] == "covered")
    assert experimental["count_low"] == "" and experimental["experimental"] == "True"
    by_instrument = counted.get(
        "/api/v1/coverage/counts", params={"taxonomy": "fli-blocks", "by": "instrument"}
    ).json()
    assert by_instrument["counted_over"]["rows"] == "instruments"
    found = next(
        i for i in by_instrument["items"] if i["concept"] == MEASURED and i["state"] == "covered"
    )
    assert found["count"] >= 1 and found["count_low"] is not None
    assert counted.get("/api/v1/coverage/counts", params={"taxonomy": "nope"}).status_code == 404


def test_the_concept_page_states_counts_with_intervals(counted: TestClient) -> None:
    page = counted.get(f"/concepts/fli-blocks:{MEASURED}").text
    section = page.split('id="coverage"', 1)[1].split("</section>", 1)[0]
    assert "95% interval" in section and "assessed" in section
    experimental = counted.get("/concepts/fli-blocks:red-lines").text
    section = experimental.split('id="coverage"', 1)[1].split("</section>", 1)[0]
    assert "Experimental" in section and "95% interval" not in section
    agora = counted.get("/concepts/agora:harms-harm-to-health-safety").text
    assert 'id="coverage"' not in agora  # no provision classifier: no coverage counts
