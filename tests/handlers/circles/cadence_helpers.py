"""Driving a circle's cadence through signed requests: days of scheduler passes, and members
answering what reached their DM."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import select

from handlers.circles import delivery_blocks as cb
from playground.harness import Harness
from storage.models import Circle
from tests.handlers.circles.helpers import join_button, mentor_with_profile, open_circle, people
from tests.handlers.find_mentor_helpers import last_view

TICK_HOURS = (14, 20)  # UTC: inside New York's and (at 14:00) Berlin's working day


def circle_of(h: Harness) -> Circle:
    with h.db.begin() as session:
        return session.exec(select(Circle)).all()[-1]


def dm(h: Harness, user: str) -> list[dict[str, Any]]:
    return list(h.emulator.messages.get(h.emulator.dm_channel_of(user), []))


def dm_text(h: Harness, user: str) -> str:
    return json.dumps(dm(h, user))


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("type") == "button":
                found[element["action_id"]] = {
                    "action_id": element["action_id"],
                    "value": element.get("value", ""),
                    "block_id": block.get("block_id", "b"),
                }
    return found


def opened_circle(h: Harness, members: tuple[str, ...], *, seats: str = "3") -> Circle:
    """Max's weekly Wednesday circle, with `members` joined from /find-mentor."""
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats=seats)
    for user in members:
        if user not in h.emulator.users:
            people(h, user)
        h.click(user, join_button(h, user))
    return circle_of(h)


def ask_question(h: Harness, user: str, button: dict[str, Any], text: str, share: bool) -> Any:
    h.click(user, button, channel_id=h.emulator.dm_channel_of(user))
    chosen = [{"value": "yes"}] if share else []
    values = {
        cb.B_QUESTION: {cb.A_QUESTION: {"type": "plain_text_input", "value": text}},
        cb.B_SHARE: {cb.A_SHARE: {"type": "checkboxes", "selected_options": chosen}},
    }
    return h.submit(user, last_view(h), values)


def check_in(h: Harness, user: str, button: dict[str, Any], useful: str = "4") -> Any:
    h.click(user, button, channel_id=h.emulator.dm_channel_of(user))
    values = {
        cb.B_USEFUL: {cb.A_USEFUL: {"type": "static_select", "selected_option": {"value": useful}}},
        cb.B_TAKEAWAY: {cb.A_TAKEAWAY: {"type": "plain_text_input", "value": "Profile first"}},
    }
    return h.submit(user, last_view(h), values)


Answerer = Callable[[Harness, str, dict[str, Any]], None]


def days_of_passes(
    h: Harness, days: int, answerers: dict[str, Answerer], start: datetime | None = None
) -> None:
    """Two scheduler passes a day; after each, every answerer handles the new messages in
    their DM (each message once)."""
    first = (start or h.clock.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    seen: dict[str, int] = {user: len(dm(h, user)) for user in answerers}
    for n in range(days):
        for hour in TICK_HOURS:
            h.tick(first + timedelta(days=n, hours=hour))
            for user, answer in answerers.items():
                messages = dm(h, user)
                for message in messages[seen[user] :]:
                    answer(h, user, message)
                seen[user] = len(dm(h, user))
