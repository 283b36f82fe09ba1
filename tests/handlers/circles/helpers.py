"""Acting out circles through signed requests: a mentor opens one, people join from /find-mentor."""

from __future__ import annotations

from typing import Any

from handlers.circles import blocks
from playground.harness import Harness
from tests.handlers.find_mentor_helpers import find, last_view, save_profile


def circle_values(
    topic: str, *, skills: tuple[str, ...] = ("python",), seats: str = "3", approval: bool = False
) -> dict[str, Any]:
    def one(value: str) -> dict[str, Any]:
        return {"type": "static_select", "selected_option": {"value": value}}

    checked = [{"value": "yes"}] if approval else []
    return {
        blocks.B_TOPIC: {blocks.A_TOPIC: {"type": "plain_text_input", "value": topic}},
        blocks.B_SKILLS: {
            blocks.A_SKILLS: {
                "type": "multi_static_select",
                "selected_options": [{"value": s} for s in skills],
            }
        },
        blocks.B_EXTRA: {blocks.A_EXTRA: {"type": "plain_text_input", "value": ""}},
        blocks.B_SEATS: {blocks.A_SEATS: one(seats)},
        blocks.B_CADENCE: {blocks.A_CADENCE: one("weekly")},
        blocks.B_WEEKDAY: {blocks.A_WEEKDAY: one("2")},
        blocks.B_APPROVAL: {blocks.A_APPROVAL: {"type": "checkboxes", "selected_options": checked}},
    }


def open_circle(h: Harness, mentor: str, topic: str, **kw: Any) -> Any:
    """The mentor (profile saved first) opens a circle through the modal."""
    h.command(mentor, "/mentor", "circle")
    return h.submit(mentor, last_view(h), circle_values(topic, **kw))


def people(h: Harness, *users: str) -> None:
    for user in users:
        h.emulator.add_user(user, name=user.lower(), real_name=f"Person {user}")


def mentor_with_profile(h: Harness, user: str, skills: list[str]) -> None:
    people(h, user)
    save_profile(h, user, skills)


def join_button(h: Harness, user: str, words: str = "python") -> dict[str, Any]:
    answer = find(h, user, words)
    found = [
        {"action_id": b["accessory"]["action_id"], "value": b["accessory"]["value"],
         "block_id": b["block_id"]}
        for b in answer["blocks"]
        if b.get("accessory", {}).get("action_id") == blocks.JOIN_CIRCLE
    ]  # fmt: skip
    assert found, answer
    return found[0]
