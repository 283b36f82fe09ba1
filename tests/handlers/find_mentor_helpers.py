"""Acting out the mentoring journey through the harness: profiles, searches, requests."""

from __future__ import annotations

from typing import Any

from handlers.introductions.blocks import A_MESSAGE, B_MESSAGE
from handlers.profiles.blocks import (
    A_ALUMNI,
    A_CAPACITY,
    A_EXTRA,
    A_HELPS,
    A_OPEN,
    A_PEERS,
    A_SKILLS,
    A_TEAM,
    B_ALUMNI,
    B_CAPACITY,
    B_EXTRA,
    B_HELPS,
    B_OPEN,
    B_PEERS,
    B_SKILLS,
    B_TEAM,
)
from playground.harness import Harness


def add_people(h: Harness) -> None:
    h.emulator.add_user("UMIA", name="mia", real_name="Mia Mentee", tz="Europe/Paris")
    h.emulator.add_user("UMAX", name="max", real_name="Max Mentor", tz="Europe/Berlin")
    h.emulator.add_user("UNED", name="ned", real_name="Ned Next", tz="Europe/London")
    h.emulator.add_user("UEVE", name="eve", real_name="Eve Stranger", tz="Europe/Paris")


def last_view(h: Harness) -> dict[str, Any]:
    return list(h.emulator.views.values())[-1]


def profile_values(
    skills: list[str],
    *,
    extra: str = "",
    capacity: str = "2",
    status: str = "open",
    alumni: str = "",
    team: str = "",
    helps: str = "",
    peers: bool = True,
) -> dict[str, dict[str, Any]]:
    def text(value: str) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}

    return {
        B_SKILLS: {
            A_SKILLS: {
                "type": "multi_static_select",
                "selected_options": [
                    {"text": {"type": "plain_text", "text": s}, "value": s} for s in skills
                ],
            }
        },
        B_EXTRA: {A_EXTRA: text(extra)},
        B_HELPS: {A_HELPS: text(helps)},
        B_CAPACITY: {A_CAPACITY: text(capacity)},
        B_OPEN: {
            A_OPEN: {
                "type": "radio_buttons",
                "selected_option": {
                    "text": {"type": "plain_text", "text": status},
                    "value": status,
                },
            }
        },
        B_ALUMNI: {A_ALUMNI: text(alumni)},
        B_TEAM: {A_TEAM: text(team)},
        B_PEERS: {
            A_PEERS: {
                "type": "checkboxes",
                "selected_options": [{"value": "yes"}] if peers else [],
            }
        },
    }


def save_profile(h: Harness, user: str, skills: list[str], **kw: Any) -> Any:
    h.command(user, "/mentor", "profile")
    return h.submit(user, last_view(h), profile_values(skills, **kw))


def refusals(h: Harness) -> list[tuple[str, Any]]:
    """Every call the emulator refused (a strict emulator refuses invalid Block Kit)."""
    return [(c.method, c.response) for c in h.emulator.calls if c.refused]


def responses(h: Harness) -> list[dict[str, Any]]:
    """What the app sent to response_urls; fails the test if Slack would have refused any."""
    assert refusals(h) == []
    return [c.args for c in h.emulator.calls_to("response_url")]


def find(h: Harness, user: str, words: str = "") -> dict[str, Any]:
    h.command(user, "/find-mentor", words)
    return responses(h)[-1]


def elements(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every interactive element of a message (buttons in actions and accessories)."""
    found: list[dict[str, Any]] = []
    for block in message.get("blocks") or []:
        if block.get("accessory"):
            found.append({**block["accessory"], "block_id": block.get("block_id", "b")})
        for element in block.get("elements") or []:
            if "action_id" in element:
                found.append({**element, "block_id": block.get("block_id", "b")})
    return found


def element(message: dict[str, Any], action_id: str, index: int = 0) -> dict[str, Any]:
    matching = [
        e
        for e in elements(message)
        if e["action_id"] == action_id or e["action_id"].startswith(action_id + "_")
    ]
    assert matching, f"no {action_id} in {[e['action_id'] for e in elements(message)]}"
    e = matching[index]
    return {"action_id": e["action_id"], "block_id": e["block_id"], "value": e.get("value", "")}


def dm(h: Harness, user: str) -> list[dict[str, Any]]:
    return h.emulator.messages[h.emulator.dm_channel_of(user)]


def request_intro(
    h: Harness, mentee: str, answer: dict[str, Any], mentor_index: int = 0, text: str | None = None
) -> Any:
    from handlers.matching.blocks import REQUEST_INTRO

    h.click(mentee, element(answer, REQUEST_INTRO, mentor_index), channel_id="C0GENERAL")
    view = last_view(h)
    message = text if text is not None else view["blocks"][1]["element"]["initial_value"]
    return h.submit(
        mentee, view, {B_MESSAGE: {A_MESSAGE: {"type": "plain_text_input", "value": message}}}
    )


def click_in_dm(
    h: Harness, user: str, owner: str, action_id: str, message: dict[str, Any] | None = None
) -> Any:
    """`user` clicks `action_id` on the last message in `owner`'s DM with the bot."""
    target = message or dm(h, owner)[-1]
    return h.click(
        user,
        element(target, action_id),
        channel_id=h.emulator.dm_channel_of(owner),
        message=target,
    )
