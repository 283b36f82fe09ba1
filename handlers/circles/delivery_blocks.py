"""What a circle's scheduled messages say: the meeting prompt in its conversation, and each
member's private nudge, check-in, pulse and "still want these?"; the mentor's question list;
the note when a circle closes because its mentor left Slack. Typed text is escaped."""

from __future__ import annotations

from typing import Any

from handlers.circles.messages import LEAVE
from handlers.meetings.blocks.context import DeliveryContext, Message, day_text
from handlers.meetings.blocks.forms import modal, text_input
from handlers.slack.mrkdwn import actions, button, clip, context, escape, section
from handlers.slack.origin import OPENER_KEY

QUESTION_OPEN = "circle_question_open"  # value: a circle_prepare delivery id
QUESTION_VIEW = "circle_question_modal"
CHECKIN_OPEN = "circle_checkin_open"  # value: a circle_checkin delivery id
CHECKIN_VIEW = "circle_checkin_modal"
THANKS = "circle_thanks"  # value: a circle_checkin delivery id
PULSE_PREFIX = "circle_pulse_"  # 1..5; value: a circle_pulse delivery id
KEEP = "circle_keep"  # value: a circle_ask delivery id
PAUSE_ME = "circle_pause_me"  # value: a circle_ask delivery id
B_QUESTION, A_QUESTION = "circle_question_text", "question"
B_SHARE, A_SHARE = "circle_question_share", "share"
B_USEFUL, A_USEFUL = "circle_useful", "useful"
B_TAKEAWAY, A_TAKEAWAY = "circle_takeaway", "takeaway"
MAX_QUESTION = 500
SHOWN_QUESTIONS = 20  # a circle has at most 8 members: far under 50 blocks


def _topic(ctx: DeliveryContext) -> str:
    return f"*{escape(ctx.circle_topic)}*" if ctx.circle_topic.strip() else "your circle"


def _mentor(ctx: DeliveryContext) -> str:
    return f"<@{ctx.mentor_user}>" if ctx.mentor_user else "your mentor"


def build_circle_prompt_message(ctx: DeliveryContext) -> Message:
    """The meeting day, in the circle's conversation: one prompt for everyone."""
    when = day_text(ctx.occurrence, ctx.today)
    text = f"The circle {_topic(ctx)} meets on {when}, with {_mentor(ctx)}."
    body = (
        f"{text} The time is the one in your calendar invite; say here what you'd like to "
        "cover. Each of you gets a short private check-in afterwards."
    )
    return {"text": text, "blocks": [section(body)]}


def build_circle_prepare_message(ctx: DeliveryContext) -> Message:
    """The day before, to each member: bring one question."""
    when = day_text(ctx.occurrence, ctx.today)
    text = f"The circle {_topic(ctx)} meets on {when}. Bring a question?"
    body = (
        f"{text} {_mentor(ctx)} gets the list before the meeting, without your name unless "
        "you tick “share my name”."
    )
    value = str(ctx.delivery_id)
    open_ = actions(
        button("Add my question", QUESTION_OPEN, value), block_id="circle_prepare_actions"
    )
    return {"text": text, "blocks": [section(body), open_]}


def build_question_view(delivery_id: int, opener: str) -> dict[str, Any]:
    name = "Share my name with the mentor"
    share = {"text": {"type": "plain_text", "text": name}, "value": "yes"}
    element = {
        "type": "plain_text_input",
        "action_id": A_QUESTION,
        "multiline": True,
        "max_length": MAX_QUESTION,
    }
    blocks: list[dict[str, Any]] = [
        {
            "type": "input",
            "block_id": B_QUESTION,
            "label": {"type": "plain_text", "text": "Your question for the meeting"},
            "element": element,
        },
        {
            "type": "input",
            "block_id": B_SHARE,
            "optional": True,
            "label": {"type": "plain_text", "text": "Your name"},
            "element": {"type": "checkboxes", "action_id": A_SHARE, "options": [share]},
        },
    ]
    meta = {"delivery": delivery_id, OPENER_KEY: opener}
    return modal(QUESTION_VIEW, "Come prepared", "Send", blocks, meta)


