"""Working hours, pair overlap and next occurrences, across zones and DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.cadence import (
    first_send_on,
    is_send_moment,
    next_send_moment,
    next_workday,
    pair_window,
    previous_workday,
    working_window,
)
from bot.services.meeting_dates import following_meeting
from storage.models import Pair


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "tz", "start", "end"),
    [
        # London: GMT on the Friday, BST after the change on Sunday 28 March 2027.
        (date(2027, 3, 26), "Europe/London", utc(2027, 3, 26, 8), utc(2027, 3, 26, 18)),
        (date(2027, 3, 29), "Europe/London", utc(2027, 3, 29, 7), utc(2027, 3, 29, 17)),
        # Los Angeles: PST before Sunday 14 March 2027, PDT after.
        (date(2027, 3, 12), "America/Los_Angeles", utc(2027, 3, 12, 16), utc(2027, 3, 13, 2)),
        (date(2027, 3, 15), "America/Los_Angeles", utc(2027, 3, 15, 15), utc(2027, 3, 16, 1)),
        # Auckland: NZDT (+13) until Sunday 4 April 2027, NZST (+12) after.
        (date(2027, 4, 2), "Pacific/Auckland", utc(2027, 4, 1, 19), utc(2027, 4, 2, 5)),
        (date(2027, 4, 5), "Pacific/Auckland", utc(2027, 4, 4, 20), utc(2027, 4, 5, 6)),
        # Kolkata: +05:30 all year.
        (date(2027, 3, 29), "Asia/Kolkata", utc(2027, 3, 29, 2, 30), utc(2027, 3, 29, 12, 30)),
    ],
)
def test_working_window_is_dst_correct(day: date, tz: str, start: datetime, end: datetime) -> None:
    assert working_window(day, tz) == (start, end)


def test_weekends_have_no_window() -> None:
    assert working_window(date(2027, 3, 27), "Europe/London") is None
    assert working_window(date(2027, 3, 28), "Asia/Kolkata") is None


def test_pair_window_is_the_overlap() -> None:
    # Mentee in Kolkata, mentor in London (winter): 08:00-12:30 UTC.
    window = pair_window(date(2026, 12, 2), "Asia/Kolkata", "Europe/London")
    assert window == (utc(2026, 12, 2, 8), utc(2026, 12, 2, 12, 30))


def test_pair_window_crosses_the_date_line() -> None:
    # Mentee in Los Angeles on Monday, mentor in Auckland on (their) Tuesday morning.
    window = pair_window(date(2026, 12, 7), "America/Los_Angeles", "Pacific/Auckland")
    assert window == (utc(2026, 12, 7, 19), utc(2026, 12, 8, 2))


def test_no_overlap_falls_back_to_the_mentee() -> None:
    # Friday in Los Angeles is Saturday in Auckland: no shared working hours.
    window = pair_window(date(2026, 12, 11), "America/Los_Angeles", "Pacific/Auckland")
    assert window == working_window(date(2026, 12, 11), "America/Los_Angeles")


def test_next_send_moment_waits_for_the_morning_and_skips_weekends() -> None:
    friday_evening = utc(2026, 12, 4, 18, 30)  # 18:30 in London
    assert next_send_moment(friday_evening, "Europe/London") == utc(2026, 12, 7, 8)
    inside = utc(2026, 12, 7, 11, 15)
    assert next_send_moment(inside, "Europe/London") == inside
    assert is_send_moment(inside, "Europe/London")
    assert not is_send_moment(utc(2026, 12, 7, 18), "Europe/London")  # 18:00 is closed


def test_first_send_on_follows_dst() -> None:
    assert first_send_on(date(2027, 3, 22), "Europe/London") == utc(2027, 3, 22, 8)
    assert first_send_on(date(2027, 3, 29), "Europe/London") == utc(2027, 3, 29, 7)
    assert first_send_on(date(2027, 3, 27), "Europe/London") == utc(2027, 3, 29, 7)  # Saturday


def test_workday_steps() -> None:
    assert previous_workday(date(2026, 12, 7)) == date(2026, 12, 4)  # Monday -> Friday
    assert next_workday(date(2026, 12, 4)) == date(2026, 12, 7)  # Friday -> Monday
    assert next_workday(date(2026, 12, 1)) == date(2026, 12, 2)


def _pair(cadence: str, weekday: int) -> Pair:
    return Pair(
        team_id="T",
        mentor_id=1,
        mentee_id=2,
        cadence=cadence,
        meeting_weekday=weekday,
        started_at=utc(2026, 12, 1),
    )


@pytest.mark.parametrize(
    ("cadence", "weekday", "last", "today", "expected"),
    [
        ("weekly", 3, None, date(2026, 12, 1), date(2026, 12, 3)),
        ("weekly", 1, None, date(2026, 12, 1), date(2026, 12, 8)),  # strictly after today
        ("weekly", 3, date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 10)),
        ("biweekly", 3, date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 17)),
        ("monthly", 3, date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 31)),
        # The app was down for five weeks: one next meeting, not one per missed period.
        ("weekly", 3, date(2026, 12, 3), date(2027, 1, 8), date(2027, 1, 14)),
        ("biweekly", 3, date(2026, 12, 3), date(2027, 1, 8), date(2027, 1, 14)),
        # A new weekday after a cadence change counts from the last meeting.
        ("weekly", 0, date(2026, 12, 3), date(2026, 12, 4), date(2026, 12, 7)),
        # Across the London DST change the dates stay on the weekday.
        ("weekly", 0, date(2027, 3, 22), date(2027, 3, 23), date(2027, 3, 29)),
    ],
)
def test_following_meeting(
    cadence: str, weekday: int, last: date | None, today: date, expected: date
) -> None:
    assert following_meeting(_pair(cadence, weekday), last=last, today=today) == expected


@pytest.mark.parametrize(
    "tz", ["Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata", "Europe/London"]
)
def test_every_send_moment_over_a_year_is_inside_working_hours(tz: str) -> None:
    moment = utc(2026, 12, 1)
    for _ in range(365 * 3):
        found = next_send_moment(moment, tz)
        assert found >= moment
        local = found.astimezone(ZoneInfo(tz))
        assert local.weekday() < 5 and 8 <= local.hour < 18, local
        moment += timedelta(hours=7, minutes=13)
