"""Three slots inside the hours two people share, read on each person's own clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import local
from bot.services.calendar.slots import Slot, label, propose

TUESDAY = date(2027, 3, 9)  # between the US (14 March) and the European (28 March) DST changes


def test_three_slots_spread_over_the_shared_hours() -> None:
    slots = propose(TUESDAY, "Europe/London", "America/New_York")
    # London 08:00-18:00 GMT and New York 08:00-18:00 EST share 13:00-18:00 GMT.
    starts = [local(s.start, "Europe/London").strftime("%H:%M") for s in slots]
    assert starts == ["13:00", "15:00", "17:30"]  # early, middle, the last that ends by 18:00
    for slot in slots:
        assert slot.end - slot.start == timedelta(minutes=30)
        assert slot.in_working_hours("Europe/London") and slot.in_working_hours("America/New_York")


def test_starts_fall_on_the_organisers_half_hours_in_a_45_minute_zone() -> None:
    slots = propose(TUESDAY, "Asia/Kathmandu", "Europe/Berlin")
    assert slots
    assert {local(s.start, "Asia/Kathmandu").minute for s in slots} <= {0, 30}
    assert {local(s.start, "Europe/Berlin").minute for s in slots} <= {15, 45}


def test_a_weekend_day_has_no_slots_and_hours_that_never_meet_say_so() -> None:
    assert propose(date(2027, 3, 13), "Europe/Paris", "Europe/Paris") == []
    apart = propose(TUESDAY, "Pacific/Auckland", "Europe/London")  # 13 hours apart
    assert apart and all(s.in_working_hours("Pacific/Auckland") for s in apart)
    assert not any(s.in_working_hours("Europe/London") for s in apart)


@pytest.mark.parametrize("tz", ["Australia/Adelaide", "Asia/Kolkata", "America/Los_Angeles"])
def test_the_same_slot_reads_in_each_zone(tz: str) -> None:
    slot = Slot(datetime(2027, 3, 9, 22, 0, tzinfo=UTC), datetime(2027, 3, 9, 22, 30, tzinfo=UTC))
    text = label(slot, tz, today=date(2027, 3, 1))
    start = local(slot.start, tz)
    assert text.startswith(f"{start:%A} {start.day} {start:%B}, {start:%H:%M}-")
    assert "2027" not in text  # this year's date needs no year
    assert "2027" in label(slot, tz, today=date(2026, 12, 1))


def test_the_label_follows_daylight_saving() -> None:
    before = Slot(datetime(2027, 3, 9, 17, tzinfo=UTC), datetime(2027, 3, 9, 17, 30, tzinfo=UTC))
    after = Slot(before.start + timedelta(weeks=1), before.end + timedelta(weeks=1))
    today = date(2027, 3, 1)
    assert "09:00-09:30 PST" in label(before, "America/Los_Angeles", today=today)
    assert "10:00-10:30 PDT" in label(after, "America/Los_Angeles", today=today)
