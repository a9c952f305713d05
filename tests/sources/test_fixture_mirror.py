"""Every built-in connector over the miniature mirror: what lands in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from govatlas.errors import InvalidInputError
from govatlas.ingest.formats import DocumentError
from govatlas.ingest.runner import Reporter, run_connector
from govatlas.sources import connectors, get_connector
from govatlas.sources.eu_ai_act import annex_title, unflatten
from govatlas.sources.laws import render_rows
from govatlas.store.models import (
    Concept,
    Instrument,
    InstrumentVersion,
    Label,
    Provision,
    SourceRecord,
)
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus, Status
from tests.conftest import FIXTURE_MIRROR


def test_all_builtin_connectors_are_registered() -> None:
    assert set(connectors()) >= {
        "agora",
        "eu-ai-act",
        "nist",
        "laws",
        "agora-us-laws",
        "ethics-guidelines",
        "fmti",
        "mit-risk",
        "aiid",
    }


def test_unknown_connector_lists_the_known_ones() -> None:
    with pytest.raises(Exception, match="no source called 'agoraa'") as caught:
        get_connector("agoraa")
    assert "agora" in (getattr(caught.value, "hint", "") or "")


def paths(engine: Engine, instrument_id: str) -> set[str]:
    with transaction(engine) as session:
        return set(
            session.scalars(
                select(Provision.path)
                .join(InstrumentVersion)
                .where(InstrumentVersion.instrument_id == instrument_id)
            )
        )


def test_agora_instruments_labels_and_records(ingested: Engine) -> None:
    with transaction(ingested) as session:
        safety = session.get_one(Instrument, "agora-1")
        assert safety.jurisdiction_id == "US-CA"
        assert safety.type.value == "law" and safety.status is Status.ADOPTED
        hiring = session.get_one(Instrument, "agora-2")
        assert (hiring.jurisdiction_id, hiring.type.value, hiring.status) == (
            "USA",
            "bill",
            Status.DEFUNCT,
        )
        assert session.get_one(Instrument, "agora-3").jurisdiction_id == "SGP"
        assert session.get_one(Instrument, "agora-4").jurisdiction_id == "UNSPECIFIED"
        labels = session.scalars(select(Label).where(Label.instrument_id == "agora-1")).all()
        assert {x.concept_id for x in labels} == {
            "agora:harms-harm-to-health-safety",
            "agora:strategies-disclosure",
        }
        assert {(x.method, x.review_status) for x in labels} == {
            (LabelMethod.HUMAN, ReviewStatus.ACCEPTED)
        }
        machine = session.scalars(select(Label).where(Label.instrument_id == "agora-3")).all()
        assert {x.method for x in machine} == {LabelMethod.MODEL}
        concept = session.get_one(Concept, "agora:harms-discrimination")
        assert concept.pref_label == "Harms: Discrimination" and concept.parent_id == "agora:harms"
        record = session.scalar(select(SourceRecord).where(SourceRecord.key == "2"))
        assert record is not None and record.data["Validated?"] == "false"
    assert {"sec.2.a.1", "sec.2.b"} <= paths(ingested, "agora-1")


def test_eu_ai_act_links_to_the_catalog_and_nests(built: Engine) -> None:
    built_catalog_instrument = "eu-ai-act"
    summary = run_connector(built, get_connector("eu-ai-act"), FIXTURE_MIRROR, Reporter())
    assert summary.failures == []
    # the fixture catalog has no EU AI Act, so the connector creates it under its own id
    found = paths(built, built_catalog_instrument)
    assert {
        "recital.1",
        "chapter.i",
        "art.1",
        "art.1.2.b.ii",
        "art.2.1.b",
        "art.2.2",
        "annex.i",
        "annex.i.1.a",
    } <= found
    assert "art.2.1.c" not in found  # "paragraph 1." inside a sentence is not a new point


def test_unflatten_respects_sequences() -> None:
    text = unflatten("1. Rules apply to: (a) x; (b) y as in paragraph 1. 2. End (i) one (ii) two.")
    assert text.split("\n") == [
        "1. Rules apply to:",
        "(a) x;",
        "(b) y as in paragraph 1.",
        "2. End",
        "(i) one",
        "(ii) two.",
    ]


def test_an_annex_title_run_on_into_its_text_is_cut_off_as_its_heading() -> None:
    # The structured edition runs the title into the first sentence (our own sentence).
    content = "EU declaration of  conformity The declaration shall contain the following."
    assert annex_title("V", content) == (
        "EU declaration of conformity",
        "The declaration shall contain the following.",
    )
    assert annex_title("V", "List of test areas 1. Biometrics.") == (
        None,
        "List of test areas 1. Biometrics.",
    )  # an annex that does not open with its title is left as it is
    assert annex_title("XIV", "Anything.") == (None, "Anything.")


def test_nist_frameworks(ingested: Engine) -> None:
    rmf = paths(ingested, "nist-ai-rmf-1-0")
    assert {"govern", "govern.1", "govern.1.1", "map.1.1"} <= rmf
    profile = paths(ingested, "nist-ai-600-1")
    assert "govern.1.1.gv-1-1-001" in profile
    with transaction(ingested) as session:
        kinds = set(session.scalars(select(SourceRecord.kind).where(SourceRecord.source == "nist")))
        assert {"action", "ir8477-relationship-type", "ir8477-rationale"} <= kinds


def test_laws_group_files_and_skip_notes(ingested: Engine) -> None:
    with transaction(ingested) as session:
        versions = session.scalars(
            select(InstrumentVersion.format).where(
                InstrumentVersion.instrument_id == "law-xx-test-act"
            )
        ).all()
    assert sorted(versions) == ["json", "md"]  # the CSV twin and the README are skipped


def test_render_rows_builds_headed_sections() -> None:
    rendered = render_rows([{"section": "1", "name": "Scope", "content": "Applies."}])
    assert rendered == "## 1 Scope\n\nApplies."
    # a row with only its number and its chapter's name is no provision
    empty = {"article": "12", "chapter_name": "Service Standards", "content": ""}
    assert render_rows([empty, {"article": "13", "content": "Text."}]) == "## 13\n\nText."


def test_reingest_changes_nothing(ingested: Engine) -> None:
    with transaction(ingested) as session:
        before = session.scalar(select(func.count()).select_from(Provision))
    summary = run_connector(ingested, get_connector("agora"), FIXTURE_MIRROR, Reporter())
    assert summary.unchanged == summary.documents == 6
    with transaction(ingested) as session:
        assert session.scalar(select(func.count()).select_from(Provision)) == before


def test_missing_source_folder_is_one_failure(built: Engine, tmp_path: Path) -> None:
    summary = run_connector(built, get_connector("agora"), tmp_path, Reporter())
    assert [f.reason for f in summary.failures] == [f"the mirror {tmp_path} has no agora/ folder"]


def test_csv_missing_columns_is_explained(built: Engine, tmp_path: Path) -> None:
    (tmp_path / "agora").mkdir()
    (tmp_path / "agora" / "documents.csv").write_text("AGORA ID,Official name\n1,X\n")
    summary = run_connector(built, get_connector("agora"), tmp_path, Reporter())
    [failure] = summary.failures
    assert "documents.csv: missing column(s)" in failure.reason
    assert "Annotated?" in failure.reason


def test_agora_loader_errors() -> None:
    with pytest.raises(DocumentError, match=r"AGORA document 999 is not in documents\.csv"):
        get_connector("agora").load(FIXTURE_MIRROR, "999")
    with pytest.raises(InvalidInputError, match="no mirror"):
        from govatlas.sources.mirror import source_folder

        source_folder(None, "agora")
