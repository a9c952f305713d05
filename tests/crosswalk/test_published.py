"""Reading published crosswalk tables (normalised CSV and raw markdown rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govatlas.crosswalk.known_tables import read_published
from govatlas.crosswalk.published import Item
from govatlas.errors import InvalidInputError, NotFoundError
from tests.conftest import FIXTURE_MIRROR

FOLDER = FIXTURE_MIRROR / "crosswalks"


def test_normalised_csv_gives_pairs_and_unmatched_items() -> None:
    (table,) = read_published(FOLDER, ["rmf-iso-42001"])
    assert len(table.pairs) == 4
    first = table.pairs[0]
    assert first.source == Item(
        "nist-ai-rmf-1-0", "Govern 1.1", "Legal requirements are understood."
    )
    assert first.target.instrument == "iso-iec-42001"
    assert first.target.ref == "4.1"
    assert [i.ref for i in table.unmatched] == ["Map 1.1"]
    assert table.citation == "crosswalk:rmf-iso-42001"


def test_bsa_rows_mended_from_the_pdf_conversion(tmp_path: Path) -> None:
    header = "source_framework,source_id,source_text,target_framework,target_id,target_text\n"
    bsa, rmf = "BSA Framework to Build Trust in AI", "NIST AI RMF 1.0"
    (tmp_path / "crosswalk_bsa_to_ai_rmf.csv").write_text(
        header
        + f"{bsa},GOVERNANCE / Roles,Name who is accountable.,{rmf},Govern 2.1,Govern 2.1: Roles.\n"
        # the item's cell spans two rows: the second cites one more target
        + f"{bsa},GOVERNANCE / Roles,,{rmf},Govern 2.2,Govern 2.2: Training.\n"
        # the tail of the cell above, cut by a page break
        + f"{bsa},GOVERNANCE / Roles,,{rmf},,and lines of communication are clear.\n"
        + f"{bsa},GOVERNANCE / Sales,Review marketing claims.,{rmf},,No equivalent category\n"
        # the target cell slid into source_text; the item's text ends source_id
        + f'{bsa},TESTING / Test for bias.,"Measure 2.11: Fairness. Measure 1: Metrics.",{rmf},,\n',
        encoding="utf-8",
    )
    (table,) = read_published(tmp_path, ["bsa-rmf"])
    assert [(p.source.text, p.target.ref) for p in table.pairs] == [
        ("Name who is accountable.", "Govern 2.1"),
        ("Name who is accountable.", "Govern 2.2"),
        ("Test for bias.", "Measure 2.11"),
        ("Test for bias.", "Measure 1"),
    ]
    assert [i.text for i in table.unmatched] == ["Review marketing claims."]


def test_items_named_only_by_id_and_target_text_are_kept(tmp_path: Path) -> None:
    header = "source_framework,source_id,source_text,target_framework,target_id,target_text\n"
    (tmp_path / "crosswalk_ai_rmf_to_oecd_euaia_eo13960_bor.csv").write_text(
        header + "NIST AI RMF 1.0 (trustworthiness characteristic),Safe,,"
        "OECD Recommendation on AI,,Robustness - safe throughout the lifecycle\n",
        encoding="utf-8",
    )
    (table,) = read_published(tmp_path, ["rmf-oecd-euaia-eo-bor"])
    assert [(p.source.text, p.target.text) for p in table.pairs] == [
        ("Safe", "Robustness - safe throughout the lifecycle")
    ]


def test_raw_cltc_rows_find_columns_by_content() -> None:
    (table,) = read_published(FOLDER, ["cltc-rmf"])
    refs = [(p.source.ref, p.target.ref) for p in table.pairs]
    assert refs == [
        ("Fit for Purpose", "Govern 1.1"),
        ("Fit for Purpose", "Map 1.1"),
        ("Lawful Operation", "Govern 1.1"),
    ]
    # the characteristic is named on the group's first row only, and carries on
    assert table.pairs[0].source.text.startswith("Valid and Reliable: Fit for Purpose. How do")
    assert table.pairs[2].source.text.startswith("Valid and Reliable: Lawful Operation. How do")


def test_tables_absent_from_the_mirror_are_skipped() -> None:
    keys = {t.key for t in read_published(FOLDER)}
    assert keys == {"rmf-iso-42001", "cltc-rmf"}


def test_a_folder_without_crosswalks_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no published crosswalk"):
        read_published(tmp_path)


def test_an_unknown_framework_name_is_named(tmp_path: Path) -> None:
    (tmp_path / "crosswalk_ai_rmf_to_iso_iec_42001.csv").write_text(
        "source_framework,source_id,source_text,target_framework,target_id,target_text\n"
        "Mystery Framework,1,x,ISO/IEC FDIS 42001,4.1,y\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInputError, match="Mystery Framework"):
        read_published(tmp_path)
