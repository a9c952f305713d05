"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when
GOVATLAS_TEST_DB names a server), the fixture catalog, and the real corpus.

On PostgreSQL every test gets its own schema (dropped afterwards), so tests are
isolated without creating databases.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from govatlas.build import build_atlas
from govatlas.config import Settings
from govatlas.crosswalk.importer import import_crosswalk
from govatlas.crosswalk.registry import read_published
from govatlas.ingest.runner import Reporter, SourceSummary, run_sources
from govatlas.sources import connectors, get_connector
from govatlas.store.engine import make_engine
from govatlas.store.migrate import upgrade
from govatlas.store.session import transaction

FIXTURES = Path(__file__).parent / "fixtures"


class CorpusStore(NamedTuple):
    engine: Engine
    summaries: dict[str, SourceSummary]


FIXTURE_CATALOG = FIXTURES / "catalog"
FIXTURE_MIRROR = FIXTURES / "mirror"
FIXTURE_SOURCES = ("agora", "eu-ai-act", "nist", "laws")
TEST_DB = os.environ.get("GOVATLAS_TEST_DB", "")


def _pg_conninfo(url: str) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """URL of an empty database: an SQLite file in ``folder``, or a new PostgreSQL schema."""
    if not TEST_DB:
        yield f"sqlite:///{folder / 'govatlas.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    conninfo = _pg_conninfo(TEST_DB)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in TEST_DB else "?"
    try:
        yield f"{TEST_DB}{separator}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """An empty database for one test."""
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    """An engine whose database is at the newest schema revision."""
    upgrade(engine)
    return engine


@pytest.fixture
def built(migrated: Engine) -> Engine:
    """A database built from the fixture catalog."""
    build_atlas(migrated, FIXTURE_CATALOG)
    return migrated


@pytest.fixture
def ingested(built: Engine) -> Engine:
    """The fixture catalog plus the miniature mirror's AGORA, EU AI Act, NIST and laws."""
    connectors = [get_connector(name) for name in FIXTURE_SOURCES]
    summaries = run_sources(built, connectors, FIXTURE_MIRROR, Reporter())
    assert [f for s in summaries for f in s.failures] == []
    return built


@pytest.fixture
def crosswalked(ingested: Engine) -> Engine:
    """The ingested fixture store with the miniature mirror's crosswalks imported."""
    for crosswalk in read_published(FIXTURE_MIRROR / "crosswalks"):
        with transaction(ingested) as session:
            import_crosswalk(session, crosswalk)
    return ingested


@pytest.fixture
def env_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point GOVATLAS_DB at the test database and GOVATLAS_MIRROR at the miniature mirror."""
    monkeypatch.setenv("GOVATLAS_DB", db_url)
    monkeypatch.setenv("GOVATLAS_MIRROR", str(FIXTURE_MIRROR))
    return db_url


@pytest.fixture(scope="session")
def corpus_store(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CorpusStore]:
    """The packaged catalog plus every source of the real corpus, built once per session."""
    with fresh_database(tmp_path_factory.mktemp("corpus")) as url:
        engine = make_engine(url)
        build_atlas(engine)
        summaries = run_sources(engine, list(connectors().values()), corpus_dir, Reporter())
        yield CorpusStore(engine, {s.source: s for s in summaries})
        engine.dispose()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The real shared corpus; skipped without it, except in CI where it must exist."""
    mirror = Settings().mirror_dir
    if mirror is not None and mirror.is_dir():
        return mirror
    reason = "the shared corpus was not found (set GOVATLAS_MIRROR or check out ../shared)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the corpus tests")
    pytest.skip(reason)


def pytest_configure(config: pytest.Config) -> None:
    """Keep saved models and default databases of the tests out of the user's data folder."""
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="govatlas-test-data-")


def pytest_report_header() -> str:
    where = make_url(TEST_DB).render_as_string() if TEST_DB else "SQLite (temporary files)"
    return f"govatlas test database: {where}"
