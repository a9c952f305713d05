"""Who may change what: every write route of the app x every kind of caller.

The matrix is generated from the app's routes, so a new write route without an
entry in ``EXPECTED`` fails ``test_every_write_route_is_in_the_matrix``. The other
tests cover the sign-in rules one by one: Secure cookies behind TLS, backoff after
failed sign-ins, write throttling, API writes from a signed-in browser.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from govatlas.accounts.users import add_user, disable_user
from govatlas.store.decisions import history
from govatlas.store.models import Label, NearMiss, Provision, Relationship, TrackerFact
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, RelationshipMethod, ReviewStatus
from govatlas.web import create_app, label_views
from govatlas.web.auth import MACHINE_REVIEWER
from govatlas.web.limits import WriteLimiter
from tests.web.conftest import PASSWORD, TOKEN, sign_in

# Who may write is decided in Python (sessions, CSRF, tokens, limits): the same on every
# engine, so the matrix runs on SQLite only; the writes a reviewer may make are tested
# on both engines by their own modules (reviews, near misses, trackers, the registry).
pytestmark = pytest.mark.engine_neutral

ROLES = ("anonymous", "machine token", "reviewer", "disabled account", "wrong CSRF")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DENIED = 403
# route -> the status each role gets (the reviewer's is the success of a valid request)
EXPECTED: dict[str, tuple[int, int, int, int, int]] = {
    "POST /login": (403, 403, 303, 403, 403),
    "POST /logout": (403, 403, 303, 403, 403),
    "POST /reviews/labels/{label_id}": (403, 403, 303, 403, 403),
    "POST /reviews/near-misses/{near_miss_id}": (403, 403, 303, 403, 403),
    "POST /reviews/relationships/{relationship_id}": (403, 403, 303, 403, 403),
    "POST /reviews/rerank": (403, 403, 303, 403, 403),
    "POST /reviews/translations": (403, 403, 303, 403, 403),
    "POST /trackers/facts/{fact_id}": (403, 403, 303, 403, 403),
    # the registry's writes need a registry member (tests/registry/test_authorisation.py
    # has its roles × routes × markings); a reviewer outside the registry is refused
    "POST /registry/records": (403, 403, 403, 403, 403),
    "POST /registry/records/{record_id}/step": (403, 403, 403, 403, 403),
    "POST /api/v1/registry/records": (403, 403, 403, 403, 403),
    "POST /api/v1/registry/records/{record_id}/step": (403, 403, 403, 403, 403),
    "POST /registry/records/{record_id}/edit": (403, 403, 403, 403, 403),
    "POST /api/v1/registry/records/{record_id}/edit": (403, 403, 403, 403, 403),
    "POST /registry/records/{record_id}/revise": (403, 403, 403, 403, 403),
    "POST /api/v1/registry/records/{record_id}/revise": (403, 403, 403, 403, 403),
    "POST /registry/records/{record_id}/attachments": (403, 403, 403, 403, 403),
    "POST /api/v1/registry/records/{record_id}/attachments": (403, 403, 403, 403, 403),
    "POST /registry/attachments/{attachment_id}/remove": (403, 403, 403, 403, 403),
    "DELETE /api/v1/registry/attachments/{attachment_id}": (403, 403, 403, 403, 403),
    "POST /reviews/{queue}-sheet": (403, 403, 303, 403, 403),
    "POST /api/v1/labels/{label_id}/review": (403, 200, 200, 403, 403),
    "POST /api/v1/near-misses/{near_miss_id}/review": (403, 200, 200, 403, 403),
    "POST /api/v1/relationships/{relationship_id}/review": (403, 200, 200, 403, 403),
}


@pytest.fixture
def store(suggested_store: Engine) -> Engine:
    web_store = suggested_store
    with transaction(web_store) as session:
        add_user(session, "dee", PASSWORD)
        for n in range(8):  # enough waiting labels for every role of every route
            session.add(
                Label(
                    concept_id="fli-blocks:safety-standards",
                    instrument_id="eu-ai-act",
                    method=LabelMethod.MODEL,
                    model_id=f"matrix-{n}",
                    score=0.5,
                )
            )
        provisions = list(session.scalars(select(Provision.id).order_by(Provision.id).limit(8)))
        for provision in provisions:  # as many near misses, and tracker facts
            session.add(
                NearMiss(
                    concept_id="fli-blocks:red-lines",
                    provision_id=provision,
                    score=0.3,
                    threshold=0.5,
                    model_id="matrix",
                    model_version="test",
                )
            )
            session.add(
                TrackerFact(
                    tracker="penalties",
                    provision_id=provision,
                    fact_key="fine",
                    fields={"max_amount": 1000.0, "currency": "EUR"},
                    machine_fields={"max_amount": 1000.0, "currency": "EUR"},
                    start_offset=0,
                    end_offset=4,
                    evidence="fine",
                )
            )
    return web_store


@pytest.fixture
def make_client(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[], TestClient]]:
    monkeypatch.setenv("GOVATLAS_API_TOKEN", TOKEN)
    monkeypatch.setattr(label_views, "label_qualities", dict)
    app = create_app(store)
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def _routes(routes: list[object]) -> Iterator[APIRoute]:
    """Every API route, routers included through ``include_router`` walked into."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _routes(included.routes)
        elif isinstance(route, APIRoute):
            yield route


