"""Bulk loading for benchmark data: tuples in column order through the driver's fastest path,
`executemany` in one transaction on SQLite and `COPY` on PostgreSQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any


class BulkWriter:
    """Bulk insert of tuples in column order, with the driver's fastest path."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            path = url.split(":///", 1)[1]
            self.conn: Any = sqlite3.connect(path, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("BEGIN")
        else:
            import psycopg

            dsn, _, query = url.replace("postgresql+psycopg://", "postgresql://").partition("?")
            options = ""
            for part in query.split("&"):
                if part.startswith("options="):
                    options = part[len("options=") :].replace("%3D", "=").replace("%20", " ")
            self.conn = psycopg.connect(dsn, options=options) if options else psycopg.connect(dsn)

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        count = 0
        if self.sqlite:
            marks = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{c}"' for c in columns)

            def converted() -> Iterator[tuple[Any, ...]]:
                nonlocal count
                for row in rows:
                    count += 1
                    yield tuple(_sqlite_value(v) for v in row)

            self.conn.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', converted())
            return count
        quoted = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor() as cursor:
            with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT max(id) FROM "{table}"))'
                )
        return count

    def finish(self) -> None:
        if self.sqlite:
            self.conn.execute("COMMIT")
            self.conn.execute("ANALYZE")
        else:
            self.conn.commit()
            self.conn.autocommit = True
            # What autovacuum does soon after a bulk load: statistics, and the visibility map
            # that lets PostgreSQL answer from an index alone.
            self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


def _sqlite_value(value: Any) -> Any:
    """How SQLAlchemy stores our types on SQLite (UTC datetimes are kept without an offset)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
