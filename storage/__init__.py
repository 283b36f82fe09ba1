"""Persistence: SQLModel models, the engine and sessions, repositories, Alembic migrations."""
