"""Runtime configuration read from the environment (``GOVATLAS_*`` variables).

``GOVATLAS_DB`` is an SQLAlchemy URL (default: an SQLite file in the user data
directory); ``GOVATLAS_MIRROR`` is a folder with local copies of the public
sources (default: ``../shared/corpus`` when it exists next to the checkout or the
working directory). ``GOVATLAS_API_TOKEN`` enables writes through the web API
and forms (reviews); without it the web app is read-only. ``GOVATLAS_HOST`` and
``GOVATLAS_PORT`` say where ``govatlas serve`` listens.

Outbound requests (ingest of URLs, downloads, watches, feeds, webhooks) refuse
loopback, private, link-local and other non-public addresses unless
``GOVATLAS_ALLOW_PRIVATE_URLS`` is set: a fetched page must never be a way into
the machine's own network. ``GOVATLAS_MAX_PDF_PAGES`` caps the pages of a PDF
read whole, and ``GOVATLAS_BASE_URL`` is the public address that absolute links
(feeds) are built from, never the request's Host header.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "govatlas"
CORPUS_RELATIVE = Path("..") / "shared" / "corpus"


def default_data_dir() -> Path:
    """Folder for the embedded database and caches."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Folder for trained models and their quality figures, one subfolder per family."""
    return default_data_dir() / "models"


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

    @property
    def public_base_url(self) -> str:
        """Where the atlas is reached: ``GOVATLAS_BASE_URL``, else the serve address."""
        if self.base_url:
            return self.base_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def db_url(self) -> str:
        return self.db or default_db_url()

    @property
    def mirror_dir(self) -> Path | None:
        """The configured mirror, else the discovered shared corpus."""
        return self.mirror if self.mirror is not None else discover_mirror()


def load_settings() -> Settings:
    return Settings()
