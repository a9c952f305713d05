"""The atlas and API filter by technology, counting only measured evidence; labels say on
which languages their method was measured."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from govatlas.web import create_app, label_views
from tests.technology_texts import MEASURED, UNMEASURED, add_technology_texts


@pytest.fixture
def technology_store(built: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    return add_technology_texts(built, monkeypatch)


@pytest.fixture
def client(technology_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(label_views, "label_qualities", dict)
    with TestClient(create_app(technology_store), raise_server_exceptions=False) as test_client:
        yield test_client


def _ids(client: TestClient, technology: str) -> list[str]:
    answer = client.get("/api/v1/instruments", params={"technology": technology})
    assert answer.status_code == 200, answer.text
    return [item["id"] for item in answer.json()["items"]]


def test_the_api_filters_by_technology_on_measured_evidence_only(client: TestClient) -> None:
    assert _ids(client, MEASURED) == ["alpha-act", "gamma-guidance"]
    # unmeasured: the model's label on Gamma does not count, the person's on Alpha does
    assert _ids(client, UNMEASURED) == ["alpha-act"]
    assert _ids(client, "military-uses-and-autonomous-weapons") == []
    missing = client.get("/api/v1/instruments", params={"technology": "teleportation"})
    assert missing.status_code == 404 and "teleportation" in missing.text


def test_the_technology_list_keeps_unmeasured_ones_out_of_headline_counts(
    client: TestClient,
) -> None:
    answer = client.get("/api/v1/technologies")
    assert answer.status_code == 200, answer.text
    items = {item["id"]: item for item in answer.json()["items"]}
    assert len(items) == 10
    assert items[MEASURED]["measured"] is True and items[MEASURED]["instruments"] == 2
    assert items[MEASURED]["measured_on"] == ["en"]
    assert items[UNMEASURED]["measured"] is False
    assert items[UNMEASURED]["instruments"] is None  # not 0: unmeasured
    assert items[UNMEASURED]["instruments_from_people"] == 1
    assert items[UNMEASURED]["note"].startswith("unmeasured")


def test_the_atlas_page_filters_and_marks_unmeasured_technologies(client: TestClient) -> None:
    page = client.get("/", params={"technology": UNMEASURED})
    assert page.status_code == 200
    assert "(unmeasured)</option>" in page.text  # the choice is marked in the filter
    assert "<strong>unmeasured</strong>" in page.text
    assert "/instruments/alpha-act" in page.text
    assert "/instruments/gamma-guidance" not in page.text
    measured = client.get("/", params={"technology": MEASURED})
    assert "/instruments/gamma-guidance" in measured.text
    assert "not assessed" in measured.text
    bad = client.get("/", params={"technology": "teleportation"})
    assert bad.status_code == 200 and "no technology" in bad.text


def test_labels_on_texts_in_other_languages_say_measured_on_english_only(
    client: TestClient,
) -> None:
    french = client.get("/api/v1/instruments/gamma-guidance/provisions")
    assert french.status_code == 200, french.text
    page = client.get("/instruments/gamma-guidance")
    assert "measured on English only" in page.text
    english = client.get("/instruments/alpha-act")
    assert "measured on English only" not in english.text
    labels = client.get("/api/v1/labels", params={"concept": f"technology:{MEASURED}"}).json()
    notes = {item["provision"]: item for item in labels["items"]}
    assert len(notes) == 2
    assert {item["language_note"] for item in notes.values()} == {
        "",
        "measured on English only",
    }
    assert all(item["measured_on"] == ["en"] for item in notes.values())
    human = client.get("/api/v1/labels", params={"method": "human"}).json()["items"]
    assert human and all(item["measured_on"] == [] for item in human)
