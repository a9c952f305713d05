"""Store published crosswalks as human relationships between provisions.

Each item is resolved to a stored provision when govatlas holds the framework's
text (AI RMF functions, categories and subcategories; EU AI Act articles).
Items of frameworks whose text is not public (ISO clauses, AI Verify tests,
characteristic names) become lightweight *reference* provisions: one reference
version per instrument and crosswalk, holding the ids and titles the table gives.
Re-importing replaces a table's relationships, so the import is idempotent.
``import_published_tables`` is the run the build and the CLI call: every table of a
folder (or those named), each in its own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from govatlas.crosswalk.known_tables import read_published
from govatlas.crosswalk.published import Item, PublishedCrosswalk
from govatlas.errors import NotFoundError
from govatlas.ingest.pipeline import store_provisions
from govatlas.interrupts import Stop
from govatlas.records import ProvisionDraft
from govatlas.store.crosswalk_rows import text_provision_at
from govatlas.store.instruments import (
    REFERENCE_FORMAT,
    add_version,
    get_instrument,
    reading_version,
)
from govatlas.store.models import Relationship
from govatlas.store.session import transaction
from govatlas.store.versions import provision_ids_by_path
from govatlas.vocabulary import RelationshipMethod, RelationshipType, ReviewStatus

RMF_ID = re.compile(r"^(govern|map|measure|manage)(?:\s+(\d+(?:\.\d+)?))?$", re.IGNORECASE)
ARTICLE_ID = re.compile(r"^art(?:icle)?\.?\s*(\d+)$", re.IGNORECASE)


@dataclass
class ImportCount:
    key: str
    title: str
    pairs: int
    relationships: int
    resolved_items: int
    reference_items: int
    unmatched: int


def stored_path(item: Item) -> str | None:
    """The provision path that holds ``item`` in govatlas's own text, if any."""
    if item.instrument in ("nist-ai-rmf-1-0", "nist-ai-600-1"):
        match = RMF_ID.match(item.ref.strip())
        if match:
            return ".".join(p.lower() for p in match.groups() if p)
    if item.instrument == "eu-ai-act":
        match = ARTICLE_ID.match(item.ref.strip())
        if match:
            return f"art.{match.group(1)}"
    return None


def _slug(ref: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", ref.lower()).strip("-")[:120] or "item"


class ProvisionResolver:
    """Finds or creates the provision that stands for each crosswalk item."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.resolved = 0
        self.referenced = 0

    def stored(self, item: Item) -> int | None:
        path = stored_path(item)
        if path is None:
            return None
        return text_provision_at(self.session, item.instrument, path)

    def references(self, crosswalk: PublishedCrosswalk, items: Sequence[Item]) -> dict[Item, int]:
        """One reference version per instrument for the items with no stored text."""
        by_instrument: dict[str, list[Item]] = {}
        for item in items:
            by_instrument.setdefault(item.instrument, []).append(item)
        found: dict[Item, int] = {}
        for instrument, group in by_instrument.items():
            get_instrument(self.session, instrument)
            lines: list[str] = []
            drafts: list[ProvisionDraft] = []
            paths: dict[Item, str] = {}
            position = 0
            for item in group:
                base = path = _slug(item.ref)
                taken = set(paths.values())
                suffix = 1
                while path in taken:
                    suffix += 1
                    path = f"{base}-{suffix}"
                paths[item] = path
                line = item.text if item.text.startswith(item.ref) else f"{item.ref}: {item.text}"
                drafts.append(
                    ProvisionDraft(path, "reference", item.ref, position, position + len(line))
                )
                lines.append(line)
                position += len(line) + 1
            text = "\n".join(lines)
            version, created = add_version(
                self.session,
                instrument,
                text,
                format=REFERENCE_FORMAT,
                language="en",
                source_url=crosswalk.url,
                source="crosswalk",
                source_key=crosswalk.key,
            )
            if created:
                store_provisions(self.session, version, drafts)
            ids = provision_ids_by_path(self.session, version.id)
            found.update({item: ids[path] for item, path in paths.items()})
        return found

    def require_texts(self, crosswalk: PublishedCrosswalk, items: list[Item]) -> None:
        """Items of frameworks whose text govatlas ingests (the AI RMF, the EU AI Act)
        resolve to that text; importing before it is stored would file placeholder
        reference versions on the instrument instead, so it is refused."""
        for instrument in sorted({i.instrument for i in items if stored_path(i) is not None}):
            if reading_version(self.session, instrument, None) is None:
                raise NotFoundError(
                    f"the crosswalk {crosswalk.key} links provisions of {instrument}, "
                    "whose text is not ingested yet",
                    "ingest its source first (`govatlas build` does it in that order, "
                    "or `govatlas ingest --source nist --source eu-ai-act`)",
                )

    def resolve_all(self, crosswalk: PublishedCrosswalk) -> dict[Item, int]:
        items = list(dict.fromkeys(i for p in crosswalk.pairs for i in (p.source, p.target)))
        self.require_texts(crosswalk, items)
        found: dict[Item, int] = {}
        missing = []
        for item in items:
            provision = self.stored(item)
            if provision is None:
                missing.append(item)
            else:
                found[item] = provision
        self.resolved = len(found)
        self.referenced = len(missing)
        found.update(self.references(crosswalk, missing))
        return found


def import_crosswalk(session: Session, crosswalk: PublishedCrosswalk) -> ImportCount:
    """Replace ``crosswalk``'s relationships with the pairs it publishes."""
    resolver = ProvisionResolver(session)
    provisions = resolver.resolve_all(crosswalk)
    session.execute(delete(Relationship).where(Relationship.citation == crosswalk.citation))
    seen: set[tuple[int, int]] = set()
    rows = []
    for pair in crosswalk.pairs:
        key = (provisions[pair.source], provisions[pair.target])
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            Relationship(
                source_provision_id=key[0],
                target_provision_id=key[1],
                type=RelationshipType.RELATED,
                rationale=(
                    f"{crosswalk.title} ({crosswalk.provider}, {crosswalk.published}): "
                    "concept crosswalk, relationship type not characterised by the source"
                ),
                method=RelationshipMethod.HUMAN,
                author=crosswalk.provider,
                review_status=ReviewStatus.ACCEPTED,
                citation=crosswalk.citation,
            )
        )
    session.add_all(rows)
    session.flush()
    return ImportCount(
        crosswalk.key,
        crosswalk.title,
        len(crosswalk.pairs),
        len(rows),
        resolver.resolved,
        resolver.referenced,
        len(crosswalk.unmatched),
    )


def import_published_tables(
    engine: Engine, folder: Path, keys: list[str] | None = None, stop: Stop | None = None
) -> list[ImportCount]:
    """Import the published crosswalks of ``folder`` (every table, or those named), each
    table in its own transaction; ``stop`` (a deferred Ctrl-C) is checked between them."""
    counts = []
    for crosswalk in read_published(folder, keys):
        if stop is not None:
            stop.check("while importing the crosswalks")
        with transaction(engine) as session:
            counts.append(import_crosswalk(session, crosswalk))
    return counts
