"""Block Kit for goals: the /mentor goals list, the update modal and celebrations."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from bot.services.goals.tracking import GoalView
from handlers.slack.mrkdwn import actions, button, clip, context, escape, header, section
from handlers.slack.origin import NOWHERE, ORIGIN_KEY, Origin
from handlers.slack.row_ids import row_id, small_number

GOAL_MENU_ACTION = "goal_menu"
SHARE_CELEBRATION_ACTION = "goal_share_celebration"
UPDATE_VIEW = "goal_update_modal"
MILESTONE_VIEW = "goal_milestone_modal"
SHARE_VIEW = "goal_share_modal"
PROGRESS_BLOCK, PROGRESS_ACTION = "goal_progress", "goal_progress_select"
NOTE_BLOCK, NOTE_ACTION = "goal_note", "goal_note_input"
CHANNEL_BLOCK, CHANNEL_ACTION = "goal_share_channel", "goal_share_channel_select"
MENU_CHOICES = (
    ("update", "Update progress"),
    ("milestone", "Add a milestone note"),
    ("done", "Mark done"),
    ("drop", "Drop this goal"),
)
MAX_LISTED = 20  # sections in one message (50 blocks at most)
STATUS_MARKS = {"active": "", "done": " :white_check_mark: done", "dropped": " _(dropped)_"}


def progress_bar(progress: int) -> str:
    filled = max(0, min(10, round(progress / 10)))
    return "▰" * filled + "▱" * (10 - filled) + f" {progress}%"


def goal_line(goal: GoalView) -> str:
    """One line about a goal; the text is escaped, the date is ours."""
    parts = [escape(clip(goal.text, 500))]
    if goal.measure:
        parts.append(f"measured by {escape(clip(goal.measure, 300))}")
    if goal.target_date and not states_date(f"{goal.text} {goal.measure}", goal.target_date):
        parts.append(f"by {goal.target_date:%-d %b %Y}")
    return " · ".join(parts)


def states_date(text: str, day: date) -> bool:
    """True when the person's own words already give this date ("by 31 March 2027")."""
    lowered = " ".join(text.lower().split())
    forms = (f"{day:%-d %B}", f"{day:%-d %b}", f"{day:%B %-d}", f"{day:%b %-d}", day.isoformat())
    return any(form.lower() in lowered for form in forms)


def menu_value(action: str, goal_id: int) -> str:
    return f"{action}:{goal_id}"


def parse_menu_value(value: str) -> tuple[str, int] | None:
    action, _, goal_id = value.partition(":")
    found = row_id(goal_id)
    if action not in dict(MENU_CHOICES) or found is None:
        return None
    return action, found


def build_goals_message(goals: list[GoalView], *, notice: str = "") -> dict[str, Any]:
    """The person's goals with progress and a menu each (ephemeral; only they see it)."""
    blocks: list[dict[str, Any]] = [header("Your goals")]
    if notice:
        blocks.append(context(notice))
    if not goals:
        blocks.append(section("No goals yet. /reflect helps you write one, step by step."))
    for goal in goals[:MAX_LISTED]:
        text = f"{goal_line(goal)}\n{progress_bar(goal.progress)}{STATUS_MARKS[goal.status]}"
        block = section(text, block_id=f"goal_{goal.id}")
        if goal.is_active:
            block["accessory"] = _menu(goal.id)
        blocks.append(block)
    if len(goals) > MAX_LISTED:
        blocks.append(context(f"…and {len(goals) - MAX_LISTED} more."))
    active = sum(1 for g in goals if g.is_active)
    return {
        "response_type": "ephemeral",
        "text": f"Your goals: {active} active, {len(goals) - active} done or dropped.",
        "blocks": blocks,
    }


def _menu(goal_id: int) -> dict[str, Any]:
    return {
        "type": "overflow",
        "action_id": GOAL_MENU_ACTION,
        "options": [
            {"text": {"type": "plain_text", "text": label}, "value": menu_value(action, goal_id)}
            for action, label in MENU_CHOICES
        ],
    }


def goal_meta(goal_id: int, origin: Origin = NOWHERE) -> str:
    """A goal modal's private_metadata: the goal and the message the form was opened from."""
    return json.dumps({"goal": goal_id, ORIGIN_KEY: origin.as_meta()})


def read_goal_meta(text: str) -> tuple[int | None, dict[str, Any]]:
    """The goal id and the whole metadata; a bare id is what modals opened before said."""
    if text.isascii() and text.isdigit():  # a bare id: parsed as any id is
        return row_id(text), {}
    try:
        meta = json.loads(text or "{}")
    except ValueError:
        return None, {}
    if not isinstance(meta, dict) or not isinstance(meta.get("goal"), int):
        return None, {}
    return meta["goal"], meta


