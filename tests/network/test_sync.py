"""Loading the convenings: idempotent, a removed one deleted, one whose catalog outcomes
are missing from the build left out and named, and one that lists no catalog outcome at
all stored with its participants "not recorded" (never shown with 0 participants)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from govatlas.network.convenings import convening_data, sync_convenings
from govatlas.store.network_models import Convening, ConveningOutcome
from govatlas.store.session import transaction
from tests.network.conftest import CONVENINGS


def test_the_packaged_convenings_are_skipped_without_their_outcomes(built: Engine) -> None:
    with transaction(built) as session:  # the fixture catalog has none of their outcomes
        result = sync_convenings(session)
    listed = [c for c in convening_data() if c.get("outcomes")]
    unlisted = [c["id"] for c in convening_data() if not c.get("outcomes")]
    assert len(result.skipped) == len(listed) >= 8
    assert result.convenings == len(unlisted) >= 3  # the Global Dialogue's among them
    with Session(built) as session:
        assert sorted(session.scalars(select(Convening.id))) == sorted(unlisted)


def test_a_second_sync_changes_nothing_and_a_removed_convening_goes(convened: Engine) -> None:
    with transaction(convened) as session:
        again = sync_convenings(session, CONVENINGS)
    assert (again.convenings, again.outcomes) == (3, 3)
    with transaction(convened) as session:
        sync_convenings(session, CONVENINGS[:2])
    with Session(convened) as session:
        ids = sorted(session.scalars(select(Convening.id)))
        outcomes = session.scalars(select(ConveningOutcome.convening_id)).all()
    assert ids == ["summit-one", "summit-two"] and "assembly" not in outcomes


UNRECORDED = {
    "id": "dialogue",
    "name": "Test Dialogue",
    "series": "test-summits",
    "start": date(2024, 10, 1),
    "end": date(2024, 10, 2),
    "place": "Geneva, Switzerland",
    "host": "CHE",
    "organisers": ["Test Organisation"],
    "outcomes_elsewhere": ["a co-chairs' summary"],
    "reported": {"participants": 120, "source": "https://example.org/dialogue"},
    "sources": ["https://example.org/dialogue"],
}


def test_a_convening_without_a_participant_list_is_not_recorded_never_0(
    convened: Engine, env_db: str
) -> None:
    import json

    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from govatlas.cli import app
    from govatlas.network.convenings import participants_recorded
    from govatlas.network.graph import build_network
    from govatlas.network.participation import all_participation, unrecorded_convenings
    from govatlas.reports.citations import Citations, ReleaseRef
    from govatlas.reports.participation import participation_findings
    from govatlas.web.app import create_app

    with transaction(convened) as session:
        synced = sync_convenings(session, [*CONVENINGS, UNRECORDED])
    assert synced.convenings == 4
    with Session(convened) as session:
        assert not participants_recorded(session, "dialogue")
        assert "dialogue" not in [p.convening.id for p in all_participation(session)]
        assert [c.id for c in unrecorded_convenings(session, "test-summits")] == ["dialogue"]
        assert "dialogue" not in build_network(session).used
        findings = participation_findings(session, Citations(ReleaseRef("r", "t", "0" * 64)))
    assert findings is not None and findings.unrecorded == ["Test Dialogue"]
    assert len(findings.lines) == 3
    listed = CliRunner().invoke(app, ["convenings", "list", "--format", "json"])
    row = next(r for r in json.loads(listed.output) if r["id"] == "dialogue")
    assert row["participants"] is None
    table = CliRunner().invoke(app, ["convenings", "list"])
    assert "not recorded" in table.output
    shown = CliRunner().invoke(app, ["convenings", "show", "dialogue"])
    said = " ".join(shown.output.split())
    assert shown.exit_code == 0 and "Participants: not recorded" in said and "120 reported" in said
    as_json = json.loads(
        CliRunner().invoke(app, ["convenings", "show", "dialogue", "--json"]).output
    )
    assert as_json["participants"] is None and as_json["participation"] is None
    with TestClient(create_app(convened)) as client:
        page = client.get("/convenings").text
        assert "Convenings whose participants are not recorded (1)" in page
        one = client.get("/convenings/dialogue")
        assert one.status_code == 200 and "Participants: not recorded" in one.text
        assert "0 participants" not in one.text and "a co-chairs&#39; summary" in one.text
        api = client.get("/api/v1/convenings").json()
        assert [c["id"] for c in api["not_recorded"]] == ["dialogue"]
        assert "dialogue" not in [c["id"] for c in api["items"]]
        detail = client.get("/api/v1/convenings/dialogue").json()
        assert detail["participants"] is None and detail["reported_participants"] == 120
