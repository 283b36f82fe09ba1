"""The pure Block Kit builders of the reflection, goals and Home, checked against Slack's rules."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.goals import smart
from bot.services.goals.tracking import GoalView
from bot.services.home import HomeState, Relationship
from bot.services.reflection import overview, steps
from bot.services.skills import SkillEntry
from handlers.blocks import goals as goal_blocks
from handlers.blocks import reflection as blocks
from handlers.blocks.home import MAX_HOME_GOALS, MAX_HOME_PEOPLE, build_home_view
from playground.blockkit_rules import check_blocks, check_view

EVIL = "<!channel> <@U123> <https://evil|click> " + "x" * 5000


def make_goal(goal_id: int, text: str = "ship it", status: str = "active") -> GoalView:
    return GoalView(goal_id, text, "3 releases", date(2027, 3, 31), 40, status, None)


def prompt(step: str, **fields: object) -> steps.Prompt:
    question = smart.nudge_question(smart.TIME) if step == steps.GOAL_DETAIL else ""
    return steps.Prompt(reflection_id=7, step=step, question=question or "Q?", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("step", list(steps.STEPS))
def test_every_step_builds_a_valid_message(step: str) -> None:
    message = blocks.build_prompt_message(
        prompt(
            step,
            stored=EVIL,
            previous=EVIL,
            draft=EVIL,
            notes=(steps.TRIMMED_NOTE,),
            asking=smart.TIME if step == steps.GOAL_DETAIL else "",
            saved_goal=make_goal(1, EVIL),
            skill_labels=("Py<thon>",),
        )
    )
    assert message["text"] and "<!channel>" not in message["text"]
    assert check_blocks(message["blocks"]) == []
    rendered = str(message["blocks"])
    assert "<!channel>" not in rendered and "<@U123>" not in rendered


def test_buttons_carry_ids_only_and_fit_the_step() -> None:
    first = blocks.build_prompt_message(prompt(steps.STRENGTHS))
    ids = [e["action_id"] for e in first["blocks"][-1]["elements"]]
    assert ids == [blocks.ACTION_SKIP, blocks.ACTION_LATER]  # no Back on the first step
    values = {e["value"] for e in first["blocks"][-1]["elements"]}
    assert values == {"7:strengths"}
    detail = blocks.build_prompt_message(prompt(steps.GOAL_DETAIL, asking=smart.TIME))
    assert blocks.ACTION_ACCEPT in str(detail["blocks"])
    assert blocks.parse_button_value("7:strengths") == (7, "strengths")
    for bad in ("", "x:strengths", "7:nowhere", "7"):
        assert blocks.parse_button_value(bad) is None


@pytest.mark.parametrize("size", [0, 30, 100, 101, 250, 12_000])
def test_the_skills_modal_handles_any_catalog_size(size: int) -> None:
    catalog = [SkillEntry(f"skill {i:05d}", f"Skill {i:05d}", True) for i in range(size)]
    view = blocks.build_skills_modal(3, catalog, ["skill 00001"])
    assert check_view(view, expected_type="modal") == []
    if size == 0:
        assert [b["block_id"] for b in view["blocks"]] == [blocks.SKILLS_TYPED_BLOCK]
        return
    select = view["blocks"][0]["element"]
    if size <= 100:
        assert len(select["options"]) == size
    else:
        groups = select["option_groups"]
        assert len(groups) <= 100
        assert all(len(g["options"]) <= 100 for g in groups)
        assert sum(len(g["options"]) for g in groups) == min(size, 10_000)


def test_summary_and_share_escape_everything() -> None:
    summary = overview.Summary(
        reflection_id=1,
        step=steps.DONE,
        answers=dict.fromkeys(steps.TEXT_STEPS, EVIL),
        goals=[make_goal(i, EVIL) for i in range(30)],
        skill_labels=["<b>"],
    )
    shared = blocks.build_share_message(summary, "U1")
    assert check_blocks(shared["blocks"]) == []
    assert "<!channel>" not in str(shared["blocks"]) and "<@U1>" in str(shared["blocks"])
    status = blocks.build_status_message(summary, [(i, f"mentor {i}") for i in range(9)])
    assert check_blocks(status["blocks"]) == []


def test_goal_list_modals_and_celebration_are_valid() -> None:
    goals = [make_goal(i, EVIL, "active" if i % 3 else "done") for i in range(1, 60)]
    message = goal_blocks.build_goals_message(goals)
    assert check_blocks(message["blocks"]) == []
    assert "and 39 more" in str(message["blocks"])
    assert check_blocks(goal_blocks.build_goals_message([])["blocks"]) == []
    for modal in (
        goal_blocks.build_update_modal(make_goal(1, EVIL)),
        goal_blocks.build_milestone_modal(make_goal(1, EVIL)),
        goal_blocks.build_share_modal(make_goal(1, EVIL)),
    ):
        assert check_view(modal, expected_type="modal") == []
    assert check_blocks(goal_blocks.build_celebration_message(make_goal(1, EVIL))["blocks"]) == []
    assert goal_blocks.parse_menu_value("done:5") == ("done", 5)
    assert goal_blocks.parse_menu_value("nuke:5") is None


def relationship(i: int, role: str) -> Relationship:
    return Relationship(i, role, f"U{i}", EVIL, "active", "weekly", date(2026, 12, 3), True)


def test_home_stays_within_limits_however_much_there_is() -> None:
    state = HomeState(
        reflection_step=steps.GOALS,
        reflection_paused=True,
        has_answers=True,
        goals=[make_goal(i, EVIL) for i in range(500)],
        mentors=[relationship(i, "mentor") for i in range(40)],
        mentees=[relationship(i, "mentee") for i in range(40)],
    )
    view = build_home_view(state)
    assert check_view(view, expected_type="home") == []
    rendered = str(view["blocks"])
    assert f"and {500 - MAX_HOME_GOALS} more" in rendered
    assert f"and {40 - MAX_HOME_PEOPLE} more" in rendered
    assert "(paused)" in rendered


def test_home_for_a_newcomer() -> None:
    view = build_home_view(HomeState(None, False, False, [], [], []))
    assert check_view(view, expected_type="home") == []
    assert "not started" in str(view["blocks"]) and "/find-mentor" in str(view["blocks"])


def test_prompt_dataclass_knows_its_buttons() -> None:
    assert not prompt(steps.STRENGTHS).can_back
    assert prompt(steps.SKILLS).can_back and prompt(steps.SKILLS).can_skip
    assert not prompt(steps.GOALS_MORE).can_skip
    assert prompt(steps.DONE).is_done


def test_channel_celebration_escapes_the_goal_in_its_fallback_too() -> None:
    message = goal_blocks.build_channel_celebration(make_goal(1, EVIL), "UANA")
    for shown in (message["text"], str(message["blocks"])):
        assert "<!channel>" not in shown and "<@U123>" not in shown and "<https" not in shown
    assert message["text"].startswith("&lt;!channel&gt; &lt;@U123&gt;")
    assert message["text"].endswith(": goal reached!") and len(message["text"]) < 260
    assert check_blocks(message["blocks"]) == []
