"""Tracker facts in the store: a re-read changes nothing, people's decisions survive a
re-read, reviews are checked, and the web shows what the store holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.records import SourceDocument
from govatlas.registry.records import Writer, add_party
from govatlas.registry.signing import load_or_create
from govatlas.registry.visibility import Viewer
from govatlas.store.digest import store_digest
from govatlas.store.models import Instrument, TrackerFact
from govatlas.store.session import transaction
from govatlas.store.tracker_facts import review_fact
from govatlas.trackers.refresh import refresh_tracker_facts
from govatlas.trackers.table import tracker_rows
from govatlas.web.app import create_app
from tests.trackers.test_table import TEXT

runner = CliRunner(env={"COLUMNS": "240"})


@pytest.fixture
def read(built: Engine) -> Engine:
    with transaction(built) as session:
        store_document(
            session,
            Linker(session),
            SourceDocument(
                "test", "alpha-act", "alpha-act", text=TEXT, known_instrument="alpha-act"
            ),
        )
        refresh_tracker_facts(session)
    return built


def _fact(engine: Engine, tracker: str) -> int:
    with Session(engine) as session:
        return session.scalars(select(TrackerFact.id).where(TrackerFact.tracker == tracker)).one()


def test_a_second_read_changes_nothing(read: Engine) -> None:
    with Session(read) as session:
        before = store_digest(session)
    with transaction(read) as session:
        again = refresh_tracker_facts(session)
    assert (again.sync.added, again.sync.removed, again.sync.updated) == (0, 0, 0)
    assert again.counts == {
        "red-lines": 2,
        "incident-reporting": 1,
        "penalties": 1,
        "compute-thresholds": 1,
    }
    with Session(read) as session:
        assert store_digest(session) == before


def test_a_correction_and_a_rejection_survive_the_next_read(read: Engine) -> None:
    deadline = _fact(read, "incident-reporting")
    fine = _fact(read, "penalties")
    with transaction(read) as session:
        review_fact(session, deadline, "accept", "A. Analyst", {"deadline_hours": 72.0})
        review_fact(session, fine, "reject", "A. Analyst", note="wrong amount")
    with transaction(read) as session:
        again = refresh_tracker_facts(session)
    assert again.sync.kept == 2 and again.sync.added == 0
    with Session(read) as session:
        (incident,) = tracker_rows(session, "incident-reporting")
        assert incident.fields["deadline_hours"] == 72.0 and incident.fact.status == "reviewed"
        stored = session.get(TrackerFact, deadline)
        assert stored is not None and stored.machine_fields["deadline_hours"] == 360.0
        assert tracker_rows(session, "penalties") == []  # rejected: left out


def test_bad_reviews_are_refused_and_change_nothing(read: Engine) -> None:
    fact = _fact(read, "penalties")
    with transaction(read) as session:
        with pytest.raises(NotFoundError):
            review_fact(session, 999_999, "accept", "A")
        with pytest.raises(InvalidInputError, match="no field"):
            review_fact(session, fact, "accept", "A", {"amount": 1.0})
        with pytest.raises(InvalidInputError, match="no corrections"):
            review_fact(session, fact, "reject", "A", {"max_amount": 1.0})
        with pytest.raises(InvalidInputError, match="reviewer"):
            review_fact(session, fact, "accept", " ")
    with Session(read) as session:
        stored = session.get(TrackerFact, fact)
        assert stored is not None and stored.status == "machine"


@pytest.mark.usefixtures("env_db")
def test_the_review_command(read: Engine) -> None:
    fact = _fact(read, "compute-thresholds")
    result = runner.invoke(
        app, ["tracker-review", str(fact), "--decision", "accept", "--by", "A. Analyst"]
    )
    assert result.exit_code == 0, result.output
    assert f"Fact {fact} (compute-thresholds): reviewed by A. Analyst" in result.output
    bad = runner.invoke(app, ["tracker-review", str(fact), "--decision", "accept"])
    assert bad.exit_code != 0 and "--by" in bad.output
    bad = runner.invoke(
        app, ["tracker-review", str(fact), "--decision", "accept", "--by", "A", "--set", "x"]
    )
    assert bad.exit_code != 0 and "FIELD=VALUE" in bad.output
    bad = runner.invoke(
        app,
        ["tracker-review", str(fact), "--decision", "accept", "--by", "A", "--set", "x=1"],
    )
    assert bad.exit_code != 0 and "threshold_value, threshold_unit" in bad.output
    fixed = runner.invoke(
        app,
        [
            *("tracker-review", str(fact), "--decision", "accept", "--by", "A"),
            *("--set", "threshold_value=1e26", "--set", "threshold_unit=FLOP"),
        ],
    )
    assert fixed.exit_code == 0, fixed.output
    with Session(read) as session:
        stored = session.get(TrackerFact, fact)
        assert stored is not None and stored.fields["threshold_value"] == 1e26


def test_the_pages_and_the_api(read: Engine, env_db: str) -> None:
    client = TestClient(create_app())
    listing = client.get("/api/v1/trackers").json()["items"]
    assert {t["name"]: t["facts"] for t in listing}["red-lines"] == 2
    items = client.get("/api/v1/trackers/penalties").json()["items"]
    assert items[0]["max_amount"] == 50000 and items[0]["currency"] == "EUR"
    csv = client.get("/api/v1/trackers/penalties", params={"format": "csv"})
    assert csv.status_code == 200 and "max_amount" in csv.text.splitlines()[0]
    assert client.get("/api/v1/trackers/nope").status_code == 404
    page = client.get("/trackers/red-lines")
    assert page.status_code == 200
    assert "Which practices are banned where" in page.text
    assert "/instruments/alpha-act/provisions/" in page.text
    page = client.get("/trackers/incident-reporting")
    assert "Where the values diverge" in page.text and "15 days" in page.text
    assert client.get("/trackers").status_code == 200
    assert client.get("/trackers/nope").status_code == 404


def test_the_playbook_finds_the_duty_that_reaches_a_company(read: Engine) -> None:
    from govatlas.trackers.playbook import playbook

    with Session(read) as session:
        place = session.get(Instrument, "alpha-act").jurisdiction_id  # type: ignore[union-attr]
        (duty,) = playbook(session, place, harm="7")
        assert duty.row.fields["deadline_hours"] == 360.0 and duty.matches_harm is True
        assert duty.because == f"deployer in {place}: its own law"
        (other,) = playbook(session, "USA", developer=place, harm="1")
        assert other.matches_harm is False and other.because.startswith("developer")
        assert playbook(session, "USA") == []


@pytest.mark.usefixtures("env_db")
def test_the_playbook_command(read: Engine) -> None:
    result = runner.invoke(app, ["playbook", "--deployer", "Narnia"])
    assert result.exit_code != 0 and "no jurisdiction" in result.output
    result = runner.invoke(app, ["playbook", "--deployer", "USA"])
    assert result.exit_code == 0 and "is not a finding that none exists" in result.output


def test_a_reviewer_confirms_and_rejects_facts_in_the_page(
    read: Engine, env_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govatlas.accounts.users import add_user
    from tests.web.conftest import sign_in

    with transaction(read) as session:
        add_user(session, "ana", "correct horse battery staple")
    client = TestClient(create_app(), raise_server_exceptions=False)
    fine = _fact(read, "penalties")
    page = client.get("/trackers/penalties")
    assert f'action="/trackers/facts/{fine}"' not in page.text and "sign in" in page.text
    refused = client.post(f"/trackers/facts/{fine}", data={"decision": "accept"})
    assert refused.status_code == 403
    assert sign_in(client).status_code == 303
    page = client.get("/trackers/penalties")
    assert f'action="/trackers/facts/{fine}"' in page.text
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    stale = client.post(f"/trackers/facts/{fine}", data={"decision": "maybe", "csrf": csrf})
    assert stale.status_code == 422  # only accept or reject
    done = client.post(
        f"/trackers/facts/{fine}",
        data={"decision": "accept", "csrf": csrf, "next": "//elsewhere.example/"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/"  # never off-site
    missing = client.post("/trackers/facts/999999", data={"decision": "reject", "csrf": csrf})
    assert missing.status_code == 404
    with Session(read) as session:
        fact = session.get(TrackerFact, fine)
        assert fact is not None and fact.status == "reviewed" and fact.reviewer == "ana"
    again = client.get("/trackers/penalties")
    assert f'action="/trackers/facts/{fine}"' not in again.text and "by ana" in again.text


def test_a_reviewer_corrects_a_value_in_the_page(read: Engine, env_db: str) -> None:
    from govatlas.accounts.users import add_user
    from tests.web.conftest import sign_in

    with transaction(read) as session:
        add_user(session, "ana", "correct horse battery staple")
    client = TestClient(create_app(), raise_server_exceptions=False)
    assert sign_in(client).status_code == 303
    deadline = _fact(read, "incident-reporting")
    page = client.get("/trackers/incident-reporting")
    assert f'aria-label="Correct fact {deadline}"' in page.text
    assert 'name="deadline_hours" value="360"' in page.text  # today's value, to edit
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    for bad in ("nan", "-4", "soon"):
        refused = client.post(
            f"/trackers/facts/{deadline}",
            data={"decision": "accept", "csrf": csrf, "deadline_hours": bad},
        )
        assert refused.status_code == 400 and "deadline_hours" in refused.text
    with Session(read) as session:
        fact = session.get(TrackerFact, deadline)
        assert fact is not None and fact.status == "machine"  # nothing stored
    done = client.post(
        f"/trackers/facts/{deadline}",
        data={
            "decision": "accept",
            "csrf": csrf,
            "fields": "deadline_hours,recipient",  # as the form sends them
            "deadline_hours": "72",
            "recipient": "",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    with Session(read) as session:
        fact = session.get(TrackerFact, deadline)
        assert fact is not None and fact.status == "reviewed"
        assert fact.fields["deadline_hours"] == 72.0 and fact.fields["deadline"] == "3 days"
        assert fact.fields["recipient"] is None
        assert fact.machine_fields["deadline_hours"] == 360.0  # the rules' reading stays
    assert "3 days" in client.get("/trackers/incident-reporting").text


def test_the_playbook_page_and_api(read: Engine, env_db: str, tmp_path: Path) -> None:
    with Session(read) as session:
        place = session.get(Instrument, "alpha-act").jurisdiction_id  # type: ignore[union-attr]
    client = TestClient(create_app(), raise_server_exceptions=False)
    empty = client.get("/playbook")
    assert empty.status_code == 200 and 'name="deployer"' in empty.text
    assert "Reporting duties" not in empty.text  # nothing asked yet
    page = client.get("/playbook", params={"deployer": place, "harm": "7"})
    assert page.status_code == 200 and "Reporting duties (1)" in page.text
    assert "15 days" in page.text and "/instruments/alpha-act/provisions/" in page.text
    assert f"deployer in {place}: its own law" in page.text
    assert "Reporting duties (0)" in client.get("/playbook", params={"deployer": "USA"}).text
    unknown = client.get("/playbook", params={"deployer": "Narnia"})
    assert unknown.status_code == 404 and "no jurisdiction" in unknown.text
    assert client.get("/playbook", params={"deployer": place, "harm": "9"}).status_code == 400
    api = client.get("/api/v1/playbook", params={"deployer": place, "developer": "USA"}).json()
    assert api["total"] == 1 and api["items"][0]["deadline_hours"] == 360.0
    assert api["contacts"] == []
    assert "registered a point of contact" in page.text  # none yet: said, not hidden
    with transaction(read) as session:  # as `govatlas registry add-organisation` does
        administrator = Viewer(None, "test", "administrator")
        writer = Writer(session, load_or_create(tmp_path / "registry.key"), administrator)
        add_party(writer, "alpha-office", "Alpha AI Office", "agency", place, "Incident desk")
    client.app.state.govatlas.responses.written()  # type: ignore[attr-defined]
    api = client.get("/api/v1/playbook", params={"deployer": place}).json()
    assert api["contacts"][0]["contact_point"] == "Incident desk"
    assert api["contacts"][0]["because"] == f"deployer in {place}: its own law"
    page = client.get("/playbook", params={"deployer": place, "harm": "7"})
    assert "Points of contact in the registry (1)" in page.text and "Incident desk" in page.text
    assert client.get("/api/v1/playbook").status_code == 422  # the deployer is required
