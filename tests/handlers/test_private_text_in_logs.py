"""What a person typed, an OAuth code and a token never reach the logs, even at DEBUG.

Logging is set up exactly as `mentorbot serve` does (bot.logs.configure), at DEBUG, and a
failing SQL statement is forced so that SQLAlchemy's error text is logged too.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from bot import logs
from playground.harness import SIGNING_SECRET, Harness
from storage.engine import Database
from storage.migrate import upgrade
from tests.handlers.journeys import run_journey

CODE = "oauthcode0c0d0e"
TOKEN = "xoxb-team-private-token"
CLIENT_SECRET = "client-secret-0f1e2d3c4b5a"


def typed(label: str) -> str:
    """A marker per field that can only come from what the person typed there."""
    return "zz" + label.replace(" ", "") + "zz"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    url = str(request.getfixturevalue("postgres_url"))
    upgrade(url)
    return url


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """The process's logging as `mentorbot serve --log-level DEBUG` configures it."""
    stream = io.StringIO()
    root = logging.getLogger()
    names = ("", "mentorbot", *logs.QUIET_LIBRARIES, *logs.SILENT_LIBRARIES, "sqlalchemy.engine")
    saved = root.handlers[:], {name: logging.getLogger(name).level for name in names}
    logs.configure("DEBUG", "json", (SIGNING_SECRET, CLIENT_SECRET), stream=stream)
    yield stream
    root.handlers[:] = saved[0]
    for name, level in saved[1].items():
        logging.getLogger(name).setLevel(level)


def _refuse_the_progress_note(db: Database) -> None:
    """Storing the journey's progress note fails in the database itself (other notes pass)."""
    note = typed("progress note")
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(
                text(
                    "CREATE TRIGGER refuse_note BEFORE INSERT ON goal_update "
                    f"WHEN NEW.note LIKE '%{note}%' "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
            return
        conn.execute(
            text(
                "CREATE FUNCTION refuse_note() RETURNS trigger AS $$ "
                "BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER refuse_note BEFORE INSERT ON goal_update FOR EACH ROW "
                f"WHEN (NEW.note LIKE '%{note}%') EXECUTE FUNCTION refuse_note()"
            )
        )


def test_a_journey_at_debug_with_a_failing_statement_logs_nothing_typed(
    database_url: str, debug_log: io.StringIO
) -> None:
    with Harness(database_url) as h:
        _refuse_the_progress_note(h.db)
        debug_log.seek(0)  # the trigger's own DDL names the note
        debug_log.truncate()
        run_journey(h, typed)
        with h.db.begin() as session:  # the note really was refused
            notes = session.execute(text("SELECT note FROM goal_update")).scalars().all()
        assert notes and typed("progress note") not in notes
    out = debug_log.getvalue()
    assert len(out.splitlines()) > 100  # DEBUG really was on
    assert "refused by the test" in out  # the statement failed, and its error was logged
    leaked = [label for label in _LABELS if typed(label) in out]
    assert leaked == []


def test_an_oauth_install_at_debug_logs_neither_the_code_nor_the_token(
    database_url: str, debug_log: io.StringIO
) -> None:
    import base64

    from tests.handlers.test_oauth_install import _install

    key = base64.urlsafe_b64encode(b"k" * 32).decode()
    settings = {"bot_token": None, "client_id": "111.222", "client_secret": CLIENT_SECRET}
    with Harness(database_url, token_key=key, **settings) as h:
        assert _install(h, CODE, "TA", TOKEN) == 200
        h.slack.team_id = "TA"
        h.emulator.add_user("U1", name="ana")
        assert "Start with /reflect" in h.command("U1", "/mentor", "help").json["text"]
    out = debug_log.getvalue()
    assert "oauth" in out.lower()  # the install was logged about
    assert CODE not in out
    assert TOKEN not in out and "team-private-token" not in out


# Every field the journey fills (tests/handlers/journeys.py), except the emulator's own data.
_LABELS = (
    "strengths",
    "weaknesses",
    "aspirations",
    "challenges",
    "goal",
    "typed skills",
    "extra skills",
    "helps with",
    "alumni",
    "team",
    "search words",
    "intro",
    "progress note",
    "milestone",
    "takeaway",
    "pulse note",
    "thanks",
    "pause",
    "end",
    "retro",
    "admin skills",
    "admin words",
    "period",
)
