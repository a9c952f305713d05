"""Registry API tokens: scoped to a role and an organisation, shown once, stored as a
hash, and dead once revoked, disabled or out of scope; API writes with them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.accounts.users import disable_user
from govatlas.cli import app
from govatlas.errors import InvalidInputError, PermissionDeniedError
from govatlas.registry.records import Writer, set_member
from govatlas.registry.signing import SigningKey
from govatlas.registry.tokens import issue_token, revoke_token, token_hash, token_viewer
from govatlas.registry.visibility import Viewer
from govatlas.store.registry_models import RegistryToken
from govatlas.store.session import transaction
from govatlas.web.app import create_app
from tests.registry.conftest import SEES

ADMIN = Viewer(None, "test administrator", "administrator")
runner = CliRunner()


def _issue(engine: Engine, signer: SigningKey, account: str, role: str | None = None) -> str:
    with transaction(engine) as session:
        return issue_token(Writer(session, signer, ADMIN), account, role).token


def test_a_token_acts_within_its_scope_until_it_no_longer_holds(
    demo: Engine, signer: SigningKey
) -> None:
    token = _issue(demo, signer, "demo-lab-submitter")
    reader = _issue(demo, signer, "demo-lab-submitter", "participant")
    with Session(demo) as session:
        stored = session.scalars(select(RegistryToken.token_hash)).all()
        assert token not in stored and token_hash(token) in stored  # only the hash
        found = token_viewer(session, token)
        assert found is not None and found.role == "submitter" and found.party_id == "demo-lab"
        assert token_viewer(session, reader).role == "participant"  # type: ignore[union-attr]
        assert token_viewer(session, "gar_not-a-token") is None
    with transaction(demo) as session:
        with pytest.raises(InvalidInputError, match="cannot be officer"):
            issue_token(Writer(session, signer, ADMIN), "demo-participant", "officer")
        with pytest.raises(PermissionDeniedError, match="administrator"):
            officer = Viewer(None, "o", "officer")
            issue_token(Writer(session, signer, officer), "demo-participant")
    with transaction(demo) as session:  # the account now acts for another organisation
        set_member(
            Writer(session, signer, ADMIN), "demo-lab-submitter", "submitter", "demo-network"
        )
    with Session(demo) as session:
        assert token_viewer(session, token) is None
    officer_token = _issue(demo, signer, "demo-officer")
    with transaction(demo) as session:
        disable_user(session, "demo-officer")
    with Session(demo) as session:
        assert token_viewer(session, officer_token) is None
    admin_token = _issue(demo, signer, "demo-admin")
    with transaction(demo) as session:
        token_id = session.scalars(
            select(RegistryToken.id).order_by(RegistryToken.id.desc())
        ).first()
        revoke_token(Writer(session, signer, ADMIN), int(token_id or 0))
    with Session(demo) as session:
        assert token_viewer(session, admin_token) is None


def test_the_api_reads_and_writes_with_a_token(
    demo: Engine, signer: SigningKey, env_db: str
) -> None:
    client = TestClient(create_app(demo), raise_server_exceptions=False)
    officer = {"Authorization": f"Bearer {_issue(demo, signer, 'demo-officer')}"}
    lab = {"Authorization": f"Bearer {_issue(demo, signer, 'demo-lab-submitter')}"}
    seen = client.get("/api/v1/registry/records", headers=officer).json()
    assert {r["id"] for r in seen["items"]} == SEES["demo-officer"]
    bad = client.get("/api/v1/registry/records", headers={"Authorization": "Bearer gar_nope"})
    assert bad.status_code == 403 and "not a valid registry token" in bad.text
    draft = {"kind": "report", "title": "By the pipeline", "organisation": "demo-lab"}
    made = client.post("/api/v1/registry/records", json=draft | {"tlp": "GREEN"}, headers=lab)
    assert made.status_code == 201, made.text
    record = made.json()["id"]
    assert made.json()["status"] == "draft" and made.json()["author"] == "demo-lab-submitter"
    wrong = client.post("/api/v1/registry/records", json=draft | {"tlp": "PINK"}, headers=lab)
    assert wrong.status_code == 400 and "TLP marking" in wrong.text
    extra = client.post(
        "/api/v1/registry/records",
        json=draft | {"tlp": "GREEN", "status": "published"},
        headers=lab,
    )
    assert extra.status_code == 422  # a caller never sets the status itself
    steps = [(lab, "submit"), (officer, "review"), (officer, "publish")]
    refused = client.post(
        f"/api/v1/registry/records/{record}/step", json={"action": "review"}, headers=lab
    )
    assert refused.status_code == 409  # a draft cannot go under review
    for headers, action in steps:
        answer = client.post(
            f"/api/v1/registry/records/{record}/step", json={"action": action}, headers=headers
        )
        assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "published"
    anonymous = client.post("/api/v1/registry/records", json=draft | {"tlp": "CLEAR"})
    assert anonymous.status_code == 403
    public = client.get("/api/v1/registry/records").json()
    assert record not in {r["id"] for r in public["items"]}  # GREEN: members only


def test_the_token_commands(demo: Engine, env_db: str) -> None:
    issued = runner.invoke(app, ["registry", "token", "demo-participant", "--label", "feed"])
    assert issued.exit_code == 0 and "shown once" in issued.output
    token = issued.output.strip().splitlines()[-1]
    assert token.startswith("gar_")
    token_id = issued.output.split()[1]
    assert runner.invoke(app, ["registry", "revoke-token", token_id]).exit_code == 0
    with Session(demo) as session:
        assert token_viewer(session, token) is None
    refused = runner.invoke(app, ["registry", "token", "demo-participant", "--role", "officer"])
    assert refused.exit_code != 0 and "cannot be officer" in refused.output
