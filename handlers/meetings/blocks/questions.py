"""Come prepared: the nudge before a meeting, and the mentee's questions, private until shared."""

from __future__ import annotations

from typing import Any

from handlers.meetings.blocks.context import DeliveryContext, Message, day_text, other_of
from handlers.meetings.blocks.prompts import build_preparation_lines
from handlers.slack.mrkdwn import actions, button, clip, context, escape, section

QUESTIONS_SHARE = "questions_share"  # value: a prepared-questions id
QUESTIONS_KEEP = "questions_keep"  # value: a prepared-questions id


def build_prepare_message(ctx: DeliveryContext) -> Message:
    """The nudge the day before: reply with your questions, shared only if you press Share."""
    day, other = day_text(ctx.occurrence, ctx.today), other_of(ctx)
    text = f"Your meeting with <@{other}> is on {day}. Come prepared!"
    body = (
        f"{text}\nReply here with the questions or topics you want to bring; I'll show them "
        f"back to you, and share them with <@{other}> in your group DM only if you "
        "press Share."
    )
    own = build_preparation_lines(ctx.own_goals, ctx.own_takeaway, ctx.occurrence, peer=ctx.peer)
    return {"text": text, "blocks": [section(body), section("\n".join(own))]}


def build_questions_message(mentee_user: str, mentor_user: str, questions: str) -> dict[str, Any]:
    text = f"<@{mentee_user}> shared questions for the next meeting with <@{mentor_user}>:"
    return {"text": text, "blocks": [section(f"{text}\n>{escape(clip(questions, 2500))}")]}


def build_questions_preview(
    questions_id: int, mentor_user: str, mentor_name: str, questions: str
) -> dict[str, Any]:
    """The mentee's own words back to them, private, with the choice to share them or not."""
    text = f"Share these with <@{mentor_user}> in your group DM?"
    value = str(questions_id)
    return {
        "text": text,
        "blocks": [
            section(f"{text}\n>{escape(clip(questions, 2500))}"),
            context("Nothing is shared until you press Share."),
            actions(
                button(f"Share with @{mentor_name}", QUESTIONS_SHARE, value, style="primary"),
                button("Don't share", QUESTIONS_KEEP, value),
                block_id="questions_actions",
            ),
        ],
    }


def build_questions_decided_message(mentor_user: str, status: str) -> dict[str, Any]:
    """What replaces the preview once the mentee chose."""
    if status == "shared":
        text = f"Shared: your questions are in your group DM with <@{mentor_user}>."
    else:
        text = "Kept private: nothing was shared."
    return {"text": text, "blocks": [section(text)]}
