"""Annexes: a report's long tables as CSV for a spreadsheet and HTML for a browser."""

from __future__ import annotations

import csv
from pathlib import Path

from govatlas.reports.annexes import Annex, annex_files, write_annex
from govatlas.reports.methodology import licence_statement


def test_an_annex_is_written_as_csv_and_html_with_row_anchors(tmp_path: Path) -> None:
    annex = Annex(
        "instruments",
        "A",
        "Instruments",
        "Every instrument <in scope>.",
        ("Id", "Title", "URL"),
        [
            ("alpha", '=HYPERLINK("x")', "https://example.org/a?x=1&y=2"),
            ("beta", "Beta <Act>", None),
            ("beta", "Beta, again", None),  # a second row of one id: no second anchor
        ],
        anchor_column=0,
        anchor_prefix="inst-",
    )
    files = write_annex(annex, tmp_path, "paper", "A paper", "2026-12-01-abc")
    assert files.csv.name == "paper-annex-instruments.csv"
    with files.csv.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Id", "Title", "URL"]
    assert rows[1][1].startswith("'=")  # a formula stays text in a spreadsheet
    assert rows[2] == ["beta", "Beta <Act>", ""]
    assert len(rows) == 4
    page = files.html.read_text(encoding="utf-8")
    assert '<tr id="inst-alpha">' in page and "Annex A. Instruments" in page
    assert page.count('id="inst-beta"') == 1
    assert "Beta &lt;Act&gt;" in page and "&lt;in scope&gt;" in page  # escaped
    assert '<a href="https://example.org/a?x=1&amp;y=2">' in page
    assert "3 rows" in page and "2026-12-01-abc" in page
    [listed] = annex_files([annex], "paper")
    assert listed == {
        "letter": "A",
        "title": "Instruments",
        "rows": "3",
        "csv": "paper-annex-instruments.csv",
        "html": "paper-annex-instruments.html",
    }


def test_licence_statement_quotes_what_a_source_page_says(tmp_path: Path) -> None:
    source = tmp_path / "SOURCE.md"
    source.write_text(
        "# Source\n\n## Licence / terms\n\nThe publisher's page says:\n\n"
        '> "Free to reuse with attribution."\n'
    )
    assert licence_statement(source) == (
        'The publisher\'s page says: "Free to reuse with attribution."'
    )
    source.write_text("# Source\n\nOrigin and licence: CC0 1.0 for the structure.\n")
    assert licence_statement(source) == "Origin and licence: CC0 1.0 for the structure."
