"""Block Kit for the scheduler's messages and modals: pure builders, ids as constants."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.clock import format_day
from bot.services.cadence import CADENCES, WEEKDAYS
from handlers.blocks.find_mentor import REQUEST_INTRO, build_watch_fired_message, ids_value
from handlers.blocks.meeting_prompts import CADENCE_OPEN as CADENCE_OPEN
from handlers.blocks.meeting_prompts import build_prompt_blocks
from handlers.blocks.mrkdwn import actions, button, clip, context, escape, plain, section
from handlers.blocks.origin import NOWHERE, ORIGIN_KEY, Origin

SNOOZE = "sched_snooze"
STOP = "sched_stop"
CHECKIN_MET = "checkin_met"
CHECKIN_MISSED = "checkin_missed"
CHECKIN_RESCHEDULED = "checkin_rescheduled"
CHECKIN_BUTTONS = {CHECKIN_MET: "met", CHECKIN_MISSED: "missed", CHECKIN_RESCHEDULED: "rescheduled"}
PULSE_PREFIX = "pulse_rate_"
GRATITUDE_OPEN = "gratitude_open"
CADENCE_SET_PREFIX = "cadence_set_"
CADENCE_WEEKDAY = "cadence_weekday"
PAUSE_OPEN = "pair_pause_open"
END_OPEN = "pair_end_open"
RETRO_OPEN = "retro_open"
ADAPT_KEEP = "adapt_keep"
RESUME_NOW = "pair_resume_now"
REMINDERS_ON = "reminders_on"  # value: a reminder preference id
FIND_NEXT_MENTOR = "sched_find_mentor"  # value: the ended pair's id
CHECKIN_OPEN = "pair_checkin_open"  # value: a pair id
MAX_PAIR_CHOICES = 40  # one block each; far more pairs than anyone has, far under 50 blocks
QUESTIONS_SHARE = "questions_share"  # value: a prepared-questions id
QUESTIONS_KEEP = "questions_keep"  # value: a prepared-questions id

CHECKIN_VIEW = "checkin_modal"
THANKS_VIEW = "thanks_modal"
PULSE_VIEW = "pulse_modal"
PAUSE_VIEW = "pause_modal"
END_VIEW = "end_modal"
RETRO_VIEW = "retro_modal"

_USER_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>$")

USEFULNESS_BLOCK, USEFULNESS_ACTION = "usefulness", "usefulness_value"
TAKEAWAY_BLOCK, TAKEAWAY_ACTION = "takeaway", "takeaway_value"
NEXT_STEPS_BLOCK, NEXT_STEPS_ACTION = "next_steps", "next_steps_value"
THANKS_BLOCK, THANKS_ACTION = "thanks", "thanks_value"
NOTE_BLOCK, NOTE_ACTION = "note", "note_value"
UNTIL_BLOCK, UNTIL_ACTION = "until", "until_value"
HELPED_BLOCK, HELPED_ACTION = "helped", "helped_value"
GOALS_BLOCK, GOALS_ACTION = "goals", "goals_value"


@dataclass(frozen=True)
class DeliveryContext:
    """Plain facts a scheduled message shows (user ids, names, dates)."""

    kind: str
    delivery_id: int
    pair_id: int | None = None
    mentor_user: str = ""
    mentee_user: str = ""
    recipient_user: str = ""
    occurrence: date | None = None
    cadence: str = ""
    weekday: int = 0
    adapt_kind_label: str = ""
    skill_label: str = ""
    today: date | None = None  # the reader's today, to know when a date needs its year


def _footer(delivery_id: int) -> dict[str, Any]:
    value = str(delivery_id)
    return actions(
        button("Snooze 1 week", SNOOZE, value),
        button("Stop these", STOP, value),
        block_id="sched_footer",
    )


def _other(ctx: DeliveryContext) -> str:
    return ctx.mentor_user if ctx.recipient_user == ctx.mentee_user else ctx.mentee_user


def _day(day: date | None, today: date | None) -> str:
    return format_day(day, today=today or day) if day else "your meeting day"


# One-off notices: nothing comes again, so there is nothing to snooze or stop.
ONE_OFF = frozenset({"intro_expiry"})


def build_delivery_message(ctx: DeliveryContext) -> dict[str, Any]:
    """The message for one scheduled delivery, with Snooze and Stop on what recurs."""
    builder = _BUILDERS[ctx.kind]
    text, blocks = builder(ctx)
    footer = [] if ctx.kind in ONE_OFF else [_footer(ctx.delivery_id)]
    return {"text": text, "blocks": [*blocks, *footer]}


def _meeting_prompt(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    return build_prompt_blocks(
        pair_id=ctx.pair_id,
        mentor_user=ctx.mentor_user,
        mentee_user=ctx.mentee_user,
        cadence=ctx.cadence,
        weekday=ctx.weekday,
        occurrence=ctx.occurrence,
    )


def _prepare(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    day = _day(ctx.occurrence, ctx.today)
    text = f"Your meeting with <@{ctx.mentor_user}> is on {day}. Come prepared!"
    body = (
        f"{text}\nReply here with the questions or topics you want to bring; I'll show them "
        f"back to you, and share them with <@{ctx.mentor_user}> in your group DM only if you "
        "press Share."
    )
    return text, [section(body)]


def _checkin(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    text = f"How did your meeting with <@{_other(ctx)}> on {_day(ctx.occurrence, ctx.today)} go?"
    value = str(ctx.delivery_id)
    return text, [
        section(f"{text} Your answers are private to you."),
        actions(
            button("We met", CHECKIN_MET, value, style="primary"),
            button("We didn't meet", CHECKIN_MISSED, value),
            button("Rescheduled", CHECKIN_RESCHEDULED, value),
            block_id="checkin_actions",
        ),
    ]


def _gratitude(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    text = f"A short thank-you to <@{ctx.mentor_user}> goes a long way."
    body = f"{text} Mentors give their time freely; telling them what helped keeps them going."
    return text, [
        section(body),
        actions(
            button("Send thanks", GRATITUDE_OPEN, str(ctx.pair_id), style="primary"),
            block_id="gratitude_actions",
        ),
    ]


def _pulse(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    text = f"How is your mentoring with <@{_other(ctx)}> going? (1 = not well, 5 = great)"
    value = str(ctx.delivery_id)
    return text, [
        section(f"{text}\nOnly you see your answer."),
        actions(
            *(button(str(n), f"{PULSE_PREFIX}{n}", value) for n in range(1, 6)),
            block_id="pulse_actions",
        ),
    ]


def _intro_expiry(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    if ctx.recipient_user == ctx.mentee_user:
        text = (
            f"Your introduction request to <@{ctx.mentor_user}> has closed without an answer. "
            "People get busy; it says nothing about you. Run /find-mentor to see other mentors."
        )
    else:
        text = (
            f"The introduction request from <@{ctx.mentee_user}> has expired, so there is "
            "nothing left to answer. Thanks for being open to mentoring."
        )
    return text, [section(text)]


def _adapt_ask(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    if not ctx.recipient_user:  # the pair's group DM: both of them read it
        about = f"for <@{ctx.mentor_user}> and <@{ctx.mentee_user}>"
    else:
        about = f"about your mentoring with <@{_other(ctx)}>"
    text = (
        f"The last three {ctx.adapt_kind_label} {about} went unanswered, so I've stopped "
        "sending them. Would a pause or a different cadence suit you better?"
    )
    pair, value = str(ctx.pair_id), str(ctx.delivery_id)
    buttons = [button("Keep them coming", ADAPT_KEEP, value)]
    if ctx.pair_id:
        buttons += [button("Change cadence", CADENCE_OPEN, pair), button("Pause", PAUSE_OPEN, pair)]
    return text, [section(text), actions(*buttons, block_id="adapt_actions")]


def _skill_watch(ctx: DeliveryContext) -> tuple[str, list[dict[str, Any]]]:
    message = build_watch_fired_message(ctx.skill_label, ctx.mentor_user)
    return str(message["text"]), list(message["blocks"])


_BUILDERS = {
    "meeting_prompt": _meeting_prompt,
    "prepare": _prepare,
    "checkin": _checkin,
    "gratitude": _gratitude,
    "pulse": _pulse,
    "intro_expiry": _intro_expiry,
    "adapt_ask": _adapt_ask,
    "skill_watch": _skill_watch,
}


# --- messages outside the schedule --------------------------------------------------------------


def build_pair_choice_message(
    action_id: str, verb: str, command: str, partners: list[tuple[int, str]]
) -> dict[str, Any]:
    """Which mentoring a /mentor command is about, when the person has several: one button per
    pair (its id only), or the command again with @name."""
    text = (
        f"You're in {len(partners)} mentoring pairs. Which one do you want to {verb}? "
        f"(Or type `/mentor {command} @name`.)"
    )
    blocks: list[dict[str, Any]] = [section(text)]
    for pair_id, other_user in partners[:MAX_PAIR_CHOICES]:
        row = section(f"With <@{other_user}>", block_id=f"pair_choice_{pair_id}")
        row["accessory"] = button("Choose", action_id, str(pair_id))
        blocks.append(row)
    return {"text": text, "blocks": blocks, "response_type": "ephemeral"}


def build_not_a_partner_text(named: str, partners: list[str], command: str) -> str:
    """`/mentor end @farid` when Farid is not one of the person's partners."""
    who = f"<@{m.group(1)}>" if (m := _USER_MENTION.match(named)) else escape(named)
    yours = ", ".join(f"<@{user}>" for user in partners[:MAX_PAIR_CHOICES])
    return (
        f"{who} isn't one of your mentoring partners, so nothing changed. Yours: {yours}. "
        f"Try `/mentor {command} @name` with one of them."
    )


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


