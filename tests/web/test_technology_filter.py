"""The atlas and API filter by technology, counting only measured evidence; labels say on
which languages their method was measured."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from govatlas.classify.provision_quality import PROVISION_MODEL, shipped_quality
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.sources.records import SourceDocument
from govatlas.store.models import Label, LabelEvidence, LabellingRun, Provision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus
from govatlas.web import create_app, queries

MEASURED = "generative-ai-and-synthetic-media"
UNMEASURED = "compute-chips-and-data-centres"
ENGLISH = (
    "Article 1. Scope. This Act applies to providers of generative artificial intelligence "
    "systems that produce synthetic images, audio or text for the public.\n\n"
    "Article 2. Labelling. Providers shall mark synthetic content in a machine-readable "
    "format so that it can be detected as artificially generated.\n"
)
FRENCH = (
    "Article 1. Champ d'application. La présente recommandation s'applique aux "
    "fournisseurs de systèmes d'intelligence artificielle générative et aux centres de "
    "données qui les hébergent.\n\n"
    "Article 2. Marquage. Les fournisseurs signalent les contenus synthétiques de manière "
    "lisible par machine afin qu'ils puissent être détectés.\n"
)


def _label(session: object, provision: int, notation: str, method: LabelMethod) -> None:
    label = Label(
        concept_id=f"technology:{notation}",
        provision_id=provision,
        method=method,
        model_id=PROVISION_MODEL if method is LabelMethod.MODEL else None,
        review_status=ReviewStatus.UNREVIEWED,
        score=0.9,
    )
    label.evidence.append(
        LabelEvidence(provision_id=provision, start_offset=0, end_offset=20, score=0.9)
    )
    session.add(label)  # type: ignore[attr-defined]


@pytest.fixture
def technology_store(built: Engine) -> Engine:
    """Alpha Act in English and Gamma Guidance in French, each read by the technology
    classifier: generative AI (measured) on both, compute (unmeasured) on Gamma by the
    model and on Alpha by a person."""
    assert shipped_quality("technology")[MEASURED].assessable
    assert not shipped_quality("technology")[UNMEASURED].assessable
    with transaction(built) as session:
        linker = Linker(session)
        firsts = {}
        for instrument, text, language in (
            ("alpha-act", ENGLISH, "en"),
            ("gamma-guidance", FRENCH, "fr"),
        ):
            stored = store_document(
                session,
                linker,
                SourceDocument(
                    "test", instrument, instrument, text=text, known_instrument=instrument
                ),
            )
            assert stored.version_id is not None
            provision = session.scalars(
                select(Provision)
                .where(Provision.version_id == stored.version_id)
                .order_by(Provision.ordinal)
            ).first()
            assert provision is not None and provision.language in (language, None)
            firsts[instrument] = provision.id
            session.add(
                LabellingRun(
                    version_id=stored.version_id,
                    taxonomy_id="technology",
                    model_id=PROVISION_MODEL,
                    model_version="test",
                    units=2,
                )
            )
        _label(session, firsts["alpha-act"], MEASURED, LabelMethod.MODEL)
        _label(session, firsts["gamma-guidance"], MEASURED, LabelMethod.MODEL)
        _label(session, firsts["gamma-guidance"], UNMEASURED, LabelMethod.MODEL)
        _label(session, firsts["alpha-act"], UNMEASURED, LabelMethod.HUMAN)
    return built


@pytest.fixture
def client(technology_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(queries, "label_qualities", dict)
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
