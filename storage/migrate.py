"""Run and inspect Alembic migrations without an alembic.ini on disk.

Alembic is imported only when a migration runs: a start with the schema already current reads
the revision with one query and compares it with the newest migration file's number, which
saves every start a few hundred milliseconds (tests/storage/test_migrations.py holds the file
numbers and Alembic's head together).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NUMBERED = re.compile(r"^(\d{4})_\w+\.py$")


def alembic_config(url: str) -> Config:
    """An Alembic Config pointing at our migrations and the given database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision`."""
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def head_revision() -> str:
    """Alembic's head, read from the migration scripts."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads; merge them")
    return heads[0]


def newest_revision() -> str:
    """The newest migration's revision, from the file names alone (`0020_program_terms.py`
    is revision "0020"): what head_revision says, without importing Alembic."""
    numbers = [
        m.group(1)
        for p in (MIGRATIONS_DIR / "versions").iterdir()
        if (m := _NUMBERED.match(p.name))
    ]
    return max(numbers)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it has no schema yet)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_up_to_date(engine: Engine) -> bool:
    """True when the schema is at the newest migration."""
    return current_revision(engine) == newest_revision()


def autogenerate(message: str, rev_id: str, url: str) -> None:
    """Write a new migration from the difference between the models and `url` (a dev tool)."""
    from alembic import command

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
