"""Shared fixtures: a fresh migrated database per test, the emulator, the whole app."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from storage.engine import Database
from storage.migrate import upgrade

if TYPE_CHECKING:
    from playground.harness import Harness


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """A test (or a command run in-process) that sets up logging as `mentorbot` does gives
    it back: later tests must not capture SQL or DEBUG lines it turned on."""
    from bot import logs

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    names = (
        *logs.QUIET_LIBRARIES,
        *logs.SILENT_LIBRARIES,
        "mentorbot",
        "slack_sdk.web.base_client",
        "sqlalchemy.engine",
    )
    named = {name: logging.getLogger(name).level for name in names}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, saved in named.items():
        logging.getLogger(name).setLevel(saved)


POSTGRES_URL = os.environ.get(
    "MENTORBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; each test gets a copy (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "head.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(migrated_sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "mentorbot.db"
    shutil.copy(migrated_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def db(sqlite_url: str) -> Iterator[Database]:
    database = Database(sqlite_url)
    yield database
    database.dispose()


def postgres_available() -> str | None:
    """None when the local server answers, else the reason it does not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        psycopg.connect(dsn, connect_timeout=3).close()
    except psycopg.Error as error:
        return f"no PostgreSQL at {dsn}: {str(error).splitlines()[0]}"
    return None


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty schema on the local PostgreSQL, dropped afterwards."""
    reason = postgres_available()
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {reason}")
        pytest.skip(reason)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def harness(sqlite_url: str) -> Iterator[Harness]:
    from playground.harness import Harness

    with Harness(sqlite_url) as running:
        yield running


def migrated_url(request: pytest.FixtureRequest) -> str:
    """A fresh database migrated to head, by the fixture's param: "sqlite" or "postgres"."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    url = str(request.getfixturevalue("postgres_url"))
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """The harness on a fresh SQLite file, and on a fresh PostgreSQL schema."""
    from playground.harness import Harness

    with Harness(migrated_url(request)) as running:
        yield running


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sqlite_or_postgres(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A database migrated to head: the test runs once on SQLite, once on PostgreSQL."""
    database = Database(migrated_url(request))
    yield database
    database.dispose()
