"""Drafting, submitting, reviewing, publishing and returning: each step only by whom
it belongs to, each refused with one line otherwise, each in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from govatlas.registry.records import (
    Content,
    Writer,
    add_party,
    create_record,
    edit_record,
    step,
    viewer_named,
)
from govatlas.registry.signing import SigningKey
from govatlas.store.registry_models import AuditEvent, RegistryRecord
from govatlas.store.session import transaction

runner = CliRunner()


def _as(session: Session, signer: SigningKey, name: str) -> Writer:
    return Writer(session, signer, viewer_named(session, name))


def test_a_record_goes_from_draft_to_published(demo: Engine, signer: SigningKey) -> None:
    with transaction(demo) as session:
        lab = _as(session, signer, "demo-lab-submitter")
        record = create_record(lab, "report", "Quarterly report (test)", "demo-lab", "GREEN")
        record_id = record.id
        before = session.scalar(select(func.count()).select_from(AuditEvent))
        step(lab, record_id, "submit")
        officer = _as(session, signer, "demo-officer")
        step(officer, record_id, "review")
        step(officer, record_id, "publish")
        after = session.scalar(select(func.count()).select_from(AuditEvent))
    assert after == (before or 0) + 3
    with Session(demo) as session:
        done = session.get(RegistryRecord, record_id)
        assert done is not None and done.status == "published" and done.published_at is not None


def test_steps_out_of_turn_are_refused(demo: Engine, signer: SigningKey) -> None:
    with transaction(demo) as session:
        lab = _as(session, signer, "demo-lab-submitter")
        ministry = _as(session, signer, "demo-ministry-submitter")
        officer = _as(session, signer, "demo-officer")
        participant = _as(session, signer, "demo-participant")
        with pytest.raises(PermissionDeniedError, match="may not draft"):
            create_record(lab, "report", "Not ours", "demo-ministry", "CLEAR")
        with pytest.raises(PermissionDeniedError):
            create_record(participant, "report", "A participant drafts", "demo-network", "CLEAR")
        with pytest.raises(InvalidInputError, match="names the people"):
            create_record(lab, "measure", "Red with nobody", "demo-lab", "RED")
        with pytest.raises(InvalidInputError, match="only an AMBER record"):
            create_record(lab, "measure", "x", "demo-lab", "GREEN", parties=["demo-ministry"])
        with pytest.raises(InvalidInputError, match="TLP marking"):
            create_record(lab, "measure", "x", "demo-lab", "AMBER-ish")
        with pytest.raises(InvalidInputError, match="provision reference"):
            create_record(lab, "measure", "x", "demo-lab", "CLEAR", provisions=["art 5"])
        with pytest.raises(PermissionDeniedError, match="administrator"):
            add_party(officer, "new-org", "New", "company")
        draft = create_record(lab, "report", "Draft (test)", "demo-lab", "CLEAR").id
        with pytest.raises(NotFoundError):  # a draft is its organisation's: not even seen
            step(officer, draft, "review")
        with pytest.raises(NotFoundError):
            step(ministry, draft, "submit")
        step(lab, draft, "submit")
        with pytest.raises(ConflictError, match="cannot publish"):
            step(officer, draft, "publish")
        with pytest.raises(PermissionDeniedError, match="may not review"):
            step(lab, draft, "review")
        with pytest.raises(InvalidInputError, match="comment"):
            step(officer, draft, "return")
        step(officer, draft, "return", "Add the period.")
        with pytest.raises(PermissionDeniedError, match="may not edit"):
            edit_record(officer, draft, Content("x", "CLEAR"))  # the author's to edit
        with pytest.raises(NotFoundError):  # another organisation's: not even seen
            edit_record(ministry, draft, Content("x", "CLEAR"))
        with pytest.raises(InvalidInputError, match="names the people"):
            edit_record(lab, draft, Content("Draft (test), for the period", "RED"))
        edited = edit_record(lab, draft, Content("Draft (test), for the period", "GREEN"))
        assert edited.version == 2 and edited.tlp == "GREEN"
        step(lab, draft, "submit")  # a returned record goes back in
        with pytest.raises(ConflictError, match="only a draft or a returned"):
            edit_record(lab, draft, Content("Too late", "GREEN"))


def test_a_red_record_is_reviewed_only_by_those_it_names(demo: Engine, signer: SigningKey) -> None:
    with transaction(demo) as session:
        ministry = _as(session, signer, "demo-ministry-submitter")
        secret = create_record(
            ministry, "measure", "Red (test)", "demo-ministry", "RED", people=["demo-officer"]
        ).id
        step(ministry, secret, "submit")
        with pytest.raises(NotFoundError):
            step(_as(session, signer, "demo-admin"), secret, "review")
        step(_as(session, signer, "demo-officer"), secret, "review")


def test_the_commands_load_list_and_step(demo: Engine, env_db: str) -> None:
    again = runner.invoke(app, ["registry", "seed-demo"])
    assert again.exit_code == 0 and "already" in again.output
    public = runner.invoke(app, ["registry", "records", "--format", "json"])
    assert public.exit_code == 0 and '"tlp": "RED"' not in public.output
    assert public.output.count('"tlp": "CLEAR"') == 2
    mine = runner.invoke(app, ["registry", "records", "--as", "demo-officer", "--format", "json"])
    assert '"tlp": "RED"' in mine.output
    moved = runner.invoke(app, ["registry", "step", "8", "review", "--as", "demo-officer"])
    assert moved.exit_code == 0 and "under-review" in moved.output
    refused = runner.invoke(app, ["registry", "step", "8", "publish", "--as", "demo-lab-submitter"])
    assert refused.exit_code != 0 and "may not publish" in refused.output
    unknown = runner.invoke(app, ["registry", "records", "--as", "nobody"])
    assert unknown.exit_code != 0 and "no account 'nobody'" in unknown.output
    assert runner.invoke(app, ["registry", "verify"]).exit_code == 0


def test_seed_demo_makes_and_migrates_a_new_database(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    monkeypatch.setenv("GOVATLAS_DB", f"sqlite:///{folder / 'new.db'}")
    monkeypatch.setenv("GOVATLAS_REGISTRY_KEY", str(folder / "new.key"))
    loaded = runner.invoke(app, ["registry", "seed-demo"])
    assert loaded.exit_code == 0, loaded.output
    assert "9 records" in loaded.output and (folder / "new.key").stat().st_mode & 0o077 == 0
    assert runner.invoke(app, ["registry", "verify"]).exit_code == 0


def test_a_returned_record_is_edited_in_its_page_and_submitted_again(
    demo: Engine, env_db: str
) -> None:
    import re

    from fastapi.testclient import TestClient

    from govatlas.web.app import create_app
    from tests.registry.conftest import DEMO_PASSWORD
    from tests.web.conftest import sign_in

    client = TestClient(create_app(demo), raise_server_exceptions=False)
    assert sign_in(client, "demo-ministry-submitter", DEMO_PASSWORD).status_code == 303
    listing = client.get("/registry").text
    assert "<section" not in listing.split("</title>")[0]  # the title is only a title
    page = client.get("/registry/records/9").text  # returned, with the officer's comment
    assert "Edit this returned record" in page and "Say which thresholds" in page
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf": csrf, "title": "Compute reporting scheme, with thresholds (demo)"}
    form |= {"tlp": "CLEAR", "body": "Reports are due above 10^26 FLOP."}
    edited = client.post("/registry/records/9/edit", data=form, follow_redirects=False)
    assert edited.status_code == 303
    page = client.get("/registry/records/9").text
    assert "with thresholds" in page and "(version 2)" in page
    resubmit = {"csrf": csrf, "action": "submit"}
    assert client.post("/registry/records/9/step", data=resubmit).status_code == 200
    assert "Edit this" not in client.get("/registry/records/9").text  # submitted: no edits
    with Session(demo) as session:
        record = session.get(RegistryRecord, 9)
        assert record is not None and record.status == "submitted" and record.version == 2


def test_drafting_and_editing_from_the_command_line(
    demo: Engine, env_db: str, tmp_path: object
) -> None:
    from pathlib import Path

    body = Path(str(tmp_path)) / "body.txt"
    body.write_text("Evaluations run before release.", encoding="utf-8")
    made = runner.invoke(
        app,
        [
            *("registry", "draft", "--as", "demo-lab-submitter", "--kind", "report"),
            *("--organisation", "demo-lab", "--title", "Q3 report", "--tlp", "AMBER"),
            *("--body-file", str(body), "--answers", "1", "--share-with", "demo-institute"),
            *("--provision", "eu-ai-act:art.55.1", "--concept", "fli-blocks:safety-standards"),
        ],
    )
    assert made.exit_code == 0, made.output
    record_id = int(made.output.split()[2].rstrip("."))
    with Session(demo) as session:
        record = session.get(RegistryRecord, record_id)
        assert record is not None and record.body == "Evaluations run before release."
        assert record.provisions == ["eu-ai-act:art.55.1"] and record.answers_id == 1
        assert record.concepts == ["fli-blocks:safety-standards"]
    edited = runner.invoke(
        app,
        [
            *("registry", "edit", str(record_id), "--as", "demo-lab-submitter"),
            *("--title", "Q3 report (final)", "--tlp", "GREEN", "--answers", "1"),
        ],
    )
    assert edited.exit_code == 0 and "version 2" in edited.output
    refused = runner.invoke(
        app,
        [
            *("registry", "draft", "--as", "demo-participant", "--kind", "report"),
            *("--organisation", "demo-lab", "--title", "x", "--tlp", "CLEAR"),
        ],
    )
    assert refused.exit_code != 0 and "may not draft" in refused.output
    missing = runner.invoke(
        app,
        [
            *("registry", "draft", "--as", "demo-lab-submitter", "--kind", "report"),
            *("--organisation", "demo-lab", "--title", "x", "--tlp", "CLEAR"),
            *("--body-file", str(Path(str(tmp_path)) / "nope.txt")),
        ],
    )
    assert missing.exit_code != 0 and "cannot read" in missing.output
