"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when
GOVATLAS_TEST_DB names a server), the fixture catalog, and the real corpus.

Every test gets its own database. The fixtures ``migrated``, ``built``,
``ingested``, ``crosswalked``, ``suggested``, ``web_store``, ``suggested_store``,
``registry_demo`` and ``command_built`` are stages: each is built once per session
as a template, and a test's database starts as a copy of the deepest stage it asks
for (a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL, whose role
therefore needs the CREATEDB privilege).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from pathlib import Path
from typing import NamedTuple

import psycopg
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url

from govatlas.accounts.users import add_user
from govatlas.build import build_atlas
from govatlas.config import Settings
from govatlas.crosswalk.importer import import_crosswalk
from govatlas.crosswalk.known_tables import read_published
from govatlas.crosswalk.suggest import suggest_crosswalk
from govatlas.i18n import corrections
from govatlas.ingest.runner import Reporter, SourceSummary, run_sources
from govatlas.registry.demo import load_demo
from govatlas.sources import connectors, get_connector
from govatlas.store.engine import make_engine
from govatlas.store.migrate import upgrade
from govatlas.store.models import Label, LabelEvidence, Provision
from govatlas.store.releases import create_release
from govatlas.store.session import transaction
from govatlas.vocabulary import LabelMethod

FIXTURES = Path(__file__).parent / "fixtures"


class CorpusStore(NamedTuple):
    engine: Engine
    summaries: dict[str, SourceSummary]


FIXTURE_CATALOG = FIXTURES / "catalog"
FIXTURE_MIRROR = FIXTURES / "mirror"
FIXTURE_SOURCES = ("agora", "eu-ai-act", "nist", "laws")
# The web tests' reviewer (``web_store``): signing in uses these.
REVIEWER, PASSWORD = "ana", "correct horse battery staple"
TEST_DB = os.environ.get("GOVATLAS_TEST_DB", "")
# Marked tests that run on SQLite only (see ``pytest_collection_modifyitems``).
SQLITE_ONLY_MARKERS = ("browser", "engine_neutral")


def _pg_conninfo(url: str) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


@contextmanager
def fresh_database(folder: Path, template: str | None = None) -> Iterator[str]:
    """URL of a new database, empty or a copy of ``template`` (a URL made here).

    SQLite: a new file in ``folder``. PostgreSQL: a new database on the server,
    copied by the server itself from the template, dropped afterwards.
    """
    name = f"govatlas_t_{uuid.uuid4().hex[:12]}"
    if not TEST_DB:
        path = folder / f"{name}.db"
        if template is not None:
            with (
                closing(sqlite3.connect(make_url(template).database or "")) as source,
                closing(sqlite3.connect(path)) as copy,
            ):
                source.backup(copy)
        yield f"sqlite:///{path}"
        return
    copied = f' TEMPLATE "{make_url(template).database}"' if template else ""
    conninfo = _pg_conninfo(TEST_DB)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copied}')
    try:
        yield make_url(TEST_DB).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _build_fixture_catalog(engine: Engine) -> None:
    build_atlas(engine, FIXTURE_CATALOG)


def _ingest_fixture_mirror(engine: Engine) -> None:
    connectors = [get_connector(name) for name in FIXTURE_SOURCES]
    summaries = run_sources(engine, connectors, FIXTURE_MIRROR, Reporter())
    assert [f for s in summaries for f in s.failures] == []


def _import_fixture_crosswalks(engine: Engine) -> None:
    for crosswalk in read_published(FIXTURE_MIRROR / "crosswalks"):
        with transaction(engine) as session:
            import_crosswalk(session, crosswalk)


def _prepare_web_store(engine: Engine) -> None:
    """A model label with evidence, a reviewer (argon2 hashing is slow on purpose, so
    it is done once here) and a release."""
    with transaction(engine) as session:
        provision = session.scalars(select(Provision).where(Provision.path == "govern.1.1")).first()
        assert provision is not None
        label = Label(
            concept_id="fli-blocks:safety-standards",
            instrument_id="nist-ai-rmf-1-0",
            method=LabelMethod.MODEL,
            model_id="test-model",
            score=0.91,
        )
        label.evidence.append(
            LabelEvidence(provision_id=provision.id, start_offset=0, end_offset=10, score=0.8)
        )
        session.add(label)
        add_user(session, REVIEWER, PASSWORD)
        create_release(session)


