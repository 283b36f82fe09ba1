"""What the dialog says after a click, an empty reflection, "Finish later", "Back" during goal
coaching and dates that do not exist, through signed requests."""

from __future__ import annotations

import pytest
from sqlmodel import select

from handlers.blocks import reflection as blocks
from playground.harness import Harness
from storage.models import Goal
from tests.handlers.reflection_helpers import click_in_dm, dm, last_dm, rendered, step_of

USER = "UANA"
COACHED_GOAL = "run our sprint planning on my own, 3 sprints in a row"


@pytest.fixture
def ana(harness: Harness) -> Harness:
    harness.emulator.add_user(USER, name="ana", tz="Europe/Berlin")
    harness.command(USER, "/reflect")
    return harness


def _at_goals(h: Harness) -> None:
    for text in ("explaining", "saying no", "lead a team", "meetings"):
        h.say(USER, text)
    assert step_of(h, USER) == "goals"


def _goals(h: Harness) -> list[tuple[str, object]]:
    with h.db.begin() as session:
        return [(g.text, g.target_date) for g in session.exec(select(Goal))]


def test_a_skipped_question_says_skipped(ana: Harness) -> None:
    click_in_dm(ana, USER, blocks.ACTION_SKIP)
    retired = ana.emulator.ok_calls_to("chat.update")[-1].args
    shown = str(retired["blocks"])
    assert "Skipped." in shown and "Answered" not in shown
    assert "actions" not in shown


def test_every_question_skipped_says_it_is_empty_and_offers_to_start_again(ana: Harness) -> None:
    for _ in range(4):
        click_in_dm(ana, USER, blocks.ACTION_SKIP)
    click_in_dm(ana, USER, blocks.ACTION_SKIP)  # no goal
    click_in_dm(ana, USER, blocks.ACTION_SKIP)  # no skills
    assert step_of(ana, USER) == "done"
    ending = last_dm(ana, USER)
    assert "empty" in ending["text"] and "complete" not in rendered(ending)
    click_in_dm(ana, USER, blocks.ACTION_RESTART)
    assert step_of(ana, USER) == "strengths"
    assert "Strengths" in rendered(last_dm(ana, USER))


def test_finish_later_does_not_post_the_same_question_again(ana: Harness) -> None:
    before = len(dm(ana, USER))
    click_in_dm(ana, USER, blocks.ACTION_LATER)
    posted = dm(ana, USER)[before:]
    assert len(posted) == 1
    note = rendered(posted[0])
    assert "Paused" in note and "Strengths" not in note and "Finish later" not in note
    assert "Paused." in str(ana.emulator.ok_calls_to("chat.update")[-1].args["blocks"])
    click_in_dm(ana, USER, blocks.ACTION_RESUME)  # "Continue my reflection"
    assert "Strengths" in rendered(last_dm(ana, USER))
    ana.say(USER, "explaining")
    assert step_of(ana, USER) == "weaknesses"


def test_back_during_goal_coaching_returns_to_the_goal(ana: Harness) -> None:
    _at_goals(ana)
    ana.say(USER, COACHED_GOAL)
    assert step_of(ana, USER) == "goal_detail"  # "by when?"
    click_in_dm(ana, USER, blocks.ACTION_BACK)
    shown = rendered(last_dm(ana, USER))
    assert step_of(ana, USER) == "goals"
    assert "Current challenges" not in shown
    assert COACHED_GOAL in shown  # the goal being worked on is still there
    click_in_dm(ana, USER, blocks.ACTION_ACCEPT)  # and can be kept as it is
    assert _goals(ana) == [(COACHED_GOAL, None)]
    assert step_of(ana, USER) == "goals_more"


def test_back_then_a_new_goal_replaces_the_one_worked_on(ana: Harness) -> None:
    _at_goals(ana)
    ana.say(USER, COACHED_GOAL)
    click_in_dm(ana, USER, blocks.ACTION_BACK)
    ana.say(USER, "present 3 talks at the guild by 31 March 2027")
    assert _goals(ana) == [("present 3 talks at the guild by 31 March 2027", _d(2027, 3, 31))]


@pytest.mark.parametrize("typed", ["by 31 February 2027", "by 2027-13-45", "April 31"])
def test_an_impossible_date_is_not_a_date_and_is_asked_again(ana: Harness, typed: str) -> None:
    _at_goals(ana)
    ana.say(USER, COACHED_GOAL)
    assert "By when?" in rendered(last_dm(ana, USER))
    ana.say(USER, typed)
    shown = rendered(last_dm(ana, USER))
    assert "not a real date" in shown and "By when?" in shown
    assert step_of(ana, USER) == "goal_detail"
    assert _goals(ana) == []  # nothing saved with it
    ana.say(USER, "by 31 March 2027")
    assert _goals(ana) == [(COACHED_GOAL, _d(2027, 3, 31))]


def test_a_goal_typed_with_an_impossible_date_is_asked_again(ana: Harness) -> None:
    _at_goals(ana)
    ana.say(USER, "ship the billing feature by 2027-13-45")
    shown = rendered(last_dm(ana, USER))
    assert "not a real date" in shown and "2027-13-45" in shown
    assert step_of(ana, USER) == "goals"
    assert _goals(ana) == []


def _d(year: int, month: int, day: int) -> object:
    from datetime import date

    return date(year, month, day)
