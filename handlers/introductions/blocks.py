"""Introduction requests: the mentor's DM, the mentee's notes, the pair's intro (the modal
is in request_view.py, its names kept here for the listeners that import them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.clock import format_day
from bot.services.cadence import CADENCES, WEEKDAYS
from handlers.introductions.request_view import A_MESSAGE as A_MESSAGE
from handlers.introductions.request_view import B_MESSAGE as B_MESSAGE
from handlers.introductions.request_view import PEER_UNAVAILABLE as PEER_UNAVAILABLE
from handlers.introductions.request_view import REQUEST_VIEW as REQUEST_VIEW
from handlers.introductions.request_view import UNAVAILABLE as UNAVAILABLE
from handlers.introductions.request_view import (
    build_request_intro_view as build_request_intro_view,
)
from handlers.introductions.request_view import message_from_state as message_from_state
from handlers.introductions.request_view import peer_requested as peer_requested
from handlers.introductions.request_view import (
    read_request_metadata as read_request_metadata,
)
from handlers.introductions.request_view import unavailable_text as unavailable_text
from handlers.matching.blocks import REQUEST_INTRO, ids_value, program_title
from handlers.slack.mrkdwn import actions, button, clip, context, escape, section
from handlers.slack.replies import private_note

INTRO_ACCEPT = "intro_accept"
INTRO_NOT_NOW = "intro_not_now"
INTRO_DECLINE = "intro_decline"
INTRO_WITHDRAW = "intro_withdraw"
INTRO_THANK = "intro_thank"
INTRO_NEXT_MATCH = "intro_next_match"
# One action per cadence, so the button value stays a bare pair id.
PAIR_CADENCE_PREFIX = "pair_cadence_"
PAIR_WEEKDAY = "pair_weekday"


def _quote(text: str) -> str:
    return "\n".join("> " + line for line in escape(text).splitlines() or [""])


def build_mentor_request_message(
    *,
    mentee_slack_id: str,
    message: str,
    request_id: int,
    answer_days: int = 7,
    program_name: str = "",
    peer: bool = False,
) -> dict[str, Any]:
    """The mentor's DM: the mentee's own words (escaped) and three answers; a request made in
    a "mentees choose" program says it comes through the program; a peer's asks to pair up."""
    value = str(request_id)
    asks = f"<@{mentee_slack_id}> would like you as their mentor"
    if peer:
        asks = f"<@{mentee_slack_id}> would like to pair up with you, each teaching the other"
    elif program_name:
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
    *, mentee_slack_id: str, message: str, request_id: int, peer: bool = False
) -> dict[str, Any]:
    built = build_mentor_request_message(
        mentee_slack_id=mentee_slack_id, message=message, request_id=request_id, peer=peer
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
    peer: bool = False,
) -> dict[str, Any]:
    what = "pair up" if peer else "take on a mentee"
    text = (
        f"<@{mentor_slack_id}> can't {what} right now. That's about their time, "
        "not about you: thank you for reaching out."
    )
    blocks: list[dict[str, Any]] = [section(text)]
    elements = [_thank_button(request_id)]
    if peer:
        pass  # the next mentor is no answer to a request to learn from each other
    elif next_slack_id and next_mentor_id is not None:
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
    peer: bool = False,
) -> dict[str, Any]:
    """The group DM's first post: who is who (for peers: each teaches the other), a first
    meeting, and how often to meet."""
    topics = f" about {escape(', '.join(skills))}" if skills else ""
    meet = f"Meet your mentor <@{mentor_slack_id}>, <@{mentee_slack_id}>!"
    if peer:
        meet = (
            f"<@{mentee_slack_id}> and <@{mentor_slack_id}>, "
            "you each know what the other wants to learn!"
        )
    text = (
        f"{meet} "
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
