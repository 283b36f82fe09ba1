"""One-off notices the scheduler sends for other features: a request that expired unanswered,
and a new mentor with a skill someone asked to hear about. Nothing comes again, so they carry no
Snooze or Stop."""

from __future__ import annotations

from typing import Any

from bot.services.programs.offers import ANSWER_WINDOW
from handlers.introductions.blocks import build_mentor_request_message
from handlers.matching.blocks import build_watch_fired_message
from handlers.meetings.blocks.context import DeliveryContext, Message
from handlers.slack.mrkdwn import clip, escape, section


def _expired_for_mentor(mentee_user: str) -> str:
    return (
        f"The introduction request from <@{mentee_user}> has expired, so there is nothing left "
        "to answer. Thanks for being open to mentoring."
    )


def build_intro_expiry_message(ctx: DeliveryContext) -> Message:
    """The gentle note to each side of a request nobody answered in time."""
    if ctx.recipient_user == ctx.mentee_user:
        text = (
            f"Your introduction request to <@{ctx.mentor_user}> has closed without an answer. "
            f"People get busy; it says nothing about you. {_what_next(ctx)}"
        )
    else:
        text = _expired_for_mentor(ctx.mentee_user)
    return {"text": text, "blocks": [section(text)]}


def _what_next(ctx: DeliveryContext) -> str:
    """A program's round offers the next mentor itself; otherwise the mentee looks again."""
    program = escape(clip(ctx.program_name, 80))
    if ctx.program_mode == "round":
        return (
            f"*{program}* introduces you to its next best mentor with room, and I'll tell you "
            "who; there is nothing you need to do."
        )
    if ctx.program_mode == "mentees_choose":
        return f"Run /find-mentor: the mentors of *{program}* with room come first."
    return "Run /find-mentor to see other mentors."


def build_request_expired_message(mentee_user: str) -> dict[str, Any]:
    """Replaces Accept / Not now / Decline on the mentor's copy of an expired request (the
    mentor gets no second message about it)."""
    text = _expired_for_mentor(mentee_user)
    return {"text": text, "blocks": [section(text)]}


def build_skill_watch_message(ctx: DeliveryContext) -> Message:
    """A mentor with the watched skill just opted in."""
    message = build_watch_fired_message(ctx.skill_label, ctx.mentor_user)
    return {"text": str(message["text"]), "blocks": list(message["blocks"])}


def build_program_intro_message(ctx: DeliveryContext) -> Message:
    """A program's introduction in the mentor's DM, with Accept / Not now / Decline as for any
    request; a program's mentor has 3 days to answer before the mentee is offered another."""
    return build_mentor_request_message(
        mentee_slack_id=ctx.mentee_user,
        message=ctx.intro_message,
        request_id=ctx.intro_request_id or 0,
        answer_days=ANSWER_WINDOW.days,
    )
