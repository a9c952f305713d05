"""Exports: OSCAL mapping collections that validate, CSV, and the OLIR workbook."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from govatlas.crosswalk.export import (
    OLIR_COLUMNS,
    export_rows,
    oscal_document,
    validate_oscal,
    write_csv,
    write_olir,
    write_oscal,
)
from govatlas.errors import InvalidInputError


def _rows(engine: Engine):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return export_rows(session, citation="crosswalk:rmf-iso-42001")


def test_oscal_export_validates_and_is_stable(crosswalked: Engine, tmp_path: Path) -> None:
    rows = _rows(crosswalked)
    assert len(rows) == 4
    path = tmp_path / "map.json"
    write_oscal(path, rows, "RMF to 42001")
    document = json.loads(path.read_text(encoding="utf-8"))
    collection = document["mapping-collection"]
    (mapping,) = collection["mappings"]
    assert mapping["source-resource"]["href"] == "urn:govatlas:instrument:nist-ai-rmf-1-0"
    first = mapping["maps"][0]
    assert first["relationship"] == "related"
    assert first["ns"] == "urn:govatlas:relationship"
    assert first["sources"][0]["id-ref"] == "govern.1.1"
    again = oscal_document(rows, "RMF to 42001")["mapping-collection"]
    assert again["uuid"] == collection["uuid"]


def test_set_theory_types_use_oscal_tokens(crosswalked: Engine) -> None:
    rows = _rows(crosswalked)
    subset = [r.__class__(**{**r.__dict__, "type": "subset"}) for r in rows]
    document = oscal_document(subset, "typed")
    validate_oscal(document)
    first = document["mapping-collection"]["mappings"][0]["maps"][0]
    assert first["relationship"] == "subset-of"
    assert "ns" not in first


def test_an_invalid_oscal_document_is_refused(crosswalked: Engine) -> None:
    document = oscal_document(_rows(crosswalked), "broken")
    document["mapping-collection"]["mappings"][0]["maps"][0]["sources"] = []
    with pytest.raises(InvalidInputError, match="does not validate"):
        validate_oscal(document)


def test_csv_and_olir_exports(crosswalked: Engine, tmp_path: Path) -> None:
    rows = _rows(crosswalked)
    write_csv(tmp_path / "map.csv", rows)
    with (tmp_path / "map.csv").open(encoding="utf-8") as handle:
        records = list(csv.DictReader(handle))
    assert len(records) == 4
    assert records[0]["type"] == "related"
    write_olir(tmp_path / "map.xlsx", rows, "RMF to 42001")
    book = load_workbook(tmp_path / "map.xlsx")
    sheet = book["Relationships"]
    assert tuple(c.value for c in sheet[1]) == OLIR_COLUMNS
    assert sheet.max_row == 5
    assert sheet.cell(2, 4).value == "related to"


def test_nothing_to_export_is_a_clear_error(crosswalked: Engine) -> None:
    with (
        pytest.raises(InvalidInputError, match="no relationships match"),
        Session(crosswalked) as session,
    ):
        export_rows(session, citation="crosswalk:none")