def write_routes() -> list[str]:
    app = create_app(create_engine("sqlite://"))
    return sorted(
        f"{method} {route.path}"
        for route in _routes(list(app.routes))
        for method in route.methods & WRITE_METHODS
    )


def test_every_write_route_is_in_the_matrix() -> None:
    routes = write_routes()
    assert routes, "no write routes found"
    missing = sorted(set(routes) - set(EXPECTED))
    assert not missing, f"write routes without an entry in the authorisation matrix: {missing}"
    assert not set(EXPECTED) - set(routes), "entries for routes that no longer exist"


def _waiting(engine: Engine, model: type[Label] | type[Relationship]) -> int:
    with Session(engine) as session:
        query = select(model.id).where(model.review_status == ReviewStatus.UNREVIEWED)
        if model is Relationship:
            query = query.where(Relationship.method == RelationshipMethod.AUTOMATED)
        else:
            query = query.where(Label.method == LabelMethod.MODEL)
        return int(session.scalars(query.order_by(model.id)).first() or 0)


def _csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', client.get("/reviews").text)
    assert found is not None
    return found.group(1)


def _sheet(engine: Engine) -> bytes:
    return f"id,version,decision,reviewer\n{_waiting(engine, Label)},0,reject,\n".encode()


def _send(route: str, role: str, engine: Engine, client: TestClient, csrf: str) -> Response:
    """A request that succeeds for a signed-in reviewer, made as ``role``."""
    headers = {"Authorization": f"Bearer {TOKEN}"} if role == "machine token" else {}
    if role in ("reviewer", "disabled account", "wrong CSRF"):
        headers["X-CSRF-Token"] = csrf
    form: dict[str, str] = {"csrf": csrf}
    label, suggestion = _waiting(engine, Label), _waiting(engine, Relationship)
    if route == "POST /login":
        page = client.get("/login")
        value = re.search(r'action="/login".*?name="csrf" value="([0-9a-f]+)"', page.text, re.S)
        assert value is not None
        name = {"disabled account": "dee", "reviewer": "ana"}.get(role, "ana")
        password = TOKEN if role == "machine token" else PASSWORD
        login_csrf = "0" * 64 if role in ("wrong CSRF", "anonymous") else value.group(1)
        if role == "anonymous":
            client.cookies.clear()
        data = {"name": name, "password": password, "csrf": login_csrf}
        return client.post("/login", data=data, headers=headers, follow_redirects=False)
    if route == "POST /logout":
        return client.post("/logout", data=form, headers=headers, follow_redirects=False)
    if route == "POST /reviews/labels/{label_id}":
        url, form = f"/reviews/labels/{label}", form | {"decision": "reject"}
    elif route == "POST /reviews/near-misses/{near_miss_id}":
        with Session(engine) as session:
            near_miss = session.scalars(select(NearMiss.id).order_by(NearMiss.id)).first()
        url, form = f"/reviews/near-misses/{near_miss}", form | {"decision": "reject"}
    elif route == "POST /reviews/relationships/{relationship_id}":
        url = f"/reviews/relationships/{suggestion}"
        form |= {"decision": "reject", "relationship": "intersects"}
    elif route == "POST /trackers/facts/{fact_id}":
        with Session(engine) as session:
            fact = session.scalars(
                select(TrackerFact.id)
                .where(TrackerFact.status == "machine")
                .order_by(TrackerFact.id)
            ).first()
        url, form = f"/trackers/facts/{fact}", form | {"decision": "reject"}
    elif route == "POST /registry/records":
        url = "/registry/records"
        form |= {"kind": "report", "title": "T", "organisation": "x", "tlp": "CLEAR"}
    elif route == "POST /registry/records/{record_id}/step":
        url, form = "/registry/records/1/step", form | {"action": "submit"}
    elif route == "POST /registry/records/{record_id}/edit":
        url, form = "/registry/records/1/edit", form | {"title": "T", "tlp": "CLEAR"}
    elif route == "POST /api/v1/registry/records/{record_id}/edit":
        edit = {"title": "T", "tlp": "CLEAR"}
        return client.post("/api/v1/registry/records/1/edit", json=edit, headers=headers)
    elif route == "POST /api/v1/registry/records":
        draft = {"kind": "report", "title": "T", "organisation": "x", "tlp": "CLEAR"}
        return client.post("/api/v1/registry/records", json=draft, headers=headers)
    elif route == "POST /api/v1/registry/records/{record_id}/step":
        return client.post(
            "/api/v1/registry/records/1/step", json={"action": "submit"}, headers=headers
        )
    elif route == "POST /registry/records/{record_id}/revise":
        url = "/registry/records/1/revise"
    elif route == "POST /registry/attachments/{attachment_id}/remove":
        url = "/registry/attachments/1/remove"
    elif route == "POST /registry/records/{record_id}/attachments":
        files = {"file": ("a.pdf", io.BytesIO(b"%PDF-1.4\n"), "application/pdf")}
        return client.post(
            "/registry/records/1/attachments",
            data=form,
            files=files,
            headers=headers,
            follow_redirects=False,
        )
    elif route == "POST /api/v1/registry/records/{record_id}/revise":
        return client.post("/api/v1/registry/records/1/revise", headers=headers)
    elif route == "POST /api/v1/registry/records/{record_id}/attachments":
        files = {"file": ("a.pdf", io.BytesIO(b"%PDF-1.4\n"), "application/pdf")}
        return client.post("/api/v1/registry/records/1/attachments", files=files, headers=headers)
    elif route == "DELETE /api/v1/registry/attachments/{attachment_id}":
        return client.delete("/api/v1/registry/attachments/1", headers=headers)
    elif route == "POST /reviews/translations":
        url = "/reviews/translations"
        form |= {"language": "fr", "subject": "message", "key": "Compare", "part": ""}
        form |= {"text": "Comparer"}
    elif route == "POST /reviews/rerank":
        url, form = (
            "/reviews/rerank",
            form | {"instrument": "eu-ai-act", "counterpart": "nist-ai-rmf-1-0"},
        )
    elif route == "POST /reviews/{queue}-sheet":
        files = {"sheet": ("s.csv", io.BytesIO(_sheet(engine)), "text/csv")}
        return client.post(
            "/reviews/label-sheet", data=form, files=files, headers=headers, follow_redirects=False
        )
    elif route == "POST /api/v1/near-misses/{near_miss_id}/review":
        with Session(engine) as session:
            near_miss = session.scalars(select(NearMiss.id).order_by(NearMiss.id)).first()
        return client.post(
            f"/api/v1/near-misses/{near_miss}/review?decision=reject", headers=headers
        )
    elif route == "POST /api/v1/labels/{label_id}/review":
        return client.post(f"/api/v1/labels/{label}/review?decision=reject", headers=headers)
    elif route == "POST /api/v1/relationships/{relationship_id}/review":
        return client.post(
            f"/api/v1/relationships/{suggestion}/review?decision=reject", headers=headers
        )
    else:
        raise AssertionError(f"no request for {route}")
    return client.post(url, data=form, headers=headers, follow_redirects=False)


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_authorisation_matrix(
    route: str, store: Engine, make_client: Callable[[], TestClient]
) -> None:
    for role, expected in zip(ROLES, EXPECTED[route], strict=True):
        client = make_client()
        csrf = "0" * 64
        if role in ("reviewer", "wrong CSRF"):
            assert sign_in(client).is_redirect
            csrf = _csrf(client) if role == "reviewer" else csrf
        elif role == "disabled account":
            assert sign_in(client, "dee").is_redirect
            csrf = _csrf(client)
            with transaction(store) as session:
                disable_user(session, "dee")
        answer = _send(route, role, store, client, csrf)
        assert answer.status_code == expected, (
            route,
            role,
            answer.status_code,
            answer.text[-1500:],
        )
        if role == "disabled account":
            with transaction(store) as session:
                from govatlas.store.models import UserAccount

                session.execute(
                    UserAccount.__table__.update()
                    .where(UserAccount.name == "dee")
                    .values(disabled_at=None)
                )


