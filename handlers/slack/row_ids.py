"""A number read from what a client sent (a button's value, a modal's metadata, a select's
option): ASCII digits only, a row id small enough for PostgreSQL's integer column. Anything
else (a forged "²", "١٢", "１", "-1", "1e3" or a twelve-digit id) is None, so a handler refuses
it kindly instead of failing in int() or in the database."""

from __future__ import annotations

from bot.services.typed_text import whole_number

MAX_ROW_ID = 2**31 - 1  # PostgreSQL's integer: a larger id makes the query fail, not miss


def whole(text: str | None, digits: int) -> int | None:
    """A whole number of at most `digits` ASCII digits (a timestamp, a sequence), or None."""
    if text is None or text != text.strip():  # Slack sends values as they were built
        return None
    return whole_number(text, max_digits=digits)


def row_id(text: str | None) -> int | None:
    value = whole(text, 10)
    return value if value is not None and 0 < value <= MAX_ROW_ID else None


def small_number(text: str | None) -> int | None:
    """A choice's number (0-9999: a weekday, a percentage), or None."""
    return whole(text, 4)
