"""Block Kit for the reflection dialog: its prompts and buttons, the summary and sharing (the
modals are in handlers.reflection.forms)."""

from __future__ import annotations

from typing import Any

from bot.services.goals import smart
from bot.services.reflection import overview, steps
from handlers.goals.blocks import goal_line
from handlers.slack.mrkdwn import actions, button, clip, context, divider, escape, header, section
from handlers.slack.row_ids import row_id

ACTION_SKIP = "reflect_skip"
ACTION_BACK = "reflect_back"
ACTION_LATER = "reflect_later"
ACTION_ACCEPT = "reflect_accept_goal"
ACTION_ANOTHER = "reflect_another_goal"
ACTION_GOALS_DONE = "reflect_goals_done"
ACTION_CHOOSE_SKILLS = "reflect_choose_skills"
ACTION_RESTART = "reflect_restart_confirm"
ACTION_RESUME = "reflect_resume"
ACTION_SHARE = "reflect_share_with_mentor"
ACTION_EDIT = "reflect_edit_open"
# What a clicked question says instead of its buttons, by the dialog action.
RETIRED_NOTES = {
    "skip": "Skipped.",
    "back": "Went back.",
    "later": "Paused.",
    "accept": "Kept the goal as it was.",
    "another": "Adding another goal.",
    "goals_done": "Done with goals.",
}
# Which dialog action each button asks the service for.
DIALOG_ACTIONS = {
    ACTION_SKIP: "skip",
    ACTION_BACK: "back",
    ACTION_LATER: "later",
    ACTION_ACCEPT: "accept",
    ACTION_ANOTHER: "another",
    ACTION_GOALS_DONE: "goals_done",
}
PROMPT_ACTIONS_BLOCK = "reflect_prompt_actions"

STEP_TITLES = {
    steps.STRENGTHS: "1/6 · Strengths",
    steps.WEAKNESSES: "2/6 · Weaknesses",
    steps.ASPIRATIONS: "3/6 · Aspirations",
    steps.CHALLENGES: "4/6 · Current challenges",
    steps.GOALS: "5/6 · Goals",
    steps.GOAL_DETAIL: "5/6 · Goals",
    steps.GOALS_MORE: "5/6 · Goals",
    steps.SKILLS: "6/6 · Skills to grow",
}
ELEMENT_NAMES = {smart.SPECIFIC: "specific", smart.MEASURE: "measurable", smart.TIME: "time-bound"}


def button_value(reflection_id: int, step: str) -> str:
    """Ids only: the reflection and the step the button belongs to (stale clicks do nothing)."""
    return f"{reflection_id}:{step}"


def parse_button_value(value: str) -> tuple[int, str] | None:
    reflection_id, _, step = value.partition(":")
    found = row_id(reflection_id)
    if found is None or step not in steps.STEPS:
        return None
    return found, step


def build_prompt_message(prompt: steps.Prompt) -> dict[str, Any]:
    """The next question of the dialog, with what we just stored echoed back (escaped)."""
    if prompt.is_done:
        return build_empty_message(prompt) if prompt.empty else build_done_message(prompt)
    if prompt.paused:
        return build_paused_message()
    blocks: list[dict[str, Any]] = []
    if prompt.stored:
        blocks.append(context(f"Noted: {escape(clip(prompt.stored, 300))}"))
    blocks.extend(context(escape(note)) for note in prompt.notes)
    if prompt.saved_goal is not None:
        blocks.append(section(f":dart: Goal saved: {goal_line(prompt.saved_goal)}"))
    title = STEP_TITLES.get(prompt.step, "Reflection")
    text = f"*{title}*\n{_question(prompt)}"
    blocks.append(section(text))
    if prompt.previous:
        blocks.append(context(f"Your answer so far: {escape(clip(prompt.previous, 500))}"))
    blocks.append(actions(*_buttons(prompt), block_id=PROMPT_ACTIONS_BLOCK))
    fallback = f"{title}: {_plain_question(prompt)}"
    return {"text": fallback, "blocks": blocks}


def _question(prompt: steps.Prompt) -> str:
    if prompt.step != steps.GOAL_DETAIL:
        return prompt.question
    element = ELEMENT_NAMES.get(prompt.asking, prompt.asking)
    return (
        f"Your goal: {escape(clip(prompt.draft, 1000))}\nLet's make it {element}. {prompt.question}"
    )


def _plain_question(prompt: steps.Prompt) -> str:
    return prompt.question.replace("_", "")


def _buttons(prompt: steps.Prompt) -> list[dict[str, Any]]:
    value = button_value(prompt.reflection_id, prompt.step)
    found: list[dict[str, Any]] = []
    if prompt.step == steps.GOAL_DETAIL or (prompt.step == steps.GOALS and prompt.previous):
        found.append(button("Keep the goal as it is", ACTION_ACCEPT, value, style="primary"))
    if prompt.step == steps.GOALS_MORE:
        found.append(button("Add another goal", ACTION_ANOTHER, value, style="primary"))
        found.append(button("Done with goals", ACTION_GOALS_DONE, value))
    if prompt.step == steps.SKILLS:
        found.append(button("Choose from the list", ACTION_CHOOSE_SKILLS, value, style="primary"))
    if prompt.can_skip and prompt.step != steps.GOAL_DETAIL:
        found.append(button("Skip", ACTION_SKIP, value))
    if prompt.can_back:
        found.append(button("Back", ACTION_BACK, value))
    found.append(button("Finish later", ACTION_LATER, value))
    return found


