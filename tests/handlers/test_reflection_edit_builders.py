"""The "Edit my reflection" Block Kit, checked against the emulator's Block Kit rules."""

from __future__ import annotations

from typing import Any

import pytest

from bot.services.home import HomeState
from bot.services.reflection import editing, overview, steps
from bot.services.skills import SkillEntry
from handlers.blocks import reflection as blocks
from handlers.blocks.home import build_home_view
from playground.blockkit_rules import check_blocks, check_view

EVIL = "<!channel> <@U123> <https://evil|click> 😀 " + "x" * 2900
FULL = dict.fromkeys(steps.TEXT_STEPS, EVIL[: steps.MAX_ANSWER_CHARS])


def catalog(size: int) -> list[SkillEntry]:
    return [SkillEntry(f"skill {i:05d}", f"Skill {i:05d}", True) for i in range(size)]


def form(size: int, keys: list[str], answers: dict[str, str] | None = None) -> editing.EditForm:
    return editing.EditForm(
        reflection_id=42,
        answers=answers if answers is not None else FULL,
        skill_keys=keys,
        catalog=catalog(size),
    )


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def summary(**answers: str) -> overview.Summary:
    return overview.Summary(
        reflection_id=42,
        step=steps.DONE,
        answers={step: answers.get(step, "") for step in steps.TEXT_STEPS},
        skill_labels=["<b>Py</b>"],
    )


@pytest.mark.parametrize("size", [0, 30, 100, 101, 250, 12_000])
def test_the_edit_modal_is_valid_for_any_catalog_size(size: int) -> None:
    keys = ["skill 00001", "skill 11000", "research and development"]
    view = blocks.build_edit_modal(form(size, keys))
    assert check_view(view, expected_type="modal") == []
    assert view["callback_id"] == blocks.EDIT_VIEW
    assert view["private_metadata"] == "42"  # ids only
    typed = block(view, blocks.SKILLS_TYPED_BLOCK)["element"]["initial_value"]
    if size == 0:
        assert blocks.SKILLS_SELECT_BLOCK not in str(view["blocks"])
        assert typed == "Skill 00001, Skill 11000, Research and development"
        return
    select = block(view, blocks.SKILLS_SELECT_BLOCK)["element"]
    assert select["type"] == "multi_static_select"
    assert ("option_groups" in select) == (size > 100)
    assert [o["value"] for o in select["initial_options"]] == ["skill 00001"]
    # Typed skills, and listed ones past the select's 10,000 options, stay in the typed field.
    assert typed == "Skill 11000, Research and development"


def test_the_modal_is_prefilled_with_the_answers_as_typed() -> None:
    view = blocks.build_edit_modal(form(30, []))
    for step in steps.TEXT_STEPS:
        element = block(view, blocks.EDIT_ANSWER_BLOCKS[step])["element"]
        assert element["type"] == "plain_text_input" and element["multiline"] is True
        assert element["max_length"] == steps.MAX_ANSWER_CHARS == 3000
        # plain_text input shows text literally: nothing to escape, nothing pings.
        assert element["initial_value"] == FULL[step]
    assert "/mentor goals" in view["blocks"][0]["elements"][0]["text"]
    assert view["blocks"][0]["type"] == "context"
    assert len(view["title"]["text"]) <= 24


def test_empty_answers_have_no_initial_value() -> None:
    view = blocks.build_edit_modal(form(30, [], dict.fromkeys(steps.TEXT_STEPS, "")))
    assert check_view(view, expected_type="modal") == []
    for step in steps.TEXT_STEPS:
        assert "initial_value" not in block(view, blocks.EDIT_ANSWER_BLOCKS[step])["element"]
    assert "initial_value" not in block(view, blocks.SKILLS_TYPED_BLOCK)["element"]
    assert "initial_options" not in block(view, blocks.SKILLS_SELECT_BLOCK)["element"]


def test_submitted_values_are_read_back() -> None:
    values = {
        blocks.EDIT_ANSWER_BLOCKS[steps.STRENGTHS]: {
            blocks.EDIT_ANSWER_ACTION: {"type": "plain_text_input", "value": "mine"}
        },
        blocks.EDIT_ANSWER_BLOCKS[steps.WEAKNESSES]: {
            blocks.EDIT_ANSWER_ACTION: {"type": "plain_text_input", "value": None}
        },
    }
    assert blocks.edited_answers(values) == {
        "strengths": "mine",
        "weaknesses": "",
        "aspirations": "",
        "challenges": "",
    }


def test_the_saved_message_escapes_and_notes_the_trim() -> None:
    note = steps.EDIT_TRIMMED_NOTE.format(name="Aspirations")
    result = editing.EditResult(changed=True, summary=summary(strengths=EVIL), notes=(note,))
    message = blocks.build_edit_saved_message(result)
    assert check_blocks(message["blocks"]) == []
    rendered = str(message["blocks"])
    assert "<!channel>" not in rendered and "<@U123>" not in rendered and "<https" not in rendered
    assert "&lt;!channel&gt;" in rendered and "&lt;b&gt;Py" in rendered
    assert note in rendered and "/mentor goals" in rendered
    assert message["text"] == "Saved your reflection."
    assert blocks.ACTION_EDIT in rendered


def edit_values(message_or_view: dict[str, Any]) -> list[str]:
    return [
        element["value"]
        for b in message_or_view["blocks"]
        for element in b.get("elements", [])
        if element.get("action_id") == blocks.ACTION_EDIT
    ]


def test_the_completion_and_status_messages_offer_the_edit() -> None:
    done = blocks.build_done_message(
        steps.Prompt(reflection_id=42, step=steps.DONE, question="", skill_labels=("Py",))
    )
    assert check_blocks(done["blocks"]) == []
    assert edit_values(done) == ["42"]
    status = blocks.build_status_message(summary(strengths="x"), [])
    assert check_blocks(status["blocks"]) == []
    assert edit_values(status) == ["42"]


@pytest.mark.parametrize(
    ("step", "reflection_id", "expected"),
    [
        (None, None, []),
        (steps.WEAKNESSES, 42, ["42"]),
        (steps.DONE, 42, ["42"]),
    ],
)
def test_the_home_offers_the_edit_once_there_is_a_reflection(
    step: str | None, reflection_id: int | None, expected: list[str]
) -> None:
    state = HomeState(step, step == steps.WEAKNESSES, bool(step), [], [], [], reflection_id)
    view = build_home_view(state)
    assert check_view(view, expected_type="home") == []
    assert edit_values(view) == expected
    rendered = str(view["blocks"])
    assert (blocks.ACTION_RESUME in rendered) == (step != steps.DONE)
