"""Alembic environment: always run with a connection handed over by mobility_desk.db.migrate."""

from __future__ import annotations

from alembic import context

from mobility_desk.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
