"""AGORA (ETO/CSET): AI-governance documents with metadata, full texts and 77 tags.

Each row of ``documents.csv`` becomes an instrument (or a version of a catalog
instrument with the same AGORA id), its full text a version, and its tag columns
document-level labels on the ``agora`` taxonomy whose provenance says whether
people validated them, annotated them, or whether they are unreviewed machine
output. The row itself is kept as a raw record.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pycountry

from govatlas.catalog.countries import country_code
from govatlas.ingest.formats import DocumentError
from govatlas.records import (
    ConceptDraft,
    EventDraft,
    InstrumentDraft,
    LabelDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
)
from govatlas.sources.agora_kinds import (
    BINDING_TYPES,
    Kind,
    instrument_kind,
    jurisdiction_from_title,
    lifecycle,
    place_in_name,
)
from govatlas.sources.agora_table import TableFacts, table_facts, with_dropped_section
from govatlas.sources.bill_sessions import settled
from govatlas.sources.bill_stages import draft_of_enacted
from govatlas.sources.court_actions import with_court_actions
from govatlas.sources.effective_dates import with_stated_commencement
from govatlas.sources.mirror import require_file, source_folder
from govatlas.sources.status_facts import with_status_facts
from govatlas.sources.tables import keyed_rows
from govatlas.vocabulary import InstrumentType, LabelMethod, ReviewStatus

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


def jurisdiction_for(authority: str, parents: dict[str, str], name: str = "") -> str:
    """Jurisdiction id for an AGORA authority, using its parent in ``authorities.csv``.

    Documents AGORA files under "Other authorities" (or an authority govatlas
    cannot place) are placed by the one country their title names, if any.
    """
    if authority in FIXED_JURISDICTIONS and FIXED_JURISDICTIONS[authority] != "UNSPECIFIED":
        return place_in_name(FIXED_JURISDICTIONS[authority], name)
    parent = parents.get(authority, "")
    if parent == "State governments" or authority in _us_states():
        return _us_states().get(authority, "USA")
    if parent == "Local governments":
        state = authority.rsplit(",", 1)[-1].strip()
        return f"US-{state}" if f"US-{state}" in _us_states().values() else "USA"
    if parent == "Federal government" or authority in ("Federal government", "State governments"):
        return "USA"
    return country_code(authority) or jurisdiction_from_title(name) or "UNSPECIFIED"


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


def us_legislature(authority: str, parent: str) -> str | None:
    """ "congress" or "state" for a US legislature's measures, else None."""
    if authority == "United States Congress":
        return "congress"
    return "state" if parent == "State governments" else None


SESSION_BOUND_TYPES = frozenset({InstrumentType.BILL, InstrumentType.RESOLUTION})


def document_events(
    key: str,
    row: dict[str, str],
    kind: Kind,
    legislature: str | None,
    facts: TableFacts,
) -> tuple[EventDraft, ...]:
    """A document's lifecycle: AGORA's dates, then what they leave out (docs/legal-status.md):
    the facts recorded for this document, a proposed section of an enacted bill dropped, a
    US measure's session ended, and court orders."""
    authority, activity = row["Authority"].strip(), row["Most recent activity"].strip()
    recent = _date(row["Most recent activity date"])
    events = lifecycle(authority, kind, activity, _date(row["Proposed date"]), recent)
    events = with_status_facts("agora", key, events)
    events = with_dropped_section(events, facts.enacted_bill.get(key))
    if legislature and kind.type in SESSION_BOUND_TYPES:
        events = settled(events, legislature == "congress", facts.snapshot)
    return with_court_actions("agora", key, events)


# How far a document got, for choosing among AGORA's duplicates: the furthest stands.
ACTIVITY_RANK = {"Enacted": 3, "Proposed": 2, "Defunct": 1}


