"""What a circle's people read: the introduction in its conversation, a newcomer's welcome,
the mentor's approval request, leaving and closing. Topic and names are escaped."""

from __future__ import annotations

from typing import Any

from bot.services.cadence import CADENCES, WEEKDAYS
from bot.services.circles.membership import Outcome
from bot.services.circles.views import CircleView, Someone
from handlers.circles.blocks import seats_text
from handlers.slack.mrkdwn import actions, button, confirmed, escape, section

APPROVE = "circle_approve"
DECLINE = "circle_decline"
LEAVE = "circle_leave"
CLOSE = "circle_close"


def _message(text: str, *blocks: dict[str, Any]) -> dict[str, Any]:
    return {"text": text, "blocks": list(blocks) or [section(text)]}


def _topic(circle: CircleView) -> str:
    return f"*{escape(circle.topic)}*"


def _rhythm(circle: CircleView) -> str:
    day = WEEKDAYS[circle.meeting_weekday] if circle.meeting_weekday < len(WEEKDAYS) else ""
    return f"{CADENCES.get(circle.cadence, 'regularly')}, on {day}s"


def leave_button(circle_id: int, text: str = "Leave circle") -> dict[str, Any]:
    return confirmed(
        button(text, LEAVE, str(circle_id)),
        "Leave the circle?",
        "The mentor gets a kind note from you, and your seat goes to someone else.",
        "Leave",
        "Stay",
    )


def close_button(circle_id: int, text: str = "Close circle") -> dict[str, Any]:
    return confirmed(
        button(text, CLOSE, str(circle_id), style="danger"),
        "Close the circle?",
        "Everyone in it gets a closing message and its meetings leave their calendars. The "
        "conversation stays. This cannot be undone.",
        "Close it",
        "Not yet",
    )


def _circle_buttons(circle: CircleView) -> dict[str, Any]:
    return actions(
        leave_button(circle.circle_id),
        close_button(circle.circle_id, "Close circle (mentor)"),
        block_id=f"circle_buttons_{circle.circle_id}",
    )


def build_opened_message(circle: CircleView) -> dict[str, Any]:
    """To the mentor: the circle is open and listed in /find-mentor."""
    how = "each request comes to you to approve" if circle.needs_approval else "joining is open"
    text = (
        f"Your circle {_topic(circle)} is open with {circle.seats} seats; {how}. People who "
        "want these skills see it in /find-mentor."
    )
    close = actions(close_button(circle.circle_id))
    return _message(text, section(text), close)


def _names(people: tuple[Someone, ...]) -> str:
    """ "@ana", "@ana and @bo", "@ana, @bo and @cy"."""
    names = [f"<@{p.slack_user_id}>" for p in people]
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def build_intro_message(circle: CircleView) -> dict[str, Any]:
    """The first message of the circle's conversation: everyone, and what it is about."""
    text = (
        f"Welcome to the circle {_topic(circle)}! <@{circle.mentor.slack_user_id}> mentors it, "
        f"with {_names(circle.members)}. You meet {_rhythm(circle)}. Say hello and what you "
        "hope to learn."
    )
    return _message(text, section(text), _circle_buttons(circle))


def build_welcome_message(circle: CircleView, newcomer: Someone) -> dict[str, Any]:
    text = (
        f"Please welcome <@{newcomer.slack_user_id}> to {_topic(circle)}! "
        f"{seats_text(circle.seats_left)}."
    )
    return _message(text, section(text), _circle_buttons(circle))


def build_moved_message(circle: CircleView) -> dict[str, Any]:
    """The first message of the group DM a circle moves to when someone leaves it: a group
    DM keeps its people, so the circle goes on in a new one without them."""
    text = (
        f"The circle {_topic(circle)} goes on here: <@{circle.mentor.slack_user_id}> with "
        f"{_names(circle.members)}. You meet {_rhythm(circle)}. {seats_text(circle.seats_left)}."
    )
    return _message(text, section(text), _circle_buttons(circle))


def build_approval_request(circle: CircleView, outcome: Outcome) -> dict[str, Any]:
    """To the mentor: someone asks to join; Approve or Decline."""
    assert outcome.person is not None
    text = (
        f"<@{outcome.person.slack_user_id}> would like to join your circle {_topic(circle)} "
        f"({seats_text(circle.seats_left)})."
    )
    value = str(outcome.member_id or 0)
    buttons = actions(
        button("Approve", APPROVE, value, style="primary"),
        button("Decline", DECLINE, value),
        block_id=f"circle_request_{value}",
    )
    return _message(text, section(text), buttons)


JOIN_REPLIES = {
    "joined": "You're in! The circle's conversation has everyone in it.",
    "waiting": "Asked! The mentor approves each request; you'll hear back in this DM.",
    "already": "You're already in this circle (or waiting for the mentor's answer).",
    "full": "This circle is full: every seat is taken.",
    "closed": "This circle is closed.",
    "own_circle": "This is your own circle.",
    "same_mentor": "You're already in another circle of this mentor; one at a time.",
    "gone": "This circle isn't there any more.",
}


def join_reply(outcome: Outcome) -> str:
    return JOIN_REPLIES.get(outcome.kind, "Done.")


def build_approved_note(circle: CircleView) -> dict[str, Any]:
    return _message(f"Good news: you're in the circle {_topic(circle)}. See you there!")


def build_declined_note(circle: CircleView) -> dict[str, Any]:
    return _message(
        f"The circle {_topic(circle)} can't take you this time; thank you for asking. "
        "/find-mentor shows other circles and mentors."
    )


def build_left_note_to_mentor(circle: CircleView, leaver: Someone) -> dict[str, Any]:
    return _message(
        f"<@{leaver.slack_user_id}> left your circle {_topic(circle)}, with thanks for your "
        f"time. A seat is free again ({seats_text(circle.seats_left)})."
    )


def build_seat_free_note(circle: CircleView) -> dict[str, Any]:
    return _message(
        f"A seat came free in the circle {_topic(circle)}. You're next in line: the mentor "
        "can approve your request now."
    )


def build_closing_message(circle: CircleView) -> dict[str, Any]:
    return _message(
        f"<@{circle.mentor.slack_user_id}> has closed the circle {_topic(circle)}. Thank you "
        "all for learning together; this conversation stays as it is, and /find-mentor "
        "shows where to go next."
    )


def build_term_ended_message(circle: CircleView) -> dict[str, Any]:
    """In the circle's conversation when its program's term ends."""
    return _message(
        f"The term of {_topic(circle)} has ended, and with it this circle. Thank you "
        f"<@{circle.mentor.slack_user_id}> and everyone for learning together; this "
        "conversation stays as it is, and /find-mentor shows where to go next."
    )


ANSWER_REPLIES = {
    "approved": "Approved: they're in, and the circle's conversation welcomes them.",
    "declined": "Declined; they were thanked for asking.",
    "already": "Already answered.",
    "full": "The circle is full; they stay on the list until a seat frees.",
    "closed": "This circle is closed.",
    "left": "You left the circle; the mentor got a kind note from you.",
    "withdrawn": "You're off the list for this circle.",
    "closed_now": "Circle closed; everyone got a closing message.",
}


def answer_reply(outcome: Outcome) -> str:
    return ANSWER_REPLIES.get(outcome.kind, "Done.")
