"""One answer to "when is this pair's next meeting": the introduction in the group DM, App
Home, /mentor pause and resume, and the scheduler's prompts all say the same day, and a day
far away says its year. Through signed requests, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from handlers.introductions.blocks import INTRO_ACCEPT
from handlers.meetings import blocks
from playground.harness import Harness
from storage.migrate import upgrade
from storage.models import Pair
from tests.handlers.find_mentor_helpers import (
    add_people,
    click_in_dm,
    find,
    request_intro,
    save_profile,
)
from tests.scheduler.helpers import posted

DAY = re.compile(r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ \w+(?: \d{4})?")


@pytest.fixture(params=["sqlite", "postgres"])
def both(request: pytest.FixtureRequest) -> Iterator[Harness]:
    url = request.getfixturevalue(f"{request.param}_url")
    if request.param == "postgres":
        upgrade(url)
    with Harness(url) as running:
        yield running


def accepted_pair(harness: Harness) -> Pair:
    """Mia (Paris) asks Max (Berlin); Max accepts on Tuesday 1 December (the default day)."""
    add_people(harness)
    save_profile(harness, "UMAX", ["python"])
    request_intro(harness, "UMIA", find(harness, "UMIA", "python"), 0)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT)
    with harness.db.begin() as session:
        return session.exec(select(Pair)).one()


def home_day(harness: Harness, user: str) -> str:
    harness.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    text = str(harness.emulator.home_views[user]["blocks"])
    found = re.search(r"(next meeting|paused until) (" + DAY.pattern + ")", text)
    assert found is not None, text
    return f"{found.group(1)} {found.group(2)}"


def group_days(harness: Harness, pair: Pair, pattern: str) -> list[str]:
    texts = [m["text"] for m in harness.emulator.messages[pair.group_channel_id or ""]]
    return [m.group(1) for t in texts if (m := re.search(pattern + f"({DAY.pattern})", t))]


def pause_until(harness: Harness, user: str, day: str) -> None:
    harness.command(user, "/mentor", "pause")
    view = list(harness.emulator.views.values())[-1]
    values = {
        blocks.UNTIL_BLOCK: {blocks.UNTIL_ACTION: {"type": "datepicker", "selected_date": day}}
    }
    assert harness.submit(user, view, values).status == 200


def test_intro_home_scheduler_and_resume_name_the_same_day(both: Harness) -> None:
    pair = accepted_pair(both)
    assert group_days(both, pair, r"first 30-minute chat.* on ") == ["Tuesday 8 December"]
    # Accepted today, a Tuesday: Home used to say "next meeting Tuesday 1 December".
    assert home_day(both, "UMIA") == home_day(both, "UMAX") == "next meeting Tuesday 8 December"
    both.tick(datetime(2026, 12, 1, 12, tzinfo=UTC))
    assert home_day(both, "UMIA") == "next meeting Tuesday 8 December"
    both.tick(datetime(2026, 12, 7, 9, tzinfo=UTC))
    both.tick(datetime(2026, 12, 8, 9, tzinfo=UTC))
    assert [k for _, k, _ in posted(both)] == ["prepare", "meeting_prompt"]
    assert home_day(both, "UMIA") == "next meeting Tuesday 8 December"  # today
    both.tick(datetime(2026, 12, 9, 9, tzinfo=UTC))
    # Every two weeks from the meeting held on the 8th (Home used to count 15 December).
    assert home_day(both, "UMIA") == "next meeting Tuesday 22 December"
    pause_until(both, "UMIA", "2026-12-20")
    assert home_day(both, "UMAX") == "paused until Sunday 20 December"
    both.command("UMIA", "/mentor", "pause off")
    resumed = group_days(both, pair, r"Your next meeting day is ")
    assert resumed == ["Tuesday 22 December"]
    assert home_day(both, "UMIA") == home_day(both, "UMAX") == "next meeting Tuesday 22 December"
    both.tick(datetime(2026, 12, 22, 9, tzinfo=UTC))
    assert [k for _, k, _ in posted(both)][-1] == "meeting_prompt"


def test_a_pause_within_six_months_says_no_year(both: Harness) -> None:
    """A pause is at most six months now (a pause until 2099 is refused), so its day never
    needs a year; the year rule itself is tested in tests/bot/test_format_day.py."""
    pair = accepted_pair(both)
    pause_until(both, "UMIA", "2099-01-01")
    assert group_days(both, pair, r"paused your mentoring prompts until ") == []
    pause_until(both, "UMIA", "2027-05-31")  # six months ahead: no year needed yet
    assert group_days(both, pair, r"paused your mentoring prompts until ")[-1] == "Monday 31 May"
