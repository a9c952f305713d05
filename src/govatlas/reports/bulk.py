"""The whole release as files: CSV, JSON Lines, Parquet and one SQLite database.

Five tables, each described column by column in ``dictionary.csv`` (and in
``metadata.json``, which datasette reads: ``datasette govatlas.sqlite --metadata
metadata.json``): instruments, provisions (each instrument's newest stored text),
labels (with who or what gave each and, for machine labels, whether the classifier
behind it is below its precision floor), relationships (crosswalks between provisions
or concepts) and adherence (states' acts towards international instruments).
``release.json`` names the release the files are cut from (tag, content hash, counts).
In the CSV files a cell that would start a spreadsheet formula gets a leading quote
(``spreadsheet_cells``); JSON Lines, Parquet and SQLite keep every text as it is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from govatlas.classify.measured.experimental import (
    ConceptQuality,
    label_note,
    saved_qualities,
)
from govatlas.config import models_dir
from govatlas.dates import dated
from govatlas.errors import GovatlasError, InvalidInputError
from govatlas.spreadsheet_cells import csv_writer, dict_writer
from govatlas.store.adherence import adherence_facts
from govatlas.store.instrument_lists import first_date_precisions
from govatlas.store.models import DatasetRelease
from govatlas.store.release_tables import (
    instruments_with_places,
    labels_with_concepts,
    newest_text_provisions,
    relationships_with_ends,
)
from govatlas.store.releases import data_hash, newest_release

FORMATS = ("csv", "json", "parquet", "sqlite")
SQLITE_FILE = "govatlas.sqlite"
Row = tuple[Any, ...]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # "text", "integer", "real"
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Session], Iterator[Row]]


def _instruments(session: Session) -> Iterator[Row]:
    first = first_date_precisions(session, None)
    for instrument, place in instruments_with_places(session):
        day, known = first.get(instrument.id, (None, "day"))
        yield (
            instrument.id,
            instrument.short_name,
            instrument.title,
            instrument.type.value,
            instrument.binding.value,
            instrument.status.value,
            instrument.jurisdiction_id,
            place,
            dated(day, known) or None,
            " ".join(instrument.official_urls or []) or None,
            " ".join(instrument.languages or []) or None,
        )


def _provisions(session: Session) -> Iterator[Row]:
    for provision, instrument in newest_text_provisions(session):
        yield (
            provision.id,
            instrument,
            provision.version_id,
            provision.path,
            provision.kind,
            provision.heading,
            provision.language,
            provision.parent_id,
            provision.text,
        )


def _qualities() -> dict[str, ConceptQuality]:
    try:
        return saved_qualities(models_dir())
    except GovatlasError:
        return {}


def _labels(session: Session) -> Iterator[Row]:
    qualities = _qualities()
    for label, taxonomy, name in labels_with_concepts(session):
        note = label_note(qualities, taxonomy, name, label.model_id, label.concept_id)
        yield (
            label.id,
            label.instrument_id,
            label.provision_id,
            label.concept_id,
            taxonomy,
            label.method.value,
            label.model_id,
            label.score,
            label.review_status.value,
            1 if note else 0,
            note or None,
        )


def _relationships(session: Session) -> Iterator[Row]:
    for (
        rel,
        source_instrument,
        source_path,
        target_instrument,
        target_path,
    ) in relationships_with_ends(session):
        yield (
            rel.id,
            source_instrument,
            source_path,
            rel.source_concept_id,
            rel.type.value,
            target_instrument,
            target_path,
            rel.target_concept_id,
            rel.method.value,
            rel.confidence,
            rel.review_status.value,
            rel.author,
            rel.citation,
        )


def _adherence(session: Session) -> Iterator[Row]:
    for fact in adherence_facts(session):
        yield (
            fact.instrument_id,
            fact.party,
            fact.act.value,
            dated(fact.date, fact.precision) or None,
            fact.source_url,
            fact.note,
        )


def _c(name: str, kind: str, description: str) -> Column:
    return Column(name, kind, description)


TABLES = (
    Table(
        "instruments",
        "Every instrument in the store: laws, bills, strategies, standards, treaties, "
        "company frameworks.",
        (
            _c("id", "text", "govatlas id, stable across releases"),
            _c("short_name", "text", "short name"),
            _c("title", "text", "full title"),
            _c("type", "text", "law, bill, regulation, executive_order, strategy, ..."),
            _c("binding", "text", "binding or non_binding (a bill is a binding proposal)"),
            _c("status", "text", "proposed, adopted, partly_in_force, in_force, repealed, defunct"),
            _c("jurisdiction_id", "text", "ISO 3166 code, subdivision code or body id"),
            _c("jurisdiction", "text", "jurisdiction name"),
            _c("first_date", "text", "first lifecycle date, at its precision (2021, 2021-05)"),
            _c("official_urls", "text", "official sources, space-separated"),
            _c("languages", "text", "languages of the stored texts, space-separated"),
        ),
        _instruments,
    ),
    Table(
        "provisions",
        "Each instrument's newest stored text, provision by provision (articles, "
        "paragraphs, points, sections).",
        (
            _c("id", "integer", "provision id (cite with the release)"),
            _c("instrument_id", "text", "instruments.id"),
            _c("version_id", "integer", "the stored version (text) it belongs to"),
            _c("path", "text", "its place in the text, e.g. art.53.1.c"),
            _c("kind", "text", "article, paragraph, point, section, recital, ..."),
            _c("heading", "text", "its heading, when it has one"),
            _c("language", "text", "language of the text (ISO 639-1)"),
            _c("parent_id", "integer", "the provision it is part of"),
            _c("text", "text", "the text, with its parts"),
        ),
        _provisions,
    ),
    Table(
        "labels",
        "Concepts of the taxonomies attached to instruments or provisions, by people, "
        "source datasets or models.",
        (
            _c("id", "integer", "label id"),
            _c("instrument_id", "text", "instruments.id (instrument-level labels)"),
            _c("provision_id", "integer", "provisions.id (provision-level labels)"),
            _c("concept_id", "text", "taxonomy:concept"),
            _c("taxonomy", "text", "fli-blocks, fli-risks, agora, oecd, un, mit-risk, ..."),
            _c("method", "text", "human, import (a source dataset's tag) or model"),
            _c("model_id", "text", "the model that gave it (machine labels)"),
            _c("score", "real", "the model's probability (machine labels)"),
            _c("review_status", "text", "unreviewed, accepted or rejected"),
            _c("experimental", "integer", "1: its classifier is below its precision floor"),
            _c("experimental_note", "text", "the measured figures behind the flag"),
        ),
        _labels,
    ),
    Table(
        "relationships",
        "Crosswalk relationships between provisions or concepts: published tables, "
        "people's decisions and machine suggestions.",
        (
            _c("id", "integer", "relationship id"),
            _c("source_instrument", "text", "instrument of the source provision"),
            _c("source_path", "text", "path of the source provision"),
            _c("source_concept", "text", "source concept, for concept-level links"),
            _c("type", "text", "equivalent, narrower, broader, related, conflicts, ..."),
            _c("target_instrument", "text", "instrument of the target provision"),
            _c("target_path", "text", "path of the target provision"),
            _c("target_concept", "text", "target concept, for concept-level links"),
            _c("method", "text", "who made it: a published crosswalk, a person or a model"),
            _c("confidence", "real", "a model's probability (machine suggestions)"),
            _c("review_status", "text", "unreviewed, accepted or rejected"),
            _c("author", "text", "the crosswalk's author or the reviewer"),
            _c("citation", "text", "where the published crosswalk comes from"),
        ),
        _relationships,
    ),
    Table(
        "adherence",
        "States' and bodies' acts towards international instruments (signed, ratified, "
        "endorsed, member...). No row is no record, not a checked absence.",
        (
            _c("instrument_id", "text", "instruments.id"),
            _c("party", "text", "jurisdiction id of the state or body"),
            _c("act", "text", "signed, ratified, adhered, endorsed, member, ..."),
            _c("date", "text", "date of the act, at its precision"),
            _c("source_url", "text", "where the act is recorded"),
            _c("note", "text", "anything the source qualifies"),
        ),
        _adherence,
    ),
)


@dataclass(frozen=True)
class DumpSummary:
    folder: Path
    release: str
    rows: dict[str, int]
    files: list[Path]


def chosen_formats(text: str) -> list[str]:
    """``csv,json`` -> ["csv", "json"]; a clear error for a format not offered."""
    chosen = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise InvalidInputError(
            f"unknown dump format {', '.join(unknown) or repr(text)}",
            f"choose among: {', '.join(FORMATS)}",
        )
    return chosen


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _release(session: Session) -> DatasetRelease:
    """The release the store's data is: the newest, if nothing changed since it."""
    release = newest_release(session)
    if release is None:
        raise GovatlasError(
            "no dataset release to dump", "run `govatlas release create` (or `govatlas build`)"
        )
    if release.content_hash != data_hash(session):
        raise GovatlasError(
            f"the store changed since release {release.tag}: a dump would not be that release",
            "run `govatlas release create` first",
        )
    return release


