"""Ingest with the parsing on a two-worker cluster stores what ``govatlas ingest``
stores, and a second run finds every document unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from govatlas.batch.ingesting import ingest_on_cluster, parse_partition
from govatlas.build import build_atlas
from govatlas.cli import app
from govatlas.ingest.runner import Reporter, run_sources
from govatlas.sources import get_connector
from govatlas.store.engine import make_engine
from govatlas.store.models import InstrumentVersion, Provision
from govatlas.store.session import transaction
from tests.conftest import FIXTURE_CATALOG, FIXTURE_MIRROR, FIXTURE_SOURCES, fresh_database

if TYPE_CHECKING:
    from distributed import Client

runner = CliRunner(env={"COLUMNS": "240"})


def _stored(engine: Engine) -> set[tuple[str, str, str, int, int, str | None]]:
    """Every provision as (instrument, content hash, path, start, end, language)."""
    with transaction(engine) as session:
        rows = session.execute(
            select(
                InstrumentVersion.instrument_id,
                InstrumentVersion.content_hash,
                Provision.path,
                Provision.start_offset,
                Provision.end_offset,
                InstrumentVersion.language,
            ).join(Provision, Provision.version_id == InstrumentVersion.id)
        )
        return {tuple(row) for row in rows}  # type: ignore[misc]


def test_parsing_on_the_cluster_stores_what_ingest_stores(
    built: Engine, cluster: Client, tmp_path: Path
) -> None:
    summaries = ingest_on_cluster(
        built, cluster, list(FIXTURE_SOURCES), FIXTURE_MIRROR, Reporter(), partition_size=2
    )
    assert [f for s in summaries for f in s.failures] == []
    assert sum(s.versions_created for s in summaries) > 5
    on_cluster = _stored(built)
    # a second run: every document unchanged
    again = ingest_on_cluster(built, cluster, list(FIXTURE_SOURCES), FIXTURE_MIRROR, Reporter())
    assert sum(s.versions_created for s in again) == 0
    assert sum(s.unchanged for s in again) == sum(s.documents for s in summaries)
    assert _stored(built) == on_cluster
    # ``govatlas ingest`` of the same sources into another store: the same provisions
    with fresh_database(tmp_path) as url:
        serial = make_engine(url, create=True)
        try:
            build_atlas(serial, FIXTURE_CATALOG)
            connectors = [get_connector(name) for name in FIXTURE_SOURCES]
            run_sources(serial, connectors, FIXTURE_MIRROR, Reporter())
            assert _stored(serial) == on_cluster
        finally:
            serial.dispose()


def test_a_document_that_fails_to_load_comes_back_as_its_error() -> None:
    source = FIXTURE_SOURCES[0]
    parsed = parse_partition(source, str(FIXTURE_MIRROR), ("no-such-document-key",))
    assert parsed[0].document is None and parsed[0].failure


def test_batch_ingest_on_the_command_line(built: Engine, env_db: str) -> None:
    result = runner.invoke(
        app,
        [
            "batch",
            "ingest",
            *[arg for name in FIXTURE_SOURCES for arg in ("--source", name)],
            "--mirror",
            str(FIXTURE_MIRROR),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Ingest summary" in result.output
    nothing = runner.invoke(app, ["batch", "ingest"])
    assert nothing.exit_code == 3 and "name a source with --source, or --all" in nothing.output
