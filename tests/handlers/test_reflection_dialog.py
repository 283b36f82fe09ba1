"""The whole reflection through signed HTTP against the emulator, and a restart mid-way."""

from __future__ import annotations

from sqlmodel import select

from handlers.blocks import reflection as blocks
from playground.harness import Harness
from storage.models import Goal, SkillGap
from tests.handlers.reflection_helpers import (
    click_in_dm,
    current_reflection,
    dm,
    dm_event,
    last_dm,
    rendered,
    step_of,
)


def test_the_whole_dialog_over_http(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana", tz="Europe/Berlin")
    answer = harness.command("U1", "/reflect").json
    assert answer["response_type"] == "ephemeral"
    assert "first question" in answer["text"]
    assert "Strengths" in rendered(last_dm(harness, "U1"))
    for text in ("Explaining", "Saying no", "Lead a team", "Meetings"):
        harness.say("U1", text)
    assert step_of(harness, "U1") == "goals"
    harness.say("U1", "get better")
    assert "specific" in rendered(last_dm(harness, "U1"))
    harness.say("U1", "run our sprint planning on my own")
    assert "measurable" in rendered(last_dm(harness, "U1"))
    click_in_dm(harness, "U1", blocks.ACTION_ACCEPT)
    assert step_of(harness, "U1") == "goals_more"
    assert "Goal saved" in rendered(last_dm(harness, "U1"))
    click_in_dm(harness, "U1", blocks.ACTION_GOALS_DONE)
    assert step_of(harness, "U1") == "skills"
    click_in_dm(harness, "U1", blocks.ACTION_CHOOSE_SKILLS)
    opened = harness.emulator.ok_calls_to("views.open")[-1].args["view"]
    values = {
        blocks.SKILLS_SELECT_BLOCK: {
            blocks.SKILLS_SELECT_ACTION: {
                "type": "multi_static_select",
                "selected_options": [{"value": "python"}, {"value": "sql"}],
            }
        },
        blocks.SKILLS_TYPED_BLOCK: {
            blocks.SKILLS_TYPED_ACTION: {"type": "plain_text_input", "value": "js, Rust"}
        },
    }
    harness.submit("U1", opened, values)
    assert step_of(harness, "U1") == "done"
    assert "complete" in rendered(last_dm(harness, "U1"))
    assert "done" in str(harness.emulator.home_views["U1"]["blocks"])  # Home refreshed
    with harness.db.begin() as session:
        gaps = [g.skill_key for g in session.exec(select(SkillGap))]
        goals = [g.text for g in session.exec(select(Goal))]
    assert gaps == ["python", "sql", "javascript", "rust"]
    assert goals == ["run our sprint planning on my own"]
    # Answered prompts lose their buttons: old steps cannot be clicked again.
    assert "actions" not in str(dm(harness, "U1")[-3].get("blocks"))
    # /reflect afterwards shows the summary privately.
    summary = harness.command("U1", "/reflect").json
    assert summary["response_type"] == "ephemeral"
    assert "Explaining" in str(summary["blocks"])


def test_skip_back_and_finish_later(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    harness.command("U1", "/reflect")
    click_in_dm(harness, "U1", blocks.ACTION_SKIP)
    assert step_of(harness, "U1") == "weaknesses"
    click_in_dm(harness, "U1", blocks.ACTION_BACK)
    assert step_of(harness, "U1") == "strengths"
    click_in_dm(harness, "U1", blocks.ACTION_LATER)
    assert "Paused" in rendered(last_dm(harness, "U1"))
    harness.clock.advance(__import__("datetime").timedelta(days=3))
    harness.say("U1", "days later")
    assert step_of(harness, "U1") == "weaknesses"


def test_a_restart_of_the_app_continues_at_the_same_step(sqlite_url: str) -> None:
    with Harness(sqlite_url) as first:
        first.emulator.add_user("U1", name="ana")
        first.command("U1", "/reflect")
        first.say("U1", "strong")
        first.say("U1", "weak")
    with Harness(sqlite_url) as second:
        second.emulator.add_user("U1", name="ana")
        # A fresh signed client numbers event ids from 1 again; real Slack ids never repeat.
        second.event(dm_event(second, "U1", "aspire"), event_id="EvAfterRestart1")
        assert step_of(second, "U1") == "challenges"
        assert "challenges" in rendered(last_dm(second, "U1")).lower()
        reflection = current_reflection(second, "U1")
        assert reflection is not None
        assert (reflection.strengths, reflection.weaknesses, reflection.aspirations) == (
            "strong",
            "weak",
            "aspire",
        )


def test_restart_asks_first_and_keeps_the_history(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    harness.command("U1", "/reflect")
    harness.say("U1", "old answer")
    old = current_reflection(harness, "U1")
    confirm = harness.command("U1", "/reflect", "restart").json
    assert step_of(harness, "U1") == "weaknesses"  # nothing happens before the click
    button = confirm["blocks"][-1]["elements"][0]
    action = {"action_id": blocks.ACTION_RESTART, "value": button["value"]}
    harness.click("U1", action, channel_id="C1")
    harness.click("U1", action, channel_id="C1")  # a double click restarts once
    fresh = current_reflection(harness, "U1")
    assert old is not None and fresh is not None and fresh.id != old.id
    assert fresh.step == "strengths"
    with harness.db.begin() as session:
        from storage.models import Reflection

        runs = list(session.exec(select(Reflection)))
    assert len(runs) == 2
    assert [r.strengths for r in runs if not r.is_current] == ["old answer"]
