""" "Did you mean …?" for every unknown instrument, concept, taxonomy and jurisdiction:
on the command line as a hint, on the web as links, in the API as a list."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.errors import ExitCode, NotFoundError
from govatlas.near_names import closest, unknown
from govatlas.store.instruments import get_instrument
from govatlas.store.session import transaction
from govatlas.web.app import create_app

runner = CliRunner(env={"COLUMNS": "240"})
IDS = ["eu-ai-act", "nist-ai-rmf-1-0", "colorado-sb24-205", "california-sb-53"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("eu-ai-akt", ["eu-ai-act"]),  # one letter wrong
        ("EU-AI-ACT", ["eu-ai-act"]),  # another case
        ("EU AI Act", ["eu-ai-act"]),  # spaces for hyphens
        ("colorado", ["colorado-sb24-205"]),  # a part of the id
        ("nist-ai-rmf", ["nist-ai-rmf-1-0"]),
        ("zzzz", []),  # nothing close: no guess
        ("", []),
    ],
)
def test_closest_ids(typed: str, meant: list[str]) -> None:
    assert closest(typed, IDS)[:1] == meant


def test_aliases_answer_with_the_id() -> None:
    names = {"France": "FRA", "United States": "USA"}
    assert closest("france", ["FRA", "USA"], aliases=names) == ["FRA"]
    assert closest("Frnace", ["FRA", "USA"], aliases=names) == ["FRA"]
    assert closest("usa", ["FRA", "USA"], aliases=names) == ["USA"]


def test_the_hint_suggests_or_says_where_the_ids_are() -> None:
    error = unknown("instrument", "eu-ai-akt", IDS, listing="see the list")
    assert (error.message, error.hint) == ("no instrument 'eu-ai-akt'", "did you mean eu-ai-act?")
    assert (error.kind, error.suggestions) == ("instrument", ("eu-ai-act",))
    assert unknown("instrument", "zzzz", IDS, listing="see the list").hint == "see the list"
    empty = unknown("instrument", "eu-ai-act", [], listing="see the list", empty="build first")
    assert (empty.hint, empty.suggestions) == ("build first", ())


def test_the_store_suggests_instruments(ingested: Engine) -> None:
    with transaction(ingested) as session, pytest.raises(NotFoundError) as raised:
        get_instrument(session, "eu-ai-akt")
    assert raised.value.hint == "did you mean eu-ai-act?"


def test_an_empty_store_says_to_build(migrated: Engine) -> None:
    with transaction(migrated) as session, pytest.raises(NotFoundError) as raised:
        get_instrument(session, "eu-ai-act")
    assert raised.value.hint == "the store holds no instruments yet: run `govatlas build` first"


def test_the_command_line_suggests(ingested: Engine, env_db: str) -> None:
    result = runner.invoke(app, ["compare", "eu-ai-akt", "nist-ai-rmf-1-0"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean eu-ai-act?" in result.output
    assert "govatlas build" not in result.output  # the store is built: not the advice
    result = runner.invoke(app, ["explain", "eu-ai-act", "fli-blocks:redlines"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean fli-blocks:red-lines?" in result.output
    result = runner.invoke(app, ["taxonomy", "show", "fli-block"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean fli-blocks?" in result.output
    result = runner.invoke(app, ["taxonomy", "show", "fli-blocks", "Red line"])
    assert result.exit_code == ExitCode.NOT_FOUND
    assert "did you mean red-lines?" in result.output


@pytest.mark.parametrize(
    ("path", "link"),
    [
        ("/instruments/eu-ai-akt", "/instruments/eu-ai-act"),
        ("/jurisdictions/france", "/jurisdictions/FRA"),
        ("/concepts/fli-blocks:redlines", "/concepts/fli-blocks:red-lines"),
        ("/taxonomies/fli-block", "/taxonomies/fli-blocks"),
    ],
)
def test_the_web_links_what_was_meant_and_never_shows_a_command(
    ingested: Engine, path: str, link: str
) -> None:
    with TestClient(create_app(ingested)) as client:
        page = client.get(path)
        assert page.status_code == 404
        assert f'<a href="{link}">' in page.text
        main = page.text.split("<main", 1)[1].split("</main>", 1)[0]
        assert "govatlas " not in main  # no advice to run a command: visitors do not


def test_the_api_lists_suggestions(ingested: Engine) -> None:
    with TestClient(create_app(ingested)) as client:
        answer = client.get("/api/v1/instruments/eu-ai-akt")
    assert answer.status_code == 404
    assert answer.json()["error"]["suggestions"] == ["eu-ai-act"]