def build_cadence_message(pair_id: int, cadence: str, weekday: int) -> dict[str, Any]:
    """Choose how often and on which weekday the pair meets."""
    now = f"{CADENCES.get(cadence, cadence)} on {WEEKDAYS[weekday]}s"
    text = f"You meet {now}. Pick a new rhythm:"
    pair = str(pair_id)
    cadence_buttons = [
        button(label.capitalize(), f"{CADENCE_SET_PREFIX}{name}", pair)
        for name, label in CADENCES.items()
    ]
    weekday_select = {
        "type": "static_select",
        "action_id": CADENCE_WEEKDAY,
        "placeholder": {"type": "plain_text", "text": "Meeting day"},
        "options": [
            {"text": {"type": "plain_text", "text": day}, "value": f"{pair_id}:{n}"}
            for n, day in enumerate(WEEKDAYS)
        ],
    }
    return {
        "text": text,
        "blocks": [section(text), actions(*cadence_buttons, weekday_select, block_id="cadence")],
    }


def build_cadence_changed_message(cadence: str, weekday: int) -> dict[str, Any]:
    text = f"Done: you now meet {CADENCES.get(cadence, cadence)} on {WEEKDAYS[weekday]}s."
    return {"text": text, "blocks": [section(text)]}


def build_low_pulse_message(pair_id: int, other_user: str) -> dict[str, Any]:
    """Private offers after a low pulse answer."""
    text = "Thanks for being honest. A few things that often help:"
    tips = (
        f"{text}\n• Say what you'd like more or less of; <@{other_user}> can't read minds.\n"
        "• Bring one concrete question to each meeting.\n"
        "• A different rhythm, or a pause, is fine. So is ending kindly."
    )
    pair = str(pair_id)
    return {
        "text": text,
        "blocks": [
            section(tips),
            actions(
                button("Change cadence", CADENCE_OPEN, pair),
                button("Pause", PAUSE_OPEN, pair),
                button("End mentoring", END_OPEN, pair, style="danger"),
                block_id="pulse_offers",
            ),
            context("Only you see this. Goals can be changed with /mentor goals."),
        ],
    }