def build_update_modal(goal: GoalView, origin: Origin = NOWHERE) -> dict[str, Any]:
    options = [_progress_option(p) for p in range(0, 101, 10)]
    current = min(100, round(goal.progress / 10) * 10)
    return {
        "type": "modal",
        "callback_id": UPDATE_VIEW,
        "private_metadata": goal_meta(goal.id, origin),
        "title": {"type": "plain_text", "text": "Update progress"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*Goal:* {escape(clip(goal.text, 2500))}"),
            {
                "type": "input",
                "block_id": PROGRESS_BLOCK,
                "label": {"type": "plain_text", "text": "Progress"},
                "element": {
                    "type": "static_select",
                    "action_id": PROGRESS_ACTION,
                    "options": options,
                    "initial_option": _progress_option(current),
                },
            },
            _note_input("What happened?", optional=True),
        ],
    }


def build_milestone_modal(goal: GoalView, origin: Origin = NOWHERE) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": MILESTONE_VIEW,
        "private_metadata": goal_meta(goal.id, origin),
        "title": {"type": "plain_text", "text": "Milestone note"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"*Goal:* {escape(clip(goal.text, 2500))}"),
            _note_input("What did you reach?", optional=False),
        ],
    }


def _progress_option(percent: int) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": f"{percent}%"}, "value": str(percent)}


def _note_input(label: str, *, optional: bool) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": NOTE_BLOCK,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "plain_text_input",
            "action_id": NOTE_ACTION,
            "multiline": True,
            "max_length": 2000,
        },
    }


def submitted_progress(values: dict[str, Any]) -> int | None:
    option = values.get(PROGRESS_BLOCK, {}).get(PROGRESS_ACTION, {}).get("selected_option")
    value = str((option or {}).get("value", ""))
    return small_number(value)


def submitted_note(values: dict[str, Any]) -> str:
    return str(values.get(NOTE_BLOCK, {}).get(NOTE_ACTION, {}).get("value") or "")


def build_celebration_message(goal: GoalView) -> dict[str, Any]:
    """In the person's DM; sharing it in a channel is their choice (the button)."""
    text = f":tada: You reached your goal: {goal_line(goal)}"
    return {
        "text": "You reached a goal. Congratulations!",
        "blocks": [
            section(text),
            actions(button("Share in a channel", SHARE_CELEBRATION_ACTION, str(goal.id))),
            context("Only you see this unless you share it."),
        ],
    }


def build_share_modal(goal: GoalView) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": SHARE_VIEW,
        "private_metadata": str(goal.id),
        "title": {"type": "plain_text", "text": "Share your milestone"},
        "submit": {"type": "plain_text", "text": "Share"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"I'll post this goal in the channel you pick:\n{goal_line(goal)}"),
            {
                "type": "input",
                "block_id": CHANNEL_BLOCK,
                "label": {"type": "plain_text", "text": "Channel"},
                "element": {
                    "type": "conversations_select",
                    "action_id": CHANNEL_ACTION,
                    "filter": {"include": ["public"], "exclude_bot_users": True},
                },
            },
        ],
    }


def submitted_channel(values: dict[str, Any]) -> str:
    chosen = values.get(CHANNEL_BLOCK, {}).get(CHANNEL_ACTION, {})
    return str(chosen.get("selected_conversation") or "")


def build_channel_celebration(goal: GoalView, user_id: str) -> dict[str, Any]:
    return {
        # A message's `text` is parsed as mrkdwn too: the goal must not mention or link anyone.
        "text": f"{clip(escape(goal.text), 200)}: goal reached!",
        "blocks": [section(f":tada: <@{user_id}> reached a goal: {goal_line(goal)}")],
    }


# --- what replaces the message a goal form was opened from -------------------------------------


def goal_saved_notice(goal: GoalView, *, milestone: bool, changed: bool) -> str:
    """The line above the refreshed goal list after its form was saved."""
    name = f"\u201c{escape(clip(goal.text, 200))}\u201d"
    if not changed:
        return f"Nothing changed on {name}."
    if milestone:
        return f"Milestone noted on {name}."
    if not goal.is_active:
        return f"Saved: {name} is done. Congratulations!"
    return f"Saved: {name} is at {goal.progress}%."


def goal_closed_text(goal: GoalView) -> str:
    """A click on the menu of a goal that is no longer active."""
    state = "done" if goal.status == "done" else "dropped"
    return f"That goal is already {state}, so nothing changed."
