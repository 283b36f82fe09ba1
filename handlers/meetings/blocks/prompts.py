"""The meeting-day prompt in a pair's group DM: its words change from meeting to meeting.

Each meeting brings one question from the seed article's "come prepared" list, in turn, so
a pair meeting every week (or every two or four) never reads the same prompt twice in a row
and sees every question before one comes back. Nothing private goes in: goals and takeaways
belong to their author, so the prompt asks about them instead of quoting them.
"""

from __future__ import annotations

from datetime import date

from bot.clock import format_weekly_time
from bot.services.cadence import CADENCES, WEEKDAYS
from handlers.calendar.occurrence_blocks import occurrence_buttons
from handlers.meetings.blocks.cadence_choice import CADENCE_OPEN
from handlers.meetings.blocks.context import DeliveryContext, Message
from handlers.slack.mrkdwn import actions, button, clip, escape, section

# Seven questions: a prime number, so every cadence (1, 2 or 4 weeks) walks through them all.
COME_PREPARED = (
    "Which of your goals are you working on right now, and where are you stuck?",
    "What one thing do you want to leave today knowing, or having decided?",
    "What decision are you facing where a second opinion would help?",
    "What would you like honest feedback on this time?",
    "What went well for you recently, and what made it work?",
    "Which skill do you want to practise before you next meet, and how?",
    "Who else should you meet to grow, and could your mentor introduce you?",
)


def _week(occurrence: date | None) -> int:
    return occurrence.toordinal() // 7 if occurrence else 0


def question_for(occurrence: date | None, *, peer: bool = False) -> str:
    """The meeting's question: the next one in the list each week (for peers, the one who
    could introduce you is the other of the pair)."""
    question = COME_PREPARED[_week(occurrence) % len(COME_PREPARED)]
    return question.replace("your mentor", "the other of you") if peer else question


# The private nudge's words about the reader's own goals and takeaway, in turn by week.
GOAL_WORDS = (
    "Goals you're working on: {goals}. Where do you stand on them?",
    "Pick one of your goals to talk about: {goals}.",
    "Your goals: {goals}. What moved since you last met, and what is stuck?",
)
TAKEAWAY_WORDS = (
    "Last time you took away: {takeaway}. How did it go?",
    "Your takeaway from your last meeting was {takeaway}. Did you act on it?",
    "After your last meeting you noted {takeaway}. Worth a follow-up?",
)


def build_preparation_lines(
    goals: tuple[str, ...], takeaway: str, occurrence: date | None, *, peer: bool = False
) -> list[str]:
    """Lines for the reader's own private nudge: their goals, their last takeaway (typed
    text, escaped and quoted) and the meeting's question, worded differently each week."""
    week = _week(occurrence)
    lines = []
    if goals:
        quoted = ", ".join(_quote(goal, 200) for goal in goals)
        lines.append(GOAL_WORDS[week % len(GOAL_WORDS)].format(goals=quoted))
    if takeaway:
        line = TAKEAWAY_WORDS[week % len(TAKEAWAY_WORDS)]
        lines.append(line.format(takeaway=_quote(takeaway, 300)))
    lines.append(f"*A question to think about:* {question_for(occurrence, peer=peer)}")
    return lines


def _quote(text: str, limit: int) -> str:
    return f"\u201c{clip(escape(' '.join(text.split())), limit)}\u201d"


def _rhythm(ctx: DeliveryContext) -> str:
    """How often and when: with an agreed time, on each reader's own clock ("every week,
    Tuesdays 10:00 for @ana and Tuesdays 14:45 for @ben, each your own time")."""
    every = CADENCES.get(ctx.cadence, ctx.cadence)
    if ctx.meeting_start is None or not ctx.reader_zones:
        return f"{every} on {WEEKDAYS[ctx.weekday]}s"
    times = " and ".join(
        f"{format_weekly_time(ctx.meeting_start, tz)} for <@{user}>"
        for user, tz in ctx.reader_zones
    )
    return f"{every}, {times}, each your own time"


def build_meeting_prompt_message(ctx: DeliveryContext) -> Message:
    """The prompt in the pair's group DM (the scheduler adds Snooze and Stop)."""
    question = question_for(ctx.occurrence, peer=ctx.peer)
    mentor, mentee = ctx.mentor_user, ctx.mentee_user
    text = f"Meeting day for <@{mentor}> and <@{mentee}>! {question}"
    # Peers take turns: each brings questions and teaches what the other wants to learn.
    leads = (
        "you take turns teaching what each of you knows"
        if ctx.peer
        else f"<@{mentee}> leads with their questions"
    )
    body = (
        f"Meeting day for <@{mentor}> and <@{mentee}>!\n"
        f"*To bring today:* {question}\n"
        f"You meet {_rhythm(ctx)}; {leads}, and you both leave with one next step."
    )
    pair = str(ctx.pair_id)
    buttons = [button("Change cadence", CADENCE_OPEN, pair)]
    if ctx.calendar_start is not None and ctx.pair_id is not None:
        buttons += occurrence_buttons(ctx.pair_id, ctx.calendar_start)
    return {
        "text": text,
        "blocks": [section(body), actions(*buttons, block_id="meeting_actions")],
    }
