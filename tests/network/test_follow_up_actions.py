"""Follow-up actions of convenings (``network.outcome_actions``): each kind of evidence
read from the store, each status, due dates to the month or year, refusals that write
nothing, and the command, pages, API and white paper sentence, on invented actions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import InvalidInputError
from govatlas.network.outcome_actions import (
    DONE,
    DONE_LATE,
    IN_PART,
    NO_EVIDENCE,
    OPEN,
    all_follow_up,
    due_by,
    follow_up_of,
    sync_follow_up,
    tally,
)
from govatlas.store.models import Adherence, Change, InstrumentVersion, LifecycleEvent
from govatlas.store.network_models import FollowUpAction
from govatlas.store.session import transaction
from govatlas.vocabulary import AdherenceAct, ChangeKind, LifecycleKind
from govatlas.web.app import create_app

runner = CliRunner()
STATED = "https://example.org/stated"


def _action(id: str, evidence: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    return {
        "id": id,
        "convening": more.pop("convening", "summit-one"),
        "outcome": "test-declaration",
        "action": f"Do {id}",
        "owners": more.pop("owners", ["KEN"]),
        "stated_in": STATED,
        "evidence": evidence,
        **more,
    }


ACTIONS = [
    # the second summit happened on 2024-09-10: in time for a September due date...
    _action(
        "next-summit", [{"convening": "summit-two"}], due=date(2024, 9, 1), due_precision="month"
    ),
    # ... and 41 days after a due date of the end of July
    _action("late-summit", [{"convening": "summit-two"}], due=date(2024, 7, 31)),
    _action(
        "ratify",
        [{"adherence": "test-statement", "act": "ratified", "needed": 2}],
        owners=["the signatories"],
    ),
    _action(
        "source",
        [{"source": "https://example.org/done", "date": date(2024, 5, 2), "title": "it was done"}],
    ),
    _action("revise", [{"instrument": "test-statement", "event": "amended"}]),
    _action("new-version", [{"change": "test-statement"}]),
    _action("overdue", [], due=date(2024, 12, 31)),
    _action("someday", [], due=date(2031, 1, 1), due_precision="year"),
    _action("orphan", [], convening="not-a-convening"),
]
TODAY = date(2025, 6, 1)


@pytest.fixture
def followed(convened: Engine) -> Engine:
    with transaction(convened) as session:
        synced = sync_follow_up(session, ACTIONS)
    assert synced.actions == 8
    assert synced.skipped == ["orphan: convening not-a-convening not stored"]
    return convened


def _statuses(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        return {s.action.id: s for s in all_follow_up(session, today=TODAY)}


def test_each_kind_of_evidence_gives_its_status(followed: Engine) -> None:
    found = _statuses(followed)
    on_time, late = found["next-summit"], found["late-summit"]
    assert (on_time.status, on_time.happened_on, on_time.days_late) == (
        DONE,
        date(2024, 9, 10),
        None,
    )
    assert (late.status, late.days_late) == (DONE_LATE, 41)
    assert found["source"].status == DONE and found["source"].shown_happened == "2024-05-02"
    assert found["ratify"].status == OPEN  # nobody has ratified
    assert found["ratify"].found[0].progress == "0 of 2 ratified"
    assert found["revise"].status == OPEN and "not yet amended" in found["revise"].found[0].label
    assert found["new-version"].status == OPEN
    assert found["overdue"].status == NO_EVIDENCE  # due 2024-12-31, nothing recorded
    assert found["someday"].status == OPEN  # due in 2031
    counts = tally(list(found.values()))
    assert counts == {DONE: 2, DONE_LATE: 1, IN_PART: 0, OPEN: 4, NO_EVIDENCE: 1}


def test_evidence_follows_the_data(followed: Engine) -> None:
    """Ratifications, a lifecycle event and a new version added to the store change the
    statuses without touching the actions; anything dated before the convening does not
    count."""
    with transaction(followed) as session:
        session.add(_ratified("KEN", date(2024, 4, 1)))
        session.add(_ratified("FRA", date(2024, 2, 1)))  # before the convening: not counted
        session.add(
            LifecycleEvent(
                instrument_id="test-statement",
                kind=LifecycleKind.AMENDED,
                date=date(2024, 1, 5),  # before the convening
            )
        )
    assert _statuses(followed)["ratify"].status == IN_PART
    assert _statuses(followed)["revise"].status == OPEN
    with transaction(followed) as session:
        session.add(_ratified("DEU", date(2024, 8, 1)))
        session.add(
            LifecycleEvent(
                instrument_id="test-statement",
                kind=LifecycleKind.AMENDED,
                date=date(2024, 11, 1),
                precision="month",
            )
        )
        old, new = (
            InstrumentVersion(
                instrument_id="test-statement", content_hash=h * 64, text=h, format="text"
            )
            for h in ("a", "b")
        )
        session.add_all([old, new])
        session.flush()
        session.add(
            Change(
                kind=ChangeKind.NEW_VERSION,
                instrument_id="test-statement",
                old_version_id=old.id,
                new_version_id=new.id,
                detected_at=datetime(2024, 12, 3, 9, 0, tzinfo=UTC),
            )
        )
    found = _statuses(followed)
    ratify = found["ratify"]
    assert (ratify.status, ratify.happened_on) == (DONE, date(2024, 8, 1))  # the second one
    assert ratify.found[0].progress == "2 of 2 ratified"
    revise = found["revise"]
    assert (revise.status, revise.shown_happened) == (DONE, "2024-11")  # to its precision
    assert found["new-version"].status == DONE
    assert found["new-version"].happened_on == date(2024, 12, 3)
    assert found["new-version"].found[0].href == "/instruments/test-statement"


def _ratified(party: str, day: date) -> Adherence:
    return Adherence(
        instrument_id="test-statement",
        party=party,
        act=AdherenceAct.RATIFIED,
        date=day,
        source_url=f"https://example.org/{party}",
    )


@pytest.mark.engine_neutral  # date arithmetic and ordering in Python
def test_due_dates_to_the_month_or_year_fall_at_their_end(followed: Engine) -> None:
    with Session(followed) as session:
        month = session.get_one(FollowUpAction, "next-summit")
        year = session.get_one(FollowUpAction, "someday")
        day = session.get_one(FollowUpAction, "late-summit")
        assert due_by(month) == date(2024, 9, 30) and due_by(year) == date(2031, 12, 31)
        assert due_by(day) == date(2024, 7, 31)
        assert due_by(session.get_one(FollowUpAction, "ratify")) is None
        order = [s.action.id for s in follow_up_of(session, "summit-one", TODAY)]
    # due first, the undated after them
    assert order[:4] == ["late-summit", "next-summit", "overdue", "someday"]
    assert order[4:] == ["new-version", "ratify", "revise", "source"]


@pytest.mark.engine_neutral  # refused by validation in Python before anything is written
@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ({"stated_in": ""}, "no stated_in"),
        ({"evidence": [{"rumour": "x"}]}, "needs exactly one kind"),
        ({"evidence": [{"source": "https://example.org", "title": "t"}]}, "needs its date"),
        ({"evidence": [{"adherence": "x", "act": "liked"}]}, "no adherence act 'liked'"),
        ({"evidence": [{"adherence": "x", "needed": 0}]}, "needed must be"),
        ({"evidence": [{"instrument": "x", "event": "rumoured"}]}, "no lifecycle event"),
        ({"due_precision": "week"}, "due_precision 'week'"),
        ({"due": "next spring"}, "is not a date"),
    ],
)
def test_a_wrong_action_is_refused_and_nothing_is_written(
    followed: Engine, bad: dict[str, Any], said: str
) -> None:
    with pytest.raises(InvalidInputError, match=said), transaction(followed) as session:
        sync_follow_up(session, [ACTIONS[0], {**_action("broken", []), **bad}])
    with Session(followed) as session:
        assert session.scalar(select(func.count()).select_from(FollowUpAction)) == 8


def test_the_command_lists_filters_and_explains(followed: Engine, env_db: str) -> None:
    listed = runner.invoke(app, ["convenings", "follow-up", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    document = json.loads(listed.output)
    assert sum(document["counts"].values()) == len(document["items"]) == 8
    first = next(i for i in document["items"] if i["id"] == "next-summit")
    assert first["due"] == "2024-09" and first["due_by"] == "2024-09-30"
    assert first["evidence"][0]["href"] == "/convenings/summit-two"
    done = runner.invoke(app, ["convenings", "follow-up", "--status", "done late"])
    assert done.exit_code == 0, done.output
    assert "Do late-summit" in done.output and "Do source" not in done.output
    bad = runner.invoke(app, ["convenings", "follow-up", "--status", "maybe"])
    assert bad.exit_code != 0 and "no status 'maybe'" in bad.output
    shown = runner.invoke(app, ["convenings", "show", "summit-one"])
    said = " ".join(shown.output.split())
    assert "Action (due 2024-07-31): Do late-summit [done late 2024-09-10, 41 days" in said


def test_the_pages_and_the_api(followed: Engine, env_db: str, tmp_path: Path) -> None:
    with TestClient(create_app(followed)) as client:
        page = client.get("/follow-up")
        assert page.status_code == 200 and "Do next-summit" in page.text
        assert "Kenya" in page.text  # owners by name
        assert "never a finding that the action was not taken" in page.text
        only = client.get("/follow-up", params={"status": "no evidence recorded"}).text
        assert "Do overdue" in only and "Do next-summit" not in only
        api = client.get("/api/v1/follow-up", params={"series": "test-summits"}).json()
        assert len(api["items"]) == 8 and set(api["counts"]) >= {"done", "open"}
        assert client.get("/api/v1/follow-up", params={"status": "maybe"}).status_code == 422
        convening = client.get("/convenings/summit-one").text
        assert "Follow-up actions: what it asked to be done next" in convening
        one = client.get("/api/v1/convenings/summit-one").json()
        assert {a["id"] for a in one["actions"]} >= {"next-summit", "ratify"}
        assert client.get("/convenings/summit-two").text.count("Do next-summit") == 0


@pytest.mark.engine_neutral  # a report's counts and citations, over the same queries
def test_the_white_paper_counts_the_follow_up(followed: Engine) -> None:
    from govatlas.reports.citations import Citations, ReleaseRef
    from govatlas.reports.participation import participation_findings

    citations = Citations(ReleaseRef("r1", "test", "0" * 64))
    with Session(followed) as session:
        findings = participation_findings(session, citations)
    assert findings is not None and findings.actions_total == 8
    assert findings.actions_cite is not None
    cited = citations.entries[findings.actions_cite]
    assert STATED in cited.sources and "https://example.org/done" in cited.sources
    assert cited.instruments == ["test-declaration"]


def test_the_shipped_actions_are_valid_and_cited() -> None:
    from govatlas.network.outcome_actions import action_data, validate_action

    shipped = action_data()
    assert len(shipped) >= 10 and len({a["id"] for a in shipped}) == len(shipped)
    for item in shipped:
        validate_action(item)
        assert str(item["stated_in"]).startswith("https://")
        for evidence in item.get("evidence") or []:
            assert not str(evidence.get("source", "https://")).startswith("http://")
