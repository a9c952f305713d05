"""A definition that only points to another stored text is read as that text's definition
of the same term; other pointers, and pointers to texts the store lacks, stay as they are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from govatlas.analytics.definition_pointers import CITED_TEXTS, cited_instruments
from govatlas.analytics.definitions import compare_definitions, extract_definitions
from govatlas.cli import app
from govatlas.store.models import Instrument
from govatlas.store.session import transaction
from tests.filed_documents import catalogue_without_text, file_document

runner = CliRunner()

ORDER = """Executive Order 99901 of January 2, 2031

Sec. 3. Definitions. For purposes of this order:

(c) The term "AI model" means a component of an information system that implements AI
technology and uses statistical techniques to produce outputs from a given set of inputs.

(d) The term "watermark" has the meaning given in section 9 of the Digital Marks Act.
"""
MEMO = """Memorandum on agency use of models

Sec. 6. Definitions.

(a) The term "AI model" has the meaning provided in Section 3(c) of Executive Order 99901.

(b) The term "watermark" has the meaning provided in Section 3(d) of Executive Order 99901.

(c) The term "generative AI" has the meaning provided in Section 3(p) of Executive Order 99902.
"""
WORDS = """Act on models

Article 2. Definitions.

(1) The term "AI model" means a component of an information system that implements AI
technology and uses statistical or machine-learning techniques to produce outputs.
"""


def _ingest(tmp_path: Path, name: str, text: str, title: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(path), "--title", title, "--jurisdiction", "USA"])
    assert result.exit_code == 0, result.output


def _ids(engine: Engine) -> dict[str, str]:
    with transaction(engine) as session:
        return {t: i for i, t in session.execute(select(Instrument.id, Instrument.title))}


@pytest.fixture
def pointing(built: Engine, env_db: str, tmp_path: Path) -> dict[str, str]:
    _ingest(tmp_path, "order", ORDER, "Executive Order 99901: Models in Government")
    _ingest(tmp_path, "memo", MEMO, "OMB Memorandum M-31-01: Agency Use of Models")
    _ingest(tmp_path, "words", WORDS, "Act on Models")
    titles = _ids(built)
    return {
        "order": titles["Executive Order 99901: Models in Government"],
        "memo": titles["OMB Memorandum M-31-01: Agency Use of Models"],
        "words": titles["Act on Models"],
    }


def test_a_pointer_to_a_stored_text_reads_as_its_definition(
    built: Engine, pointing: dict[str, str]
) -> None:
    with transaction(built) as session:
        order = {d.term: d for d in extract_definitions(session, pointing["order"], resolve=True)}
        memo = {d.term: d for d in extract_definitions(session, pointing["memo"], resolve=True)}
    model = memo["ai model"]
    assert model.wording == order["ai model"].wording and model.points_to == pointing["order"]
    assert model.pointer is not None and "Executive Order 99901" in model.pointer
    # a pointer to a pointer to a text the store lacks, and a pointer to an order the store
    # lacks, stay as written
    assert memo["watermark"].points_to is None and memo["watermark"].pointer is None
    assert memo["generative ai"].points_to is None
    assert "99902" in memo["generative ai"].wording
    assert order["ai model"].points_to is None  # a definition in words is its own
    # resolve=False reads each as written (the gold rounds before the reading was made)
    with transaction(built) as session:
        as_written = {
            d.term: d for d in extract_definitions(session, pointing["memo"], resolve=False)
        }
    assert as_written["ai model"].points_to is None and "99901" in as_written["ai model"].wording


def test_the_resolved_pointer_is_compared_as_words(built: Engine, pointing: dict[str, str]) -> None:
    with transaction(built) as session:
        definitions = [
            d
            for key in ("order", "memo", "words")
            for d in extract_definitions(session, pointing[key], resolve=True)
            if d.term == "ai model"
        ]
    pairs = {
        frozenset((p.a.instrument, p.b.instrument)): p
        for p in compare_definitions(definitions, ["ai model"])
    }
    same = pairs[frozenset((pointing["order"], pointing["memo"]))]
    assert same.verdict == "agree" and same.similarity == pytest.approx(1.0, abs=1e-3)
    other = pairs[frozenset((pointing["memo"], pointing["words"]))]
    assert other.verdict != "not comparable"


@pytest.mark.parametrize(
    ("wording", "cites"),
    [
        ("provided in Section 3(c) of Executive Order 14110", True),
        ("provided in Section 6 of OMB Memorandum M-24-10: The term", True),
        ("an AI system as defined in [Article 3 (1) of the AI Act]", True),
        ("given such term in section 7223 of the Advancing American AI Act", False),
        ("given such term in section 5002 of the National AI Initiative Act", False),
    ],
)
def test_the_texts_a_pointer_is_read_to_cite(wording: str, cites: bool) -> None:
    assert any(pattern.search(wording) for pattern, _ in CITED_TEXTS) is cites


def test_a_text_the_store_lacks_is_cited_by_none(migrated: Engine) -> None:
    with transaction(migrated) as session:
        assert cited_instruments(session, "provided in Section 3 of Executive Order 10000") == []
        assert cited_instruments(session, "as defined in Article 3(1) of the AI Act") == []


def test_the_command_names_the_text_a_definition_is_read_from(
    built: Engine, pointing: dict[str, str]
) -> None:
    result = runner.invoke(
        app,
        ["definitions", pointing["memo"], pointing["words"], "--all-terms", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.output) if r["term"] == "ai system"]  # "AI model"
    assert len(rows) == 1, result.output
    sides = {rows[0]["A provision"], rows[0]["B provision"]}
    assert f"sec.6.a -> {pointing['order']}" in sides, sides


FILED_AT = "https://example.gov/memoranda/m-31-02.pdf"
POINTS_TO_A_FILED_MEMO = """Guidance on models

Sec. 2. Definitions.

(a) The term "AI model" has the meaning provided in Section 6 of OMB Memorandum M-31-02.
"""


def test_a_cited_text_is_read_where_a_source_filed_its_document(
    built: Engine, pointing: dict[str, str], tmp_path: Path
) -> None:
    # the memorandum is catalogued without a text; a dataset filed its document, read from
    # the memorandum's own address, as an instrument of its own under another title
    with transaction(built) as session:
        catalogue_without_text(
            session, "omb-m-31-02", "OMB Memorandum M-31-02: Agency Use of Models", FILED_AT
        )
        filed = file_document(session, "dataset-17", "Agency Use of Models", MEMO, FILED_AT)
    _ingest(tmp_path, "guidance", POINTS_TO_A_FILED_MEMO, "Guidance on Models")
    guidance = _ids(built)["Guidance on Models"]
    assert filed != "omb-m-31-02"
    with transaction(built) as session:
        assert cited_instruments(session, "provided in OMB Memorandum M-31-02") == [filed]
        order = {d.term: d for d in extract_definitions(session, pointing["order"])}
        model = {d.term: d for d in extract_definitions(session, guidance, resolve=True)}[
            "ai model"
        ]
    # the guidance points to the memorandum, which points to the order: read as the order's
    assert model.wording == order["ai model"].wording
    assert model.points_to == pointing["order"]
    assert model.pointer is not None and "M-31-02" in model.pointer
