"""Files attached to registry records: only real PDFs, within the limits, their text read
through the ingest path, each change in the audit log, the bytes never served inline,
and nobody reaching a file whose record they may not see."""

from __future__ import annotations

import hashlib
import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from govatlas.registry.attachments import (
    MAX_ATTACHMENT_BYTES,
    attach,
    remove_attachment,
    safe_filename,
)
from govatlas.registry.editions import edition_diff
from govatlas.registry.export import export_document, verify_export
from govatlas.registry.records import Writer, create_record, step, viewer_named
from govatlas.registry.revisions import revise_record
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import PUBLIC
from govatlas.store.registry_models import AuditEvent, RegistryAttachment, RegistryRecord
from govatlas.store.session import transaction
from govatlas.web.app import create_app
from tests.ingest.pdf_fixture import make_pdf
from tests.registry.conftest import DEMO_PASSWORD
from tests.web.conftest import sign_in

runner = CliRunner()
FRAMEWORK = make_pdf(
    [
        "Safety framework (test)",
        "Article 1. Scope",
        "This framework covers frontier models we train.",
        "Article 2. Thresholds",
        "We stop training past 10^26 operations.",
    ]
)
FRAMEWORK_2 = make_pdf(
    [
        "Safety framework (test)",
        "Article 1. Scope",
        "This framework covers frontier models we train or fine-tune.",
        "Article 2. Thresholds",
        "We stop training past 10^26 operations.",
        "Article 3. Reporting",
        "We report to the institute each year.",
    ]
)


def _as(session: Session, signer: SigningKey, name: str) -> Writer:
    return Writer(session, signer, viewer_named(session, name))


def _draft(engine: Engine, signer: SigningKey, tlp: str = "CLEAR") -> int:
    with transaction(engine) as session:
        lab = _as(session, signer, "demo-lab-submitter")
        return create_record(lab, "report", "With a file (test)", "demo-lab", tlp).id


def _publish(engine: Engine, signer: SigningKey, record_id: int) -> None:
    with transaction(engine) as session:
        step(_as(session, signer, "demo-lab-submitter"), record_id, "submit")
        officer = _as(session, signer, "demo-officer")
        step(officer, record_id, "review")
        step(officer, record_id, "publish")


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        files = session.scalar(select(func.count()).select_from(RegistryAttachment)) or 0
        events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
    return files, events


