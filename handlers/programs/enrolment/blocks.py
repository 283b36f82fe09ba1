"""The program modal (create or edit), the channel announcement with Join as mentee / Join as
mentor, and the question a program asks who joins. Pure builders: plain data in, Block Kit out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.services.programs.catalog import (
    CIRCLE_SIZE,
    MAX_DESCRIPTION,
    MAX_MENTEES_PER_MENTOR,
    MAX_NAME,
    MAX_QUESTION,
    ProgramForm,
)
from handlers.slack.mrkdwn import actions, button, clip, context, escape, header, plain, section
from storage.models import Program

PROGRAM_VIEW = "program_edit"
ANSWER_VIEW = "program_answer"
JOIN_MENTEE = "program_join_mentee"
JOIN_MENTOR = "program_join_mentor"

B_NAME, B_DESCRIPTION, B_QUESTION = "program_name", "program_description", "program_question"
B_CLOSES, B_STARTS, B_ENDS = "program_closes", "program_starts", "program_ends"
B_MODE, B_PER_MENTOR, B_CHANNEL = "program_mode", "program_per_mentor", "program_channel"
B_ANSWER, B_CIRCLE = "program_answer", "program_circle_size"
A_TEXT, A_DATE, A_MODE, A_CHANNEL = "text", "date", "mode", "channel"

# The service's field names -> the block that shows the error.
ERROR_BLOCKS = {
    "name": B_NAME,
    "enrolment_closes_on": B_CLOSES,
    "term_starts_on": B_STARTS,
    "term_ends_on": B_ENDS,
    "mentees_per_mentor": B_PER_MENTOR,
    "matching_mode": B_MODE,
    "circle_size": B_CIRCLE,
}
MODES = (
    ("round", "I match everyone in one round"),
    ("mentees_choose", "Mentees choose from the program's mentors"),
)
MAX_ANSWER = MAX_DESCRIPTION


@dataclass(frozen=True)
class ProgramDefaults:
    """What the modal shows first: the program being edited, or a new one's blanks."""

    name: str
    description: str
    enrolment_closes_on: date
    term_starts_on: date
    term_ends_on: date
    matching_mode: str = "round"
    mentees_per_mentor: int = 1
    announce_channel_id: str | None = None
    question: str = ""
    circle_size: int | None = None

    @classmethod
    def new(cls, today: date) -> ProgramDefaults:
        return cls("", "", today + timedelta(days=14), today + timedelta(days=21),
                   today + timedelta(days=111))  # fmt: skip

    @classmethod
    def of(cls, program: Program) -> ProgramDefaults:
        return cls(
            program.name, program.description, program.enrolment_closes_on,
            program.term_starts_on, program.term_ends_on, program.matching_mode,
            program.mentees_per_mentor, program.announce_channel_id, program.question,
            program.circle_size,
        )  # fmt: skip


def _label(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _input(block_id: str, label: str, element: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "label": _label(label), "element": element,
            **extra}  # fmt: skip


def _text(value: str, limit: int, *, multiline: bool = False) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": A_TEXT,
                               "multiline": multiline, "max_length": limit}  # fmt: skip
    if value:
        element["initial_value"] = plain(value)[:limit]
    return element


def _date(value: date) -> dict[str, Any]:
    return {"type": "datepicker", "action_id": A_DATE, "initial_date": value.isoformat()}


def _modes(chosen: str) -> dict[str, Any]:
    options = [{"text": _label(text), "value": value} for value, text in MODES]
    initial = next((o for o in options if o["value"] == chosen), options[0])
    return {"type": "radio_buttons", "action_id": A_MODE, "options": options,
            "initial_option": initial}  # fmt: skip


