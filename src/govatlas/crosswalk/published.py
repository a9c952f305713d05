"""Published crosswalk tables read from the mirror, as (source item, target item) pairs.

The NIST AIRC crosswalks are IR 8477 "concept crosswalks": they say two items are
related without saying how, so every pair they give is imported as ``related``.
Five tables come normalised as CSV; four exist only as raw markdown-table rows
(``crosswalk-md-tables-raw.csv``) and are parsed in ``raw_tables``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from govatlas.errors import InvalidInputError
from govatlas.sources.mirror import require_file
from govatlas.sources.tables import read_csv

CSV_COLUMNS = frozenset(
    {"source_framework", "source_id", "source_text", "target_framework", "target_id", "target_text"}
)


@dataclass(frozen=True)
class Item:
    """One side of a mapping: an instrument, the id the table uses, and its text."""

    instrument: str
    ref: str
    text: str


@dataclass(frozen=True)
class Pair:
    source: Item
    target: Item


CITATION_PREFIX = "crosswalk:"  # the citation of every relationship a published table gives


def table_citation(key: str) -> str:
    return f"{CITATION_PREFIX}{key}"


@dataclass
class PublishedCrosswalk:
    """One published crosswalk table and the pairs it asserts."""

    key: str
    title: str
    provider: str
    published: str
    url: str
    file: str
    pairs: list[Pair] = field(default_factory=list)
    unmatched: list[Item] = field(default_factory=list)

    @property
    def citation(self) -> str:
        return table_citation(self.key)


@dataclass(frozen=True)
class CrosswalkSpec:
    key: str
    title: str
    provider: str
    published: str
    url: str
    file: str
    reader: Callable[[Path, CrosswalkSpec], PublishedCrosswalk]
    # instrument -> how the table's items of it differ from the stored text (a table made
    # against a draft), said wherever those items are shown
    drafts: Mapping[str, str] = field(default_factory=dict)


# How tables say an item has no counterpart ("No equivalent category" in BSA's).
NO_COUNTERPART = re.compile(r"no (?:equivalent|corresponding|counterpart)\b", re.IGNORECASE)


# An entry of a cell that cites AI RMF items: "Measure 2.3: AI system performance ...".
CELL_REFERENCE = re.compile(r"\b((?:Govern|Map|Measure|Manage) \d+(?:\.\d+)?):")


def _clean(value: str) -> str:
    return " ".join(value.split())


def new_crosswalk(spec: CrosswalkSpec) -> PublishedCrosswalk:
    return PublishedCrosswalk(
        spec.key, spec.title, spec.provider, spec.published, spec.url, spec.file
    )


# Target framework names in the OECD/EU/EO/BoR table, as the table spells them.
FRAMEWORK_INSTRUMENTS = {
    "NIST AI RMF 1.0": "nist-ai-rmf-1-0",
    "ISO/IEC FDIS 42001": "iso-iec-42001",
    "ISO/IEC FDIS 23894": "iso-iec-23894",
    "OECD Recommendation on AI": "oecd-ai-principles-2019",
    "EU AI Act (Proposed)": "eu-ai-act",
    "EO 13960": "us-eo-13960",
    "Blueprint for an AI Bill of Rights": "us-blueprint-ai-bill-of-rights",
    "Singapore IMDA AI Verify Testing Framework": "singapore-ai-verify",
    "BSA Framework to Build Trust in AI": "bsa-framework-to-build-trust-in-ai",
}


def _instrument(framework: str) -> str:
    """The catalog id for a framework name as a table spells it (a name may run on)."""
    for name, instrument in FRAMEWORK_INSTRUMENTS.items():
        if framework.startswith(name):
            return instrument
    raise InvalidInputError(
        f"unknown framework {framework!r} in a crosswalk table",
        f"known frameworks: {', '.join(FRAMEWORK_INSTRUMENTS)}",
    )


def read_normalised_csv(folder: Path, spec: CrosswalkSpec) -> PublishedCrosswalk:
    """A derived crosswalk CSV: one row per (source item, target item).

    Two flaws of the PDF conversion are mended: a row holding only the tail of a
    cell split by a page break (no source text, no target id, a target text that
    starts mid-sentence) is dropped, as the row before already cites that target;
    a row whose target cell slid into ``source_text`` (its item text then ends
    ``source_id``) is read as that item citing the references in the cell. A row
    with no source text under the same ``source_id`` continues the item above (its
    cell spans rows). Rows that name items by ``source_id`` and ``target_text``
    alone (the OECD table) stay.
    """
    crosswalk = new_crosswalk(spec)
    previous = ("", "")
    for row in read_csv(require_file(folder / spec.file), CSV_COLUMNS):
        source_ref, source_text = _clean(row["source_id"]), _clean(row["source_text"])
        target_text = _clean(row["target_text"])
        target_ref = _clean(row["target_id"]) or target_text
        if not source_text and not _clean(row["target_id"]) and target_text[:1].islower():
            continue  # the tail of the row above's target cell, cut by a page break
        if not source_text and source_ref == previous[0]:
            source_text = previous[1]  # the row above's item, whose cell spans rows
        previous = (source_ref, source_text)
        instrument = _instrument(row["source_framework"])
        if not target_ref and CELL_REFERENCE.match(source_text):
            item = Item(instrument, source_ref, source_ref.rpartition(" / ")[2])
            target_instrument = _instrument(row["target_framework"])
            for ref in CELL_REFERENCE.findall(source_text):
                crosswalk.pairs.append(Pair(item, Item(target_instrument, ref, source_text)))
            continue
        source = Item(instrument, source_ref, source_text or source_ref)
        if (
            not target_ref
            or row.get("relationship", "").startswith("no relationship")
            or NO_COUNTERPART.match(target_ref)
        ):
            crosswalk.unmatched.append(source)
            continue
        target = Item(_instrument(row["target_framework"]), target_ref, target_text or target_ref)
        crosswalk.pairs.append(Pair(source, target))
    return crosswalk
