"""The App Home view: why a mentor helps, where the person stands, the next step."""

from __future__ import annotations

from typing import Any

from bot.clock import format_day, format_weekly_time
from bot.services.cadence import CADENCES
from bot.services.home import HomeState, LookBack, Relationship
from bot.services.reflection import steps
from handlers.goals.blocks import goal_line, progress_bar
from handlers.home.circle_blocks import build_home_circle_blocks
from handlers.programs.rounds.home_blocks import build_home_programs_blocks
from handlers.reflection.blocks import ACTION_RESUME, ACTION_SHARE, edit_button
from handlers.slack.help import BENEFITS
from handlers.slack.mrkdwn import (
    actions,
    button,
    clip,
    context,
    divider,
    escape,
    header,
    section,
)

MAX_HOME_GOALS = 10
MAX_HOME_PEOPLE = 10
# Fixed blocks (headers, benefits, status, dividers, actions, footers) stay under 30, so
# 10 goals + 3 x 10 people (+ "more" lines) + 1 + 3 look-backs + an admin's programs (at most 8)
# + 2 circle sections
# keep the view well inside the 100-block limit.
HOME_BLOCK_LIMIT = 100


def build_home_view(state: HomeState) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [header("Find a mentor, grow with one")]
    benefits = "\n".join(f"• *{name}*: {why}" for name, why in BENEFITS)
    blocks.append(section("*Why a mentor helps*\n" + benefits))
    blocks.append(divider())
    blocks.extend(build_home_programs_blocks(state.programs_run))
    blocks.extend(_reflection_blocks(state))
    blocks.append(divider())
    blocks.extend(_goal_blocks(state))
    blocks.append(divider())
    blocks.extend(_people_blocks("Your mentor", state.mentors))
    blocks.extend(_people_blocks("Your mentees", state.mentees))
    blocks.extend(_people_blocks("Learning from each other", state.peers))
    blocks.extend(build_home_circle_blocks(state.circles_led, state.circles_joined))
    blocks.extend(_look_back_blocks(state.looking_back))
    if not state.mentors:
        blocks.append(context("Next step: /find-mentor shows colleagues who fit your goals."))
    blocks.append(context("Your answers are private to you unless you choose to share them."))
    assert len(blocks) <= HOME_BLOCK_LIMIT
    return {"type": "home", "blocks": blocks}


def _reflection_blocks(state: HomeState) -> list[dict[str, Any]]:
    if state.reflection_step is None:
        text, label = "*Self-reflection:* not started yet.", "Start my reflection"
    elif state.reflection_done:
        text, label = "*Self-reflection:* done :white_check_mark:", ""
    else:
        paused = " (paused)" if state.reflection_paused else ""
        text, label = f"*Self-reflection:* in progress{paused}.", "Continue my reflection"
    buttons = [button(label, ACTION_RESUME, "home", style="primary")] if label else []
    if state.reflection_id is not None:
        buttons.append(edit_button(state.reflection_id))
    blocks = [section(text)]
    if buttons:
        blocks.append(actions(*buttons))
    if state.reflection_done:
        blocks.append(context("Type /reflect to see it, /reflect restart to start over."))
    return blocks


def _goal_blocks(state: HomeState) -> list[dict[str, Any]]:
    active = state.active_goals
    done = len([g for g in state.goals if g.status == "done"])
    blocks = [section(f"*Goals:* {len(active)} active, {done} done")]
    for goal in active[:MAX_HOME_GOALS]:
        blocks.append(section(f"{goal_line(goal)}\n{progress_bar(goal.progress)}"))
    if len(active) > MAX_HOME_GOALS:
        more = len(active) - MAX_HOME_GOALS
        blocks.append(context(f"…and {more} more. /mentor goals lists all."))
    elif active:
        blocks.append(context("Update them with /mentor goals."))
    return blocks


def _people_blocks(title: str, people: list[Relationship]) -> list[dict[str, Any]]:
    if not people:
        return []
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    for rel in people[:MAX_HOME_PEOPLE]:
        blocks.append(_relationship_block(rel))
    if len(people) > MAX_HOME_PEOPLE:
        blocks.append(context(f"…and {len(people) - MAX_HOME_PEOPLE} more."))
    return blocks


def _look_back_blocks(looks: list[LookBack]) -> list[dict[str, Any]]:
    """Past pairs with the person's own retrospective (at most MAX_LOOK_BACKS blocks + 1)."""
    if not looks:
        return []
    blocks: list[dict[str, Any]] = [section("*Looking back* (only you see this)")]
    for look in looks:
        when = f", ended {look.ended_on:%-d %B %Y}" if look.ended_on else ""
        lines = [f"With your {look.role} <@{look.other_slack_user_id}>{when}"]
        if look.helped_most:
            lines.append(f"• What helped most: {escape(clip(look.helped_most, 600))}")
        if look.goals_status:
            lines.append(f"• Your goals: {escape(clip(look.goals_status, 600))}")
        blocks.append(section("\n".join(lines)))
    return blocks


def _relationship_block(rel: Relationship) -> dict[str, Any]:
    who = f"<@{rel.other_slack_user_id}>" if rel.other_slack_user_id else escape(rel.other_name)
    when = _when(rel)
    every = CADENCES.get(rel.cadence, rel.cadence)
    if rel.meeting_start is not None:  # the agreed time, on the reader's own clock
        every += f" · {format_weekly_time(rel.meeting_start, rel.reader_tz)} your time"
    block = section(f"{who} · {every} · {when}")
    if rel.role == "mentor" and rel.can_share:
        block["accessory"] = button("Share my reflection", ACTION_SHARE, str(rel.pair_id))
    return block


def _when(rel: Relationship) -> str:
    today = rel.today or rel.next_meeting or rel.paused_until
    if rel.next_meeting is not None and today is not None:
        return f"next meeting {format_day(rel.next_meeting, today=today)}"
    if rel.paused_until is not None and today is not None:
        return f"paused until {format_day(rel.paused_until, today=today)}"
    return "paused"


def reflection_step_label(step: str | None) -> str:
    return "not started" if step is None else ("done" if step == steps.DONE else "in progress")
