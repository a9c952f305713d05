"""Small invented texts stored as instrument versions, one provision per (path, body) row."""

from __future__ import annotations

from sqlalchemy.orm import Session

from govatlas.ingest.pipeline import store_provisions
from govatlas.records import ProvisionDraft
from govatlas.store.instruments import add_version
from govatlas.store.models import Provision


def store_articles(
    session: Session, instrument: str, rows: list[tuple[str, str]]
) -> dict[str, int]:
    """Store ``rows`` as a new English version of ``instrument``, each row an article;
    the provision id of each path."""
    text = "\n".join(body for _, body in rows)
    drafts, position = [], 0
    for path, body in rows:
        drafts.append(ProvisionDraft(path, "article", None, position, position + len(body)))
        position += len(body) + 1
    version, _ = add_version(session, instrument, text, format="txt", language="en")
    store_provisions(session, version, drafts)
    session.flush()
    stored = session.query(Provision).filter(Provision.version_id == version.id)
    return {p.path: p.id for p in stored}