def test_machine_token_decisions_are_recorded_as_the_token_not_a_typed_name(
    store: Engine, make_client: Callable[[], TestClient]
) -> None:
    client = make_client()
    label = _waiting(store, Label)
    answer = client.post(
        f"/api/v1/labels/{label}/review?decision=accept&reviewer=eve",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert answer.status_code == 200 and answer.json()["reviewer"] == MACHINE_REVIEWER
    with Session(store) as session:
        [decision] = history(session, session.get_one(Label, label))
        assert decision.reviewer == MACHINE_REVIEWER and decision.account_id is None
        assert decision.note == "for eve (claimed, not verified)"
    stale = client.post(
        f"/api/v1/labels/{label}/review?decision=reject",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert stale.status_code == 409 and "you saw version 0" in stale.json()["error"]["message"]
    again = client.post(
        f"/api/v1/labels/{label}/review?decision=reject&version=1",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert again.status_code == 200 and again.json()["review_version"] == 2


def test_api_writes_from_a_signed_in_browser_need_the_csrf_header(
    store: Engine, make_client: Callable[[], TestClient]
) -> None:
    client = make_client()
    assert sign_in(client).is_redirect
    label = _waiting(store, Label)
    url = f"/api/v1/labels/{label}/review?decision=accept&reviewer=eve"
    assert client.post(url).status_code == 403
    done = client.post(url, headers={"X-CSRF-Token": _csrf(client)})
    assert done.status_code == 200 and done.json()["reviewer"] == "ana"


def test_cookies_are_secure_behind_tls_only_when_told_or_from_a_trusted_proxy(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cookie(headers: dict[str, str]) -> str:
        """The cookie the sign-in form sets (the session cookie is set the same way)."""
        with TestClient(create_app(store), raise_server_exceptions=False) as client:
            return client.get("/login", headers=headers).headers["set-cookie"].lower()

    https = {"X-Forwarded-Proto": "https"}
    assert "secure" not in cookie(https)  # an untrusted client cannot claim https
    monkeypatch.setenv("GOVATLAS_TRUSTED_PROXIES", "testclient")
    assert "secure" in cookie(https)
    monkeypatch.delenv("GOVATLAS_TRUSTED_PROXIES")
    monkeypatch.setenv("GOVATLAS_SECURE_COOKIES", "true")
    assert "secure" in cookie({})


def test_each_visitor_gets_their_own_sign_in_csrf_value(
    make_client: Callable[[], TestClient],
) -> None:
    first, second = make_client().get("/login"), make_client().get("/login")
    assert first.cookies["govatlas_login"] != second.cookies["govatlas_login"]  # never cached


def test_sign_in_backs_off_after_failures(make_client: Callable[[], TestClient]) -> None:
    client = make_client()
    answers = [sign_in(client, password="wrong password!!").status_code for _ in range(7)]
    assert answers[:5] == [403] * 5 and answers[5] == 429
    paused = sign_in(client)  # even the right password waits out the pause
    assert paused.status_code == 429 and int(paused.headers["retry-after"]) >= 1


def test_writes_are_throttled_per_account(
    store: Engine, make_client: Callable[[], TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client()
    limiter = WriteLimiter(per_minute=2)
    client.app.state.govatlas.writes = limiter  # type: ignore[attr-defined]
    headers = {"Authorization": f"Bearer {TOKEN}"}
    codes = [
        client.post(
            f"/api/v1/labels/{_waiting(store, Label)}/review?decision=reject", headers=headers
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
