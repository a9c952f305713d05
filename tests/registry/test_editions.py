"""Revising a published record as a new edition, and what changed between editions:
who may revise, one revision at a time, the earlier edition standing until the next is
published, the diff provision by provision, and nothing of an edition shown to a
viewer who may not see it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from govatlas.registry.compliance import commitment_statuses
from govatlas.registry.editions import edition_diff, paragraphs
from govatlas.registry.export import record_documents
from govatlas.registry.records import (
    Content,
    Writer,
    create_record,
    edit_record,
    records_for,
    step,
    viewer_named,
)
from govatlas.registry.revisions import revise_record, superseded_ids
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import PUBLIC
from govatlas.store.registry_models import AuditEvent, RegistryRecord
from govatlas.store.session import transaction

runner = CliRunner()
FIRST = (
    "# Scope\nThe framework covers every frontier model we train.\n\n"
    "We test each model before release.\n\nWe report to the institute each year."
)
SECOND = (
    "# Scope\nThe framework covers every frontier model we train or fine-tune.\n\n"
    "We publish a summary of each evaluation.\n\nWe test each model before release."
)


def _as(session: Session, signer: SigningKey, name: str) -> Writer:
    return Writer(session, signer, viewer_named(session, name))


def _publish(session: Session, signer: SigningKey, record_id: int) -> None:
    lab = _as(session, signer, "demo-lab-submitter")
    officer = _as(session, signer, "demo-officer")
    step(lab, record_id, "submit")
    step(officer, record_id, "review")
    step(officer, record_id, "publish")


def _published(
    session: Session, signer: SigningKey, tlp: str = "CLEAR", provisions: tuple[str, ...] = ()
) -> int:
    lab = _as(session, signer, "demo-lab-submitter")
    record = create_record(
        lab, "report", "Safety framework (test)", "demo-lab", tlp, body=FIRST, provisions=provisions
    )
    _publish(session, signer, record.id)
    return record.id


def _events(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def test_a_published_record_is_revised_published_and_superseded(
    demo: Engine, signer: SigningKey
) -> None:
    with transaction(demo) as session:
        first = _published(session, signer, provisions=("eu-ai-act:art.55.1",))
        lab = _as(session, signer, "demo-lab-submitter")
        revision = revise_record(lab, first)
        second = revision.id
        assert (revision.status, revision.edition, revision.revises_id) == ("draft", 2, first)
        assert revision.body == FIRST and revision.tlp == "CLEAR"
        # until the revision is published, the first edition stands for everyone
        assert superseded_ids(session, PUBLIC, records_for(session, PUBLIC)) == set()
        assert second not in {r.id for r in records_for(session, PUBLIC)}
        content = Content(
            "Safety framework, 2026 (test)",
            "CLEAR",
            SECOND,
            provisions=["eu-ai-act:art.55.1", "eu-ai-act:art.73.1"],
        )
        edit_record(lab, second, content)
        _publish(session, signer, second)
        assert superseded_ids(session, PUBLIC, records_for(session, PUBLIC)) == {first}
        actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert "record.revise" in actions
    with Session(demo) as session:
        found = session.get(RegistryRecord, first)
        assert found is not None and found.status == "published"  # it stays readable
        changes = edition_diff(session, PUBLIC, second)
        kinds = [c.kind for c in changes.text]
        assert [f.name for f in changes.fields] == ["title"]
        assert changes.provisions_added == ["eu-ai-act:art.73.1"]
        assert changes.provisions_removed == []
        # a paragraph that moved is unchanged, one that changed is modified, an added and
        # a dropped one are said so
        assert sorted(kinds) == ["added", "modified", "removed", "unchanged"]
        modified = next(c for c in changes.text if c.kind == "modified")
        assert modified.new is not None and modified.new.heading == "Scope"
        assert [(w.old, w.new) for w in modified.words if w.op != "equal"] == [
            ("train.", "train or fine-tune.")
        ]
        assert changes.counts["unchanged"] == 1
        revised = session.get(RegistryRecord, second)
        assert revised is not None
        document = record_documents(session, [revised], PUBLIC)[0]
        assert (document["edition"], document["revises"]) == (2, first)


def test_revising_is_refused_in_one_line_and_writes_nothing(
    demo: Engine, signer: SigningKey
) -> None:
    with transaction(demo) as session:
        published = _published(session, signer)
        draft = create_record(
            _as(session, signer, "demo-lab-submitter"), "report", "Draft", "demo-lab", "CLEAR"
        ).id
    cases = [
        ("demo-lab-submitter", draft, ConflictError, "only a published record is revised"),
        ("demo-participant", published, PermissionDeniedError, "may not revise"),
        ("demo-officer", published, PermissionDeniedError, "may not revise"),
        ("demo-ministry-submitter", published, PermissionDeniedError, "may not revise"),
        ("demo-participant", 5, NotFoundError, "no registry record 5"),  # AMBER+STRICT
        ("demo-lab-submitter", 999_999, NotFoundError, "no registry record"),
    ]
    for who, record_id, error, words in cases:
        before = _events(demo)
        with pytest.raises(error, match=words), transaction(demo) as session:
            revise_record(_as(session, signer, who), record_id)
        assert _events(demo) == before, who
    with transaction(demo) as session:
        revise_record(_as(session, signer, "demo-lab-submitter"), published)
    before = _events(demo)
    with pytest.raises(ConflictError, match="already has a later edition"), transaction(demo) as s:
        revise_record(_as(s, signer, "demo-lab-submitter"), published)
    assert _events(demo) == before


def test_a_narrower_edition_leaves_the_public_with_what_it_may_see(
    demo: Engine, signer: SigningKey
) -> None:
    with transaction(demo) as session:
        first = _published(session, signer)
        lab = _as(session, signer, "demo-lab-submitter")
        second = revise_record(lab, first).id
        edit_record(lab, second, Content("Narrowed (test)", "AMBER+STRICT", SECOND))
        _publish(session, signer, second)
    with Session(demo) as session:
        public_sees = records_for(session, PUBLIC)
        assert first in {r.id for r in public_sees} and second not in {r.id for r in public_sees}
        # the public is not told that a later edition exists
        assert superseded_ids(session, PUBLIC, public_sees) == set()
        officer = viewer_named(session, "demo-officer")
        assert superseded_ids(session, officer, records_for(session, officer)) >= {first}
        with pytest.raises(NotFoundError):
            edition_diff(session, PUBLIC, second)
        assert edition_diff(session, officer, second).fields[0].name == "title"


def test_an_earlier_edition_the_viewer_may_not_see_is_never_named(
    demo: Engine, signer: SigningKey
) -> None:
    with transaction(demo) as session:
        first = _published(session, signer, tlp="AMBER+STRICT")
        lab = _as(session, signer, "demo-lab-submitter")
        second = revise_record(lab, first).id
        edit_record(lab, second, Content("Now public (test)", "CLEAR", SECOND))
        _publish(session, signer, second)
    with Session(demo) as session:
        record = session.get(RegistryRecord, second)
        assert record is not None
        document = record_documents(session, [record], PUBLIC)[0]
        assert document["edition"] == 2 and document["revises"] is None
        with pytest.raises(NotFoundError, match="not one you may see"):
            edition_diff(session, PUBLIC, second)
        with pytest.raises(InvalidInputError, match="first edition"):
            edition_diff(session, PUBLIC, 1)


def test_a_revised_commitment_counts_once_with_reports_answering_either_edition(
    demo: Engine, signer: SigningKey
) -> None:
    with transaction(demo) as session:
        lab = _as(session, signer, "demo-lab-submitter")
        commitment = create_record(lab, "commitment", "Pledge (test)", "demo-lab", "CLEAR").id
        _publish(session, signer, commitment)
        report = create_record(
            lab, "report", "Report on the pledge (test)", "demo-lab", "CLEAR", answers=commitment
        ).id
        _publish(session, signer, report)
        revised = revise_record(lab, commitment).id
        _publish(session, signer, revised)
    with Session(demo) as session:
        mine = [s for s in commitment_statuses(session, PUBLIC) if "Pledge" in s.commitment.title]
    assert len(mine) == 1 and mine[0].commitment.id == revised
    assert mine[0].state == "reported" and [r.id for r in mine[0].reports] == [report]


def test_paragraphs_take_headings_and_ignore_spacing() -> None:
    sides = paragraphs("# Theme A\nFirst  line\nsecond line\n\n\n  Plain paragraph.  ")
    assert [(s.path, s.heading, s.text) for s in sides] == [
        ("para.1", "Theme A", "First line second line"),
        ("para.2", None, "Plain paragraph."),
    ]


def test_revise_and_diff_from_the_command_line(
    demo: Engine, signer: SigningKey, env_db: str
) -> None:
    with transaction(demo) as session:
        first = _published(session, signer)
    made = runner.invoke(app, ["registry", "revise", str(first), "--as", "demo-lab-submitter"])
    assert made.exit_code == 0, made.output
    with Session(demo) as session:
        second = session.scalar(select(RegistryRecord.id).where(RegistryRecord.revises_id == first))
    assert second is not None and f"Drafted record {second}, edition 2" in made.output
    with transaction(demo) as session:
        lab = _as(session, signer, "demo-lab-submitter")
        edit_record(lab, second, Content("Safety framework (test)", "CLEAR", SECOND))
    shown = runner.invoke(app, ["registry", "diff", str(second), "--as", "demo-lab-submitter"])
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.output.split())
    assert "1 modified, 1 added, 1 removed, 1 unchanged" in said
    assert "modified para.1: -'train.' +'train or fine-tune.'" in said
    assert "added para.2: We publish a summary of each evaluation." in said
    as_json = runner.invoke(
        app, ["registry", "diff", str(second), "--as", "demo-lab-submitter", "--json"]
    )
    assert json.loads(as_json.output)["earlier"] == {"record": first, "edition": 1}
    refused = runner.invoke(app, ["registry", "revise", str(second), "--as", "demo-lab-submitter"])
    assert refused.exit_code != 0 and "only a published record is revised" in refused.output


def test_the_pages_link_editions_and_show_what_changed(
    demo: Engine, signer: SigningKey, env_db: str
) -> None:
    from fastapi.testclient import TestClient

    from govatlas.web.app import create_app

    with transaction(demo) as session:
        first = _published(session, signer)
        lab = _as(session, signer, "demo-lab-submitter")
        second = revise_record(lab, first).id
        edit_record(lab, second, Content("Safety framework, 2026 (test)", "CLEAR", SECOND))
        _publish(session, signer, second)
    with TestClient(create_app(demo)) as client:
        old = client.get(f"/registry/records/{first}").text
        assert f'Superseded by <a href="/registry/records/{second}">edition 2</a>' in old
        new = client.get(f"/registry/records/{second}").text
        assert "What changed since" in new and "<ins>train or fine-tune.</ins>" in new
        assert '<h2 class="record-part">Scope</h2>' in new
        listing = client.get("/registry").text
        assert "(superseded)" in listing and "(edition 2)" in listing
        assert client.get(f"/api/v1/registry/records/{second}/diff").json()["counts"] == {
            "added": 1,
            "removed": 1,
            "modified": 1,
            "moved": 0,
            "unchanged": 1,
        }
