"""Helpers for driving the reflection dialog through the harness."""

from __future__ import annotations

import time
from typing import Any

from sqlmodel import select

from playground.harness import Harness
from storage.models import Person, Reflection


def dm(harness: Harness, user: str) -> list[dict[str, Any]]:
    return harness.emulator.messages[harness.emulator.dm_channel_of(user)]


def last_dm(harness: Harness, user: str) -> dict[str, Any]:
    return dm(harness, user)[-1]


def find_element(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message.get("blocks") or []:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no {action_id} in {message.get('blocks')}")


def click_in_dm(harness: Harness, user: str, action_id: str, *, clicker: str | None = None) -> Any:
    """Click a button of the latest DM message (as `clicker`, default its owner)."""
    message = last_dm(harness, user)
    element = find_element(message, action_id)
    return harness.click(
        clicker or user,
        {"action_id": action_id, "value": element.get("value", ""), "block_id": "b"},
        channel_id=harness.emulator.dm_channel_of(user),
        message=message,
    )


def current_reflection(harness: Harness, user: str) -> Reflection | None:
    with harness.db.begin() as session:
        person = session.exec(select(Person).where(Person.slack_user_id == user)).first()
        if person is None:
            return None
        return session.exec(
            select(Reflection).where(
                Reflection.person_id == person.id,
                Reflection.is_current == True,  # noqa: E712
            )
        ).first()


def step_of(harness: Harness, user: str) -> str | None:
    reflection = current_reflection(harness, user)
    return reflection.step if reflection else None


def dm_event(harness: Harness, user: str, text: str, **extra: Any) -> dict[str, Any]:
    """A message.im event as Slack sends it; `ts` strictly after every earlier one."""
    ts = f"{time.time():.6f}"  # wall-clock-ok: Slack message ts are epoch seconds
    return {
        "type": "message",
        "channel_type": "im",
        "channel": harness.emulator.dm_channel_of(user),
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        **extra,
    }


def rendered(message: dict[str, Any]) -> str:
    return str(message.get("text", "")) + str(message.get("blocks", ""))