def _suggest_eu_nist(engine: Engine) -> None:
    """Machine suggestions between the EU AI Act and NIST AI RMF (embedding both
    takes seconds, so it is done once here)."""
    assert suggest_crosswalk(engine, "eu-ai-act", "nist-ai-rmf-1-0", top=3).suggestions


def _build_with_the_command(engine: Engine) -> None:
    """What ``govatlas build --catalog FIXTURE_CATALOG`` leaves over the miniature mirror
    (every build step: ingest, crosswalks, labels, trackers, a release), run once here
    rather than in each test that starts from it (about 5 s each on PostgreSQL)."""
    from typer.testing import CliRunner

    from govatlas.cli import app

    url = engine.url.render_as_string(hide_password=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GOVATLAS_DB", url)
        patch.setenv("GOVATLAS_MIRROR", str(FIXTURE_MIRROR))
        result = CliRunner().invoke(app, ["build", "--catalog", str(FIXTURE_CATALOG)])
    assert result.exit_code == 0, result.output


def _load_registry_demo(engine: Engine) -> None:
    """The registry's demo scenario (six argon2 hashes and some fifty audited writes),
    signed with the registry tests' fixed key."""
    from tests.registry.conftest import TEST_KEY

    with transaction(engine) as session:
        load_demo(session, TEST_KEY)


class Stage(NamedTuple):
    parent: str | None
    make: Callable[[Engine], None]


# Each stage is its parent plus one step; a test's database starts as a copy of the
# deepest stage its fixtures ask for (the stage fixtures below ask for their parent,
# so the stages a test asks for lie on one branch).
STAGES: dict[str, Stage] = {
    "migrated": Stage(None, upgrade),
    "built": Stage("migrated", _build_fixture_catalog),
    "ingested": Stage("built", _ingest_fixture_mirror),
    "crosswalked": Stage("ingested", _import_fixture_crosswalks),
    "suggested": Stage("crosswalked", _suggest_eu_nist),
    "web_store": Stage("crosswalked", _prepare_web_store),
    "suggested_store": Stage("web_store", _suggest_eu_nist),
    "registry_demo": Stage("migrated", _load_registry_demo),
    "command_built": Stage("migrated", _build_with_the_command),
}


def stage_depth(stage: str) -> int:
    parent = STAGES[stage].parent
    return 0 if parent is None else 1 + stage_depth(parent)


class StageTemplates:
    """A database at each stage, built once per session on first use."""

    def __init__(self, folder: Path, stack: ExitStack) -> None:
        self.folder = folder
        self.stack = stack
        self.urls: dict[str, str] = {}

    def url(self, stage: str) -> str:
        if stage not in self.urls:
            parent = STAGES[stage].parent
            previous = self.url(parent) if parent is not None else None
            url = self.stack.enter_context(fresh_database(self.folder, previous))
            engine = make_engine(url)
            try:
                STAGES[stage].make(engine)
            finally:
                engine.dispose()
            _close_other_connections(url)
            self.urls[stage] = url
        return self.urls[stage]


def _close_other_connections(url: str) -> None:
    """On PostgreSQL, end every session still connected to the database at ``url``: a
    template can only be copied when none is (a command's engine, as the CLI leaves it,
    keeps its pooled connections open)."""
    if not TEST_DB:
        return
    with psycopg.connect(_pg_conninfo(TEST_DB), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (make_url(url).database,),
        )


@pytest.fixture(autouse=True)
def no_translation_corrections() -> Iterator[None]:
    """Each test starts and ends with no translation corrections in force (they are
    process-wide, as a server's are)."""
    corrections.replace(None, [])
    yield
    corrections.replace(None, [])


@pytest.fixture(scope="session")
def stage_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StageTemplates]:
    with ExitStack() as stack:
        yield StageTemplates(tmp_path_factory.mktemp("templates"), stack)


