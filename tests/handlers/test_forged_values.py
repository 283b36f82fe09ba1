"""Every button and select of the app, pressed with a value only a forged payload has: digits
that are not ASCII ("²", "١٢", "１"), an id past PostgreSQL's integer, a leading zero. On both
databases, each is answered (200) and none reaches the error handler: a handler that parsed it
with int() or sent it to the database would apologise here."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.app import APOLOGY
from playground.harness import Harness
from tests.handlers.journeys import MENTEE, run_journey
from tests.handlers.test_authorization import registered

FORGED = ("²", "١٢", "１", "99999999999", str(2**31), "007", "1:²", "²:1")


@pytest.fixture
def lived_in(any_database: Harness) -> Iterator[Harness]:
    """A workspace after the whole journey, on a fresh SQLite file or PostgreSQL schema."""
    run_journey(any_database, end_pair=False)
    yield any_database


def _action_ids(h: Harness) -> list[str]:
    """Each registered action id; a pattern's (a regex) with a digit where it wants one."""
    actions, _views, _subcommands = registered(h.deps)
    found = []
    for name in actions:
        if name.startswith("/"):
            continue
        if name.startswith("^"):  # a pattern: one name it takes
            name = name.strip("^$").replace("\\d+", "1").replace("\\d", "1")
            name = name.replace("[1-5]", "1").replace("\\w+", "week")
            name += "weekly" if name.endswith("_") else ""
        found.append(name)
    return sorted(set(found))


def test_every_button_and_select_refuses_forged_numbers_kindly(lived_in: Harness) -> None:
    h = lived_in
    channel = h.emulator.dm_channel_of(MENTEE)
    start = len(h.emulator.calls)
    unanswered = []
    for action_id in _action_ids(h):
        for value in FORGED:
            option = {"text": {"type": "plain_text", "text": "x"}, "value": value}
            action = {"action_id": action_id, "value": value, "selected_option": option}
            result = h.click(MENTEE, action, channel_id=channel)
            if result.status != 200:
                unanswered.append((action_id, value, result.status))
    assert unanswered == [], unanswered
    sent = json.dumps([c.args for c in h.emulator.calls[start:]], default=str, ensure_ascii=False)
    assert APOLOGY not in sent