def build_circle_questions_message(ctx: DeliveryContext) -> Message:
    """To the mentor before the meeting: what the members brought, named only if they chose."""
    when = day_text(ctx.occurrence, ctx.today)
    count = len(ctx.circle_questions)
    brought = f"{count} question{'s' if count != 1 else ''}" if count else "No questions"
    text = f"{brought} for {_topic(ctx)} on {when}"
    blocks = [section(f"{text}. Names show only where the member chose to share theirs.")]
    for question in ctx.circle_questions[:SHOWN_QUESTIONS]:
        who = f"<@{question.asker}>" if question.asker else "a member"
        blocks.append(section(f"• {escape(clip(question.text, MAX_QUESTION))}\n_from {who}_"))
    if count == 0:
        blocks.append(context("Nobody brought a question this time."))
    return {"text": text, "blocks": blocks}


def build_circle_checkin_message(ctx: DeliveryContext) -> Message:
    """The working day after, to each member: how useful, one takeaway; and a thank-you."""
    when = day_text(ctx.occurrence, ctx.today)
    text = f"How useful was {_topic(ctx)} on {when}?"
    value = str(ctx.delivery_id)
    buttons = actions(
        button("Check in", CHECKIN_OPEN, value, style="primary"),
        button("Thank the mentor", THANKS, value),
        block_id="circle_checkin_actions",
    )
    return {"text": text, "blocks": [section(f"{text} Only you see your answers."), buttons]}


def build_checkin_view(delivery_id: int, opener: str) -> dict[str, Any]:
    options = [
        {"text": {"type": "plain_text", "text": str(n)}, "value": str(n)} for n in range(1, 6)
    ]
    useful = {
        "type": "input",
        "block_id": B_USEFUL,
        "label": {"type": "plain_text", "text": "How useful was it? (1 not, 5 very)"},
        "element": {"type": "static_select", "action_id": A_USEFUL, "options": options},
    }
    blocks = [useful, text_input(B_TAKEAWAY, A_TAKEAWAY, "One takeaway")]
    meta = {"delivery": delivery_id, OPENER_KEY: opener}
    return modal(CHECKIN_VIEW, "Circle check-in", "Save", blocks, meta)


def build_circle_pulse_message(ctx: DeliveryContext) -> Message:
    text = f"How is {_topic(ctx)} going for you? (1 = not well, 5 = great)"
    value = str(ctx.delivery_id)
    rate = actions(
        *(button(str(n), f"{PULSE_PREFIX}{n}", value) for n in range(1, 6)),
        block_id="circle_pulse_actions",
    )
    return {"text": text, "blocks": [section(f"{text}\nOnly you see your answer."), rate]}


def build_circle_ask_message(ctx: DeliveryContext) -> Message:
    """Three check-ins unanswered: one kind question, to this member alone."""
    text = (
        f"Your last three check-ins for {_topic(ctx)} went unanswered, so I've stopped them for "
        "you. Still want these?"
    )
    value, circle = str(ctx.delivery_id), str(ctx.circle_id or 0)
    buttons = actions(
        button("Keep them coming", KEEP, value, style="primary"),
        button("Pause for me", PAUSE_ME, value),
        button("Leave the circle", LEAVE, circle),
        block_id="circle_ask_actions",
    )
    note = context("Nobody else in the circle is asked, and its meetings go on.")
    return {"text": text, "blocks": [section(text), buttons, note]}


def build_circle_closed_message(ctx: DeliveryContext) -> Message:
    text = (
        f"{_mentor(ctx) if ctx.mentor_user else 'Your mentor'} is no longer on Slack, so the "
        f"circle {_topic(ctx)} has closed. Thank you for learning together; "
        "/find-mentor shows other circles and mentors."
    )
    return {"text": text, "blocks": [section(text)]}


def build_pulse_reply(score: int) -> str:
    if score <= 2:
        return (
            "Thanks for being honest; only you see this. If the circle isn't working for you, "
            "say what you'd like more of in its conversation, or leave it kindly any time."
        )
    return "Thanks! Only you see your answer."
