"""Crosswalks that exist only as raw markdown-table rows, parsed into pairs.

``crosswalk-md-tables-raw.csv`` keeps every table row of the crosswalk PDFs as
cells ``c1..c6``; empty cells are dropped unevenly by the PDF conversion, so the
parsers find columns by what they contain (AI RMF references, questions,
definitions) rather than by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from govatlas.crosswalk.published import (
    CrosswalkSpec,
    Item,
    Pair,
    PublishedCrosswalk,
    new_crosswalk,
)
from govatlas.sources.mirror import require_file
from govatlas.sources.tables import read_csv

RAW_FILE = "crosswalk-md-tables-raw.csv"
RAW_COLUMNS = frozenset({"source_file", "table_no", "row_no", "c1", "c2", "c3", "c4"})
CELLS = ("c1", "c2", "c3", "c4", "c5", "c6")
RMF = "nist-ai-rmf-1-0"
RMF_REF = re.compile(r"\b(Govern|Map|Measure|Manage)\s+(\d+\.\d+)", re.IGNORECASE)
GFB_REF = re.compile(r"^(Part \d[\w.\-]*|Appendix [\w.\-]+)$")
DEFINITION = re.compile(r"^([A-Z][A-Za-z/\- ]{2,40}):\s+(.*)$")
ISO_5339_CLAUSE = re.compile(r"\d+(?:\.\d+)+")
CHARACTERISTICS = {
    "Valid and Reliable",
    "Safe",
    "Secure and Resilient",
    "Accountable and Transparent",
    "Explainable and Interpretable",
    "Privacy-Enhanced",
    "Fair - with Harmful Bias Managed",
}


def _rows(folder: Path, source_file: str) -> Iterator[tuple[str, list[str]]]:
    """(table number, non-empty cells) for every row of one crosswalk document."""
    for row in read_csv(require_file(folder / RAW_FILE), RAW_COLUMNS):
        if row["source_file"] == source_file:
            cells = [" ".join(row.get(c, "").split()) for c in CELLS]
            yield row["table_no"], [c for c in cells if c]


def _rmf_item(match: re.Match[str]) -> Item:
    ref = f"{match.group(1).title()} {match.group(2)}"
    return Item(RMF, ref, ref)


def read_cltc(folder: Path, spec: CrosswalkSpec) -> PublishedCrosswalk:
    """CLTC properties of trustworthiness -> the AI RMF subcategories each one cites.

    Each property's text starts with the NIST characteristic it sits under, which
    the table names once, on the first row of each group.
    """
    crosswalk = new_crosswalk(spec)
    characteristic = ""
    for _table, cells in _rows(folder, "Taxonomy_of_AI_Trustworthiness_tables.md"):
        refs = [i for i, cell in enumerate(cells) if RMF_REF.search(cell)]
        if not refs or refs[-1] < 2 or cells[0].startswith("NIST Characteristics"):
            continue
        at = refs[-1]
        question, prop = cells[at - 1], cells[at - 2].rstrip("*")
        if at >= 3:
            characteristic = cells[at - 3]
        text = f"{characteristic}: {prop}. {question}" if characteristic else f"{prop}. {question}"
        source = Item("cltc-taxonomy-of-trustworthiness-for-ai", prop, text)
        for match in RMF_REF.finditer(cells[at]):
            crosswalk.pairs.append(Pair(source, _rmf_item(match)))
    return crosswalk


def read_iso_5339(folder: Path, spec: CrosswalkSpec) -> PublishedCrosswalk:
    """AI RMF trustworthiness characteristics -> ISO/IEC 5339 clause 5.5.2 items."""
    crosswalk = new_crosswalk(spec)
    for table, cells in _rows(folder, "Crosswalk_NIST_AI_RMF_and_ISO_5338_5339.md"):
        if table != "2" or len(cells) < 2 or cells[0] not in CHARACTERISTICS:
            continue
        source = Item(RMF, cells[0], cells[0])
        clauses = ISO_5339_CLAUSE.findall(cells[1])
        if not clauses:
            crosswalk.unmatched.append(source)
        for clause in clauses:
            crosswalk.pairs.append(Pair(source, Item("iso-iec-5339", clause, f"Clause {clause}")))
    return crosswalk


def read_gfb_terms(folder: Path, spec: CrosswalkSpec) -> PublishedCrosswalk:
    """Crosswalk-1: each AI RMF term's definition beside the Japan GfB's definition.

    A pair starts on a row whose two cells both open with ``Term:``; the rows that
    follow without a new term continue both definitions.
    """
    crosswalk = new_crosswalk(spec)
    current: list[list[str]] | None = None

    def close() -> None:
        if current is None:
            return
        (rmf_term, rmf_text), (gfb_term, gfb_text) = (
            DEFINITION.match(current[0][0]).groups(),  # type: ignore[union-attr]
            DEFINITION.match(current[1][0]).groups(),  # type: ignore[union-attr]
        )
        source = Item(RMF, rmf_term, f"{rmf_term}: {' '.join([rmf_text, *current[0][1:]])}")
        if gfb_term == "Note":  # the GfB has no counterpart term, only a remark
            crosswalk.unmatched.append(source)
            return
        target = Item(
            "japan-ai-guidelines-for-business",
            gfb_term,
            f"{gfb_term}: {' '.join([gfb_text, *current[1][1:]])}",
        )
        crosswalk.pairs.append(Pair(source, target))

    for _table, cells in _rows(folder, "FINAL_Crosswalk1_Terminology_RMF_GfB.md"):
        if len(cells) == 2 and all(DEFINITION.match(c) for c in cells):
            close()
            current = [[cells[0]], [cells[1]]]
        elif current is not None and len(cells) == 2 and not cells[1].startswith(("(", "AI GfB")):
            current[0].append(cells[0])
            current[1].append(cells[1])
        else:
            close()
            current = None
    close()
    return crosswalk


def read_gfb_concepts(folder: Path, spec: CrosswalkSpec) -> PublishedCrosswalk:
    """Crosswalk-2: per topic, every AI RMF subcategory relates to every GfB section cited.

    A topic block opens on a row with an AI RMF reference in its first cell after
    a row without one; the topic name is gathered from the second column.
    """
    crosswalk = new_crosswalk(spec)
    blocks: list[tuple[list[str], list[str], list[str]]] = []
    previous_had_rmf = False
    for _table, cells in _rows(folder, "FINAL_Crosswalk2_Concepts_RMF_GfB.md"):
        rmf = RMF_REF.fullmatch(cells[0]) if cells else None
        if rmf and not previous_had_rmf:
            blocks.append(([], [], []))
        previous_had_rmf = bool(rmf)
        if not blocks:
            continue
        refs, topic, sections = blocks[-1]
        rest = cells[1:] if rmf else cells
        if rmf:
            refs.append(cells[0])
        for cell in rest:
            if GFB_REF.match(cell):
                sections.append(cell)
            elif rmf and cell is rest[0] and not cell.startswith(("Main", "Appendix", "Part")):
                topic.append(cell)
    for refs, topic, sections in blocks:
        name = " ".join(topic)
        for ref in refs:
            source = _rmf_item(RMF_REF.fullmatch(ref))  # type: ignore[arg-type]
            for section in dict.fromkeys(sections):
                target = Item("japan-ai-guidelines-for-business", section, f"{section} ({name})")
                crosswalk.pairs.append(Pair(source, target))
    return crosswalk
