"""Block Kit for the bot's answers to what a person types in its DM outside any dialog."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.services import talk
from bot.services.cadence import CADENCES
from handlers.meetings import blocks as scheduler_blocks
from handlers.slack.mrkdwn import actions, button, context, section

# One action_id per step (unique within a block), all handled by one listener; value: the step.
ACTION_NEXT_STEP = "talk_step_"
ACTION_NEXT_STEP_PATTERN = re.compile(r"^talk_step_\w+$")
MAX_PAIRS_SHOWN = 10
TYPED = "You can also type: _help_, _find a mentor_, _reflect_, _pause_, _stop reminders_, "
TYPED += "_export my data_."
HELP_TEXT = "Hi! Here is what I can do for you next."
_LABELS = {
    talk.FIND_MENTOR: "Find a mentor",
    talk.MY_PAIRS: "My mentoring",
    talk.GOALS: "My goals",
    talk.REMINDERS: "My reminders",
}
_REFLECT_LABELS = {"none": "Start my reflection", "in_progress": "Continue my reflection"}
_WHERE = {
    "none": "A short reflection on your strengths and goals is the best first step.",
    "in_progress": "Your reflection is waiting where you left it.",
    "done": "Your reflection is done.",
}


@dataclass(frozen=True)
class PairLine:
    """One live mentoring as the person sees it."""

    pair_id: int
    other_user: str
    cadence: str
    paused_until: str  # "" when not paused; else the day, formatted


def build_help_message(standing: talk.Standing) -> dict[str, Any]:
    """The short help: where the person stands and a button for each next useful step."""
    lines = [_WHERE[standing.reflection]]
    if standing.live_pairs:
        lines.append(f"You are in {standing.live_pairs} mentoring(s).")
    else:
        lines.append("Next: find a colleague to learn from.")
    buttons = [
        _step_button(step, standing, primary=i == 0) for i, step in enumerate(standing.next_steps)
    ]
    return {
        "text": HELP_TEXT,
        "blocks": [
            section(f"*{HELP_TEXT}*\n" + " ".join(lines)),
            actions(*buttons),
            context(TYPED),
        ],
    }


def _step_button(step: str, standing: talk.Standing, *, primary: bool) -> dict[str, Any]:
    label = _REFLECT_LABELS.get(standing.reflection, "") if step == talk.REFLECT else _LABELS[step]
    return step_button(label, step, style="primary" if primary else None)


def step_button(label: str, step: str, *, style: str | None = None) -> dict[str, Any]:
    return button(label, f"{ACTION_NEXT_STEP}{step}", step, style=style)


def build_pairs_message(pairs: list[PairLine], *, pausing: bool = False) -> dict[str, Any]:
    """The person's live mentorings, each with its buttons (they open forms, so they are
    pressed, not typed: a typed message cannot open one)."""
    if not pairs:
        text = "You have no mentoring yet: a mentor is the place to start."
        find = step_button(_LABELS[talk.FIND_MENTOR], talk.FIND_MENTOR)
        return {"text": text, "blocks": [section(text), actions(find)]}
    text = (
        "Press Pause next to the mentoring to pick until when (at most six months)."
        if pausing
        else "Your mentoring:"
    )
    blocks: list[dict[str, Any]] = [section(f"*{text}*")]
    for line in pairs[:MAX_PAIRS_SHOWN]:
        blocks.append(section(_pair_text(line)))
        blocks.append(actions(*_pair_buttons(line.pair_id, pausing=pausing)))
    return {"text": text, "blocks": blocks}


def _pair_text(line: PairLine) -> str:
    state = f"paused until {line.paused_until}" if line.paused_until else "active"
    return f"With <@{line.other_user}> · {CADENCES.get(line.cadence, line.cadence)} · {state}"


def _pair_buttons(pair_id: int, *, pausing: bool) -> list[dict[str, Any]]:
    value = str(pair_id)
    pause = button(
        "Pause", scheduler_blocks.PAUSE_OPEN, value, style="primary" if pausing else None
    )
    checkin = button("Log a meeting", scheduler_blocks.CHECKIN_OPEN, value)
    end = button("End it", scheduler_blocks.END_OPEN, value)
    return [pause] if pausing else [checkin, pause, end]


def build_stopped_message(preference_id: int) -> dict[str, Any]:
    """After "stop reminders": they are off, and one button turns them back on."""
    text = "Done: I stopped all your reminders. Nothing more from me until you turn them on."
    back_on = button("Turn back on", scheduler_blocks.REMINDERS_ON, str(preference_id))
    return {
        "text": text,
        "blocks": [section(text), actions(back_on), context("Or later: /mentor reminders.")],
    }


EXPORT_NOTE = "Putting together everything I store about you; the file follows here."


def build_export_note() -> dict[str, Any]:
    return {"text": EXPORT_NOTE, "blocks": [context(EXPORT_NOTE)]}
