"""Runtime configuration read from the environment (``GOVATLAS_*`` variables).

``GOVATLAS_DB`` is an SQLAlchemy URL (default: an SQLite file in the user data
directory); ``GOVATLAS_MIRROR`` is a folder with local copies of the public
sources (default: ``../shared/corpus`` when it exists next to the checkout or the
working directory). ``GOVATLAS_API_TOKEN`` lets machine clients post reviews
through the JSON API; people sign in with their own accounts (``govatlas users``).
``GOVATLAS_HOST`` and ``GOVATLAS_PORT`` say where ``govatlas serve`` listens.
``GOVATLAS_MODELS`` is the folder of trained models (default: ``models/`` beside
an SQLite database, else the user data folder). ``GOVATLAS_SECURE_COOKIES`` marks
session cookies Secure (for a server behind TLS); ``GOVATLAS_TRUSTED_PROXIES``
lists the proxy addresses whose ``X-Forwarded-Proto: https`` does the same.
``GOVATLAS_REGISTRY_KEY`` is the file of the registry's signing key (default: beside
an SQLite database, ``atlas-registry.key``). ``GOVATLAS_BUSY_TIMEOUT`` is how many
seconds a write waits for another process's lock on an SQLite database before giving
up with a clear message.

Outbound requests (ingest of URLs, downloads, watches, feeds, webhooks) refuse
loopback, private, link-local and other non-public addresses unless
``GOVATLAS_ALLOW_PRIVATE_URLS`` is set: a fetched page must never be a way into
the machine's own network. ``GOVATLAS_MAX_PDF_PAGES`` caps the pages of a PDF
read whole, and ``GOVATLAS_BASE_URL`` is the public address that absolute links
(feeds) are built from, never the request's Host header.

``GOVATLAS_THREADS`` caps the CPU threads one govatlas process gives its models
(MiniLM on onnxruntime, multilingual-e5 on OpenMP) and its linear algebra; 0, the
default, uses every core (at most 8). Set it to 1 for each of two processes sharing
two cores: models that each spread over every core would fight for them (two
MiniLM runs side by side took 66 s each with two threads apiece, 45 s with one).

``GOVATLAS_DASK_SCHEDULER`` is the address of a Dask scheduler (``tcp://host:8786``) that
``govatlas batch`` sends its partitions to; unset, a batch job starts a local cluster of
``GOVATLAS_DASK_WORKERS`` worker processes (default 2) on this machine.

A variable that does not parse (``GOVATLAS_PORT=abc``) is reported in one line
naming it, never as a traceback.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from govatlas.errors import InvalidInputError

APP_NAME = "govatlas"
CORPUS_RELATIVE = Path("..") / "shared" / "corpus"


def default_data_dir() -> Path:
    """Folder for the embedded database and caches."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def models_dir(settings: Settings | None = None) -> Path:
    """Folder for trained models and their quality figures, one subfolder per family.

    ``GOVATLAS_MODELS`` when set; else beside an SQLite database (``atlas.db`` keeps
    its models in ``atlas-models/``), so two databases never share models trained on
    different data; for PostgreSQL, a folder named after the server and database in
    the user data folder.
    """
    chosen = settings or load_settings()
    if chosen.models is not None:
        return chosen.models
    url = make_url_quietly(chosen.db_url)
    if url is None:
        return default_data_dir() / "models"
    return _beside_store(url, "models", "")


def vector_index_dir(settings: Settings | None = None) -> Path:
    """Folder of the approximate vector indexes (``classify.encoders.vector_index``), one
    subfolder per embedding model: ``vectors/`` in the models folder."""
    return models_dir(settings) / "vectors"


def registry_key_file(settings: Settings | None = None, database: URL | None = None) -> Path:
    """The registry's Ed25519 signing key (``GOVATLAS_REGISTRY_KEY``; else beside the
    SQLite database, ``atlas.db`` → ``atlas-registry.key``; for PostgreSQL, named after
    the server and database in the user data folder). ``database`` is the store's URL
    when it is not ``GOVATLAS_DB``'s (a build given its engine)."""
    chosen = settings or load_settings()
    if chosen.registry_key is not None:
        return chosen.registry_key
    url = database or make_url_quietly(chosen.db_url)
    if url is None:
        return default_data_dir() / "registry.key"
    return _beside_store(url, "registry", ".key")


def pages_file(url: URL) -> Path | None:
    """The web atlas's rendered-page file (``web/page_store.py``) for the database at
    ``url``: beside an SQLite file (``atlas.db`` → ``atlas-pages.db``), in the user data
    folder for PostgreSQL, none for an in-memory database."""
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return _beside_store(url, "pages", ".db")


