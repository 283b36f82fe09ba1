"""The dialog's state after a click that is taken back, "back" from goal coaching, dates that
do not exist and a reflection with everything skipped."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.services.reflection import dialog, steps
from storage.engine import Database
from storage.models import Goal
from tests.services.reflection.test_dialog import NOW, TEAM, Person, must

GOAL = "run our sprint planning on my own, 3 sprints in a row"


@pytest.fixture
def alice(db: Database) -> Person:
    return Person(db)


def _to_goals(alice: Person) -> steps.Prompt:
    alice.start()
    for text in ("explaining", "saying no", "lead a team"):
        alice.say(text)
    return must(alice.say("meetings"))


def _click(alice: Person, prompt: steps.Prompt, action: str, ts: str) -> steps.Prompt:
    with alice.db.begin() as session:
        return must(
            dialog.act(
                session,
                team_id=TEAM,
                person_id=alice.id,
                reflection_id=prompt.reflection_id,
                at_step=prompt.step,
                action=action,
                now=NOW,
                click_ts=ts,
            )
        )


def _take_back(alice: Person, undo: steps.Undo) -> bool:
    with alice.db.begin() as session:
        return dialog.take_back(session, team_id=TEAM, person_id=alice.id, undo=undo, now=NOW)


def test_a_click_carries_an_undo_that_steps_back(alice: Person) -> None:
    first = alice.start()
    skipped = _click(alice, first, "skip", "1700000001.000100")
    assert skipped.step == steps.WEAKNESSES and skipped.undo is not None
    assert _take_back(alice, skipped.undo)
    assert must(alice.summary()).step == steps.STRENGTHS


def test_a_click_is_not_taken_back_once_a_message_moved_the_dialog(alice: Person) -> None:
    skipped = _click(alice, alice.start(), "skip", "1700000001.000100")
    alice.say("saying no")
    assert skipped.undo is not None and not _take_back(alice, skipped.undo)
    assert must(alice.summary()).step == steps.ASPIRATIONS


def test_a_click_without_its_ts_has_no_undo(alice: Person) -> None:
    assert must(alice.click(alice.start(), "skip")).undo is None


def test_back_from_coaching_keeps_the_goal_and_it_can_be_kept(alice: Person) -> None:
    _to_goals(alice)
    coaching = must(alice.say(GOAL))
    assert coaching.step == steps.GOAL_DETAIL
    back = must(alice.click(coaching, "back"))
    assert (back.step, back.previous) == (steps.GOALS, GOAL)
    kept = must(alice.click(back, "accept"))
    assert kept.step == steps.GOALS_MORE and kept.saved_goal is not None
    assert kept.saved_goal.text == GOAL


def test_accept_at_goals_without_a_goal_worked_on_does_nothing(alice: Person) -> None:
    assert alice.click(_to_goals(alice), "accept") is None


def test_an_impossible_date_saves_nothing_and_asks_again(alice: Person) -> None:
    _to_goals(alice)
    asked = must(alice.say(GOAL))
    assert asked.asking == "time"
    again = must(alice.say("by 31 February 2027"))
    assert (again.step, again.asking) == (steps.GOAL_DETAIL, "time")
    assert any("31 February 2027" in n and "not a real date" in n for n in again.notes)
    assert again.stored == ""  # nothing is echoed as noted
    with alice.db.begin() as session:
        assert session.exec(select(Goal)).all() == []


def test_a_new_goal_with_an_impossible_date_at_the_more_step_asks_for_a_goal(
    alice: Person,
) -> None:
    _to_goals(alice)
    alice.say("present 3 talks at the guild by 31 March 2027")
    again = must(alice.say("ship the billing feature by 2027-13-45"))
    assert again.step == steps.GOALS
    with alice.db.begin() as session:
        assert len(session.exec(select(Goal)).all()) == 1


def test_everything_skipped_is_empty(alice: Person) -> None:
    prompt = alice.start()
    while not prompt.is_done:
        prompt = must(alice.click(prompt, "skip"))
    assert prompt.empty


def test_one_answer_is_not_empty(alice: Person) -> None:
    alice.start()
    prompt = must(alice.say("explaining"))
    while not prompt.is_done:
        prompt = must(alice.click(prompt, "skip"))
    assert not prompt.empty
