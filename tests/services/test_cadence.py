from __future__ import annotations

from datetime import date

import pytest

from bot.services.cadence import first_meeting_on, next_meeting_on

TUESDAY = date(2026, 12, 1)


def test_first_meeting_is_strictly_after() -> None:
    assert first_meeting_on(weekday=1, after=TUESDAY) == date(2026, 12, 8)
    assert first_meeting_on(weekday=3, after=TUESDAY) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("cadence", "today", "expected"),
    [
        ("weekly", date(2026, 12, 3), date(2026, 12, 3)),
        ("weekly", date(2026, 12, 4), date(2026, 12, 10)),
        ("biweekly", date(2026, 12, 4), date(2026, 12, 17)),
        ("biweekly", date(2026, 12, 17), date(2026, 12, 17)),
        ("monthly", date(2026, 12, 4), date(2026, 12, 31)),
        ("monthly", date(2027, 1, 1), date(2027, 1, 28)),
    ],
)
def test_next_meeting(cadence: str, today: date, expected: date) -> None:
    anchor = date(2026, 12, 3)  # a Thursday
    assert next_meeting_on(cadence=cadence, weekday=3, anchor=anchor, today=today) == expected
