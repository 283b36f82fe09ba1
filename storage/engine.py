"""The engine and units of work."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine


def make_engine(url: str, *, pool_size: int = 5, echo: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and write-ahead locking. A failed
    statement's error never shows its parameters: they are what people typed."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            echo=echo,
            hide_parameters=True,
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        _tune_sqlite(engine, in_memory=is_in_memory_url(url))
        return engine
    return create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size,
    )


def is_in_memory_url(url: str) -> bool:
    """An in-memory SQLite database: a second connection (or process) would see another."""
    return url.startswith("sqlite") and (
        ":memory:" in url or "mode=memory" in url or url.rstrip("/") == "sqlite:"
    )


def _tune_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        _record.info[_BUSY_MS] = BUSY_TIMEOUT_MS

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front, so check-then-write units of work
        # (capacity checks, claims) cannot interleave between threads or processes.
        # Database.read() only reads, and must not queue behind the writers for that lock.
        options = conn.get_execution_options()
        wait = options.get(LOCK_WAIT)
        busy_ms = BUSY_TIMEOUT_MS if wait is None else int(wait * 1000)
        info = conn.connection.info
        if info.get(_BUSY_MS) != busy_ms:  # set per transaction, only when it changes
            conn.exec_driver_sql(f"PRAGMA busy_timeout={busy_ms}")
            info[_BUSY_MS] = busy_ms
        conn.exec_driver_sql("BEGIN" if options.get(READ_ONLY, False) else "BEGIN IMMEDIATE")


READ_ONLY = "mentorbot_read_only"
LOCK_WAIT = "mentorbot_lock_wait"
BUSY_TIMEOUT_MS = 30_000  # units of work after the ack may queue for the write lock this long
_BUSY_MS = "mentorbot_busy_ms"


class DatabaseBusy(Exception):
    """A unit of work with a lock wait could not start or finish in time (or the database is
    unreachable): answer 503 and let Slack retry rather than keep the ack waiting."""


_databases: weakref.WeakSet[Database] = weakref.WeakSet()


def _forget_connections_in_child() -> None:
    # A forked child (a search worker) must never use, nor close, the parent's pooled
    # connections: their sockets are the parent's. It opens its own.
    for database in list(_databases):
        database.engine.dispose(close=False)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_connections_in_child)


class Database:
    """Owns the engine; services open units of work with begin()."""

    def __init__(self, url: str, *, pool_size: int = 5) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size)
        _databases.add(self)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def is_in_memory(self) -> bool:
        return is_in_memory_url(self.url)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on error."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def begin_quickly(self, *, lock_wait: float) -> Iterator[Session]:
        """A unit of work on a request's path before its ack: it waits at most `lock_wait`
        seconds for a lock (SQLite's write lock, a PostgreSQL row lock), then raises
        DatabaseBusy instead."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{LOCK_WAIT: lock_wait})
                with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                    if not self.is_sqlite:
                        milliseconds = int(lock_wait * 1000)
                        session.execute(text(f"SET LOCAL lock_timeout = {milliseconds}"))
                    yield session
        except OperationalError as error:
            raise DatabaseBusy(str(error.orig)[:200]) from error

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read of a few rows, without an ORM session: for checks on every request's path
        (before its ack), where a unit of work's session setup costs more than the query."""
        options: dict[str, Any] = {READ_ONLY: True}
        if not self.is_sqlite:
            # No BEGIN and no ROLLBACK: two round trips (the pool's ping, the query), not four.
            options["isolation_level"] = "AUTOCOMMIT"
        with self.engine.connect().execution_options(**options) as conn:
            yield conn

    def ping(self) -> bool:
        """True when the database answers a trivial query."""
        try:
            with self.read() as conn:  # a read: it must not queue behind a writer's lock
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            return False

    def dispose(self) -> None:
        self.engine.dispose()
