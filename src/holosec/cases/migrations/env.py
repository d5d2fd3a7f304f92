"""Alembic's entry point for the workspace database: holosec runs it in process
(:func:`holosec.cases.db.upgrade`) on the connection it passes in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from holosec.cases.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
