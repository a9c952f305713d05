"""The published crosswalks govatlas knows how to import, and where each comes from."""

from __future__ import annotations

from pathlib import Path

from govatlas.crosswalk import raw_tables
from govatlas.crosswalk.published import (
    CITATION_PREFIX,
    CrosswalkSpec,
    PublishedCrosswalk,
    read_normalised_csv,
)
from govatlas.errors import NotFoundError

CROSSWALK_FOLDER = "crosswalks"  # the mirror's folder of published tables


def _specs() -> list[CrosswalkSpec]:
    nist = "https://www.nist.gov/system/files/documents/2023/01/26"
    return [
        CrosswalkSpec(
            "rmf-iso-42001",
            "NIST AI RMF to ISO/IEC 42001 crosswalk",
            "Microsoft",
            "2023",
            "https://airc.nist.gov/docs/NIST_AI_RMF_to_ISO_IEC_42001_Crosswalk.pdf",
            "crosswalk_ai_rmf_to_iso_iec_42001.csv",
            read_normalised_csv,
        ),
        CrosswalkSpec(
            "rmf-iso-23894",
            "Crosswalk AI RMF 1.0 and ISO/IEC FDIS 23894",
            "NIST",
            "2023-01-26",
            f"{nist}/crosswalk_AI_RMF_1_0_ISO_IEC_23894.pdf",
            "crosswalk_ai_rmf_to_iso_iec_23894.csv",
            read_normalised_csv,
        ),
        CrosswalkSpec(
            "rmf-oecd-euaia-eo-bor",
            "AI RMF trustworthiness characteristics vs OECD, EU AI Act (as proposed), "
            "EO 13960, AI Bill of Rights",
            "NIST",
            "2023-01-26",
            f"{nist}/crosswalk_AI_RMF_1_0_OECD_EO_AIA_BoR.pdf",
            "crosswalk_ai_rmf_to_oecd_euaia_eo13960_bor.csv",
            read_normalised_csv,
            {"eu-ai-act": "as proposed (NIST's table of 2023), not as adopted"},
        ),
        CrosswalkSpec(
            "rmf-ai-verify",
            "Crosswalk between NIST AI RMF 1.0 and Singapore's AI Verify",
            "NIST",
            "2023-10-10",
            "https://airc.nist.gov/docs/NIST_AI_RMF_to_AI_Verify_Crosswalk.pdf",
            "crosswalk_ai_rmf_to_ai_verify.csv",
            read_normalised_csv,
        ),
        CrosswalkSpec(
            "bsa-rmf",
            "Crosswalk between the BSA Framework to Build Trust in AI and the NIST AI RMF",
            "BSA",
            "2023-04-12",
            "https://www.bsa.org/files/policy-filings/04122023aiframeworknistcrosswalk.pdf",
            "crosswalk_bsa_to_ai_rmf.csv",
            read_normalised_csv,
        ),
        CrosswalkSpec(
            "rmf-iso-5339",
            "INCITS-AI crosswalk between the NIST AI RMF and ISO/IEC 5338/5339",
            "INCITS",
            "2024-04-11",
            "https://airc.nist.gov/docs/Crosswalk_NIST_AI_RMF_and_ISO_5338_5339.pdf",
            raw_tables.RAW_FILE,
            raw_tables.read_iso_5339,
        ),
        CrosswalkSpec(
            "rmf-jp-gfb-terms",
            "J-AISI/NIST Crosswalk-1: terminology, AI RMF and Japan AI Guidelines for Business",
            "Japan AISI",
            "2024-04-29",
            "https://airc.nist.gov/docs/FINAL_Crosswalk1_Terminology_RMF_GfB.pdf",
            raw_tables.RAW_FILE,
            raw_tables.read_gfb_terms,
        ),
        CrosswalkSpec(
            "rmf-jp-gfb-concepts",
            "J-AISI/NIST Crosswalk-2: concepts, AI RMF and Japan AI Guidelines for Business",
            "Japan AISI",
            "2024-09-17",
            "https://airc.nist.gov/docs/FINAL_Crosswalk2_Concepts_RMF_GfB.pdf",
            raw_tables.RAW_FILE,
            raw_tables.read_gfb_concepts,
        ),
        CrosswalkSpec(
            "cltc-rmf",
            "A Taxonomy of Trustworthiness for AI (properties to AI RMF subcategories)",
            "CLTC, UC Berkeley",
            "2023-12-07",
            "https://cltc.berkeley.edu/wp-content/uploads/2023/12/"
            "Taxonomy_of_AI_Trustworthiness_tables.pdf",
            raw_tables.RAW_FILE,
            raw_tables.read_cltc,
        ),
    ]


SPECS: list[CrosswalkSpec] = _specs()


def draft_note(citation: str | None, instrument: str) -> str:
    """How a published table's items of ``instrument`` differ from its stored text (the
    table was made against a draft), or "" (``CrosswalkSpec.drafts``)."""
    key = (citation or "").removeprefix(CITATION_PREFIX)
    spec = next((s for s in SPECS if s.key == key), None)
    return spec.drafts.get(instrument, "") if spec is not None else ""


def crosswalk_keys() -> list[str]:
    return [spec.key for spec in SPECS]


def read_published(folder: Path, keys: list[str] | None = None) -> list[PublishedCrosswalk]:
    """The published crosswalks found under ``folder`` (the mirror's ``crosswalks/``).

    A table whose file is absent, or whose rows are not in the file, is skipped, so
    a partial mirror imports what it has; finding none at all is an error.
    """
    chosen = [s for s in SPECS if keys is None or s.key in keys]
    found = [
        crosswalk
        for spec in chosen
        if (folder / spec.file).is_file()
        for crosswalk in [spec.reader(folder, spec)]
        if crosswalk.pairs or crosswalk.unmatched
    ]
    if not found:
        raise NotFoundError(
            f"no published crosswalk found in {folder}",
            "the folder should hold the crosswalk CSVs of the shared corpus",
        )
    return found
