"""Alembic migrations: one history for SQLite and PostgreSQL, frozen once written."""
