"""What a pass sends for a program's round: the proposal to its creator when enrolment closed,
and the mentee's private "the program matched you" notice. Pure builders."""

from __future__ import annotations

from bot.services.programs.offers import ANSWER_WINDOW
from handlers.meetings.blocks.context import DeliveryContext, Message
from handlers.programs.rounds.blocks import build_proposal_message
from handlers.slack.mrkdwn import escape
from handlers.slack.mrkdwn import section as _section


def build_program_proposal_delivery(ctx: DeliveryContext) -> Message:
    """The proposal a pass sends the program's creator when enrolment has closed."""
    if ctx.proposal is None:
        text = "Enrolment closed, and the program's round is no longer waiting for review."
        return {"text": text, "blocks": [_section(text)]}
    name = escape(ctx.proposal.program_name)
    notice = (
        f"Enrolment in *{name}* has closed, so I matched it. "
        "Review the pairs, change what you like, then publish."
        if ctx.proposal.status == "proposed"
        else f"Enrolment in *{name}* has closed; its round was already published."
    )
    return build_proposal_message(ctx.proposal, notice=notice)


def build_program_matched_message(ctx: DeliveryContext) -> Message:
    """The mentee hears, privately, whom the program matched them with and what comes next."""
    program = escape(ctx.program_name) or "Your mentoring program"
    mentor = f"<@{ctx.mentor_user}>" if ctx.mentor_user else "a mentor"
    days = ANSWER_WINDOW.days
    text = f"{escape(ctx.program_name) or 'Your program'} matched you with a mentor."
    body = (
        f":tada: *{program}* matched you with {mentor}. I sent them your introduction; "
        f"they have {days} days to answer. If they accept, I open a conversation with the "
        f"two of you and propose a first meeting. If they decline or do not answer in {days} "
        "days, I introduce you to the next best mentor in the program, and tell you who."
    )
    return {"text": text, "blocks": [_section(body)]}