@dataclass(frozen=True)
class NextMentor:
    """The mentee's next match on the closing message (ids only go on the button)."""

    search_id: int
    mentor_id: int
    mentor_user: str
    reason: str


def build_closing_message(
    other_user: str, *, is_mentee: bool, pair_id: int, next_mentor: NextMentor | None = None
) -> dict[str, Any]:
    """A kind goodbye, a retrospective, and for the mentee a thank-you and a next match."""
    text = f"Your mentoring with <@{other_user}> has ended. Thank you for the time you gave it."
    pair = str(pair_id)
    buttons = [button("Short retrospective", RETRO_OPEN, pair)]
    blocks = [section(text)]
    if is_mentee:
        buttons.append(button("Send thanks", GRATITUDE_OPEN, pair, style="primary"))
        blocks += _next_mentor_blocks(pair_id, next_mentor)
    blocks.insert(1, actions(*buttons, block_id="closing_actions"))
    return {"text": text, "blocks": blocks}


def _next_mentor_blocks(pair_id: int, next_mentor: NextMentor | None) -> list[dict[str, Any]]:
    """Whenever they're ready: one good next match, or the search itself."""
    if next_mentor is None:
        return [
            section("Whenever you're ready to keep growing, a new mentor is one click away."),
            actions(button("Find a mentor", FIND_NEXT_MENTOR, str(pair_id)), block_id="next_find"),
        ]
    intro = (
        f"Whenever you're ready for a next step, <@{next_mentor.mentor_user}> could be a good "
        f"match:\n{escape(clip(next_mentor.reason, 500))}"
    )
    return [
        section(intro),
        actions(
            button(
                "Request intro",
                REQUEST_INTRO,
                ids_value(next_mentor.search_id, next_mentor.mentor_id),
            ),
            block_id="next_match",
        ),
    ]


