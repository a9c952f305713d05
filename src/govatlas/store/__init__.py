"""The versioned store: SQLAlchemy models, Alembic migrations, engines and repositories.

Public API: ``make_engine`` (SQLite or PostgreSQL with clear errors),
``transaction`` (commit whole or roll back), ``upgrade`` / ``require_current``
(schema migrations) and the models in ``govatlas.store.models``.

The store owns the queries: every SELECT the project runs is a named function in one of
its repository modules, one per aggregate or job (``instruments``, ``versions``,
``shown_labels``, ``label_rows``, ``relationships``, ``crosswalk_rows``,
``review_queues``, ``coverage_rows``, ``horizon``, ``industry``, ``registry_records`` and
the others beside them); the packages above call those and shape what they return.
``tests/test_layers.py`` fails on a query built outside the store.
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
