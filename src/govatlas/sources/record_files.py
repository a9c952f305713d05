"""Sources kept as raw records: each CSV file a document, each row a record.

Used for data that later features interpret (FMTI scores and reports, MIT AI
risks, AIID incidents and classifications): the rows are stored faithfully,
keyed by the columns that identify them, so re-ingesting is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govatlas.ingest.formats import DocumentError
from govatlas.records import RecordDraft, SourceDocument, TaxonomyDraft
from govatlas.sources.mirror import source_folder
from govatlas.sources.tables import read_csv


@dataclass(frozen=True)
class RecordFile:
    """Rows of the files matching ``pattern`` become records of ``kind``.

    ``key_columns`` identify a row; with none, the file name and row number do.
    A ``{stem}`` in ``kind`` is replaced by the file's stem; ``key_with_stem``
    prefixes keys with it (for one kind spread over many files).
    """

    pattern: str
    kind: str
    key_columns: tuple[str, ...] = ()
    key_with_stem: bool = False
    first_column_is_key: bool = False  # when upstream headers are inconsistent


class RecordFilesConnector:
    name = ""
    description = ""
    folder = ""
    files: tuple[RecordFile, ...] = ()

    def _matches(self, root: Path) -> dict[str, tuple[RecordFile, Path]]:
        base = source_folder(root, self.folder)
        found: dict[str, tuple[RecordFile, Path]] = {}
        for spec in self.files:
            for path in sorted(base.glob(spec.pattern)):
                found.setdefault(str(path.relative_to(base)), (spec, path))
        return found

    def scan(self, root: Path) -> list[str]:
        return list(self._matches(root))

    def taxonomies(self, root: Path) -> list[TaxonomyDraft]:
        return []

    def load(self, root: Path, key: str) -> SourceDocument:
        matches = self._matches(root)
        if key not in matches:
            raise DocumentError(f"{self.name}: no file {key}", "check the mirror")
        spec, path = matches[key]
        rows = read_csv(path, set(spec.key_columns))
        kind = spec.kind.format(stem=path.stem)
        records = []
        seen: dict[str, int] = {}
        for number, row in enumerate(rows, 1):
            columns = (next(iter(row)),) if spec.first_column_is_key and row else spec.key_columns
            ident = "|".join((row[c] or "").strip() for c in columns) or f"{path.name}#{number}"
            if spec.key_with_stem:
                ident = f"{path.stem}|{ident}"
            seen[ident] = seen.get(ident, 0) + 1
            if seen[ident] > 1:
                ident = f"{ident}#{seen[ident]}"
            records.append(RecordDraft(kind, ident, row))
        return SourceDocument(self.name, key, f"{self.name} {key}", records=tuple(records))