def build_done_message(prompt: steps.Prompt) -> dict[str, Any]:
    skills = ", ".join(escape(label) for label in prompt.skill_labels) or "none yet"
    return {
        "text": "Your reflection is complete. Thank you!",
        "blocks": [
            section(f":sparkles: *Your reflection is complete.*\nSkills to grow: {skills}"),
            context(
                f"{steps.QUESTIONS[steps.DONE]} Next: /find-mentor to find a mentor who fits, "
                "/mentor goals to track your goals, /reflect restart to start over."
            ),
            actions(edit_button(prompt.reflection_id)),
        ],
    }


PAUSED = "Paused. Answer the question above here whenever you like, or continue now."


def build_paused_message() -> dict[str, Any]:
    """After "Finish later": a note, not the same question again (it is just above)."""
    return {
        "text": PAUSED,
        "blocks": [
            context(PAUSED),
            actions(button("Continue my reflection", ACTION_RESUME, "dm", style="primary")),
        ],
    }


EMPTY_REFLECTION = (
    "Your reflection is empty: every question was skipped, so there is nothing to keep "
    "or share yet. Start again whenever you like."
)


def build_empty_message(prompt: steps.Prompt) -> dict[str, Any]:
    """The end of a reflection with every question skipped: say so, offer to start again."""
    start_again = button("Start again", ACTION_RESTART, str(prompt.reflection_id), style="primary")
    return {
        "text": "Your reflection is empty: every question was skipped.",
        "blocks": [section(EMPTY_REFLECTION), actions(start_again)],
    }


def edit_button(reflection_id: int) -> dict[str, Any]:
    """Opens the edit modal; the value is the reflection's id, checked against the clicker."""
    return button("Edit my reflection", ACTION_EDIT, str(reflection_id))


def build_summary_blocks(
    summary: overview.Summary, *, limit_goals: int = 10
) -> list[dict[str, Any]]:
    """The reflection as sections (every user text escaped); at most 8 blocks."""
    blocks = [
        section(f"*{title}*\n{escape(clip(summary.answers.get(step) or '—', 2800))}")
        for step, title in steps.ANSWER_NAMES.items()
    ]
    goal_lines = [f"• {goal_line(g)}" for g in summary.goals[:limit_goals]]
    if len(summary.goals) > limit_goals:
        goal_lines.append(f"…and {len(summary.goals) - limit_goals} more")
    blocks.append(section("*Goals*\n" + ("\n".join(goal_lines) or "—")))
    skills = ", ".join(escape(s) for s in summary.skill_labels) or "—"
    blocks.append(section(f"*Skills to grow*\n{skills}"))
    return blocks


def build_status_message(summary: overview.Summary, pairs: list[tuple[int, str]]) -> dict[str, Any]:
    """`/reflect` after finishing: the summary, privately, with share buttons per live pair."""
    blocks: list[dict[str, Any]] = [header("Your reflection")]
    blocks.extend(build_summary_blocks(summary))
    # One block per mentor: action_ids must be unique within a block.
    for pair_id, name in pairs[:5]:
        offer = section(f"Share this summary with {escape(name)}, in your mentoring DM?")
        offer["accessory"] = button("Share", ACTION_SHARE, str(pair_id))
        blocks.append(offer)
    blocks.append(actions(edit_button(summary.reflection_id)))
    blocks.append(
        context("Only you can see this. /reflect restart starts over; your old answers are kept.")
    )
    return {"text": "Your reflection (only you can see this)", "blocks": blocks}


def build_share_message(summary: overview.Summary, sharer_user_id: str) -> dict[str, Any]:
    """What the mentor sees in the pair's group DM when the person shares their reflection."""
    blocks = [
        section(f"<@{sharer_user_id}> shared their self-reflection with you:"),
        divider(),
        *build_summary_blocks(summary),
    ]
    return {"text": "A self-reflection was shared with you.", "blocks": blocks}


def build_restart_confirm_message(reflection_id: int) -> dict[str, Any]:
    text = (
        "Start your reflection over? Your current answers stay in your history and your goals "
        "stay as they are."
    )
    return {
        "response_type": "ephemeral",
        "text": text,
        "blocks": [
            section(text),
            actions(button("Yes, start over", ACTION_RESTART, str(reflection_id), style="danger")),
        ],
    }


def build_started_note(*, resumed: bool) -> dict[str, Any]:
    text = (
        "Welcome back: I've sent the next question to our DM."
        if resumed
        else "Let's reflect! I've sent the first question to our DM."
    )
    return {"response_type": "ephemeral", "text": text}


def build_file_note() -> dict[str, Any]:
    text = "I can only read typed answers, so I'll leave the file alone. Type your answer here."
    return {"text": text, "blocks": [context(text)]}
