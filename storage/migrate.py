"""Run and inspect Alembic migrations without an alembic.ini on disk."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic Config pointing at our migrations and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision`."""
    command.upgrade(alembic_config(url), revision)


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads; merge them")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_up_to_date(engine: Engine) -> bool:
    """True when the schema is at the newest migration."""
    return current_revision(engine) == head_revision()


def autogenerate(message: str, rev_id: str, url: str) -> None:
    """Write a new migration from the difference between the models and `url` (a dev tool)."""
    command.revision(alembic_config(url), message=message, autogenerate=True, rev_id=rev_id)


if __name__ == "__main__":
    # Developer use: python -m storage.migrate "message" 0002
    # (diffs the models against a scratch SQLite database at head)
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        scratch_url = f"sqlite:///{scratch}/head.db"
        upgrade(scratch_url)
        autogenerate(sys.argv[1], sys.argv[2], scratch_url)
