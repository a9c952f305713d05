"""AI-related laws enacted by the US Congress (CSET's list, with AGORA ids and tags).

Each row links to the AGORA instrument with the same id (created here if AGORA
itself was not ingested) and adds the list's tags as imported labels.
"""

from __future__ import annotations

from pathlib import Path

from govatlas.ingest.formats import DocumentError
from govatlas.records import (
    InstrumentDraft,
    LabelDraft,
    RecordDraft,
    SourceDocument,
    TaxonomyDraft,
)
from govatlas.sources.agora import tag_columns
from govatlas.sources.mirror import require_file, source_folder
from govatlas.sources.tables import keyed_rows
from govatlas.vocabulary import Binding, InstrumentType, LabelMethod, ReviewStatus

FILE = "ai_laws_enacted_by_congress.csv"
REQUIRED = frozenset({"AGORA ID", "Official name"})


class AgoraUsLawsConnector:
    name = "agora-us-laws"
    description = "AI laws enacted by the US Congress (CSET), AGORA ids and tags"
    folder = "agora_us_laws"

    def _rows(self, root: Path) -> dict[str, dict[str, str]]:
        path = require_file(source_folder(root, self.folder) / FILE)
        return keyed_rows(path, "AGORA ID", REQUIRED)

    def scan(self, root: Path) -> list[str]:
        return list(self._rows(root))

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        return []

    def load(self, root: Path, key: str) -> SourceDocument:
        row = self._rows(root).get(key)
        if row is None:
            raise DocumentError(f"{FILE} has no AGORA ID {key}", "check the id")
        title = " ".join(row["Official name"].split())
        labels = tuple(
            LabelDraft(
                "agora",
                column,
                LabelMethod.IMPORT,
                ReviewStatus.UNREVIEWED,
                f"{self.name}:{key} CSET list",
            )
            for column in tag_columns(list(row))
            if row[column].strip() == "True"
        )
        return SourceDocument(
            source=self.name,
            key=key,
            name=f"US law (AGORA {key})",
            instrument=InstrumentDraft(
                key=f"agora-{key}",
                title=title,
                short_name=(" ".join(row.get("Casual name", "").split()) or title)[:200],
                type=InstrumentType.LAW,
                binding=Binding.BINDING,
                jurisdiction="USA",
                external_ids={"agora": key},
                urls=tuple(
                    u for u in [row.get("Link to document", "").strip()] if u.startswith("http")
                ),
                summary=row.get("Short summary") or None,
            ),
            labels=labels,
            records=(RecordDraft("enacted-law", key, row),),
        )
