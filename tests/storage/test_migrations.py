"""The migrations build the schema from nothing, and agree with the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.engine import Database, make_engine
from storage.migrate import current_revision, head_revision, is_up_to_date, upgrade


def _assert_models_match(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, SQLModel.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        assert current_revision(engine) == head_revision()
        assert is_up_to_date(engine)
        tables = set(inspect(engine).get_table_names())
        assert set(SQLModel.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_sqlite_empty_to_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    _assert_models_match(url)
    upgrade(url)  # a second run is a no-op


def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()


@pytest.mark.postgres
def test_postgres_empty_to_head(postgres_url: str) -> None:
    upgrade(postgres_url)
    _assert_models_match(postgres_url)
    upgrade(postgres_url)


def test_every_table_carries_the_workspace() -> None:
    # OAuth state rows exist before any workspace does.
    exempt = {"workspace", "alembic_version", "slack_oauth_states"}
    for name, table in SQLModel.metadata.tables.items():
        if name in exempt:
            continue
        assert "team_id" in table.columns, f"{name} has no team_id"


def test_our_rows_always_name_their_workspace() -> None:
    # slack_sdk's own tables allow a null team id for Enterprise Grid org-wide installs; they
    # carry enterprise_id, as Workspace does.
    for name, table in SQLModel.metadata.tables.items():
        if name == "slack_oauth_states":
            continue  # a pending install: no workspace yet
        if name.startswith("slack_"):
            assert "enterprise_id" in table.columns, f"{name} has no enterprise_id"
            continue
        if "team_id" in table.columns:
            assert not table.columns["team_id"].nullable, f"{name}.team_id may be null"
    assert "enterprise_id" in SQLModel.metadata.tables["workspace"].columns


def test_the_newest_file_is_alembics_head() -> None:
    """Starting reads the head from the file names, without Alembic; each file's number is its
    revision and the newest one is the only head."""
    import re

    from storage.migrate import MIGRATIONS_DIR, newest_revision

    for script in (MIGRATIONS_DIR / "versions").glob("[0-9]*.py"):
        number = script.name[:4]
        assert re.search(rf'^revision = "{number}"$', script.read_text(), re.M), script.name
    assert newest_revision() == head_revision()


def test_a_current_schema_starts_without_importing_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path}/current.db"
    upgrade(url)
    probe = (
        "import sys; from storage.engine import make_engine; from storage.migrate import "
        f"is_up_to_date; ok = is_up_to_date(make_engine({url!r})); "
        "print(ok, any(m == 'alembic' or m.startswith('alembic.') for m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["True", "False"]