def dictionary_rows() -> list[dict[str, str]]:
    return [
        {
            "table": table.name,
            "column": column.name,
            "type": column.kind,
            "description": column.description,
        }
        for table in TABLES
        for column in table.columns
    ]


def datasette_metadata(release: DatasetRelease) -> dict[str, Any]:
    return {
        "title": f"govatlas release {release.tag}",
        "description": f"Content hash {release.content_hash}. Cite ids with the release.",
        "databases": {
            SQLITE_FILE.removesuffix(".sqlite"): {
                "tables": {
                    table.name: {
                        "description": table.description,
                        "columns": {c.name: c.description for c in table.columns},
                    }
                    for table in TABLES
                }
            }
        },
    }


class _Writers:
    """One open file per (table, format) for the text formats; batches for the others."""

    def __init__(self, folder: Path, table: Table, formats: Sequence[str]) -> None:
        self.table = table
        self.names = [c.name for c in table.columns]
        self.csv_file = self.json_file = None
        self.csv: Any = None
        self.batches: list[Row] = []
        self.keep = "parquet" in formats or "sqlite" in formats
        if "csv" in formats:
            self.csv_file = (folder / f"{table.name}.csv").open("w", newline="", encoding="utf-8")
            self.csv = csv_writer(self.csv_file)
            self.csv.writerow(self.names)
        if "json" in formats:
            self.json_file = (folder / f"{table.name}.jsonl").open("w", encoding="utf-8")

    def add(self, row: Row) -> None:
        if self.csv is not None:
            self.csv.writerow(["" if v is None else v for v in row])
        if self.json_file is not None:
            record = {k: _json_value(v) for k, v in zip(self.names, row, strict=True)}
            self.json_file.write(json.dumps(record, ensure_ascii=False) + "\n")
        if self.keep:
            self.batches.append(row)

    def close(self) -> None:
        for handle in (self.csv_file, self.json_file):
            if handle is not None:
                handle.close()


