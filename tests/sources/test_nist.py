"""NIST AI RMF subcategories whose statement the RMF table leaves blank."""

from __future__ import annotations

from pathlib import Path

from govatlas.sources.nist import NistConnector

RMF_HEADER = '"subcategory_id","function","category_id","category_text","description"\n'
ACTIONS_HEADER = (
    '"action_id","function","subcategory_id","subcategory_text","suggested_action",'
    '"gai_risks","ai_actor_tasks"\n'
)
# A table cut by page layout: one statement runs on into the next row's cells.
DOCUMENT = """\
| Categories | Subcategories MANAGE 1.1: | A decision is made on whether the |
|---|---|---|
| | system should proceed. MANAGE 1.2: Risks are ranked. | |
| MANAGE 2: Benefits are planned. | MANAGE 2.1: Resources are weighed. Continued on next page | |
"""


def statements(mirror: Path) -> dict[str, str]:
    document = NistConnector().load(mirror, "ai-rmf-1.0")
    return {
        p.heading: document.text[p.start : p.end]
        for p in document.provisions
        if p.kind == "subcategory" and p.heading
    }


def test_blank_statements_are_filled_from_the_profile_then_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "nist"
    folder.mkdir()
    (folder / "ai-rmf-1.0-subcategories.csv").write_text(
        RMF_HEADER
        + '"MANAGE 1.1","Manage","MANAGE 1","Risks are managed",""\n'
        + '"MANAGE 1.2","Manage","MANAGE 1","Risks are managed","Risks are prioritised."\n'
        + '"MANAGE 2.1","Manage","MANAGE 2","Benefits are planned",""\n'
        + '"MANAGE 3.1","Manage","MANAGE 3","Third parties are managed",""\n',
        encoding="utf-8",
    )
    (folder / "ai-600-1-1.0-actions.csv").write_text(
        ACTIONS_HEADER
        + '"MG-2.1-001","Manage","MANAGE 2.1","Resources are identiﬁed.","Plan.","",""\n',
        encoding="utf-8",
    )
    (folder / "nist.ai.100-1.md").write_text(DOCUMENT, encoding="utf-8")

    found = statements(tmp_path)

    assert found["MANAGE 1.1"].endswith(
        "MANAGE 1.1: A decision is made on whether the system should proceed."
    )
    assert found["MANAGE 1.2"].endswith("MANAGE 1.2: Risks are prioritised.")  # the table wins
    assert found["MANAGE 2.1"].endswith("MANAGE 2.1: Resources are identified.")  # profile first
    assert found["MANAGE 3.1"].rstrip().endswith("MANAGE 3.1:")  # found nowhere: left blank


def test_without_the_other_files_blank_statements_stay_blank(tmp_path: Path) -> None:
    folder = tmp_path / "nist"
    folder.mkdir()
    (folder / "ai-rmf-1.0-subcategories.csv").write_text(
        RMF_HEADER + '"MANAGE 1.1","Manage","MANAGE 1","Risks are managed",""\n',
        encoding="utf-8",
    )
    assert statements(tmp_path)["MANAGE 1.1"].rstrip().endswith("MANAGE 1.1:")
