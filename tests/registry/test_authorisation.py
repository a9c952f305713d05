"""The registry's authorisation matrix: every role × every write route × every TLP
marking, against an oracle written from docs/registry.md (not from the code).

Reads are covered viewer by viewer in ``test_visibility.py`` (7 viewers × 9 records ×
the list, the record's API answer and its page). Here every role tries to draft a
record of Demo Frontier Lab at each marking, to edit a draft, to attach a PDF to it, to
take each workflow step on a record of each marking brought to the status that step
starts from, and to revise a published one: 8 roles × 5 markings × (1 draft + 4 steps +
1 edit + 1 attachment + 1 revision) = 320 requests through the pages' forms and 320 more
through the API (registry tokens, or a session with a wrong CSRF header), each answered
as the oracle says, and a refused one changing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from govatlas.registry.records import Writer, create_record, step, viewer_named
from govatlas.registry.signing import SigningKey
from govatlas.store.registry_models import TLP_LEVELS, AuditEvent, RegistryRecord
from govatlas.store.session import transaction
from govatlas.web.app import create_app
from tests.ingest.pdf_fixture import make_pdf
from tests.registry.conftest import DEMO_PASSWORD
from tests.web.conftest import sign_in

# Who may do what is decided in Python (``registry.visibility``, ``registry.records``) the
# same on every engine; what the database adds (ids no column holds, the audit chain's
# order, JSON payloads) is checked on both engines by test_audit.py and test_visibility.py
pytestmark = pytest.mark.engine_neutral

ROLES = (
    "public",
    "wrong CSRF",
    "demo-participant",
    "demo-institute-participant",
    "demo-ministry-submitter",
    "demo-lab-submitter",
    "demo-officer",
    "demo-admin",
)
REVIEWERS = {"demo-officer", "demo-admin"}
NAMED = {"AMBER": {"parties": ["demo-institute"]}, "RED": {"people": ["demo-officer"]}}
STARTS = {"submit": (), "review": ("submit",), "publish": ("submit", "review")}
STARTS["return"] = STARTS["publish"]
STARTS["edit"] = ()  # a draft is edited by whom may submit it
STARTS["attach"] = ()  # and a file attached to it by the same people
STARTS["revise"] = ("submit", "review", "publish")  # a published record, by the same people
EDITS = ("submit", "edit", "attach", "revise")
CREATES = ("attach", "revise")  # the API answers 201
PDF = make_pdf(["Article 1. Matrix", "A file for the authorisation matrix."])


def expected_draft(role: str) -> int:
    """Drafting for Demo Frontier Lab: its submitter, officers and administrators."""
    if role in ("public", "wrong CSRF"):
        return 403
    return 303 if role in {"demo-lab-submitter"} | REVIEWERS else 403


def sees_unpublished(role: str, tlp: str, status: str) -> bool:
    """Who sees a Demo Frontier Lab record that is not published (its author is the
    lab's submitter; a RED one names the officer)."""
    if tlp == "RED":
        return role in ("demo-lab-submitter", "demo-officer")
    if role == "demo-lab-submitter":
        return True
    return status != "draft" and role in REVIEWERS


def sees_published(role: str, tlp: str) -> bool:
    """Who sees a published Demo Frontier Lab record (its author is the lab's submitter;
    an AMBER one names Demo Safety Institute, a RED one the officer)."""
    if tlp in ("CLEAR", "GREEN"):
        return True
    if tlp == "RED":
        return role in ("demo-lab-submitter", "demo-officer")
    readers = {"demo-lab-submitter"} | REVIEWERS
    return role in (readers | {"demo-institute-participant"} if tlp == "AMBER" else readers)


def expected_step(role: str, tlp: str, action: str) -> int:
    if role in ("public", "wrong CSRF"):
        return 403
    if action == "revise":
        seen = sees_published(role, tlp)
    else:
        status = "draft" if action in EDITS else "submitted" if action == "review" else "x"
        seen = sees_unpublished(role, tlp, status)
    if not seen:
        return 404
    if action in EDITS:
        return 303 if role == "demo-lab-submitter" else 403
    return 303 if role in REVIEWERS else 403


@pytest.fixture
def clients(demo: Engine, env_db: str) -> Iterator[dict[str, tuple[TestClient, str]]]:
    app = create_app(demo)
    made: dict[str, tuple[TestClient, str]] = {}
    for role in ROLES:
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        csrf = "0" * 64
        if role not in ("public", "wrong CSRF"):
            assert sign_in(client, role, DEMO_PASSWORD).status_code == 303
            found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/registry").text)
            assert found is not None
            csrf = found.group(1)
        elif role == "wrong CSRF":
            assert sign_in(client, "demo-lab-submitter", DEMO_PASSWORD).status_code == 303
        made[role] = (client, csrf)
    yield made
    for client, _ in made.values():
        client.__exit__(None, None, None)


def _record(engine: Engine, signer: SigningKey, tlp: str, steps: tuple[str, ...]) -> int:
    with transaction(engine) as session:
        author = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
        officer = Writer(session, signer, viewer_named(session, "demo-officer"))
        record = create_record(
            author, "report", f"Matrix {tlp}", "demo-lab", tlp, **NAMED.get(tlp, {})
        )
        for action in steps:
            step(author if action == "submit" else officer, record.id, action)
        return record.id


def _state(engine: Engine) -> tuple[int, int, list[str]]:
    with Session(engine) as session:
        records = session.scalar(select(func.count()).select_from(RegistryRecord)) or 0
        events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
        statuses = list(session.scalars(select(RegistryRecord.status).order_by(RegistryRecord.id)))
    return records, events, statuses


def test_every_role_every_route_every_marking(
    demo: Engine, signer: SigningKey, clients: dict[str, tuple[TestClient, str]]
) -> None:
    for tlp in TLP_LEVELS:  # one sign-in per role for every marking (argon2 is slow)
        _forms_for_marking(demo, signer, clients, tlp)


def _forms_for_marking(
    demo: Engine, signer: SigningKey, clients: dict[str, tuple[TestClient, str]], tlp: str
) -> None:
    checked = 0
    for role in ROLES:
        client, csrf = clients[role]
        before = _state(demo)
        form = {"csrf": csrf, "kind": "report", "title": f"By {role}", "tlp": tlp}
        form["organisation"] = "demo-lab"
        if tlp == "AMBER":
            form["parties"] = "demo-institute"
        if tlp == "RED":
            form["people"] = "demo-officer"
        answer = client.post("/registry/records", data=form, follow_redirects=False)
        assert answer.status_code == expected_draft(role), (role, tlp, answer.text[-300:])
        if answer.status_code != 303:
            assert _state(demo) == before  # refused: nothing written, nothing logged
        checked += 1
        for action, starts in STARTS.items():
            record = _record(demo, signer, tlp, starts)
            before = _state(demo)
            files = None
            if action == "edit":
                data = {"csrf": csrf, "title": "Edited", "tlp": tlp}
                data |= {k: " ".join(v) for k, v in NAMED.get(tlp, {}).items()}
                url = f"/registry/records/{record}/edit"
            elif action in CREATES:
                data = {"csrf": csrf}
                url = (
                    f"/registry/records/{record}/{'attachments' if action == 'attach' else action}"
                )
                files = {"file": ("m.pdf", PDF, "application/pdf")} if action == "attach" else None
            else:
                data = {"csrf": csrf, "action": action, "comment": "Say more."}
                url = f"/registry/records/{record}/step"
            answer = client.post(url, data=data, files=files, follow_redirects=False)
            assert answer.status_code == expected_step(role, tlp, action), (
                role,
                tlp,
                action,
                answer.text[-300:],
            )
            if answer.status_code != 303:
                assert _state(demo) == before
            checked += 1
    assert checked == len(ROLES) * 8


@pytest.fixture
def api_callers(
    demo: Engine, signer: SigningKey, env_db: str
) -> Iterator[dict[str, tuple[TestClient, dict[str, str]]]]:
    from govatlas.registry.tokens import issue_token
    from govatlas.registry.visibility import Viewer

    app = create_app(demo)
    made: dict[str, tuple[TestClient, dict[str, str]]] = {}
    administrator = Viewer(None, "test", "administrator")
    for role in ROLES:
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        headers: dict[str, str] = {}
        if role == "wrong CSRF":
            assert sign_in(client, "demo-lab-submitter", DEMO_PASSWORD).status_code == 303
            headers = {"X-CSRF-Token": "0" * 64}
        elif role != "public":
            with transaction(demo) as session:
                token = issue_token(Writer(session, signer, administrator), role).token
            headers = {"Authorization": f"Bearer {token}"}
        made[role] = (client, headers)
    yield made
    for client, _ in made.values():
        client.__exit__(None, None, None)


def _api_status(form_status: int, created: bool) -> int:
    return (201 if created else 200) if form_status == 303 else form_status


def test_every_role_every_api_route_every_marking(
    demo: Engine, signer: SigningKey, api_callers: dict[str, tuple[TestClient, dict[str, str]]]
) -> None:
    for tlp in TLP_LEVELS:
        _api_for_marking(demo, signer, api_callers, tlp)


def _api_for_marking(
    demo: Engine,
    signer: SigningKey,
    api_callers: dict[str, tuple[TestClient, dict[str, str]]],
    tlp: str,
) -> None:
    checked = 0
    for role in ROLES:
        client, headers = api_callers[role]
        before = _state(demo)
        draft: dict[str, object] = {"kind": "report", "title": f"By {role}", "tlp": tlp}
        draft |= {"organisation": "demo-lab", **NAMED.get(tlp, {})}
        answer = client.post("/api/v1/registry/records", json=draft, headers=headers)
        assert answer.status_code == _api_status(expected_draft(role), True), (role, tlp)
        if answer.status_code != 201:
            assert _state(demo) == before
        checked += 1
        for action, starts in STARTS.items():
            record = _record(demo, signer, tlp, starts)
            before = _state(demo)
            base = f"/api/v1/registry/records/{record}"
            if action == "edit":
                body: dict[str, object] = {"title": "Edited", "tlp": tlp, **NAMED.get(tlp, {})}
                answer = client.post(f"{base}/edit", json=body, headers=headers)
            elif action == "attach":
                upload = {"file": ("m.pdf", PDF, "application/pdf")}
                answer = client.post(f"{base}/attachments", files=upload, headers=headers)
            elif action == "revise":
                answer = client.post(f"{base}/revise", headers=headers)
            else:
                body = {"action": action, "comment": "Say more."}
                answer = client.post(f"{base}/step", json=body, headers=headers)
            expected = _api_status(expected_step(role, tlp, action), action in CREATES)
            assert answer.status_code == expected, (role, tlp, action, answer.text[-300:])
            if answer.status_code not in (200, 201):
                assert _state(demo) == before
            checked += 1
    assert checked == len(ROLES) * 8
