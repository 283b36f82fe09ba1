"""Introduction requests: the modal, the mentor's DM, the mentee's notes, the pair's intro."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.clock import format_day
from bot.services.cadence import CADENCES, WEEKDAYS
from bot.services.introductions.asking import MAX_MESSAGE
from handlers.matching.blocks import REQUEST_INTRO, ids_value, program_title
from handlers.slack.mrkdwn import actions, button, clip, context, escape, plain, section
from handlers.slack.replies import private_note

REQUEST_VIEW = "intro_request"
B_MESSAGE, A_MESSAGE = "intro_message", "message"

INTRO_ACCEPT = "intro_accept"
INTRO_NOT_NOW = "intro_not_now"
INTRO_DECLINE = "intro_decline"
INTRO_WITHDRAW = "intro_withdraw"
INTRO_THANK = "intro_thank"
INTRO_NEXT_MATCH = "intro_next_match"
# One action per cadence, so the button value stays a bare pair id.
PAIR_CADENCE_PREFIX = "pair_cadence_"
PAIR_WEEKDAY = "pair_weekday"

# Why a mentor cannot be asked (the service's reasons), to the mentee who tried.
UNAVAILABLE = {
    "unavailable": "That mentor isn't taking mentees right now.",
    "full": "That mentor's slots are all taken right now.",
    "paired": "They're already your mentor.",
    "declined_recently": "That mentor can't take you on right now; try another match.",
    "self": "You can't ask yourself, though the thought is kind.",
    "duplicate": "You already asked them; they'll answer soon.",
}


def unavailable_text(reason: str | None) -> str:
    return UNAVAILABLE.get(reason or "", UNAVAILABLE["unavailable"])


def build_request_intro_view(
    *, mentor_slack_id: str, draft: str, mentor_id: int, search_id: int
) -> dict[str, Any]:
    """The modal pre-filled with the draft; private_metadata carries ids only."""
    return {
        "type": "modal",
        "callback_id": REQUEST_VIEW,
        "title": {"type": "plain_text", "text": "Request intro"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps({"mentor_id": mentor_id, "search_id": search_id}),
        "blocks": [
            section(
                f"A personal note to <@{mentor_slack_id}>. "
                "Make it yours: say why them, what you hope to gain, and offer a short first chat."
            ),
            {
                "type": "input",
                "block_id": B_MESSAGE,
                "label": {"type": "plain_text", "text": "Your message"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": A_MESSAGE,
                    "multiline": True,
                    "max_length": MAX_MESSAGE,
                    "initial_value": plain(draft)[:MAX_MESSAGE],
                },
            },
        ],
    }


def read_request_metadata(view: dict[str, Any]) -> tuple[int, int] | None:
    """(mentor_id, search_id) from the modal, or None when it was tampered with."""
    try:
        data = json.loads(str(view.get("private_metadata") or ""))
        mentor_id, search_id = int(data["mentor_id"]), int(data.get("search_id", 0))
    except (ValueError, KeyError, TypeError):
        return None
    return mentor_id, search_id


def message_from_state(values: dict[str, Any]) -> str:
    return str((values.get(B_MESSAGE, {}).get(A_MESSAGE) or {}).get("value") or "")


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def build_mentor_request_message(
    *,
    mentee_slack_id: str,
    message: str,
    request_id: int,
    answer_days: int = 7,
    program_name: str = "",
) -> dict[str, Any]:
    """The mentor's DM: the mentee's own words (escaped) and three answers; a request made in
    a "mentees choose" program says it comes through the program."""
    value = str(request_id)
    asks = f"<@{mentee_slack_id}> would like you as their mentor"
    if program_name:
        asks += f" in {program_title(program_name)}, where mentees choose from its mentors"
    return {
        "text": f"{asks}.",
        "blocks": [
            section(f"*{asks}.*"),
            section(clip(_quote(message), 3000)),
            actions(
                button("Accept", INTRO_ACCEPT, value, style="primary"),
                button("Not now", INTRO_NOT_NOW, value),
                button("Decline", INTRO_DECLINE, value, style="danger"),
                block_id="intro_answer",
            ),
            context(
                f"Not now keeps the request waiting. Requests expire after {answer_days} days."
            ),
        ],
    }


def build_mentor_answered_message(kind: str, *, mentee_slack_id: str) -> dict[str, Any]:
    """What replaces the mentor's buttons once the request is settled."""
    texts = {
        "accepted": f"You accepted <@{mentee_slack_id}>. I've opened a group DM for you both.",
        "declined": f"You declined <@{mentee_slack_id}>'s request. I've let them know kindly.",
        "withdrawn": f"<@{mentee_slack_id}> withdrew their request. Nothing to do.",
        "left_program": (
            f"This introduction of <@{mentee_slack_id}> was withdrawn: one of you left the "
            "program. Nothing to do."
        ),
    }
    text = texts.get(kind, f"The request from <@{mentee_slack_id}> is closed.")
    return {"text": text, "blocks": [section(text)]}


