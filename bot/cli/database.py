"""Opening the database for a command, and `mentorbot migrate`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.cli.common import CliError
from bot.config import Settings

if TYPE_CHECKING:  # storage (SQLAlchemy, Alembic) is imported only by commands that use it
    from storage.engine import Database


def open_database(settings: Settings) -> Database:
    """The database, connected once: a bad DATABASE_URL is its one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.engine import Database

    try:
        db = Database(settings.database_url, pool_size=settings.db_pool_size)
        with db.engine.connect():
            pass
    except (SQLAlchemyError, ImportError) as error:
        reason = str(error).splitlines()[0][:200]
        raise CliError(f"DATABASE_URL: cannot open the database ({reason})") from None
    return db


def checked_database(settings: Settings) -> Database:
    """The database, refused with one line when its schema is not up to date."""
    from storage.migrate import is_up_to_date

    db = open_database(settings)
    if not is_up_to_date(db.engine):
        raise CliError("the database schema is out of date; run `mentorbot migrate` first")
    return db


def migrate(settings: Settings, _args: argparse.Namespace) -> int:
    upgraded_database(settings).dispose()
    return 0


def upgraded_database(settings: Settings) -> Database:
    """The database brought up to the newest migration (said in one line), left open."""
    from storage.migrate import current_revision, newest_revision, upgrade

    db = open_database(settings)
    before = current_revision(db.engine)
    if before != newest_revision():  # Alembic loads only when there is something to do
        upgrade(settings.database_url)
    after = current_revision(db.engine)
    if before == after:
        print(f"mentorbot: schema already at {after}")
    else:
        print(f"mentorbot: schema upgraded from {before or 'empty'} to {after}")
    return db
