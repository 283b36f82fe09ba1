"""The circle journey through signed requests: /mentor circle, /find-mentor's Join circle, the
conversation (group DM, then a private channel past 8 people), approval, leaving, closing."""

from __future__ import annotations

import json
from typing import Any

from handlers.circles import blocks, messages
from playground.harness import Harness
from storage.models import Circle, CircleMember
from tests.handlers.circles.helpers import (
    circle_values,
    join_button,
    mentor_with_profile,
    open_circle,
    people,
)
from tests.handlers.find_mentor_helpers import find, last_view, refusals


def _circle(h: Harness) -> Circle:
    with h.db.begin() as session:
        from sqlmodel import select

        return session.exec(select(Circle)).all()[-1]


def _dm_texts(h: Harness, user: str) -> str:
    return json.dumps(h.emulator.messages.get(h.emulator.dm_channel_of(user), []))


def _notes(h: Harness) -> list[str]:
    return [str(c.args.get("text") or "") for c in h.emulator.calls_to("response_url")]


def test_a_non_mentor_gets_a_plain_answer(harness: Harness) -> None:
    h = harness
    people(h, "UANA")
    answer = h.command("UANA", "/mentor", "circle")
    assert "mentor profile" in answer.json["text"]
    assert h.emulator.ok_calls_to("views.open") == []