def build_thanks_message(mentee_user: str, mentor_user: str, note: str) -> dict[str, Any]:
    text = f"<@{mentee_user}> says thank you, <@{mentor_user}>!"
    return {"text": text, "blocks": [section(f"{text}\n>{escape(clip(note, 2500))}")]}


def build_paused_message(
    pauser_user: str, pair_id: int, until: date, *, today: date
) -> dict[str, Any]:
    """The pause confirmation in the pair's DM, with a way back."""
    text = (
        f"<@{pauser_user}> paused your mentoring prompts until "
        f"{format_day(until, today=today)}. Rest well!"
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(button("Resume now", RESUME_NOW, str(pair_id)), block_id="pause_actions"),
        ],
    }


def build_resumed_message(
    resumer_user: str, next_meeting: date | None, *, today: date
) -> dict[str, Any]:
    when = (
        f" Your next meeting day is {format_day(next_meeting, today=today)}."
        if next_meeting
        else ""
    )
    text = f"<@{resumer_user}> resumed your mentoring prompts.{when} Welcome back!"
    return {"text": text, "blocks": [section(text)]}


def build_stopped_message(label: str, preference_id: int) -> dict[str, Any]:
    """The answer to "Stop these", with Undo."""
    text = f"Done: no more {label} for you."
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(button("Undo", REMINDERS_ON, str(preference_id)), block_id="stop_undo"),
            context("`/mentor reminders` shows everything you turned off."),
        ],
        "response_type": "ephemeral",
    }


@dataclass(frozen=True)
class QuietRow:
    preference_id: int
    label: str
    stopped: bool
    snoozed_until: date | None
    today: date | None = None


MAX_QUIET_ROWS = 20  # kinds are few; this only keeps a message far under 50 blocks


def build_reminders_message(rows: list[QuietRow]) -> dict[str, Any]:
    """`/mentor reminders`: what the person stopped or snoozed, each with "Turn back on"."""
    if not rows:
        text = "All your reminders are on. Snooze or stop any of them from its message."
        return build_ephemeral(text)
    text = "Reminders you turned off:"
    blocks: list[dict[str, Any]] = [section(f"*{text}*")]
    for row in rows[:MAX_QUIET_ROWS]:
        state = (
            "stopped"
            if row.stopped or row.snoozed_until is None
            else f"snoozed until {_day(row.snoozed_until, row.today)}"
        )
        block = section(f"{row.label.capitalize()}: {state}", block_id=f"quiet_{row.preference_id}")
        block["accessory"] = button("Turn back on", REMINDERS_ON, str(row.preference_id))
        blocks.append(block)
    return {"text": text, "blocks": blocks, "response_type": "ephemeral"}


def build_request_expired_message(mentee_user: str) -> dict[str, Any]:
    """Replaces Accept / Not now / Decline on the mentor's copy of an expired request (the
    mentor gets no second message about it)."""
    text = (
        f"The introduction request from <@{mentee_user}> has expired, so there is nothing left "
        "to answer. Thanks for being open to mentoring."
    )
    return {"text": text, "blocks": [section(text)]}


def build_retro_saved_message(helped_most: str, goals_status: str) -> dict[str, Any]:
    """Thanks, and what the person wrote, for their eyes only (it is their DM)."""
    text = "Thanks for looking back. Only you see this:"
    parts = [f"*{text}*"]
    if helped_most:
        parts.append(f"*What helped most*\n>{escape(clip(helped_most, 1200))}")
    if goals_status:
        parts.append(f"*Where your goals stand*\n>{escape(clip(goals_status, 1200))}")
    return {"text": text, "blocks": [section("\n".join(parts))]}


def build_ephemeral(text: str) -> dict[str, Any]:
    return {"text": text, "blocks": [section(text)], "response_type": "ephemeral"}


# --- modals -----------------------------------------------------------------------------------