def duplicate_ids(rows: dict[str, dict[str, str]]) -> set[str]:
    """AGORA ids of documents listed twice: the same official name and the same
    plaintext source (one NDAA section under two ids; a section of the One Big
    Beautiful Bill Act once as the bill and once as the law). Of each group the one
    that got furthest (enacted, then proposed, then defunct; then the lowest id) stands
    and the others are left out, so that one text is one instrument, counted once."""
    groups: dict[tuple[str, str], list[str]] = {}
    for key, row in rows.items():
        url = (row.get("Official plaintext source") or "").split("#", 1)[0].strip().rstrip("/")
        name = " ".join(row.get("Official name", "").lower().split())
        if url and name:
            groups.setdefault((name, url), []).append(key)
    dropped: set[str] = set()
    for keys in groups.values():
        if len(keys) < 2:
            continue
        ranked = sorted(
            keys,
            key=lambda k: (
                -ACTIVITY_RANK.get(rows[k].get("Most recent activity", "").strip(), 0),
                int(k) if k.isdigit() else 0,
                k,
            ),
        )
        dropped.update(ranked[1:])
    return dropped


class AgoraConnector:
    name = "agora"
    description = "AGORA documents, full texts and 77 human/machine tags (ETO, CSET)"
    folder = "agora"

    def _rows(self, root: Path) -> dict[str, dict[str, str]]:
        path = require_file(source_folder(root, self.folder) / "documents.csv")
        return keyed_rows(path, "AGORA ID", REQUIRED)

    def _facts(self, root: Path) -> TableFacts:
        path = require_file(source_folder(root, self.folder) / "documents.csv")
        return _table_facts(path, path.stat().st_mtime_ns)

    def _text(self, root: Path, key: str, row: dict[str, str]) -> str | None:
        """The document's full text; none where it is an earlier stage of an enacted bill."""
        path = source_folder(root, self.folder) / "fulltext" / f"{key}.txt"
        enacted = row["Most recent activity"].strip() == "Enacted"
        if not path.exists() or draft_of_enacted(row.get("Official plaintext source"), enacted):
            return None  # an earlier stage of the bill is not the law's text
        return path.read_text(encoding="utf-8")

    def _parents(self, root: Path) -> dict[str, str]:
        path = source_folder(root, self.folder) / "authorities.csv"
        if not path.exists():
            return {}
        return {name: r.get("Parent authority", "") for name, r in keyed_rows(path, "Name").items()}

    def scan(self, root: Path) -> list[str]:
        """Every document, less the duplicates AGORA lists twice (``duplicate_ids``)."""
        rows = self._rows(root)
        dropped = duplicate_ids(rows)
        return [key for key in rows if key not in dropped]

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
        name = row["Official name"]
        parent = parents.get(authority, "")
        kind = instrument_kind(authority, parent, name, activity, row.get("Casual name", ""))
        facts = self._facts(root)
        events = document_events(key, row, kind, us_legislature(authority, parent), facts)
        text = self._text(root, key, row)
        if kind.type in BINDING_TYPES:
            events = with_stated_commencement(events, text, facts.snapshot)
        title = " ".join(name.split()) or f"AGORA document {key}"
        instrument = InstrumentDraft(
            key=f"agora-{key}",
            title=title,
            short_name=(" ".join(row["Casual name"].split()) or title)[:200],
            type=kind.type,
            binding=kind.binding,
            jurisdiction=jurisdiction_for(authority, parents, title),
            external_ids={"agora": key},
            events=events,
            urls=tuple(
                u for u in [row.get("Link to document", "").strip()] if u.startswith("http")
            ),
            summary=row.get("Short summary") or None,
            public_authority=kind.public,
        )
        method, status, how = _label_provenance(row)
        labels = tuple(
            LabelDraft("agora", column, method, status, f"agora:{key} {how}")
            for column in tag_columns(list(row))
            if row[column].strip() == "True"
        )
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


@cache
def _table_facts(path: Path, _mtime: int) -> TableFacts:
    return table_facts(keyed_rows(path, "AGORA ID", REQUIRED))
