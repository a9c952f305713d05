"""The versioned store: SQLAlchemy models, Alembic migrations, engines and repositories.

Public API: ``make_engine`` (SQLite or PostgreSQL with clear errors),
``transaction`` (commit whole or roll back), ``upgrade`` / ``require_current``
(schema migrations) and the models in ``govatlas.store.models``.
"""

from govatlas.store.engine import check_connection, make_engine
from govatlas.store.migrate import current_revision, head_revision, require_current, upgrade
from govatlas.store.session import transaction

__all__ = [
    "check_connection",
    "current_revision",
    "head_revision",
    "make_engine",
    "require_current",
    "transaction",
    "upgrade",
]
