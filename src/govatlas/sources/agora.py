"""AGORA (ETO/CSET): AI-governance documents with metadata, full texts and 77 tags.

Each row of ``documents.csv`` becomes an instrument (or a version of a catalog
instrument with the same AGORA id), its full text a version, and its tag columns
document-level labels on the ``agora`` taxonomy whose provenance says whether
people validated them, annotated them, or whether they are unreviewed machine
output. The row itself is kept as a raw record.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pycountry

from govatlas.ingest.formats import DocumentError
from govatlas.sources.mirror import require_file, source_folder
from govatlas.sources.records import (
    ConceptDraft,
    EventDraft,
    InstrumentDraft,
    LabelDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
)
from govatlas.sources.tables import keyed_rows
from govatlas.vocabulary import Binding, InstrumentType, LabelMethod, LifecycleKind, ReviewStatus

TAG_GROUPS = ("Applications", "Harms", "Incentives", "Risk factors", "Strategies")
REQUIRED = frozenset(
    {
        "AGORA ID",
        "Official name",
        "Casual name",
        "Authority",
        "Most recent activity",
        "Most recent activity date",
        "Proposed date",
        "Annotated?",
        "Validated?",
    }
)
FIXED_JURISDICTIONS = {
    "European Union": "EU",
    "United Nations": "UN",
    "OECD": "OECD",
    "Other multinational": "INTL",
    "Private-sector companies": "INTL",
    "Chinese central government": "CHN",
    "Chinese provincial and local governments": "CHN",
    "New York, NY": "US-NY-NYC",
    "Other authorities": "UNSPECIFIED",
}
ACTIVITY_EVENTS = {
    "Enacted": LifecycleKind.ADOPTED,
    "Defunct": LifecycleKind.DEFUNCT,
    "Proposed": LifecycleKind.PROPOSED,
}


def tag_columns(columns: list[str]) -> list[str]:
    return [c for c in columns if c.split(":")[0] in TAG_GROUPS and ":" in c]


def tag_parent(tag: str, tags: set[str]) -> str:
    """``Strategies: Disclosure`` for ``Strategies: Disclosure: About inputs``; else the group."""
    prefix = tag.rsplit(": ", 1)[0]
    while prefix not in tags and ": " in prefix:
        prefix = prefix.rsplit(": ", 1)[0]
    return prefix


@cache
def _us_states() -> dict[str, str]:
    states = pycountry.subdivisions.get(country_code="US")  # type: ignore[no-untyped-call]
    return {s.name: s.code for s in states}


def _country_code(name: str) -> str | None:
    cleaned = re.sub(r"^(Government of )?(the )?", "", name)
    try:
        return str(pycountry.countries.lookup(cleaned).alpha_3)
    except LookupError:
        return None


def jurisdiction_for(authority: str, parents: dict[str, str]) -> str:
    """Jurisdiction id for an AGORA authority, using its parent in ``authorities.csv``."""
    if authority in FIXED_JURISDICTIONS:
        return FIXED_JURISDICTIONS[authority]
    parent = parents.get(authority, "")
    if parent == "State governments" or authority in _us_states():
        return _us_states().get(authority, "USA")
    if parent == "Local governments":
        state = authority.rsplit(",", 1)[-1].strip()
        return f"US-{state}" if f"US-{state}" in _us_states().values() else "USA"
    if parent == "Federal government" or authority in ("Federal government", "State governments"):
        return "USA"
    return _country_code(authority) or "UNSPECIFIED"


def instrument_kind(authority: str, parent: str, name: str, activity: str) -> InstrumentType:
    legislative = authority == "United States Congress" or parent == "State governments"
    if authority == "Private-sector companies":
        return InstrumentType.COMPANY_FRAMEWORK
    if legislative:
        return InstrumentType.LAW if activity == "Enacted" else InstrumentType.BILL
    if "executive order" in name.lower():
        return InstrumentType.EXECUTIVE_ORDER
    if authority in ("Chinese central government", "European Union"):
        return InstrumentType.REGULATION
    if authority == "United Nations":
        return InstrumentType.RESOLUTION
    if authority == "OECD":
        return InstrumentType.RECOMMENDATION
    if authority == "Other multinational":
        return InstrumentType.DECLARATION
    if "strategy" in name.lower() or "action plan" in name.lower():
        return InstrumentType.STRATEGY
    return InstrumentType.POLICY


BINDING_TYPES = {
    InstrumentType.LAW,
    InstrumentType.BILL,
    InstrumentType.REGULATION,
    InstrumentType.EXECUTIVE_ORDER,
}


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10]) if value.strip() else None
    except ValueError:
        return None


def _label_provenance(row: dict[str, str]) -> tuple[LabelMethod, ReviewStatus, str]:
    if row["Validated?"].lower() == "true":
        return LabelMethod.HUMAN, ReviewStatus.ACCEPTED, "validated"
    if row["Annotated?"].lower() == "true":
        return LabelMethod.HUMAN, ReviewStatus.UNREVIEWED, "annotated"
    return LabelMethod.MODEL, ReviewStatus.UNREVIEWED, "unreviewed machine tags"


class AgoraConnector:
    name = "agora"
    description = "AGORA documents, full texts and 77 human/machine tags (ETO, CSET)"
    folder = "agora"

    def _rows(self, root: Path) -> dict[str, dict[str, str]]:
        path = require_file(source_folder(root, self.folder) / "documents.csv")
        return keyed_rows(path, "AGORA ID", REQUIRED)

    def _parents(self, root: Path) -> dict[str, str]:
        path = source_folder(root, self.folder) / "authorities.csv"
        if not path.exists():
            return {}
        return {name: r.get("Parent authority", "") for name, r in keyed_rows(path, "Name").items()}

    def scan(self, root: Path) -> list[str]:
        return list(self._rows(root))

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        columns = list(next(iter(self._rows(root).values())).keys())
        tags = tag_columns(columns)
        groups = [ConceptDraft(g, g) for g in TAG_GROUPS]
        concepts = [ConceptDraft(t, t, parent=tag_parent(t, set(tags))) for t in tags]
        return [
            TaxonomyDraft(
                "agora",
                "AGORA tags",
                "The AGORA dataset's thematic tags (applications, harms, incentives, "
                "risk factors, strategies) as assigned by its annotators.",
                (*groups, *concepts),
            )
        ]

    def load(self, root: Path, key: str) -> SourceDocument:
        rows = self._rows(root)
        if key not in rows:
            raise DocumentError(f"AGORA document {key} is not in documents.csv", "check the id")
        row = rows[key]
        parents = self._parents(root)
        authority = row["Authority"].strip()
        activity = row["Most recent activity"].strip()
        kind = instrument_kind(
            authority, parents.get(authority, ""), row["Official name"], activity
        )
        events = []
        if proposed := _date(row["Proposed date"]):
            events.append(EventDraft(LifecycleKind.PROPOSED, proposed))
        recent = _date(row["Most recent activity date"])
        if recent and activity in ACTIVITY_EVENTS and activity != "Proposed":
            events.append(EventDraft(ACTIVITY_EVENTS[activity], recent))
        title = " ".join(row["Official name"].split()) or f"AGORA document {key}"
        instrument = InstrumentDraft(
            key=f"agora-{key}",
            title=title,
            short_name=(" ".join(row["Casual name"].split()) or title)[:200],
            type=kind,
            binding=Binding.BINDING if kind in BINDING_TYPES else Binding.NON_BINDING,
            jurisdiction=jurisdiction_for(authority, parents),
            external_ids={"agora": key},
            events=tuple(events),
            urls=tuple(
                u for u in [row.get("Link to document", "").strip()] if u.startswith("http")
            ),
            summary=row.get("Short summary") or None,
        )
        method, status, how = _label_provenance(row)
        labels = tuple(
            LabelDraft("agora", column, method, status, f"agora:{key} {how}")
            for column in tag_columns(list(row))
            if row[column].strip() == "True"
        )
        text_path = source_folder(root, self.folder) / "fulltext" / f"{key}.txt"
        text = text_path.read_text(encoding="utf-8") if text_path.exists() else None
        return SourceDocument(
            source=self.name,
            key=key,
            name=f"AGORA {key}",
            instrument=instrument,
            text=text,
            format="txt",
            source_url=row.get("Official plaintext source") or None,
            labels=labels,
            records=(RecordDraft("document", key, row),),
        )