def build_mentor_waiting_message(
    *, mentee_slack_id: str, message: str, request_id: int
) -> dict[str, Any]:
    built = build_mentor_request_message(
        mentee_slack_id=mentee_slack_id, message=message, request_id=request_id
    )
    built["blocks"][-1] = context("Saved for later: answer whenever you're ready (within 7 days).")
    return built


def build_mentor_full_message() -> dict[str, Any]:
    return private_note(
        "You're at capacity, so I didn't accept this one. Raise your capacity with "
        "`/mentor profile`, or decline kindly."
    )


def _thank_button(request_id: int) -> dict[str, Any]:
    return button("Send a thank-you", INTRO_THANK, str(request_id))


def build_request_sent_message(*, mentor_slack_id: str, request_id: int) -> dict[str, Any]:
    text = f"Your request is on its way to <@{mentor_slack_id}>. I'll tell you when they answer."
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(button("Withdraw", INTRO_WITHDRAW, str(request_id)), block_id="intro_sent"),
        ],
    }


def build_mentee_accepted_message(
    *, mentor_slack_id: str, request_id: int, group_channel_id: str | None
) -> dict[str, Any]:
    where = f" Say hello in <#{group_channel_id}>." if group_channel_id else ""
    text = f"Great news: <@{mentor_slack_id}> accepted your request!{where}"
    return {
        "text": text,
        "blocks": [section(text), actions(_thank_button(request_id), block_id="intro_thanks")],
    }


def build_mentee_waiting_message(*, mentor_slack_id: str, request_id: int) -> dict[str, Any]:
    text = (
        f"<@{mentor_slack_id}> saw your request and will answer a bit later. "
        "No action needed; you can still thank them, or withdraw."
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(
                _thank_button(request_id),
                button("Withdraw", INTRO_WITHDRAW, str(request_id)),
                block_id="intro_waiting",
            ),
        ],
    }


def build_mentee_declined_message(
    *,
    mentor_slack_id: str,
    request_id: int,
    next_slack_id: str | None,
    next_reason: str | None,
    next_mentor_id: int | None,
    search_id: int,
) -> dict[str, Any]:
    text = (
        f"<@{mentor_slack_id}> can't take on a mentee right now. That's about their time, "
        "not about you: thank you for reaching out."
    )
    blocks: list[dict[str, Any]] = [section(text)]
    elements = [_thank_button(request_id)]
    if next_slack_id and next_mentor_id is not None:
        blocks.append(section(f"*Next match:* <@{next_slack_id}>\n{escape(next_reason or '')}"))
        elements.append(
            button(
                "Request intro",
                REQUEST_INTRO,
                ids_value(search_id, next_mentor_id),
                style="primary",
            )
        )
    else:
        blocks.append(context("Try `/find-mentor` again for other mentors."))
    blocks.append(actions(*elements, block_id="intro_declined"))
    return {"text": text, "blocks": blocks}


def build_withdrawn_message(*, mentor_slack_id: str) -> dict[str, Any]:
    text = f"Withdrawn. <@{mentor_slack_id}> won't be asked to answer."
    return {"text": text, "blocks": [section(text)]}


def build_thanks_message(*, mentee_slack_id: str) -> dict[str, Any]:
    text = f"<@{mentee_slack_id}> says thank you for your time and consideration. :pray:"
    return {"text": text, "blocks": [section(text)]}


def build_pair_intro_message(
    *,
    pair_id: int,
    mentor_slack_id: str,
    mentee_slack_id: str,
    skills: list[str],
    first_meeting: date,
    today: date,
    weekday: int,
    cadence: str,
) -> dict[str, Any]:
    """The group DM's first post: who is who, a first meeting, and how often to meet."""
    topics = f" about {escape(', '.join(skills))}" if skills else ""
    text = (
        f"Meet your mentor <@{mentor_slack_id}>, <@{mentee_slack_id}>! "
        f"How about a first 30-minute chat{topics} on {format_day(first_meeting, today=today)}?"
    )
    cadence_buttons = [
        button(
            label.capitalize(),
            f"{PAIR_CADENCE_PREFIX}{key}",
            str(pair_id),
            style="primary" if key == cadence else None,
        )
        for key, label in CADENCES.items()
    ]
    weekday_options = [
        {"text": {"type": "plain_text", "text": name}, "value": f"{pair_id}:{index}"}
        for index, name in enumerate(WEEKDAYS)
    ]
    weekday_select = {
        "type": "static_select",
        "action_id": PAIR_WEEKDAY,
        "placeholder": {"type": "plain_text", "text": "Meeting day"},
        "options": weekday_options,
        "initial_option": weekday_options[weekday],
    }
    return {
        "text": text,
        "blocks": [
            section(text),
            section("*How often would you like to meet?* Either of you can choose."),
            actions(*cadence_buttons, weekday_select, block_id="pair_rhythm"),
            context("I'll send gentle reminders on your meeting day, between 08:00 and 18:00."),
        ],
    }


def build_cadence_set_message(*, cadence: str, weekday: int) -> dict[str, Any]:
    how_often = CADENCES.get(cadence, cadence)
    text = f"Meeting {how_often} on {WEEKDAYS[weekday]}s. Change it any time here."
    return {"response_type": "in_channel", "replace_original": False, "text": text}
