"""Slow work after the ack: the ack comes back at once; a failure still gets the apology."""

from __future__ import annotations

import pytest

from bot.app import APOLOGY
from playground.harness import Harness
from tests.handlers.find_mentor_helpers import add_people, responses


def test_find_mentor_acks_before_ranking_and_apologizes_when_it_fails(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_people(harness)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("ranking broke")

    monkeypatch.setattr("handlers.commands.find_mentor.run_search", broken)
    answer = harness.command("UMIA", "/find-mentor", "python")
    assert answer.status == 200 and answer.body == ""  # the ack carries nothing
    assert responses(harness)[-1]["text"] == APOLOGY