def _write_parquet(folder: Path, table: Table, rows: list[Row]) -> Path:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise GovatlasError("Parquet needs pyarrow", "pip install pyarrow") from exc
    types = {"text": pa.string(), "integer": pa.int64(), "real": pa.float64()}
    schema = pa.schema([(c.name, types[c.kind]) for c in table.columns])
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in table.columns]
    arrays = [
        pa.array([_json_value(v) for v in values], type=schema.field(i).type)
        for i, values in enumerate(columns)
    ]
    path = folder / f"{table.name}.parquet"
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path, compression="zstd")
    return path


# Columns datasette facets and joins on, indexed in the SQLite file.
SQLITE_INDEXES = {
    "provisions": ("instrument_id",),
    "labels": ("instrument_id", "concept_id", "provision_id"),
    "relationships": ("source_instrument", "target_instrument"),
    "adherence": ("instrument_id", "party"),
}


def _write_sqlite(db: sqlite3.Connection, table: Table, rows: list[Row]) -> None:
    kinds = {"text": "TEXT", "integer": "INTEGER", "real": "REAL"}
    columns = ", ".join(f'"{c.name}" {kinds[c.kind]}' for c in table.columns)
    db.execute(f'CREATE TABLE "{table.name}" ({columns})')
    marks = ", ".join("?" for _ in table.columns)
    db.executemany(
        f'INSERT INTO "{table.name}" VALUES ({marks})',
        ([_json_value(v) for v in row] for row in rows),
    )
    for column in SQLITE_INDEXES.get(table.name, ()):
        db.execute(f'CREATE INDEX "ix_{table.name}_{column}" ON "{table.name}" ("{column}")')


def write_dump(
    session: Session,
    folder: Path,
    formats: Sequence[str],
    progress: Callable[[str, int], None] = lambda _table, _rows: None,
) -> DumpSummary:
    """Write the tables in ``formats`` into ``folder`` (created; files there are replaced)."""
    release = _release(session)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    counts: dict[str, int] = {}
    db: sqlite3.Connection | None = None
    if "sqlite" in formats:
        target = folder / SQLITE_FILE
        target.unlink(missing_ok=True)
        db = sqlite3.connect(target)
        files.append(target)
    try:
        for table in TABLES:
            writers = _Writers(folder, table, formats)
            try:
                for row in table.rows(session):
                    writers.add(row)
                    counts[table.name] = counts.get(table.name, 0) + 1
            finally:
                writers.close()
            counts.setdefault(table.name, 0)
            if "csv" in formats:
                files.append(folder / f"{table.name}.csv")
            if "json" in formats:
                files.append(folder / f"{table.name}.jsonl")
            if "parquet" in formats:
                files.append(_write_parquet(folder, table, writers.batches))
            if db is not None:
                _write_sqlite(db, table, writers.batches)
            progress(table.name, counts[table.name])
        if db is not None:
            db.commit()
    finally:
        if db is not None:
            db.close()
    dictionary = folder / "dictionary.csv"
    with dictionary.open("w", newline="", encoding="utf-8") as handle:
        writer = dict_writer(handle, ["table", "column", "type", "description"])
        writer.writeheader()
        writer.writerows(dictionary_rows())
    metadata = folder / "metadata.json"
    metadata.write_text(json.dumps(datasette_metadata(release), indent=1), encoding="utf-8")
    manifest = folder / "release.json"
    manifest.write_text(
        json.dumps(
            {
                "release": release.tag,
                "release_id": release.id,
                "content_hash": release.content_hash,
                "frozen_at": release.created_at.isoformat(),
                "dumped_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "rows": counts,
                "formats": list(formats),
                "note": "Cite ids with the release; each source keeps its own licence.",
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    files += [dictionary, metadata, manifest]
    return DumpSummary(folder, release.tag, counts, files)