def _input(
    block_id: str,
    action_id: str,
    label: str,
    *,
    multiline: bool = True,
    optional: bool = True,
    initial: str = "",
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": 2000,
    }
    if initial:
        element["initial_value"] = clip(plain(initial), 2000)
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _modal(
    callback_id: str, title: str, submit: str, blocks: list[dict[str, Any]], meta: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps(meta),
        "blocks": blocks,
    }


def build_notice_view(text: str) -> dict[str, Any]:
    """A modal that only says something (it replaces a form that cannot be used)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Mentorbot"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [section(text)],
    }


def build_checkin_view(
    pair_id: int,
    delivery_id: int | None,
    other_user: str,
    token: str = "",
    origin: Origin = NOWHERE,
) -> dict[str, Any]:
    """`token` is new for every opened modal: a second submit of it stores nothing; `origin`
    is the message to replace with what was saved."""
    usefulness = {
        "type": "input",
        "block_id": USEFULNESS_BLOCK,
        "label": {"type": "plain_text", "text": "How useful was it?"},
        "element": {
            "type": "static_select",
            "action_id": USEFULNESS_ACTION,
            "placeholder": {"type": "plain_text", "text": "1 (not) to 5 (very)"},
            "options": [
                {"text": {"type": "plain_text", "text": str(n)}, "value": str(n)}
                for n in range(1, 6)
            ],
        },
    }
    blocks = [
        section(f"Your meeting with <@{other_user}>. Only you see these answers."),
        usefulness,
        _input(TAKEAWAY_BLOCK, TAKEAWAY_ACTION, "One takeaway"),
        _input(NEXT_STEPS_BLOCK, NEXT_STEPS_ACTION, "Next steps"),
    ]
    return _modal(
        CHECKIN_VIEW,
        "Meeting check-in",
        "Save",
        blocks,
        {"pair": pair_id, "delivery": delivery_id, "token": token, ORIGIN_KEY: origin.as_meta()},
    )


def build_thanks_view(pair_id: int, mentor_name: str) -> dict[str, Any]:
    draft = (
        f"Thank you, {mentor_name}, for your time and your advice. It helped me more than you "
        "might think."
    )
    blocks = [
        _input(
            THANKS_BLOCK, THANKS_ACTION, "Your note (edit it freely)", optional=False, initial=draft
        )
    ]
    return _modal(THANKS_VIEW, "Send thanks", "Send", blocks, {"pair": pair_id})


def build_pulse_view(delivery_id: int, score: int, origin: Origin = NOWHERE) -> dict[str, Any]:
    blocks = [
        section(f"You answered {score} of 5."),
        _input(NOTE_BLOCK, NOTE_ACTION, "Anything in the way?"),
    ]
    meta = {"delivery": delivery_id, "score": score, ORIGIN_KEY: origin.as_meta()}
    return _modal(PULSE_VIEW, "How is it going?", "Save", blocks, meta)


NOT_A_DATE = "That is not a real date. Pick one from the calendar."


def too_long(latest: date) -> str:
    """The date field's error for a pause past six months: a nearer date, or ending well."""
    return (
        f"A pause is at most six months, until {latest:%-d %B %Y}. Pick a nearer date, or, "
        "if it is time to stop, end the mentoring gracefully with /mentor end."
    )


def build_pause_view(pair_id: int, initial: date) -> dict[str, Any]:
    picker = {
        "type": "input",
        "block_id": UNTIL_BLOCK,
        "label": {"type": "plain_text", "text": "Pause until"},
        "element": {
            "type": "datepicker",
            "action_id": UNTIL_ACTION,
            "initial_date": initial.isoformat(),
        },
    }
    blocks = [section("No prompts for either of you until this date."), picker]
    return _modal(PAUSE_VIEW, "Pause mentoring", "Pause", blocks, {"pair": pair_id})


def build_end_view(pair_id: int, other_user: str) -> dict[str, Any]:
    text = (
        f"End your mentoring with <@{other_user}>? You'll both get a kind closing note; "
        "your history stays with you."
    )
    return _modal(END_VIEW, "End mentoring", "End it", [section(text)], {"pair": pair_id})


def build_retro_view(pair_id: int) -> dict[str, Any]:
    blocks = [
        _input(HELPED_BLOCK, HELPED_ACTION, "What helped most?"),
        _input(GOALS_BLOCK, GOALS_ACTION, "Where do your goals stand?"),
    ]
    return _modal(RETRO_VIEW, "Looking back", "Save", blocks, {"pair": pair_id})
