"""The commitments page, the API and the atlas's "adherence to X" map mode, in-process."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.analytics.test_commitments import add_facts


@pytest.fixture
def adhering(web_store: Engine) -> Engine:
    add_facts(web_store)
    return web_store


def test_shared_commitments_api(adhering: Engine, client: TestClient) -> None:
    found = client.get("/api/v1/commitments", params={"a": "FRA", "b": "USA"})
    assert found.status_code == 200
    body = found.json()
    # delta-order's list of parties is partial: counted in neither part of the index
    assert body["index"] == 0.5 and body["shared_count"] == 1 and body["union_count"] == 2
    assert [x["instrument"] for x in body["uncounted_partial"]] == ["delta-order"]
    assert body["shared"][0]["a"]["acts"] == ["ratified", "signed"]
    assert [x["instrument"] for x in body["only_b"]] == ["delta-order"]
    assert "not a checked absence" in body["note"]
    as_csv = client.get("/api/v1/commitments", params={"a": "FRA", "b": "USA", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert rows[0]["instrument"] == "Alpha Act" and rows[0]["France act"] == "ratified, signed"
    missing = client.get("/api/v1/commitments", params={"a": "FRA", "b": "ATLANTIS"})
    assert missing.status_code == 404 and "ATLANTIS" in missing.json()["error"]["message"]
    same = client.get("/api/v1/commitments", params={"a": "FRA", "b": "fra"})
    assert same.status_code == 400


def test_matrix_and_summary_api(adhering: Engine, client: TestClient) -> None:
    matrix = client.get("/api/v1/commitments/matrix").json()
    assert [i["id"] for i in matrix["instruments"]] == [
        "gamma-guidance",
        "alpha-act",
        "delta-order",
    ]
    assert len(matrix["items"]) == 193
    kenya = next(r for r in matrix["items"] if r["id"] == "KEN")
    assert kenya["region"] == "Africa" and kenya["cells"]["alpha-act"] is None
    assert kenya["cells"]["gamma-guidance"]["act"] == "adhered"
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/commitments/matrix?format=csv").text))
    )
    usa = next(r for r in rows if r["id"] == "USA")
    assert usa["Alpha Act"] == "signed" and usa["Gamma Guidance"] == ""
    summary = client.get("/api/v1/commitments/summary").json()["items"]
    assert (
        summary[0]["member_states"] == 3 and summary[0]["by_region"]["Europe"]["member_states"] == 2
    )
    summary_csv = client.get("/api/v1/commitments/summary?format=csv").text
    assert summary_csv.splitlines()[0].startswith("instrument,name,member_states,of,share,Africa")


def test_commitments_page(adhering: Engine, client: TestClient) -> None:
    page = client.get("/commitments", params={"a": "FRA", "b": "USA"})
    assert page.status_code == 200
    assert "Shared commitments index <strong>0.50</strong>" in page.text
    assert "0 only" in " ".join(page.text.split()) and "no record" in page.text
    assert "1 more is held by one side on a list of parties known to be partial" in page.text
    assert 'href="/?adherence=gamma-guidance"' in page.text
    assert "(partial list)" in page.text  # delta-order's facts say their list is partial
    assert "UN Member States" in page.text and "not yet researched" in page.text
    wrong = client.get("/commitments", params={"a": "FRA", "b": "ATLANTIS"})
    assert wrong.status_code == 200 and "no jurisdiction" in wrong.text
    lonely = client.get("/commitments", params={"a": "FRA"})
    assert "Choose a second state" in lonely.text


def test_jurisdiction_page_lists_commitments(adhering: Engine, client: TestClient) -> None:
    page = client.get("/jurisdictions/FRA")
    assert page.status_code == 200
    assert 'id="commitments"' in page.text and "ratified, signed" in page.text
    assert "/commitments?a=FRA" in page.text
    assert "What the atlas holds for France" in page.text
    kenya = client.get("/jurisdictions/KEN").text
    assert "adhered" in kenya and "not yet researched" in kenya  # no instrument, no research


def test_atlas_map_mode(adhering: Engine, client: TestClient) -> None:
    page = client.get("/", params={"adherence": "gamma-guidance"})
    assert page.status_code == 200
    assert "adherence to Gamma Guidance" in page.text  # the select
    legend = page.text[page.text.index('id="adherence-legend"') :]
    assert "adhered (3)" in legend and "no record (190)" in legend
    assert "not a checked absence" in legend
    unknown = client.get("/", params={"adherence": "nope"})
    assert unknown.status_code == 200 and "no adherence recorded" in unknown.text
