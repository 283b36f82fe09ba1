"""Any text after any slash command, and any DM answer, over signed HTTP: an answer, never a
failure. The parsers are property-tested alone in tests/test_parsers_property.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import APOLOGY
from playground.harness import Harness
from tests.test_parsers_property import typed

USER = "UFUZZ"
COMMANDS = ["/reflect", "/find-mentor", "/mentor", "/mentoring-summary"]


@pytest.fixture(scope="module")
def app(
    migrated_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    path = tmp_path_factory.mktemp("fuzz") / "mentorbot.db"
    shutil.copy(migrated_sqlite_template, path)
    with Harness(f"sqlite:///{path}") as running:
        running.emulator.add_user(USER, name="fuzz", is_admin=True)
        running.emulator.add_channel("C0FUZZ", name="fuzz", members=[USER, "U0BOT"])
        yield running


def _no_failure(h: Harness, status: int, start: int) -> None:
    assert status == 200
    calls = h.emulator.calls[start:]
    assert [(c.method, c.response.get("error")) for c in calls if c.refused] == []
    assert not any(c.args.get("text") == APOLOGY for c in calls)  # no listener failed


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(COMMANDS), typed)
def test_any_command_text_gets_an_answer(app: Harness, command: str, text: str) -> None:
    start = len(app.emulator.calls)
    result = app.command(USER, command, text[:2000], channel_id="C0FUZZ")
    _no_failure(app, result.status, start)


@settings(max_examples=40, deadline=None)
@given(typed)
def test_any_dm_answer_gets_an_answer(app: Harness, text: str) -> None:
    start = len(app.emulator.calls)
    result = app.say(USER, text[:4000])
    _no_failure(app, result.status, start)
