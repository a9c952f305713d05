"""A web app over the fixture store: catalog, mirror, crosswalks, a labelled provision."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select

from govatlas.accounts.users import add_user
from govatlas.store.models import InstrumentVersion, Label, LabelEvidence, NearMiss, Provision
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod
from govatlas.web import create_app, queries

TOKEN = "test-token-123"
REVIEWER, PASSWORD = "ana", "correct horse battery staple"


def sign_in(client: TestClient, name: str = REVIEWER, password: str = PASSWORD) -> Response:
    """Sign in through the form, as a browser does (its CSRF cookie and value first)."""
    page = client.get("/login")
    found = re.search(r'action="/login".*?name="csrf" value="([0-9a-f]+)"', page.text, re.S)
    assert found is not None, page.text
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf": found.group(1)},
        follow_redirects=False,
    )


@pytest.fixture
def web_store(crosswalked: Engine) -> Engine:
    """The crosswalked fixture store plus a model label with evidence and a release."""
    with transaction(crosswalked) as session:
        provision = session.scalars(select(Provision).where(Provision.path == "govern.1.1")).first()
        assert provision is not None
        label = Label(
            concept_id="fli-blocks:safety-standards",
            instrument_id="nist-ai-rmf-1-0",
            method=LabelMethod.MODEL,
            model_id="test-model",
            score=0.91,
        )
        label.evidence.append(
            LabelEvidence(provision_id=provision.id, start_offset=0, end_offset=10, score=0.8)
        )
        session.add(label)
        add_user(session, REVIEWER, PASSWORD)
        create_release(session)
    return crosswalked


@pytest.fixture
def client(web_store: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    monkeypatch.setattr(queries, "label_qualities", dict)  # not the machine's saved figures
    with TestClient(create_app(web_store), raise_server_exceptions=False) as test_client:
        yield test_client


def plant_near_misses(engine: Engine) -> list[int]:
    """Three near misses on NIST AI RMF provisions, 1.2x, 2x and 2.9x below 0.5 in odds."""
    with transaction(engine) as session:
        provisions = session.scalars(
            select(Provision)
            .join(InstrumentVersion, InstrumentVersion.id == Provision.version_id)
            .where(InstrumentVersion.instrument_id == "nist-ai-rmf-1-0")
            .order_by(Provision.id)
            .limit(3)
        ).all()
        misses = [
            NearMiss(
                concept_id="fli-blocks:red-lines",
                provision_id=provision.id,
                score=1 / (1 + times),
                threshold=0.5,
                model_id="provision-classifier",
                model_version="test",
            )
            for provision, times in zip(provisions, (2.0, 1.2, 2.9), strict=True)
        ]
        session.add_all(misses)
        session.flush()
        return [m.id for m in misses]
