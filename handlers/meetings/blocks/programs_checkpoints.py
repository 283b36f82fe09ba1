"""A program's term in the DM: the midpoint survey and the close-out (each with Answer, which
opens its form: handlers/programs/checkpoints), the kind nudge to a pair gone quiet, and the
goodbye when a quiet pair is ended. Each says which program, why we ask and who sees what."""

from __future__ import annotations

from typing import Any

from handlers.meetings.blocks.checkins import CHECKIN_OPEN
from handlers.meetings.blocks.context import DeliveryContext, Message, other_of
from handlers.meetings.blocks.ending import FIND_NEXT_MENTOR, RETRO_OPEN
from handlers.meetings.blocks.gratitude import GRATITUDE_OPEN
from handlers.meetings.blocks.pause import PAUSE_OPEN
from handlers.slack.mrkdwn import actions, button, clip, context, escape, section

CHECKPOINT_ANSWER = "program_checkpoint_answer"  # value: the delivery id
QUIET_FINE = "program_quiet_fine"  # value: the delivery id
TOTALS_ONLY = "Who sees what: the program team sees only totals about 5 or more people."
WHO_SEES = f"{TOTALS_ONLY} A note you write goes to them without your name unless you tick the box."
# The close-out has no note and no box: only the mentee's thank-you leaves, to their mentor.
CLOSEOUT_WHO_SEES = f"{TOTALS_ONLY} A thank-you you write goes to your mentor."


def program_label(name: str) -> str:
    """The program's name as the admin wrote it, safe in mrkdwn."""
    return f"*{escape(clip(name, 80))}*" if name else "your mentoring program"


def build_midpoint_message(ctx: DeliveryContext) -> Message:
    """Halfway through the term: a short private survey."""
    program = program_label(ctx.program_name)
    text = f"{program} is halfway through. How is your mentoring with <@{other_of(ctx)}> going?"
    why = (
        "Two minutes: how the relationship feels and whether you're on track with your goals. "
        "We ask so the program team can see how the cohort is doing and help where it's stuck."
    )
    return _ask(ctx, text, why)


def build_closeout_message(ctx: DeliveryContext) -> Message:
    """The term's last day: how far it got, and what comes next for the pair."""
    program = program_label(ctx.program_name)
    other = other_of(ctx)
    text = f"{program} ends today. Time to look back on your mentoring with <@{other}>."
    is_mentee = ctx.recipient_user == ctx.mentee_user
    why = (
        "How far your goals got"
        + (", which skill gaps are closed now, a thank-you for your mentor" if is_mentee else "")
        + ", and whether you two go on outside the program or end it gracefully. Your answers "
        "help the program team make the next cohort better."
    )
    return _ask(ctx, text, why, CLOSEOUT_WHO_SEES if is_mentee else TOTALS_ONLY)


def _ask(ctx: DeliveryContext, text: str, why: str, who_sees: str = WHO_SEES) -> Message:
    return {
        "text": text,
        "blocks": [
            section(f"{text}\n{why}"),
            actions(
                button("Answer", CHECKPOINT_ANSWER, str(ctx.delivery_id), style="primary"),
                block_id="checkpoint_actions",
            ),
            context(who_sees),
        ],
    }


def build_quiet_message(ctx: DeliveryContext) -> Message:
    """Sixty quiet days: a kind, private nudge with the easy next steps."""
    other = other_of(ctx)
    program = program_label(ctx.program_name)
    text = f"It's been quiet between you and <@{other}> for a while ({program})."
    body = (
        f"{text} No pressure: if you've been meeting, log it; if you're fine, say so; if now "
        "isn't a good time, a pause is fine too. If we hear nothing in the next 7 days we'll "
        "close this pairing kindly, and you can always start again."
    )
    pair = str(ctx.pair_id or 0)
    return {
        "text": text,
        "blocks": [
            section(body),
            actions(
                button("Log a meeting", CHECKIN_OPEN, pair, style="primary"),
                button("We're fine", QUIET_FINE, str(ctx.delivery_id)),
                button("Pause", PAUSE_OPEN, pair),
                block_id="quiet_actions",
            ),
            context(f"Only you see this. <@{other}> got the same note."),
        ],
    }


def build_quiet_closing_message(
    other_user: str, program_name: str, *, is_mentee: bool, pair_id: int
) -> dict[str, Any]:
    """The goodbye after 67 quiet days: kind, no blame, the history kept."""
    text = (
        f"Your mentoring with <@{other_user}> in {program_label(program_name)} had been quiet "
        "for a while, so we've closed it. Thank you for the time you gave it; your history "
        "stays with you."
    )
    pair = str(pair_id)
    buttons = [button("Short retrospective", RETRO_OPEN, pair)]
    if is_mentee:
        buttons += [
            button("Send thanks", GRATITUDE_OPEN, pair, style="primary"),
            button("Find a mentor", FIND_NEXT_MENTOR, pair),
        ]
    return {
        "text": text,
        "blocks": [section(text), actions(*buttons, block_id="quiet_closing_actions")],
    }
