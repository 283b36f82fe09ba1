"""The periods a summary covers: 7, 30 or 90 whole local days, and the one before each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import local_midnight

PERIODS: dict[str, int] = {"7d": 7, "30d": 30, "90d": 90}
DEFAULT_PERIOD = "30d"


class UnknownPeriod(ValueError):
    """The period is not one of PERIODS."""


def parse_period(text: str) -> str:
    """The period key ("7d", "30d", "90d"); empty text means the default."""
    key = text.strip().lower() or DEFAULT_PERIOD
    if key not in PERIODS:
        raise UnknownPeriod(key)
    return key


@dataclass(frozen=True)
class Window:
    """A period of whole local days, first and last included."""

    first_day: date
    last_day: date
    start_at: datetime
    end_at: datetime

    def has_day(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def has_moment(self, moment: datetime | None) -> bool:
        return moment is not None and self.start_at <= moment < self.end_at


def windows(period_key: str, *, today: date, tz_name: str | None) -> tuple[Window, Window]:
    """The period ending today (in that zone) and the one of equal length before it."""
    days = PERIODS[period_key]
    current_first = today - timedelta(days=days - 1)
    previous_first = current_first - timedelta(days=days)
    return (
        _window(current_first, today, tz_name),
        _window(previous_first, current_first - timedelta(days=1), tz_name),
    )


def _window(first: date, last: date, tz_name: str | None) -> Window:
    return Window(
        first, last, local_midnight(first, tz_name), local_midnight(last + timedelta(1), tz_name)
    )
