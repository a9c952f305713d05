"""Crosswalk exports: OSCAL 1.2 mapping collections, CSV, and the NIST OLIR workbook.

The OSCAL document is validated against compliance-trestle's typed OSCAL
mapping model before it is written, so a file govatlas writes always validates.
UUIDs are derived from content (UUID v5), so the same relationships export to
the same ids. IR 8477 set-theory types map to OSCAL's relationship tokens;
``related``, ``contrary`` and ``none`` are qualified by govatlas's namespace.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govatlas import __version__
from govatlas.errors import InvalidInputError
from govatlas.spreadsheet_cells import dict_writer, text_row
from govatlas.store.crosswalk_rows import standing_links

NAMESPACE = uuid.UUID("6f1f6a52-2b7e-5a1c-9d4e-7a0c5b1e9f00")
GOVATLAS_NS = "urn:govatlas:relationship"
OSCAL_RELATIONSHIP = {
    "equal": "equal-to",
    "subset": "subset-of",
    "superset": "superset-of",
    "intersects": "intersects-with",
}
OLIR_RELATIONSHIP = {
    "equal": "equal",
    "subset": "subset of",
    "superset": "superset of",
    "intersects": "intersects with",
    "none": "not related to",
    "related": "related to",
    "contrary": "contrary to",
}
OLIR_COLUMNS = (
    "Focal Document Element",
    "Focal Document Element Description",
    "Rationale",
    "Relationship",
    "Reference Document Element",
    "Reference Document Element Description",
    "Strength of Relationship",
    "Comments",
)


@dataclass(frozen=True)
class ExportRow:
    relationship_id: int
    source_instrument: str
    source_path: str
    source_text: str
    target_instrument: str
    target_path: str
    target_text: str
    type: str
    rationale_kind: str
    rationale: str
    confidence: float | None
    method: str
    author: str
    review_status: str
    citation: str


def export_rows(
    session: Session,
    citation: str | None = None,
    source_instrument: str | None = None,
    target_instrument: str | None = None,
    include_suggestions: bool = False,
) -> list[ExportRow]:
    """Relationships between provisions, filtered; suggestions only when asked."""
    rows = []
    links = standing_links(
        session, citation, source_instrument, target_instrument, include_suggestions
    )
    for rel, si, sp, ti, tp in links:
        rows.append(
            ExportRow(
                rel.id,
                si,
                sp.path,
                " ".join(sp.text.split())[:500],
                ti,
                tp.path,
                " ".join(tp.text.split())[:500],
                rel.type.value,
                rel.rationale_kind.value if rel.rationale_kind else "",
                rel.rationale or "",
                rel.confidence,
                rel.method.value,
                rel.author or "",
                rel.review_status.value,
                rel.citation or "",
            )
        )
    if not rows:
        raise InvalidInputError(
            "no relationships match", "import crosswalks or suggest some, then check the filters"
        )
    return rows


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "|".join(map(str, parts))))


def _map(row: ExportRow) -> dict[str, Any]:
    entry: dict[str, Any] = {"uuid": _uuid("map", row.relationship_id, row.type)}
    if row.type in OSCAL_RELATIONSHIP:
        entry["relationship"] = OSCAL_RELATIONSHIP[row.type]
    else:
        entry["ns"] = GOVATLAS_NS
        entry["relationship"] = row.type
    if row.rationale_kind:
        entry["matching-rationale"] = row.rationale_kind
    entry["sources"] = [{"type": "control", "id-ref": row.source_path}]
    entry["targets"] = [{"type": "control", "id-ref": row.target_path}]
    if row.confidence is not None:
        entry["confidence-score"] = {"percentage": row.confidence}
    entry["props"] = [
        {"name": "method", "ns": GOVATLAS_NS, "value": row.method},
        {"name": "review-status", "ns": GOVATLAS_NS, "value": row.review_status},
    ]
    remarks = "; ".join(x for x in (row.rationale, row.citation, row.author) if x)
    if remarks:
        entry["remarks"] = remarks
    return entry


def oscal_document(rows: Sequence[ExportRow], title: str) -> dict[str, Any]:
    """An OSCAL mapping-collection: one mapping per (source, target) instrument pair."""
    groups: dict[tuple[str, str], list[ExportRow]] = {}
    for row in rows:
        groups.setdefault((row.source_instrument, row.target_instrument), []).append(row)
    methods = {r.method for r in rows}
    mappings = [
        {
            "uuid": _uuid("mapping", source, target, *(r.relationship_id for r in group)),
            "source-resource": {"type": "catalog", "href": f"urn:govatlas:instrument:{source}"},
            "target-resource": {"type": "catalog", "href": f"urn:govatlas:instrument:{target}"},
            "maps": [_map(r) for r in group],
        }
        for (source, target), group in groups.items()
    ]
    return {
        "mapping-collection": {
            "uuid": _uuid("collection", *(r.relationship_id for r in rows)),
            "metadata": {
                "title": title,
                "last-modified": datetime.now(UTC).replace(microsecond=0).isoformat(),
                "version": __version__,
                "oscal-version": "1.2.1",
            },
            "provenance": {
                "method": "human" if methods == {"human"} else "hybrid",
                "matching-rationale": "semantic",
                "status": "complete",
                "mapping-description": (
                    "Provision-level relationships exported by govatlas (NIST IR 8477 set-theory "
                    "types; govatlas adds related, contrary and none)."
                ),
            },
            "mappings": mappings,
        }
    }


def validate_oscal(document: dict[str, Any]) -> None:
    """Raise ``InvalidInputError`` if ``document`` is not a valid OSCAL mapping collection."""
    from pydantic import ValidationError
    from trestle.oscal.mapping import Model

    try:
        Model.model_validate(document)
    except ValidationError as exc:
        raise InvalidInputError(
            f"the OSCAL document does not validate: {exc.errors()[0]['msg']}",
            "report this as a govatlas bug",
        ) from exc


def write_oscal(path: Path, rows: Sequence[ExportRow], title: str) -> None:
    document = oscal_document(rows, title)
    validate_oscal(document)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_csv(path: Path, rows: Sequence[ExportRow]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = dict_writer(handle, list(asdict(rows[0])))
        writer.writeheader()
        writer.writerows(asdict(r) for r in rows)


def write_olir(path: Path, rows: Sequence[ExportRow], title: str) -> None:
    """A workbook in the NIST OLIR (IR 8278A) layout: general information, relationships."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    info = book.active
    info.title = "General Information"
    for pair in (
        ("Informative Reference Name", title),
        ("Focal Document", ", ".join(sorted({r.source_instrument for r in rows}))),
        ("Reference Document", ", ".join(sorted({r.target_instrument for r in rows}))),
        ("Producer", f"govatlas {__version__}"),
        ("Relationships", len(rows)),
    ):
        text_row(info, pair)
    sheet = book.create_sheet("Relationships")
    text_row(sheet, OLIR_COLUMNS)
    for r in rows:
        text_row(
            sheet,
            (
                r.source_path,
                r.source_text,
                r.rationale_kind.title() if r.rationale_kind else "",
                OLIR_RELATIONSHIP[r.type],
                r.target_path,
                r.target_text,
                r.confidence if r.confidence is not None else "",
                "; ".join(x for x in (r.rationale, r.citation) if x),
            ),
        )
    book.save(path)
