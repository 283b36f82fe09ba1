"""Comparing the whole database and the emulator's call log before and after a request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlmodel import SQLModel

from playground.harness import Harness

# Bookkeeping that changes on every request without changing anything the person owns.
VOLATILE = {"processed_event"}


def db_snapshot(h: Harness) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (sorted), except request bookkeeping."""
    snapshot: dict[str, list[tuple[Any, ...]]] = {}
    with h.db.begin() as session:
        for name in sorted(SQLModel.metadata.tables):
            if name in VOLATILE:
                continue
            rows = session.execute(text(f'SELECT * FROM "{name}"')).all()
            snapshot[name] = sorted((tuple(r) for r in rows), key=repr)
    return snapshot


def call_log(h: Harness) -> list[tuple[str, str]]:
    """The emulator's calls as (method, arguments) with volatile ids taken out."""
    volatile = {"trigger_id", "ts", "key", "view_id", "hash", "file_id", "upload_url"}
    return [
        (c.method, repr(sorted((k, v) for k, v in c.args.items() if k not in volatile)))
        for c in h.emulator.calls
    ]