@pytest.fixture
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, stage_templates: StageTemplates
) -> Iterator[str]:
    """The database of one test: empty, or a copy of the deepest stage it asks for."""
    asked = [stage for stage in STAGES if stage in request.fixturenames]
    template = stage_templates.url(max(asked, key=stage_depth)) if asked else None
    with fresh_database(tmp_path, template) as url:
        yield url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    """An engine whose database is at the newest schema revision."""
    return engine


@pytest.fixture
def built(migrated: Engine) -> Engine:
    """A database built from the fixture catalog."""
    return migrated


@pytest.fixture
def ingested(built: Engine) -> Engine:
    """The fixture catalog plus the miniature mirror's AGORA, EU AI Act, NIST and laws."""
    return built


@pytest.fixture
def crosswalked(ingested: Engine) -> Engine:
    """The ingested fixture store with the miniature mirror's crosswalks imported."""
    return ingested


@pytest.fixture
def web_store(crosswalked: Engine) -> Engine:
    """The crosswalked fixture store plus a model label with evidence, the reviewer
    ``REVIEWER`` and a release: what the web tests serve."""
    return crosswalked


@pytest.fixture
def suggested(crosswalked: Engine) -> Engine:
    """The crosswalked fixture store with machine suggestions EU AI Act -> NIST AI RMF."""
    return crosswalked


@pytest.fixture
def suggested_store(web_store: Engine) -> Engine:
    """``web_store`` with machine suggestions EU AI Act -> NIST AI RMF."""
    return web_store


@pytest.fixture
def registry_demo(migrated: Engine) -> Engine:
    """A migrated store with the registry's demo scenario (``tests/registry``)."""
    return migrated


@pytest.fixture
def command_built(migrated: Engine) -> Engine:
    """The store ``govatlas build --catalog FIXTURE_CATALOG`` builds over the miniature
    mirror (``env_db`` points the commands at it)."""
    return migrated


@pytest.fixture
def env_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point GOVATLAS_DB at the test database and GOVATLAS_MIRROR at the miniature mirror."""
    monkeypatch.setenv("GOVATLAS_DB", db_url)
    monkeypatch.setenv("GOVATLAS_MIRROR", str(FIXTURE_MIRROR))
    return db_url


@pytest.fixture
def allow_private_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let outbound requests reach loopback: the test servers listen on 127.0.0.1.

    Without it the outbound guard refuses them, as it refuses any non-public address."""
    monkeypatch.setenv("GOVATLAS_ALLOW_PRIVATE_URLS", "1")


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
    """Keep saved models and default databases of the tests out of the user's data folder;
    make an API answer that does not match its declared model a server error (a failing
    test) instead of a line in the log."""
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="govatlas-test-data-")
    os.environ["GOVATLAS_API_SHAPES"] = "raise"


def pytest_report_header() -> str:
    where = make_url(TEST_DB).render_as_string() if TEST_DB else "SQLite (temporary files)"
    return f"govatlas test database: {where}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that reach the test database (the ``db_url``
    fixture, directly or through ``engine``, ``migrated``, ``env_db`` …) or are marked
    ``pg``: the others never touch a database server, ran on SQLite already, and would
    only double the suite's time. The browser tests stay on SQLite too: they drive
    pages whose queries the HTTP tests already run here; and so do the tests marked
    ``engine_neutral``, whose subject (text output, a PDF's structure, outbound
    requests, a model's training) does not depend on the engine. (The API fuzzing stays: a NUL
    byte or an out-of-range integer is refused by PostgreSQL, not by SQLite.)"""
    if not TEST_DB:
        return
    kept, skipped = [], []
    for item in items:
        uses_database = "db_url" in getattr(item, "fixturenames", ())
        through_http_only = any(item.get_closest_marker(m) for m in SQLITE_ONLY_MARKERS)
        wanted = (uses_database and not through_http_only) or item.get_closest_marker("pg")
        (kept if wanted else skipped).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept
