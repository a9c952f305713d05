"""Alembic environment: runs migrations on the connection govatlas hands over."""

from __future__ import annotations

from alembic import context

from govatlas.store.models import Base
from govatlas.store.search_schema import include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `govatlas db upgrade`, which supplies a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