def _channel(channel_id: str | None) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "conversations_select",
        "action_id": A_CHANNEL,
        "placeholder": _label("Choose a channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if channel_id:
        element["initial_conversation"] = channel_id
    return element


def build_program_modal(defaults: ProgramDefaults, meta: dict[str, Any]) -> dict[str, Any]:
    """Create (no program in `meta`) or edit a program."""
    editing = "program" in meta
    blocks = [
        _input(B_NAME, "Name", _text(defaults.name, MAX_NAME)),
        _input(B_DESCRIPTION, "Description", _text(defaults.description, MAX_DESCRIPTION,
               multiline=True), optional=True),  # fmt: skip
        _input(B_CLOSES, "Enrolment closes on", _date(defaults.enrolment_closes_on)),
        _input(B_STARTS, "Term starts on", _date(defaults.term_starts_on)),
        _input(B_ENDS, "Term ends on", _date(defaults.term_ends_on)),
        _input(B_MODE, "Matching", _modes(defaults.matching_mode)),
        _input(B_PER_MENTOR, f"Mentees per mentor (1-{MAX_MENTEES_PER_MENTOR})",
               _text(str(defaults.mentees_per_mentor), 4)),  # fmt: skip
        _input(B_CIRCLE, "Meet in circles of", _text(str(defaults.circle_size or ""), 4),
               optional=True, hint=_label("2-8 mentees who meet their mentor together; "
                                          "blank for one-to-one pairs.")),  # fmt: skip
        _input(B_CHANNEL, "Announce in", _channel(defaults.announce_channel_id), optional=True,
               hint=_label("I post the program there with Join buttons; invite me first.")),
        _input(B_QUESTION, "A question for participants", _text(defaults.question, MAX_QUESTION),
               optional=True, hint=_label("Asked of everyone who joins, as mentee or mentor.")),
    ]  # fmt: skip
    return {
        "type": "modal",
        "callback_id": PROGRAM_VIEW,
        "title": _label("Edit program" if editing else "New program"),
        "submit": _label("Save" if editing else "Create"),
        "close": _label("Cancel"),
        "private_metadata": json.dumps(meta),
        "blocks": blocks,
    }


def form_from_state(values: dict[str, Any]) -> ProgramForm | dict[str, str]:
    """The submitted modal as a ProgramForm, or errors by block (a date or a number missing)."""

    def state(block: str, action: str) -> dict[str, Any]:
        found = (values.get(block) or {}).get(action)
        return found if isinstance(found, dict) else {}

    errors: dict[str, str] = {}
    dates: dict[str, date] = {}
    for block in (B_CLOSES, B_STARTS, B_ENDS):
        try:
            dates[block] = date.fromisoformat(str(state(block, A_DATE).get("selected_date")))
        except ValueError:
            errors[block] = "Pick a date."
    per_mentor = str(state(B_PER_MENTOR, A_TEXT).get("value") or "").strip()
    if not (per_mentor.isascii() and per_mentor.isdigit() and len(per_mentor) <= 3):
        errors[B_PER_MENTOR] = f"Each mentor takes between 1 and {MAX_MENTEES_PER_MENTOR} mentees."
    circle_size = _circle_size(str(state(B_CIRCLE, A_TEXT).get("value") or ""))
    if isinstance(circle_size, str):
        errors[B_CIRCLE] = circle_size
    if errors:
        return errors
    mode = state(B_MODE, A_MODE).get("selected_option") or {}
    return ProgramForm(
        name=str(state(B_NAME, A_TEXT).get("value") or ""),
        description=str(state(B_DESCRIPTION, A_TEXT).get("value") or ""),
        enrolment_closes_on=dates[B_CLOSES],
        term_starts_on=dates[B_STARTS],
        term_ends_on=dates[B_ENDS],
        mentees_per_mentor=int(per_mentor),
        matching_mode=str(mode.get("value") or "") if isinstance(mode, dict) else "",
        announce_channel_id=_channel_id(state(B_CHANNEL, A_CHANNEL).get("selected_conversation")),
        question=str(state(B_QUESTION, A_TEXT).get("value") or ""),
        circle_size=None if isinstance(circle_size, str) else circle_size,
    )


def _circle_size(typed: str) -> int | None | str:
    """Blank: pairs; a whole number: the size the service checks; anything else: the error."""
    typed = typed.strip()
    if not typed:
        return None
    if typed.isascii() and typed.isdigit() and len(typed) <= 3:
        return int(typed)
    return CIRCLE_SIZE


def _channel_id(value: object) -> str | None:
    text = str(value or "")
    return text if text[:1] in ("C", "G") and text.isalnum() and len(text) <= 32 else None


def build_program_errors(errors: dict[str, str]) -> dict[str, Any]:
    """The `response_action: errors` answer: each service field's error on its block."""
    return {
        "response_action": "errors",
        "errors": {ERROR_BLOCKS.get(f, f if f.startswith("program_") else B_NAME): m
                   for f, m in errors.items()},
    }  # fmt: skip


# --- the announcement -----------------------------------------------------------------------


def _day(value: date) -> str:
    return f"{value:%A %-d %B %Y}"


def build_announcement(program: Program, *, today: date) -> dict[str, Any]:
    """The program in its channel: what it is, its dates, and the Join buttons while open."""
    name = escape(program.name)
    mode = dict(MODES).get(program.matching_mode, "")
    how = (
        "When enrolment closes I match each mentee with a mentor in one round."
        if program.matching_mode == "round"
        else "Mentees choose their mentor from the program's mentors with /find-mentor."
    )
    per = program.mentees_per_mentor
    takes = f"Each mentor takes {per} mentee{'s' if per != 1 else ''}."
    if program.circle_size:
        takes = f"Each mentor meets up to {program.circle_size} mentees together, as a circle."
    lines = [
        f"*Enrolment closes* {_day(program.enrolment_closes_on)}",
        f"*Term* {_day(program.term_starts_on)} to {_day(program.term_ends_on)}",
        f"*Matching* {how} {takes}",
    ]
    blocks: list[dict[str, Any]] = [header(program.name)]
    if program.description:
        blocks.append(section(escape(clip(program.description, 2900))))
    blocks.append(section("\n".join(lines)))
    open_ = program.status != "closed" and today <= program.enrolment_closes_on
    if open_ and program.id is not None:
        value = str(program.id)
        blocks.append(actions(button("Join as mentee", JOIN_MENTEE, value, style="primary"),
                              button("Join as mentor", JOIN_MENTOR, value),
                              block_id="program_join"))  # fmt: skip
        blocks.append(context("`/mentor programs` shows the programs you are in, with Leave."))
    else:
        blocks.append(context("Enrolment has closed."))
    text = f"{name}: a mentoring program ({mode.lower() or 'mentoring'}); enrolment closes "
    return {"text": text + program.enrolment_closes_on.isoformat(), "blocks": blocks}


# --- the program's question -----------------------------------------------------------------


def question_input(question: str) -> dict[str, Any]:
    """The program's question as a required input (its own modal, or under the profile)."""
    return _input(B_ANSWER, clip(plain(question), 150) or "Your answer",
                  _text("", MAX_ANSWER, multiline=True))  # fmt: skip


def build_answer_modal(program: Program, role: str, meta: dict[str, Any]) -> dict[str, Any]:
    """Joining a program that asks a question: the question first, then they are in."""
    intro = f"*{escape(program.name)}* asks everyone who joins:\n>{escape(program.question)}"
    return {
        "type": "modal",
        "callback_id": ANSWER_VIEW,
        "title": _label("Join the program"),
        "submit": _label(f"Join as {role}"),
        "close": _label("Cancel"),
        "private_metadata": json.dumps(meta),
        "blocks": [section(clip(intro, 2900)), question_input(program.question)],
    }


# --- a mentor without a profile -------------------------------------------------------------

PROFILE_VIEW = "program_mentor_profile"


def build_profile_modal(
    profile_view: dict[str, Any], program: Program, meta: dict[str, Any]
) -> dict[str, Any]:
    """The mentor profile modal (handlers/profiles' builder), saved with the enrolment: under its
    own callback id, the program named on top and its question at the bottom."""
    view = dict(profile_view)
    note = section(f"Joining *{escape(program.name)}* as a mentor: your profile first.")
    blocks = [note, *view["blocks"]]
    if program.question:
        blocks.append(question_input(program.question))
    view.update(
        callback_id=PROFILE_VIEW, blocks=blocks, private_metadata=json.dumps(meta),
        submit=_label("Save and join"),
    )  # fmt: skip
    return view