def test_the_modal_refuses_one_seat_and_fifty(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    h.command("UMAX", "/mentor", "circle")
    view = last_view(h)
    assert view["callback_id"] == blocks.CIRCLE_VIEW
    for seats in ("1", "50"):
        answer = h.submit("UMAX", view, circle_values("Python at scale", seats=seats))
        assert answer.json["response_action"] == "errors"
        assert "2 to 8 seats" in answer.json["errors"][blocks.B_SEATS]
    empty = h.submit("UMAX", view, circle_values("   "))
    assert blocks.B_TOPIC in empty.json["errors"]


def test_join_from_find_mentor_opens_a_group_dm_and_introduces_everyone(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="2")
    assert "is open with 2 seats" in _dm_texts(h, "UMAX")
    people(h, "UANA", "UBO", "UCY")
    answer = find(h, "UANA", "python")
    shown = json.dumps(answer["blocks"])
    assert "Python at scale" in shown and "<@UMAX>" in shown and "2 seats left" in shown
    assert len(answer["blocks"]) <= 50
    h.click("UANA", join_button(h, "UANA"))
    circle = _circle(h)
    assert circle.channel_id is not None and not circle.channel_is_private
    intro = h.emulator.messages[circle.channel_id][-1]
    assert "Welcome to the circle" in intro["text"] and "<@UANA>" in intro["text"]
    assert "<@UMAX>" in intro["text"] and "Python at scale" in intro["text"]
    h.click("UBO", join_button(h, "UBO"))
    second = _circle(h)
    assert second.channel_id != circle.channel_id  # a group DM's people are fixed: a new one
    members = h.emulator.channels[str(second.channel_id)]["members"]
    assert sorted(members) == ["U0BOT", "UANA", "UBO", "UMAX"]
    assert "Circles that fit" not in json.dumps(find(h, "UCY", "python"))  # full: not listed
    assert refusals(h) == []


def test_a_full_or_closed_circle_is_a_plain_refusal(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="2")
    people(h, "UANA", "UBO", "UCY")
    button = join_button(h, "UANA")
    h.click("UANA", button)
    h.click("UBO", button)
    h.click("UCY", button)
    assert _notes(h)[-1] == messages.JOIN_REPLIES["full"]
    circle = _circle(h)
    close = {"action_id": messages.CLOSE, "value": str(circle.id)}
    h.click("UANA", close)  # not the mentor
    assert "isn't for you" in _notes(h)[-1]
    h.click("UMAX", close)
    closing = h.emulator.messages[str(circle.channel_id)][-1]["text"]
    assert "has closed the circle" in closing
    h.click("UCY", button)
    assert _notes(h)[-1] == messages.JOIN_REPLIES["closed"]
    with h.db.begin() as session:
        stored = session.get(Circle, circle.id)
        assert stored is not None and stored.status == "closed" and stored.closed_at
    assert refusals(h) == []


def test_approval_leaving_and_the_next_person_waiting(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="2", approval=True)
    people(h, "UANA", "UBO", "UCY")
    button = join_button(h, "UANA")
    h.click("UANA", button)
    assert _notes(h)[-1] == messages.JOIN_REPLIES["waiting"]
    request = h.emulator.messages[h.emulator.dm_channel_of("UMAX")][-1]
    approve = _element(request, messages.APPROVE)
    h.click("UANA", approve)  # asking is not approving
    assert "isn't for you" in _notes(h)[-1]
    h.click("UMAX", approve)
    assert "you're in the circle" in _dm_texts(h, "UANA")
    h.click("UBO", button)
    h.click("UMAX", _element(h.emulator.messages[h.emulator.dm_channel_of("UMAX")][-1],
                             messages.APPROVE))  # fmt: skip
    h.click("UCY", button)
    assert _notes(h)[-1] == messages.JOIN_REPLIES["full"]
    # A seat frees: Cy asks, and is told when the next seat frees too.
    circle = _circle(h)
    leave = {"action_id": messages.LEAVE, "value": str(circle.id)}
    h.click("UANA", leave)
    assert "left your circle" in _dm_texts(h, "UMAX") and "with thanks" in _dm_texts(h, "UMAX")
    h.click("UCY", button)
    h.click("UBO", leave)
    assert "A seat came free" in _dm_texts(h, "UCY")
    decline = _element(h.emulator.messages[h.emulator.dm_channel_of("UMAX")][-2], messages.DECLINE)
    h.click("UMAX", decline)
    assert "can't take you this time" in _dm_texts(h, "UCY")
    with h.db.begin() as session:
        from sqlmodel import select

        rows = {m.person_id: m.status for m in session.exec(select(CircleMember))}
    assert sorted(rows.values()) == ["declined", "left", "left"]
    assert refusals(h) == []


def _element(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return {"action_id": action_id, "value": element["value"], "block_id": "b"}
    raise AssertionError(f"no {action_id} in {message}")


def test_past_eight_people_the_circle_moves_to_a_private_channel(harness: Harness) -> None:
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="8")
    joiners = [f"UJ{n}" for n in range(8)]
    people(h, *joiners)
    button = join_button(h, joiners[0])
    for user in joiners:
        h.click(user, button)
    circle = _circle(h)
    assert circle.channel_is_private and circle.members_count == 8
    channel = h.emulator.channels[str(circle.channel_id)]
    assert channel["is_private"] and not channel["is_mpim"]
    assert sorted(channel["members"]) == sorted(["U0BOT", "UMAX", *joiners])
    assert "Welcome to the circle" in h.emulator.messages[str(circle.channel_id)][-1]["text"]
    assert refusals(h) == []


def test_a_leaver_hears_no_more_of_a_group_dm_circle(harness: Harness) -> None:
    """A group DM keeps its people: when one leaves, the circle goes on in a new group DM of
    those who remain; when only the mentor is left, it waits without one."""
    h = harness
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="3")
    people(h, "UANA", "UBO")
    button = join_button(h, "UANA")
    h.click("UANA", button)
    h.click("UBO", button)
    first = str(_circle(h).channel_id)
    assert set(h.emulator.channels[first]["members"]) >= {"UMAX", "UANA", "UBO"}
    leave = {"action_id": messages.LEAVE, "value": str(_circle(h).id)}
    h.click("UANA", leave)
    moved = _circle(h)
    assert moved.channel_id and moved.channel_id != first and not moved.channel_is_private
    members = h.emulator.channels[str(moved.channel_id)]["members"]
    assert "UANA" not in members and {"UMAX", "UBO"} <= set(members)
    [hello] = h.emulator.messages[str(moved.channel_id)]
    assert "goes on here" in hello["text"] and "<@UBO>" in hello["text"]
    assert "<@UANA>" not in hello["text"] and "2 seats left." in hello["text"]
    before = len(h.emulator.messages.get(h.emulator.dm_channel_of("UMAX"), []))
    h.click("UBO", leave)
    assert _circle(h).channel_id is None
    mentor_dm = h.emulator.messages.get(h.emulator.dm_channel_of("UMAX"), [])
    assert len(mentor_dm) == before + 1 and "left your circle" in mentor_dm[-1]["text"]
    # The next newcomer opens a conversation again, introduced from the start.
    people(h, "UCY")
    h.click("UCY", join_button(h, "UCY"))
    again = _circle(h)
    assert again.channel_id and again.channel_id not in {first, moved.channel_id}
    assert "Welcome to the circle" in h.emulator.messages[str(again.channel_id)][-1]["text"]
    assert refusals(h) == []
