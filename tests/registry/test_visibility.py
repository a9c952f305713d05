"""Who sees what: every viewer of the demo × every record × the list, the record's API
answer and its page; a record one may not see is never counted, listed or named."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.accounts.users import add_user, disable_user
from govatlas.registry.records import records_for, viewer_named
from govatlas.registry.signing import SigningKey
from govatlas.registry.visibility import PUBLIC
from govatlas.store.session import transaction
from govatlas.web.app import create_app
from tests.registry.conftest import DEMO_PASSWORD, RECORDS, SEES
from tests.web.conftest import sign_in


def test_the_domain_gives_each_viewer_what_its_role_allows(demo: Engine) -> None:
    with Session(demo) as session:
        for name, expected in SEES.items():
            viewer = viewer_named(session, name) if name else PUBLIC
            assert {r.id for r in records_for(session, viewer)} == expected, name


def test_an_account_outside_the_registry_or_disabled_sees_what_the_public_sees(
    demo: Engine,
) -> None:
    with transaction(demo) as session:
        add_user(session, "outsider", DEMO_PASSWORD)
        disable_user(session, "demo-officer")
    with Session(demo) as session:
        for name in ("outsider", "demo-officer"):
            assert {r.id for r in records_for(session, viewer_named(session, name))} == SEES[None]


@pytest.mark.parametrize("name", list(SEES))
def test_every_path_shows_exactly_what_the_viewer_may_see(
    demo: Engine, env_db: str, name: str | None
) -> None:
    client = TestClient(create_app(), raise_server_exceptions=False)
    if name is not None:
        assert sign_in(client, name, DEMO_PASSWORD).status_code == 303
    expected = SEES[name]
    listing = client.get("/api/v1/registry/records")
    assert listing.status_code == 200
    assert "no-store" in listing.headers["cache-control"]
    body = listing.json()
    assert {item["id"] for item in body["items"]} == expected
    assert body["total"] == len(expected)  # a count never includes what one may not see
    assert all(
        item["tlp"] in ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED") for item in body["items"]
    )
    if name is None:
        assert {item["tlp"] for item in body["items"]} == {"CLEAR"}
        assert all("author" not in item for item in body["items"])
    page = client.get("/registry")
    assert page.status_code == 200
    for record_id in range(1, len(RECORDS) + 1):
        one = client.get(f"/api/v1/registry/records/{record_id}")
        shown = client.get(f"/registry/records/{record_id}")
        if record_id in expected:
            assert one.status_code == 200 and one.json()["id"] == record_id
            assert shown.status_code == 200
            assert f'href="/registry/records/{record_id}"' in page.text
        else:  # answered exactly as a record that does not exist
            assert one.status_code == 404 and shown.status_code == 404
            assert f'href="/registry/records/{record_id}"' not in page.text
            missing = client.get("/api/v1/registry/records/999").json()
            assert one.json() == json.loads(json.dumps(missing).replace("999", str(record_id)))


def test_records_never_reach_search_or_the_other_lists(
    demo: Engine, signer: SigningKey, env_db: str
) -> None:
    """Not the records' words nor a file's text: search, what's new, the data and release
    pages, and the release API hold nothing of the registry."""
    from govatlas.registry.attachments import attach
    from govatlas.registry.records import Writer, create_record, viewer_named
    from govatlas.store.releases import create_release
    from govatlas.store.session import transaction
    from tests.ingest.pdf_fixture import make_pdf

    with transaction(demo) as session:
        lab = Writer(session, signer, viewer_named(session, "demo-lab-submitter"))
        record = create_record(lab, "report", "Quillwort report", "demo-lab", "AMBER+STRICT")
        attach(lab, record.id, "q.pdf", make_pdf(["Zanthoxylum evaluation findings"]))
        create_release(session)
    client = TestClient(create_app(), raise_server_exceptions=False)
    paths = (
        "/api/v1/search?q=scenario",
        "/search?q=scenario+contact+list",
        "/api/v1/search?q=zanthoxylum",
        "/search?q=quillwort",
        "/whats-new",
        "/data",
        "/api/v1/releases/current",
    )
    for path in paths:
        answer = client.get(path)
        assert answer.status_code == 200, path
        for words in ("Joint incident exercise", "Quillwort", "Zanthoxylum"):
            assert words not in answer.text, (path, words)
