"""NIST AI RMF 1.0 and the Generative AI Profile (AI 600-1) from their tables, and
NIST IR 8477 (relationship vocabulary) from its text.

AI RMF: functions, categories and subcategories become provisions
(``govern``, ``govern.1``, ``govern.1.1``). AI 600-1: each suggested action is a
provision under its subcategory (``govern.1.1.gv-1-1-001``), with its GAI risks
and actor tasks kept as records. IR 8477's relationship types, mapping styles and
rationales are kept as records for the crosswalk features.

The RMF table leaves a few subcategory statements blank (MANAGE 1.1, MAP 4.2,
...); those are filled from the AI 600-1 table, which repeats the statements it
uses, then from the tables of the RMF document itself (``nist.ai.100-1.md``),
read cell by cell in order, so a statement split across cells is joined again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from govatlas.ingest.formats import DocumentError
from govatlas.records import (
    InstrumentDraft,
    ProvisionDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
)
from govatlas.sources.download import CSA_DATASET
from govatlas.sources.mirror import require_file, source_folder
from govatlas.sources.tables import read_csv
from govatlas.vocabulary import Binding, InstrumentType

NIST_PATH = f"{CSA_DATASET}/control/nist.gov"
RMF_COLUMNS = frozenset(
    {"subcategory_id", "function", "category_id", "category_text", "description"}
)
ACTION_COLUMNS = frozenset(
    {"action_id", "function", "subcategory_id", "subcategory_text", "suggested_action"}
)


def _path(identifier: str) -> str:
    """``GOVERN 1.2`` -> ``govern.1.2``; ``GV-1.1-001`` -> ``gv-1-1-001``."""
    parts = identifier.strip().lower().split()
    if len(parts) == 2:
        return f"{parts[0]}.{parts[1]}"
    return re.sub(r"[^a-z0-9]+", "-", identifier.strip().lower()).strip("-")


@dataclass
class _TextBuilder:
    """Assembles a version text block by block and records provision offsets."""

    parts: list[str] = field(default_factory=list)
    provisions: list[ProvisionDraft] = field(default_factory=list)
    position: int = 0
    seen: set[str] = field(default_factory=set)

    def add(self, path: str, kind: str, heading: str | None, body: str, parent: str | None) -> None:
        if path in self.seen:
            return
        self.seen.add(path)
        start = self.position
        self.parts.append(body)
        self.position += len(body) + 2
        self.provisions.append(
            ProvisionDraft(path, kind, heading, start, start + len(body), parent)
        )

    @property
    def text(self) -> str:
        return "\n\n".join(self.parts)


def _extend_parents(builder: _TextBuilder) -> list[ProvisionDraft]:
    """Widen each parent's span to cover its children (children follow parents)."""
    ends: dict[str, int] = {p.path: p.end for p in builder.provisions}
    by_path = {p.path: p for p in builder.provisions}
    for provision in reversed(builder.provisions):
        parent = provision.parent
        while parent is not None:
            ends[parent] = max(ends[parent], ends[provision.path])
            parent = by_path[parent].parent
    return [
        ProvisionDraft(p.path, p.kind, p.heading, p.start, ends[p.path], p.parent)
        for p in builder.provisions
    ]


def _nist_document(
    key: str,
    instrument_id: str,
    title: str,
    short_name: str,
    doi: str,
    builder: _TextBuilder,
    records: tuple[RecordDraft, ...] = (),
) -> SourceDocument:
    """A NIST framework assembled from its table: one instrument version, cut by rows."""
    return SourceDocument(
        source="nist",
        key=key,
        name=short_name,
        instrument=InstrumentDraft(
            key=instrument_id,
            title=title,
            short_name=short_name,
            type=InstrumentType.FRAMEWORK,
            binding=Binding.NON_BINDING,
            jurisdiction="USA",
            external_ids={"doi": doi},
        ),
        text=builder.text,
        format="csv",
        language="en",
        source_url=f"https://doi.org/{doi}",
        provisions=tuple(_extend_parents(builder)),
        records=records,
    )


SUBCATEGORY_LABEL = re.compile(r"\b((?:GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+):")
PAGE_FURNITURE = re.compile(r"\s+(?:Continued on next page|Table \d+:).*$")
RMF_DOCUMENT = "nist.ai.100-1.md"


def _statements_in_document(path: Path) -> dict[str, str]:
    """Subcategory statements from the RMF document's tables (first occurrence wins)."""
    cells: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            # The first column holds the category; statements run through the others.
            cells.extend(cell.strip() for cell in line.strip().strip("|").split("|")[1:])
    parts = SUBCATEGORY_LABEL.split(" ".join(cell for cell in cells if cell))
    statements: dict[str, str] = {}
    for label, text in zip(parts[1::2], parts[2::2], strict=True):
        statement = PAGE_FURNITURE.sub("", " ".join(text.split()))
        if statement:
            statements.setdefault(label, statement)
    return statements


def _missing_statements(base: Path, wanted: set[str]) -> dict[str, str]:
    """Statements for the subcategories the RMF table leaves blank, where found."""
    found: dict[str, str] = {}
    if wanted and (base / "ai-600-1-1.0-actions.csv").is_file():
        for row in read_csv(base / "ai-600-1-1.0-actions.csv", ACTION_COLUMNS):
            text = " ".join(unicodedata.normalize("NFKC", row["subcategory_text"]).split())
            sub = row["subcategory_id"].strip()
            if sub in wanted and text:
                found.setdefault(sub, text)
    still = wanted - set(found)
    if still and (base / RMF_DOCUMENT).is_file():
        document = _statements_in_document(base / RMF_DOCUMENT)
        found.update({sub: document[sub] for sub in still if sub in document})
    return found


