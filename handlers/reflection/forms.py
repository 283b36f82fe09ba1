"""The reflection's modals: the skills to grow, and editing the reflection later."""

from __future__ import annotations

from typing import Any

from bot.services.reflection import editing, steps
from bot.services.skills import SkillEntry
from handlers.reflection.blocks import build_summary_blocks, edit_button
from handlers.slack.mrkdwn import actions, clip, context, escape, section

SKILLS_VIEW = "reflect_skills_modal"
SKILLS_SELECT_BLOCK, SKILLS_SELECT_ACTION = "skills_select", "skills_selected"
SKILLS_TYPED_BLOCK, SKILLS_TYPED_ACTION = "skills_typed", "skills_typed_input"
EDIT_VIEW = "reflect_edit_modal"
EDIT_ANSWER_BLOCKS = {step: f"edit_{step}" for step in steps.TEXT_STEPS}
EDIT_ANSWER_ACTION = "edit_answer"
EDIT_TYPED_MAX = 3000  # typed skills prefilled from the current ones can be a long list
GOALS_ELSEWHERE = "Goals are edited with /mentor goals."
MAX_OPTIONS = 100  # per select, and per option group


def build_skills_modal(
    reflection_id: int, catalog: list[SkillEntry], chosen: list[str]
) -> dict[str, Any]:
    """A multi-select of the workspace's skills (grouped past 100) and a field for typed ones."""
    return {
        "type": "modal",
        "callback_id": SKILLS_VIEW,
        "private_metadata": str(reflection_id),
        "title": {"type": "plain_text", "text": "Skills to grow"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [*_skills_select_blocks(catalog, chosen), _skills_typed_block()],
    }


def _skills_select_blocks(catalog: list[SkillEntry], chosen: list[str]) -> list[dict[str, Any]]:
    """The multi-select with `chosen` pre-selected; none for an empty catalog (an empty
    select is invalid)."""
    if not catalog:
        return []
    select: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": SKILLS_SELECT_ACTION,
        "placeholder": {"type": "plain_text", "text": "Pick skills"},
        **skill_options(catalog),
    }
    initial = [_option(e) for e in _selectable(catalog) if e.key in chosen]
    if initial:
        select["initial_options"] = initial
    return [
        {
            "type": "input",
            "block_id": SKILLS_SELECT_BLOCK,
            "optional": True,
            "label": {"type": "plain_text", "text": "From the list"},
            "element": select,
        }
    ]


def _skills_typed_block(initial: str = "", max_length: int = 500) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": SKILLS_TYPED_ACTION,
        "max_length": max_length,
    }
    if initial:
        element["initial_value"] = initial[:max_length]
    return {
        "type": "input",
        "block_id": SKILLS_TYPED_BLOCK,
        "optional": True,
        "label": {"type": "plain_text", "text": "Not on the list? Type them"},
        "hint": {"type": "plain_text", "text": "Separate skills with commas."},
        "element": element,
    }


def _selectable(catalog: list[SkillEntry]) -> list[SkillEntry]:
    """The entries a select can show (100 groups of 100); the rest can only be typed."""
    return catalog[: MAX_OPTIONS * MAX_OPTIONS]


def skill_options(catalog: list[SkillEntry]) -> dict[str, Any]:
    """`options` when the catalog fits one select, else `option_groups` of at most 100 each
    (100 groups x 100 options = 10,000 skills; anything past that can still be typed)."""
    if len(catalog) <= MAX_OPTIONS:
        return {"options": [_option(e) for e in catalog]}
    groups = []
    shown = _selectable(catalog)
    for start in range(0, len(shown), MAX_OPTIONS):
        chunk = shown[start : start + MAX_OPTIONS]
        label = f"{chunk[0].label[:30]} – {chunk[-1].label[:30]}"
        groups.append(
            {"label": {"type": "plain_text", "text": label}, "options": [_option(e) for e in chunk]}
        )
    return {"option_groups": groups}


def _option(entry: SkillEntry) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": clip(entry.label, 75)}, "value": entry.key[:75]}


def selected_skill_keys(values: dict[str, Any]) -> list[str]:
    chosen = values.get(SKILLS_SELECT_BLOCK, {}).get(SKILLS_SELECT_ACTION, {})
    return [str(o["value"]) for o in chosen.get("selected_options") or []]


def typed_skills(values: dict[str, Any]) -> str:
    return str(values.get(SKILLS_TYPED_BLOCK, {}).get(SKILLS_TYPED_ACTION, {}).get("value") or "")


# --- editing later -------------------------------------------------------------------------


def build_edit_modal(form: editing.EditForm) -> dict[str, Any]:
    """The current answers and skill gaps, pre-filled; private_metadata is the reflection id."""
    selectable = {e.key for e in _selectable(form.catalog)}
    # Skills the select cannot show (typed ones, or past its 10,000 options) go in the typed
    # field as their keys, which contain no commas and come back as the same keys.
    typed = ", ".join(k[:1].upper() + k[1:] for k in form.skill_keys if k not in selectable)
    return {
        "type": "modal",
        "callback_id": EDIT_VIEW,
        "private_metadata": str(form.reflection_id),
        "title": {"type": "plain_text", "text": "Edit my reflection"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            context(f"Only you can see these answers. {GOALS_ELSEWHERE}"),
            *(_answer_block(step, form.answers.get(step, "")) for step in steps.TEXT_STEPS),
            *_skills_select_blocks(form.catalog, form.skill_keys),
            _skills_typed_block(typed, max_length=EDIT_TYPED_MAX),
        ],
    }


def _answer_block(step: str, answer: str) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": EDIT_ANSWER_ACTION,
        "multiline": True,
        "max_length": steps.MAX_ANSWER_CHARS,
    }
    if answer:
        element["initial_value"] = answer[: steps.MAX_ANSWER_CHARS]
    return {
        "type": "input",
        "block_id": EDIT_ANSWER_BLOCKS[step],
        "optional": True,
        "label": {"type": "plain_text", "text": steps.ANSWER_NAMES[step]},
        "hint": {"type": "plain_text", "text": steps.QUESTIONS[step]},
        "element": element,
    }


def edited_answers(values: dict[str, Any]) -> dict[str, str]:
    """The four answers of a submitted edit modal, as typed ("" for an emptied field)."""
    return {
        step: str(values.get(block, {}).get(EDIT_ANSWER_ACTION, {}).get("value") or "")
        for step, block in EDIT_ANSWER_BLOCKS.items()
    }


def build_edit_saved_message(result: editing.EditResult) -> dict[str, Any]:
    """The DM confirming an edit: what is stored now, every user text escaped."""
    blocks: list[dict[str, Any]] = [section(":pencil2: *Saved your reflection.*")]
    blocks.extend(context(escape(note)) for note in result.notes)
    blocks.extend(build_summary_blocks(result.summary))
    blocks.append(actions(edit_button(result.summary.reflection_id)))
    blocks.append(context(f"Only you can see this. {GOALS_ELSEWHERE}"))
    return {"text": "Saved your reflection.", "blocks": blocks}
