"""Attacks on the mentoring programs (issue 18) through signed requests: lookalike and
overlong names, forged private_metadata and buttons, dates at the edges of the admin's day."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.app import APOLOGY
from playground.harness import Harness
from storage.models import Program
from tests.handlers.programs import enrolment_helpers as eh


@pytest.fixture(params=["sqlite", "postgres"])
def h(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """The team of tests/handlers/programs on a fresh SQLite file and a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        url = request.getfixturevalue("sqlite_url")
    else:
        from storage.migrate import upgrade

        url = request.getfixturevalue("postgres_url")
        upgrade(url)
    with Harness(url) as running:
        yield eh.setup_team(running)


def _names(h: Harness) -> list[str]:
    with h.db.begin() as session:
        return [p.name for p in session.exec(select(Program).order_by(Program.id))]


def _errors(answer: object) -> dict[str, str]:
    body = getattr(answer, "body", "").strip()
    return dict(json.loads(body).get("errors", {})) if body.startswith("{") else {}


def test_a_name_whose_fold_is_longer_than_the_column_is_saved_once(h: Harness) -> None:
    """ "ß" folds to "ss" and "ﬃ" to "ffi": an 80-character name made a longer key, which
    PostgreSQL refused (a 500 and no program)."""
    for name, same in (("ß" * 80, "\u1e9e" * 80), ("ﬃ" * 80, "ﬃ" * 80)):  # ẞ: capital ß
        created = eh.create(h, name=name)
        assert created.status == 200 and _errors(created) == {}
        again = eh.create(h, name=same)
        assert "already exists" in _errors(again).get("program_name", "")
    assert _names(h) == ["ß" * 80, "ﬃ" * 80]
    assert APOLOGY not in json.dumps([c.args for c in h.emulator.calls], default=str)


def test_names_that_read_the_same_are_one_program(h: Harness) -> None:
    """A zero-width space, a soft hyphen or full-width letters made a second "Spring"."""
    assert _errors(eh.create(h, name="Spring")) == {}
    for lookalike in ("SPRING", "Spring\u200b", "Ｓｐｒｉｎｇ", "Sp\u00adring", "\u200bspring "):
        refused = _errors(eh.create(h, name=lookalike))
        assert "already exists" in refused.get("program_name", ""), lookalike
    assert _names(h) == ["Spring"]
    h.command(eh.ADMIN, "/mentor", "admin program report Ｓｐｒｉｎｇ")
    answers = [c.args for c in h.emulator.calls if c.method == "response_url"]
    assert "Program report" in json.dumps(answers[-1])