def _beside_store(url: URL, kind: str, suffix: str) -> Path:
    """``<stem>-<kind><suffix>`` beside an SQLite file; for a server, one named after the
    server and database under ``<kind>/`` in the user data folder."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        database = Path(url.database or "").expanduser()
        return database.parent / f"{database.stem}-{kind}{suffix}"
    where = "-".join(str(x) for x in (url.host, url.port, url.database) if x)
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", where or "default")
    return default_data_dir() / kind / f"{name}{suffix}"


def make_url_quietly(raw: str) -> URL | None:
    try:
        return make_url(raw)
    except ArgumentError:
        return None


def default_db_url() -> str:
    """SQLite file in the user data directory."""
    return f"sqlite:///{default_data_dir() / 'govatlas.db'}"


def _mirror_candidates() -> list[Path]:
    checkout_root = Path(__file__).resolve().parents[2]
    return [Path.cwd() / CORPUS_RELATIVE, checkout_root / CORPUS_RELATIVE]


def discover_mirror() -> Path | None:
    """The shared corpus next to the working directory or the checkout, if any."""
    for candidate in _mirror_candidates():
        if candidate.is_dir():
            return candidate.resolve()
    return None


class Settings(BaseSettings):
    """Settings with their environment variables (prefix ``GOVATLAS_``)."""

    model_config = SettingsConfigDict(env_prefix="GOVATLAS_", extra="ignore")

    db: str = ""
    mirror: Path | None = None
    api_token: str = ""
    host: str = "127.0.0.1"
    port: int = 8000
    allow_private_urls: bool = False
    max_pdf_pages: int = 2000
    base_url: str = ""
    threads: int = Field(default=0, ge=0)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise InvalidInputError(
                setting_problem(exc), "correct the variable or unset it to use the default"
            ) from None

    @property
    def cpu_threads(self) -> int:
        """Threads a model may use: ``GOVATLAS_THREADS``, else every core up to 8."""
        return self.threads or max(1, min(os.cpu_count() or 1, 8))

    @property
    def public_base_url(self) -> str:
        """Where the atlas is reached: ``GOVATLAS_BASE_URL``, else the serve address."""
        if self.base_url:
            return self.base_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    models: Path | None = None
    registry_key: Path | None = None
    secure_cookies: bool = False
    trusted_proxies: str = ""
    busy_timeout: float = 10.0
    # set by `govatlas serve` for its workers: keep rendered pages in the shared page store
    page_store: bool = False
    # re-read a template when its file changes; `govatlas serve` turns it off for its
    # workers (a restart picks up new templates), saving a file check per page
    template_reload: bool = True
    # requests a server worker handles at once, the rest waiting their turn in order of
    # arrival (0: the web framework's 40); `govatlas serve` sets 2
    worker_threads: int = Field(default=0, ge=0, le=256)
    # what the JSON API does when an answer does not match the shape its OpenAPI
    # description declares: log it (the default: the client still gets its data), raise
    # (a 500: the test suite's setting, so that a drift fails a test) or off
    api_shapes: Literal["log", "raise", "off"] = "log"
    # where `govatlas batch` runs its partitions: a Dask scheduler's address, else a
    # local cluster of this many worker processes
    dask_scheduler: str = ""
    dask_workers: int = Field(default=2, ge=1, le=256)
    # a web server's database connections: kept open, and opened beyond those at busy
    # moments (``store.engine.SERVER_POOL``)
    db_pool_size: int = Field(default=10, ge=1, le=500)
    db_max_overflow: int = Field(default=30, ge=0, le=1000)

    @property
    def db_url(self) -> str:
        return self.db or default_db_url()

    @property
    def proxies(self) -> frozenset[str]:
        """Addresses whose X-Forwarded-Proto is believed (``GOVATLAS_TRUSTED_PROXIES``)."""
        return frozenset(p.strip() for p in self.trusted_proxies.split(",") if p.strip())

    @property
    def mirror_dir(self) -> Path | None:
        """The configured mirror, else the discovered shared corpus."""
        return self.mirror if self.mirror is not None else discover_mirror()


def setting_problem(error: ValidationError) -> str:
    """One line naming the environment variable that did not parse, its value and why."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first.get("loc") else "?"
    value = first.get("input")
    shown = f"={value!r}" if isinstance(value, str | int | float) else ""
    return f"GOVATLAS_{field.upper()}{shown}: {first['msg']}"


_loaded: tuple[tuple[tuple[str, str], ...], Settings] | None = None


def load_settings() -> Settings:
    """The settings of the current ``GOVATLAS_*`` environment, parsed once per change of
    it (parsing takes milliseconds, and a web page asks several times)."""
    global _loaded
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(PREFIX)))
    if _loaded is None or _loaded[0] != key:
        _loaded = (key, Settings())
    return _loaded[1]


PREFIX = "GOVATLAS_"
