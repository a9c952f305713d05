"""Signed exports: what the viewer may see and no more, checkable with the public key
alone, and any change to the file found."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import InvalidInputError
from govatlas.registry.export import export_document, verify_export
from govatlas.registry.records import viewer_named
from govatlas.registry.signing import SigningKey, load_or_create
from govatlas.registry.visibility import PUBLIC
from govatlas.web.app import create_app
from tests.registry.conftest import SEES

runner = CliRunner()


def test_an_export_holds_what_its_viewer_may_see(demo: Engine, signer: SigningKey) -> None:
    with Session(demo) as session:
        public = export_document(session, PUBLIC, signer)
        officer = export_document(session, viewer_named(session, "demo-officer"), signer)
    assert {r["id"] for r in public["records"]} == SEES[None]
    assert {r["tlp"] for r in public["records"]} == {"CLEAR"}
    assert all("author" not in r for r in public["records"])
    assert {r["id"] for r in officer["records"]} == SEES["demo-officer"]
    assert officer["viewer"] == {"role": "officer", "organisation": None}
    assert verify_export(public, signer.public).ok and verify_export(officer, signer.public).ok


def _edits(document: dict[str, object]) -> list[dict[str, object]]:
    changed = []
    for edit in (
        lambda d: d["records"][0].update(title="Something else"),  # type: ignore[index]
        lambda d: d["records"].pop(),  # type: ignore[attr-defined]
        lambda d: d["records"].append(dict(d["records"][0], id=99)),  # type: ignore[index,attr-defined]
        lambda d: d.update(viewer={"role": "officer", "organisation": None}),
        lambda d: d.update(exported_at="2030-01-01T00:00:00.000000Z"),
    ):
        copied = copy.deepcopy(document)
        edit(copied)
        changed.append(copied)
    return changed


def test_any_change_to_an_export_is_found(demo: Engine, signer: SigningKey, tmp_path: Path) -> None:
    with Session(demo) as session:
        document = export_document(session, PUBLIC, signer)
    for changed in _edits(document):
        check = verify_export(changed, signer.public)
        assert not check.ok and "changed" in check.reason
    other = load_or_create(tmp_path / "other.key").public
    assert "another key" in verify_export(document, other).reason
    with pytest.raises(InvalidInputError, match="not a registry export"):
        verify_export({"records": []}, signer.public)


def test_the_commands_export_and_check_with_the_public_key_alone(
    demo: Engine, env_db: str, tmp_path: Path
) -> None:
    out, pem = tmp_path / "export.json", tmp_path / "registry.pub"
    made = runner.invoke(app, ["registry", "export", "--out", str(out)])
    assert made.exit_code == 0 and "Wrote 2 records" in made.output
    key = runner.invoke(app, ["registry", "public-key"])
    pem.write_text(key.output)
    good = runner.invoke(app, ["registry", "verify-export", str(out), "--public-key", str(pem)])
    assert good.exit_code == 0 and "Export intact: 2 records" in good.output
    document = json.loads(out.read_text())
    document["records"][0]["title"] = "Edited"
    out.write_text(json.dumps(document))
    bad = runner.invoke(app, ["registry", "verify-export", str(out), "--public-key", str(pem)])
    assert bad.exit_code == 1 and "changed" in bad.output
    mine = runner.invoke(app, ["registry", "export", "--out", str(out), "--as", "demo-officer"])
    assert mine.exit_code == 0 and f"Wrote {len(SEES['demo-officer'])} records" in mine.output


def test_the_api_export_verifies_with_the_published_key(demo: Engine, env_db: str) -> None:
    from cryptography.hazmat.primitives import serialization

    from govatlas.registry.signing import PublicKey

    client = TestClient(create_app(demo), raise_server_exceptions=False)
    answer = client.get("/api/v1/registry/export")
    assert answer.status_code == 200 and "no-store" in answer.headers["cache-control"]
    document = answer.json()
    assert {r["tlp"] for r in document["records"]} == {"CLEAR"}
    pem = client.get("/api/v1/registry/public-key").text
    public = PublicKey(serialization.load_pem_public_key(pem.encode()))  # type: ignore[arg-type]
    assert verify_export(document, public).ok