def _rmf(base: Path) -> SourceDocument:
    rows = read_csv(require_file(base / "ai-rmf-1.0-subcategories.csv"), RMF_COLUMNS)
    blank = {r["subcategory_id"].strip() for r in rows if not r["description"].strip()}
    filled = _missing_statements(base, blank)
    builder = _TextBuilder()
    for row in rows:
        function = row["function"].strip()
        builder.add(function.lower(), "function", function, function.upper(), None)
        category = _path(row["category_id"])
        builder.add(
            category,
            "category",
            row["category_id"].strip(),
            f"{row['category_id'].strip()}: {row['category_text'].strip()}",
            function.lower(),
        )
        sub = row["subcategory_id"].strip()
        statement = row["description"].strip() or filled.get(sub, "")
        builder.add(_path(sub), "subcategory", sub, f"{sub}: {statement}", category)
    return _nist_document(
        "ai-rmf-1.0",
        "nist-ai-rmf-1-0",
        "Artificial Intelligence Risk Management Framework (AI RMF 1.0), NIST AI 100-1",
        "NIST AI RMF 1.0",
        "10.6028/NIST.AI.100-1",
        builder,
    )


def _gai_profile(base: Path) -> SourceDocument:
    rows = read_csv(require_file(base / "ai-600-1-1.0-actions.csv"), ACTION_COLUMNS)
    builder = _TextBuilder()
    records = []
    for row in rows:
        sub = row["subcategory_id"].strip()
        function = (row["function"].strip() or sub.split()[0].title()).lower()
        builder.add(function, "function", function.title(), function.upper(), None)
        builder.add(
            _path(sub), "subcategory", sub, f"{sub}: {row['subcategory_text'].strip()}", function
        )
        action = row["action_id"].strip()
        path = f"{_path(sub)}.{_path(action)}"
        builder.add(
            path, "action", action, f"{action}: {row['suggested_action'].strip()}", _path(sub)
        )
        records.append(RecordDraft("action", action, row))
    return _nist_document(
        "ai-600-1",
        "nist-ai-600-1",
        "Artificial Intelligence Risk Management Framework: Generative Artificial "
        "Intelligence Profile, NIST AI 600-1",
        "NIST AI 600-1 GenAI Profile",
        "10.6028/NIST.AI.600-1",
        builder,
        tuple(records),
    )


def _ir8477(base: Path) -> SourceDocument:
    records = []
    for file, kind, key_columns in (
        ("ir-8477-relationship-types.csv", "ir8477-relationship-type", ("style_id", "type_id")),
        ("ir-8477-mapping-styles.csv", "ir8477-mapping-style", ("style_id",)),
        ("ir-8477-strm-rationales.csv", "ir8477-rationale", ("style_id", "rationale_id")),
    ):
        for row in read_csv(require_file(base / file), set(key_columns)):
            records.append(RecordDraft(kind, "|".join(row[c] for c in key_columns), row))
    text_path = base / "ir-8477.md"
    return SourceDocument(
        source="nist",
        key="ir-8477",
        name="NIST IR 8477",
        instrument=InstrumentDraft(
            key="nist-ir-8477",
            title="NIST IR 8477: Mapping Relationships Between Documentary Standards, "
            "Regulations, Frameworks, and Guidelines",
            short_name="NIST IR 8477",
            type=InstrumentType.GUIDANCE,
            binding=Binding.NON_BINDING,
            jurisdiction="USA",
            external_ids={"doi": "10.6028/NIST.IR.8477"},
        ),
        text=text_path.read_text(encoding="utf-8") if text_path.exists() else None,
        format="md",
        language="en",
        source_url="https://doi.org/10.6028/NIST.IR.8477",
        records=tuple(records),
    )


LOADERS = {"ai-rmf-1.0": _rmf, "ai-600-1": _gai_profile, "ir-8477": _ir8477}
MAIN_FILES = {
    "ai-rmf-1.0": "ai-rmf-1.0-subcategories.csv",
    "ai-600-1": "ai-600-1-1.0-actions.csv",
    "ir-8477": "ir-8477-relationship-types.csv",
}


class NistConnector:
    name = "nist"
    description = "NIST AI RMF 1.0, AI 600-1 Generative AI Profile, IR 8477"
    folder = "nist"
    origin = (
        ("ai-rmf-1.0-subcategories.csv", f"{NIST_PATH}/ai-rmf/1.0/ai-rmf-1.0-subcategories.csv"),
        ("ai-600-1-1.0-actions.csv", f"{NIST_PATH}/ai-600-1/1.0/ai-600-1-1.0-actions.csv"),
    )

    def scan(self, root: Path) -> list[str]:
        """The documents whose main file is in the mirror (a download has only two)."""
        base = source_folder(root, self.folder)
        return [key for key, name in MAIN_FILES.items() if (base / name).exists()]

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        return []

    def load(self, root: Path, key: str) -> SourceDocument:
        if key not in LOADERS:
            raise DocumentError(f"nist: unknown document {key}", f"one of {', '.join(LOADERS)}")
        return LOADERS[key](source_folder(root, self.folder))
