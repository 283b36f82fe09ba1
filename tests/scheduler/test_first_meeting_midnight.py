"""An introduction accepted around the mentee's local midnight: the day the group DM proposes,
App Home and the scheduler's first prompt are the same day, whether the first pass runs before
or after midnight (issue 16, item 3). The clock is injected; the zones are a day apart."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from handlers.introductions.blocks import INTRO_ACCEPT
from playground.harness import Harness
from storage.models import Delivery, Pair
from tests.handlers.find_mentor_helpers import click_in_dm, find, request_intro, save_profile
from tests.scheduler.test_next_meeting import group_days, home_day

ZONES = ("Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata", "Australia/Adelaide")
# Monday 30 November just before midnight, and just after it (Tuesday 1 December, the
# pair's default meeting weekday): a first meeting on the 1st, then on the 8th.
TIMES = {
    "23:30": (date(2026, 11, 30), time(23, 30), "Tuesday 1 December"),
    "23:59": (date(2026, 11, 30), time(23, 59), "Tuesday 1 December"),
    "00:01": (date(2026, 12, 1), time(0, 1), "Tuesday 8 December"),
}


def _accept_at(harness: Harness, tz: str, day: date, clock: time) -> Pair:
    at = datetime.combine(day, clock, ZoneInfo(tz))
    harness.clock.set(at - timedelta(minutes=1))
    harness.emulator.add_user("UMIA", name="mia", real_name="Mia Mentee", tz=tz)
    harness.emulator.add_user("UMAX", name="max", real_name="Max Mentor", tz="Europe/Berlin")
    save_profile(harness, "UMAX", ["python"])
    request_intro(harness, "UMIA", find(harness, "UMIA", "python"), 0)
    harness.clock.set(at)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT)
    with harness.db.begin() as session:
        return session.exec(select(Pair)).one()


def _first_prompt(harness: Harness) -> str:
    with harness.db.begin() as session:
        row = session.exec(select(Delivery).where(Delivery.kind == "meeting_prompt")).one()
        assert row.occurrence is not None
        return f"{row.occurrence:%A %-d %B}"


@pytest.mark.parametrize("tz", ZONES)
@pytest.mark.parametrize("clock", list(TIMES))
def test_the_first_meeting_is_the_day_proposed(harness: Harness, tz: str, clock: str) -> None:
    day, local, expected = TIMES[clock]
    pair = _accept_at(harness, tz, day, local)
    assert group_days(harness, pair, r"first 30-minute chat.* on ") == [expected]
    assert home_day(harness, "UMIA") == f"next meeting {expected}"
    # The first pass, a little later: past midnight for the two late accepts.
    harness.tick(harness.clock.now() + timedelta(minutes=35))
    assert _first_prompt(harness) == expected
    assert home_day(harness, "UMIA") == home_day(harness, "UMAX") == f"next meeting {expected}"


@pytest.mark.parametrize("tz", ZONES)
def test_home_before_the_first_pass_after_midnight(harness: Harness, tz: str) -> None:
    """No pass ran yet and it is the proposed day already: Home still says that day."""
    pair = _accept_at(harness, tz, *TIMES["23:59"][:2])
    harness.clock.set(datetime.combine(*TIMES["00:01"][:2], ZoneInfo(tz)))
    assert home_day(harness, "UMIA") == "next meeting Tuesday 1 December"
    assert group_days(harness, pair, r"first 30-minute chat.* on ") == ["Tuesday 1 December"]