def test_a_pdf_is_attached_with_its_text_and_logged(demo: Engine, signer: SigningKey) -> None:
    record_id = _draft(demo, signer)
    with transaction(demo) as session:
        made = attach(_as(session, signer, "demo-lab-submitter"), record_id, "f.pdf", FRAMEWORK)
        assert made.sha256 == hashlib.sha256(FRAMEWORK).hexdigest()
        assert "Article 2. Thresholds" in made.text
        record = session.get(RegistryRecord, record_id)
        assert record is not None and record.version == 2  # an attachment is an edit
        logged = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert logged is not None and logged.action == "attachment.add"
        assert logged.payload["sha256"] == made.sha256


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("framework.pdf", b"<html><body>not a pdf</body></html>", "not a PDF"),
        ("empty.pdf", b"", "empty"),
        ("broken.pdf", b"%PDF-1.7\n this is not a PDF body", "not a readable PDF"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_ATTACHMENT_BYTES, "over the 10 MB limit"),
        ("long.pdf", make_pdf(["Article 1. Scope"], pages=501), "at most 500 pages"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused_and_nothing_stored(
    demo: Engine, signer: SigningKey, name: str, data: bytes, words: str
) -> None:
    record_id = _draft(demo, signer)
    before = _counts(demo)
    with pytest.raises(InvalidInputError, match=words), transaction(demo) as session:
        attach(_as(session, signer, "demo-lab-submitter"), record_id, name, data)
    assert _counts(demo) == before


def test_a_pdf_without_text_is_kept_and_says_so(demo: Engine, signer: SigningKey) -> None:
    record_id = _draft(demo, signer)
    with transaction(demo) as session:
        made = attach(
            _as(session, signer, "demo-lab-submitter"), record_id, "scan.pdf", make_pdf([])
        )
        assert made.text == ""


def test_only_who_may_edit_attaches_and_only_to_a_draft(demo: Engine, signer: SigningKey) -> None:
    record_id = _draft(demo, signer)
    cases = [  # a draft is seen by its organisation only: to anyone else it does not exist
        ("demo-participant", NotFoundError, "no registry record"),
        ("demo-ministry-submitter", NotFoundError, "no registry record"),
        ("demo-officer", NotFoundError, "no registry record"),
    ]
    for who, error, words in cases:
        before = _counts(demo)
        with pytest.raises(error, match=words), transaction(demo) as session:
            attach(_as(session, signer, who), record_id, "f.pdf", FRAMEWORK)
        assert _counts(demo) == before, who
    with transaction(demo) as session:  # returned: the officer sees it, but only its side edits
        step(_as(session, signer, "demo-lab-submitter"), record_id, "submit")
        step(_as(session, signer, "demo-officer"), record_id, "return", "Attach the framework.")
    before = _counts(demo)
    with pytest.raises(PermissionDeniedError, match="may not change"), transaction(demo) as s:
        attach(_as(s, signer, "demo-officer"), record_id, "f.pdf", FRAMEWORK)
    assert _counts(demo) == before
    with transaction(demo) as session:
        attach(_as(session, signer, "demo-lab-submitter"), record_id, "f.pdf", FRAMEWORK)
    _publish(demo, signer, record_id)
    with pytest.raises(ConflictError, match="draft or a returned"), transaction(demo) as session:
        attach(_as(session, signer, "demo-lab-submitter"), record_id, "f.pdf", FRAMEWORK)


def test_names_are_cleaned_and_end_in_pdf() -> None:
    assert safe_filename("../../etc/passwd") == "passwd.pdf"
    assert safe_filename('C:\\Users\\x\\<script>"report".pdf') == "_script__report_.pdf"
    assert safe_filename("\x00\x1b") == "attachment.pdf"
    assert safe_filename("Rapport d'étape.PDF") == "Rapport d_étape.PDF"


def test_a_revision_carries_its_files_and_the_diff_compares_their_provisions(
    demo: Engine, signer: SigningKey
) -> None:
    record_id = _draft(demo, signer)
    with transaction(demo) as session:
        attach(_as(session, signer, "demo-lab-submitter"), record_id, "framework.pdf", FRAMEWORK)
    _publish(demo, signer, record_id)
    with transaction(demo) as session:
        lab = _as(session, signer, "demo-lab-submitter")
        revision = revise_record(lab, record_id).id
        copied = session.scalars(
            select(RegistryAttachment).where(RegistryAttachment.record_id == revision)
        ).all()
        assert [a.filename for a in copied] == ["framework.pdf"]
        remove_attachment(lab, copied[0].id)
        attach(lab, revision, "framework.pdf", FRAMEWORK_2)
    with Session(demo) as session:
        changes = edition_diff(session, viewer_named(session, "demo-lab-submitter"), revision)
    (file,) = changes.attachments
    assert file.kind == "changed"
    kinds = {c.new.path if c.new else "": c.kind for c in file.changes}
    assert kinds["art.1"] == "modified" and kinds["art.3"] == "added"
    assert kinds["art.2"] == "unchanged"


def test_an_export_names_each_file_by_its_digest(demo: Engine, signer: SigningKey) -> None:
    record_id = _draft(demo, signer)
    with transaction(demo) as session:
        attach(_as(session, signer, "demo-lab-submitter"), record_id, "f.pdf", FRAMEWORK)
    _publish(demo, signer, record_id)
    with Session(demo) as session:
        document = export_document(session, PUBLIC, signer)
    (mine,) = [r for r in document["records"] if r["id"] == record_id]
    assert mine["attachments"][0]["sha256"] == hashlib.sha256(FRAMEWORK).hexdigest()
    assert verify_export(document, signer.public).ok
    mine["attachments"][0]["sha256"] = "0" * 64
    assert not verify_export(document, signer.public).ok


def _csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


def test_upload_download_and_remove_on_the_atlas(
    demo: Engine, signer: SigningKey, env_db: str
) -> None:
    record_id = _draft(demo, signer, tlp="AMBER+STRICT")
    with TestClient(create_app(demo)) as lab, TestClient(create_app(demo)) as public:
        assert sign_in(lab, "demo-lab-submitter", DEMO_PASSWORD).status_code == 303
        csrf = _csrf(lab, f"/registry/records/{record_id}")
        sent = lab.post(
            f"/registry/records/{record_id}/attachments",
            data={"csrf": csrf},
            files={"file": ("framework.pdf", FRAMEWORK, "application/pdf")},
            follow_redirects=False,
        )
        assert sent.status_code == 303, sent.text[-300:]
        page = lab.get(f"/registry/records/{record_id}").text
        found = re.search(r'href="/registry/attachments/(\d+)"', page)
        assert found is not None and "framework.pdf" in page
        attachment = found.group(1)
        got = lab.get(f"/registry/attachments/{attachment}")
        assert got.status_code == 200 and got.content == FRAMEWORK
        assert got.headers["content-disposition"].startswith("attachment;")
        assert got.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in got.headers["content-security-policy"]
        assert "no-store" in got.headers["cache-control"]
        text = lab.get(f"/api/v1/registry/attachments/{attachment}/text")
        assert "Article 1. Scope" in text.text
        # a file is seen by whoever may see its record (a draft: its organisation)
        for path in (
            f"/registry/attachments/{attachment}",
            f"/api/v1/registry/attachments/{attachment}",
        ):
            assert public.get(path).status_code == 404
        not_pdf = lab.post(
            f"/registry/records/{record_id}/attachments",
            data={"csrf": csrf},
            files={"file": ("x.pdf", b"MZ\x90\x00 an executable", "application/pdf")},
            follow_redirects=False,
        )
        assert not_pdf.status_code == 400 and "not a PDF" in not_pdf.text
        removed = lab.post(
            f"/registry/attachments/{attachment}/remove",
            data={"csrf": csrf},
            follow_redirects=False,
        )
        assert removed.status_code == 303
        assert lab.get(f"/registry/attachments/{attachment}").status_code == 404


def test_the_api_attaches_revises_and_diffs(demo: Engine, signer: SigningKey, env_db: str) -> None:
    from govatlas.registry.tokens import issue_token
    from govatlas.registry.visibility import Viewer

    record_id = _draft(demo, signer)
    with transaction(demo) as session:
        admin = Writer(session, signer, Viewer(None, "test", "administrator"))
        token = issue_token(admin, "demo-lab-submitter").token
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(demo)) as client:
        sent = client.post(
            f"/api/v1/registry/records/{record_id}/attachments",
            files={"file": ("framework.pdf", FRAMEWORK, "application/pdf")},
            headers=headers,
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["sha256"] == hashlib.sha256(FRAMEWORK).hexdigest()
        _publish(demo, signer, record_id)
        listed = client.get(f"/api/v1/registry/records/{record_id}").json()
        assert listed["attachments"][0]["filename"] == "framework.pdf"
        assert listed["edition"] == 1 and listed["revises"] is None
        revised = client.post(f"/api/v1/registry/records/{record_id}/revise", headers=headers)
        assert revised.status_code == 201 and revised.json()["edition"] == 2
        new_id = revised.json()["id"]
        edited = client.post(
            f"/api/v1/registry/records/{new_id}/edit",
            json={"title": "Second edition (test)", "tlp": "CLEAR", "body": "New words."},
            headers=headers,
        )
        assert edited.status_code == 200
        diff = client.get(f"/api/v1/registry/records/{new_id}/diff", headers=headers)
        assert diff.status_code == 200
        assert diff.json()["fields"][0] == {
            "field": "title",
            "old": "With a file (test)",
            "new": "Second edition (test)",
        }
        # the public sees neither the draft edition nor its diff
        assert client.get(f"/api/v1/registry/records/{new_id}/diff").status_code == 404
        again = client.post(f"/api/v1/registry/records/{record_id}/revise", headers=headers)
        assert again.status_code == 409


def test_attach_and_detach_from_the_command_line(
    demo: Engine, signer: SigningKey, env_db: str, tmp_path: object
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    record_id = _draft(demo, signer)
    pdf = folder / "framework.pdf"
    pdf.write_bytes(FRAMEWORK)
    fake = folder / "fake.pdf"
    fake.write_text("not a pdf")
    made = runner.invoke(
        app, ["registry", "attach", str(record_id), str(pdf), "--as", "demo-lab-submitter"]
    )
    assert made.exit_code == 0, made.output
    assert "Attached framework.pdf as attachment" in made.output
    refused = runner.invoke(
        app, ["registry", "attach", str(record_id), str(fake), "--as", "demo-lab-submitter"]
    )
    assert refused.exit_code != 0 and "not a PDF" in refused.output
    with Session(demo) as session:
        attachment = session.scalar(
            select(RegistryAttachment.id).where(RegistryAttachment.record_id == record_id)
        )
    gone = runner.invoke(app, ["registry", "detach", str(attachment), "--as", "demo-lab-submitter"])
    assert gone.exit_code == 0 and f"from record {record_id}" in gone.output


def test_an_attachment_over_the_limit_is_refused_before_it_is_read(
    demo: Engine, signer: SigningKey, env_db: str
) -> None:
    from govatlas.registry.tokens import issue_token
    from govatlas.registry.visibility import Viewer

    record_id = _draft(demo, signer)
    with transaction(demo) as session:
        admin = Writer(session, signer, Viewer(None, "test", "administrator"))
        token = issue_token(admin, "demo-lab-submitter").token
    before = _counts(demo)
    with TestClient(create_app(demo)) as client:
        big = b"%PDF-1.4\n" + b"0" * (MAX_ATTACHMENT_BYTES + 128 * 1024)
        answer = client.post(
            f"/api/v1/registry/records/{record_id}/attachments",
            files={"file": ("big.pdf", big, "application/pdf")},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 413
        # a record page's form within the limit is not refused by size: a 1 MB PDF passes
        ordinary = client.post(
            f"/api/v1/registry/records/{record_id}/attachments",
            files={"file": ("framework.pdf", FRAMEWORK + b"%" * 1_000_000, "application/pdf")},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert ordinary.status_code == 201, ordinary.text[-300:]
    assert _counts(demo)[0] == before[0] + 1
