"""A tracker across a store: provisions read in their own words with their list's lead,
non-operative provisions left out, rows in the contract's JSON shape."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.ingest.linking import Linker
from govatlas.ingest.pipeline import store_document
from govatlas.records import SourceDocument
from govatlas.store.session import transaction
from govatlas.trackers.table import tracker_rows

TEXT = (
    "Section 1. Findings. The legislature finds that social scoring shall not be tolerated.\n\n"
    "Section 2. Prohibited practices.\n"
    "(a) The following practices shall be prohibited:\n"
    "(1) the use of AI systems that assign people a social score from their conduct;\n"
    "(2) the untargeted scraping of facial images to build databases.\n\n"
    "Section 3. Incidents. A developer shall report a critical incident to the Office of "
    "Digital Safety within 15 days.\n\n"
    "Section 4. Penalties. A violation of a prohibition in Section 2 shall be subject to a "
    "civil penalty of not more than EUR 50 000 per violation.\n\n"
    'Section 5. Definitions. "Large model" means a model trained using more than 10^26 '
    "integer or floating-point operations.\n"
)
runner = CliRunner(env={"COLUMNS": "240"})


@pytest.fixture
def tracked(built: Engine) -> Engine:
    with transaction(built) as session:
        stored = store_document(
            session,
            Linker(session),
            SourceDocument(
                "test", "alpha-act", "alpha-act", text=TEXT, known_instrument="alpha-act"
            ),
        )
        assert stored.version_id is not None
    return built


def test_each_tracker_reads_the_fixture_law(tracked: Engine) -> None:
    with Session(tracked) as session:
        red = tracker_rows(session, "red-lines")
        incidents = tracker_rows(session, "incident-reporting")
        fines = tracker_rows(session, "penalties")
        thresholds = tracker_rows(session, "compute-thresholds")
    assert sorted(r.fact.fields["practice"] for r in red) == ["facial-scraping", "social-scoring"]
    assert all("Findings" not in r.fact.text for r in red)  # findings are never evidence
    assert all(r.fact.fields["penalty"] and "50 000" in str(r.fact.fields["penalty"]) for r in red)
    assert [(r.fact.fields["deadline_hours"], r.fact.fields["recipient"]) for r in incidents] == [
        (360.0, "the Office of Digital Safety")
    ]
    assert [(r.fact.fields["max_amount"], r.fact.fields["currency"]) for r in fines] == [
        (50000.0, "EUR")
    ]
    assert [r.fact.fields["threshold_value"] for r in thresholds] == [1e26]


def test_unknown_tracker_is_refused(tracked: Engine) -> None:
    with Session(tracked) as session, pytest.raises(ValueError, match="unknown tracker"):
        tracker_rows(session, "red-line")


@pytest.mark.usefixtures("env_db")
def test_the_contract_json(tracked: Engine) -> None:
    result = runner.invoke(app, ["tracker", "penalties", "--format", "json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    for key in ("jurisdiction", "instrument", "provision", "text", "status"):
        assert row[key], key
    assert row["status"] == "machine" and row["instrument"] == "alpha-act"
    assert row["max_amount"] == 50000 and row["currency"] == "EUR"
    assert row["turnover_share"] is None
    assert row["confidence"]["measured"] in (True, False)
    result = runner.invoke(app, ["tracker", "compute-thresholds", "--format", "json"])
    (row,) = json.loads(result.output)
    assert row["threshold_value"] == 1e26 and row["threshold_unit"] == "FLOP"
    result = runner.invoke(app, ["tracker", "incident-reporting", "--format", "json"])
    (row,) = json.loads(result.output)
    assert row["deadline_hours"] == 360 and row["recipient"] == "the Office of Digital Safety"


@pytest.mark.usefixtures("env_db")
def test_a_wrong_name_is_one_line(tracked: Engine) -> None:
    result = runner.invoke(app, ["tracker", "red-line"])
    assert result.exit_code != 0
    assert "no tracker named 'red-line'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("env_db")
def test_the_table_says_how_well_the_rules_read(tracked: Engine) -> None:
    result = runner.invoke(app, ["tracker", "red-lines"])
    assert result.exit_code == 0, result.output
    assert "social-scoring" in result.output
    assert "Rules measured on" in result.output or "not measured" in result.output


def test_an_adopted_law_without_entry_into_force_is_not_law_in_force() -> None:
    """As coverage counts it: 'adopted, in force not recorded' is counted apart."""
    from types import SimpleNamespace
    from typing import Any, cast

    from govatlas.trackers.overview import binding_in_force

    def row(binding: str, status: str) -> Any:
        return cast(
            Any, SimpleNamespace(instrument=SimpleNamespace(binding=binding, status=status))
        )

    assert binding_in_force(row("binding", "in_force"))
    assert binding_in_force(row("binding", "partly_in_force"))
    assert not binding_in_force(row("binding", "adopted"))
    assert not binding_in_force(row("non_binding", "in_force"))
