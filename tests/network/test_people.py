"""People in public roles: only what organisations publish, contact details refused, a
gender only as declared, and deleting a person everywhere."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import InvalidInputError, NotFoundError
from govatlas.network.people import add_part, add_person, declared_genders, delete_person
from govatlas.store.network_models import Person, PersonRole
from govatlas.store.session import transaction
from govatlas.web.app import create_app

runner = CliRunner()
SOURCE = "https://example.org/programme"


def _counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        people = session.scalar(select(func.count()).select_from(Person)) or 0
        parts = session.scalar(select(func.count()).select_from(PersonRole)) or 0
    return people, parts


@pytest.mark.parametrize(
    ("name", "role", "source", "gender", "words"),
    [
        ("", "Minister", SOURCE, None, "needs a name"),
        ("A. Example", "Minister, a.example@example.org", SOURCE, None, "contact details"),
        ("A. Example", "Minister, +1 212 555 0100", SOURCE, None, "contact details"),
        ("A. Example", "Minister", "the ministry's site", None, "not a web address"),
        ("A. Example", "Minister", SOURCE, "female-looking", "no gender"),
    ],
)
def test_what_is_not_a_public_role_is_refused(
    convened: Engine, name: str, role: str, source: str, gender: str | None, words: str
) -> None:
    with pytest.raises(InvalidInputError, match=words), transaction(convened) as session:
        add_person(session, name, role, "Government of Examplia", source, gender)
    assert _counts(convened) == (0, 0)


def test_a_person_is_shown_at_a_convening_and_deleted_everywhere(
    convened: Engine, env_db: str
) -> None:
    with transaction(convened) as session:
        chair = add_person(
            session, "A. Example", "Minister", "Government of Examplia", SOURCE, "woman"
        )
        other = add_person(session, "B. Example", "Director", "Examplia AI Institute", SOURCE)
        add_part(session, chair, "summit-one", "chair", SOURCE)
        add_part(session, chair, "summit-two", "speaker", SOURCE)
        add_part(session, other, "summit-one", "speaker", SOURCE)
        with pytest.raises(NotFoundError):
            add_part(session, other, "no-such-summit", "speaker", SOURCE)
    with Session(convened) as session:
        assert declared_genders(session, "summit-one") == {"woman": 1, "not declared": 1}
    with TestClient(create_app(convened)) as client:
        page = client.get("/convenings/summit-one").text
        assert "People in public roles (2)" in page and "A. Example, Minister" in page
        api = client.get("/api/v1/convenings/summit-one").json()
        assert api["declared_genders"] == {"woman": 1, "not declared": 1}
    listed = runner.invoke(app, ["people", "list", "--convening", "summit-one", "--format", "json"])
    assert listed.exit_code == 0 and "A. Example" in listed.output
    gone = runner.invoke(app, ["people", "delete", "A. Example", "--yes"])
    assert gone.exit_code == 0, gone.output
    assert "Deleted A. Example and 2 part(s)" in " ".join(gone.output.split())
    assert _counts(convened) == (1, 1)
    with TestClient(create_app(convened)) as client:
        assert "A. Example" not in client.get("/convenings/summit-one").text
    missing = runner.invoke(app, ["people", "delete", "A. Example", "--yes"])
    assert missing.exit_code != 0 and "no person 'A. Example'" in missing.output
    with transaction(convened) as session:
        assert delete_person(session, "B. Example").parts == 1
    assert _counts(convened) == (0, 0)


def test_people_are_added_from_the_command_line(convened: Engine, env_db: str) -> None:
    added = runner.invoke(
        app,
        [
            "people", "add", "--name", "C. Example", "--role", "Ambassador",
            "--organisation", "Permanent Mission of Examplia", "--source", SOURCE,
        ],
    )  # fmt: skip
    assert added.exit_code == 0 and "Recorded person" in added.output
    part = runner.invoke(
        app,
        ["people", "part", "C. Example", "summit-two", "--part", "delegate", "--source", SOURCE],
    )
    assert part.exit_code == 0, part.output
    assert _counts(convened) == (1, 1)
