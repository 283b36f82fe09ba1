"""The circle modal (`/mentor circle`) and the circle's lines in the /find-mentor answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.services.cadence import CADENCES, WEEKDAYS
from bot.services.circles import forms
from bot.services.circles.fit import CircleMatch
from bot.services.skills import SkillEntry
from handlers.slack.mrkdwn import button, clip, escape, plain, section

CIRCLE_VIEW = "circle_open"
JOIN_CIRCLE = "circle_join"
B_TOPIC, A_TOPIC = "circle_topic", "topic"
B_SKILLS, A_SKILLS = "circle_skills", "skills"
B_EXTRA, A_EXTRA = "circle_extra", "extra"
B_SEATS, A_SEATS = "circle_seats", "seats"
B_CADENCE, A_CADENCE = "circle_cadence", "cadence"
B_WEEKDAY, A_WEEKDAY = "circle_weekday", "weekday"
B_APPROVAL, A_APPROVAL = "circle_approval", "approval"
MAX_OPTIONS = 100
ERROR_BLOCKS = {
    forms.FIELD_TOPIC: B_TOPIC,
    forms.FIELD_SKILLS: B_EXTRA,
    forms.FIELD_SEATS: B_SEATS,
    forms.FIELD_CADENCE: B_CADENCE,
    forms.FIELD_WEEKDAY: B_WEEKDAY,
}


def _option(label: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": clip(plain(label), 75)}, "value": value[:75]}


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False) -> Any:
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _select(action_id: str, options: list[dict[str, Any]], initial: int) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": action_id,
        "options": options,
        "initial_option": options[initial],
    }


def build_circle_view(catalog: Sequence[SkillEntry]) -> dict[str, Any]:
    """The modal a mentor opens a circle with."""
    skills = [_option(e.label, e.key) for e in catalog if e.listed][:MAX_OPTIONS]
    seats = [_option(str(n), str(n)) for n in range(2, 9)]
    cadences = [_option(label.capitalize(), key) for key, label in CADENCES.items()]
    days = [_option(day, str(n)) for n, day in enumerate(WEEKDAYS)]
    approval = _option("People ask; I approve each one", "yes")
    text = {"type": "plain_text_input", "action_id": A_TOPIC, "max_length": forms.MAX_TOPIC}
    picked: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": A_SKILLS,
        "options": skills,
        "placeholder": {"type": "plain_text", "text": "Skills the circle is about"},
    }
    typed = {"type": "plain_text_input", "action_id": A_EXTRA, "max_length": 500}
    blocks = [
        section("A circle is you and 2-8 people meeting as a group, in one conversation."),
        _input(B_TOPIC, "Topic", text),
        _input(B_SKILLS, "Skills", picked, optional=True),
        _input(B_EXTRA, "Other skills (comma separated)", typed, optional=True),
        _input(B_SEATS, "Seats (people besides you)", _select(A_SEATS, seats, 2)),
        _input(B_CADENCE, "How often you meet", _select(A_CADENCE, cadences, 1)),
        _input(B_WEEKDAY, "Meeting day", _select(A_WEEKDAY, days, 1)),
        _input(
            B_APPROVAL,
            "Joining",
            {"type": "checkboxes", "action_id": A_APPROVAL, "options": [approval]},
            optional=True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": CIRCLE_VIEW,
        "title": {"type": "plain_text", "text": "Open a circle"},
        "submit": {"type": "plain_text", "text": "Open circle"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def form_from_state(values: dict[str, Any]) -> forms.CircleForm:
    """The submitted state.values as a CircleForm (missing fields read as empty)."""

    def state(block: str, action: str) -> dict[str, Any]:
        found = (values.get(block) or {}).get(action)
        return found if isinstance(found, dict) else {}

    def chosen(block: str, action: str) -> str:
        option = state(block, action).get("selected_option")
        return str(option.get("value") or "") if isinstance(option, dict) else ""

    def many(block: str, action: str) -> list[str]:
        options = state(block, action).get("selected_options")
        if not isinstance(options, list):
            return []
        return [str(o.get("value") or "") for o in options if isinstance(o, dict)]

    return forms.CircleForm(
        topic=str(state(B_TOPIC, A_TOPIC).get("value") or ""),
        listed_skills=many(B_SKILLS, A_SKILLS)[:MAX_OPTIONS],
        extra_skills=str(state(B_EXTRA, A_EXTRA).get("value") or ""),
        seats=chosen(B_SEATS, A_SEATS),
        cadence=chosen(B_CADENCE, A_CADENCE),
        weekday=chosen(B_WEEKDAY, A_WEEKDAY),
        needs_approval="yes" in many(B_APPROVAL, A_APPROVAL),
    )


def build_circle_errors(errors: dict[str, str]) -> dict[str, Any]:
    """The `response_action: errors` answer, keyed by block id."""
    return {
        "response_action": "errors",
        "errors": {ERROR_BLOCKS.get(f, B_TOPIC): msg for f, msg in errors.items()},
    }


def build_not_mentor_message() -> dict[str, Any]:
    text = (
        "Circles are opened by mentors. Set up your mentor profile with `/mentor profile` "
        "first, then `/mentor circle` opens one."
    )
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def seats_text(seats_left: int) -> str:
    return "1 seat left" if seats_left == 1 else f"{seats_left} seats left"


def build_circle_match_blocks(found: Sequence[CircleMatch]) -> list[dict[str, Any]]:
    """The circles that fit, each with its topic, mentor, seats left and a Join circle button."""
    if not found:
        return []
    blocks = [section("*Circles that fit*: learn with a mentor and a few others")]
    for match in found:
        circle = match.circle
        how = " (the mentor approves each request)" if circle.needs_approval else ""
        block = section(
            f"*{escape(circle.topic)}* with <@{circle.mentor.slack_user_id}>\n"
            f"{seats_text(circle.seats_left)}{how}; {escape(match.reason)}",
            block_id=f"circle_{circle.circle_id}",
        )
        block["accessory"] = button("Join circle", JOIN_CIRCLE, str(circle.circle_id))
        blocks.append(block)
    return blocks
