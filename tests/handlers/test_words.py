"""The words people read (issue 16, item 7): drafts that quote goals and are signed with a real
name, counts in plain English, no "(s)", no name said twice, no deadline said twice."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.services.goals import tracking as goals_service
from bot.services.goals.tracking import GoalView
from handlers.goals import blocks as goal_blocks
from handlers.matching.blocks import REQUEST_INTRO
from handlers.meetings import blocks
from handlers.profiles.blocks import build_profile_saved_message
from playground.harness import Harness
from storage.repositories import people as people_repo
from tests.handlers.find_mentor_helpers import add_people, element, find, last_view, save_profile

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _goals_for(h: Harness, user: str, *texts: str) -> None:
    with h.db.begin() as session:
        person = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id=user)
        assert person is not None and person.id is not None
        for text in texts:
            goals_service.create_goal(
                session, team_id="T0EMULATOR", person_id=person.id, text=text, now=NOW
            )


def test_the_intro_draft_quotes_goals_and_is_signed_with_a_real_name(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["public speaking"])
    answer = find(harness, "UMIA", "public speaking")  # stores Mia
    _goals_for(harness, "UMIA", "Give a tech talk", "Give a 20-minute talk on testing.")
    header = answer["blocks"][0]["text"]["text"]
    assert header.endswith(": 1 mentor") and " of " not in header
    assert "(max)" not in str(answer["blocks"]) and "(Max Mentor)" not in str(answer["blocks"])
    assert answer["text"] == "1 mentor fit what you asked for."
    harness.click("UMIA", element(answer, REQUEST_INTRO), channel_id="C0GENERAL")
    view = last_view(harness)
    draft = view["blocks"][1]["element"]["initial_value"]
    assert (
        "What I hope to gain: help with my goals, \u201cGive a tech talk\u201d and "
        "\u201cGive a 20-minute talk on testing\u201d." in draft
    )
    assert draft.splitlines()[-1] == "Mia Mentee"
    assert "(max)" not in view["blocks"][0]["text"]["text"]


def test_no_deadline_is_said_twice() -> None:
    goal = GoalView(1, "Give a talk by 31 March 2027", "", date(2027, 3, 31), 0, "active", None)
    assert goal_blocks.goal_line(goal) == "Give a talk by 31 March 2027"
    other = GoalView(2, "Give a talk", "two talks", date(2027, 3, 31), 0, "active", None)
    assert goal_blocks.goal_line(other) == "Give a talk · measured by two talks · by 31 Mar 2027"
    iso = GoalView(3, "Ship it by 2027-03-31", "", date(2027, 3, 31), 0, "active", None)
    assert "31 Mar" not in goal_blocks.goal_line(iso)


def test_counts_read_as_english() -> None:
    text = blocks.build_pair_choice_message("x", "pause", "pause", [(1, "UA"), (2, "UB")])["text"]
    assert text.startswith("You're in 2 mentoring pairs. Which one do you want to pause?")
    one = build_profile_saved_message(is_open=True, capacity=1, created=True)["text"]
    assert "open to one mentee at once" in one
    three = build_profile_saved_message(is_open=True, capacity=3, created=False)["text"]
    assert "up to 3 mentees at once" in three
    goals = [
        GoalView(1, "a", "", None, 0, "active", None),
        GoalView(2, "b", "", None, 100, "done", None),
    ]
    assert (
        goal_blocks.build_goals_message(goals)["text"] == "Your goals: 1 active, 1 done or dropped."
    )


def test_no_label_says_optional_where_slack_says_it() -> None:
    from handlers.profiles.blocks import ProfileDefaults, build_profile_view

    goal = GoalView(1, "a", "", None, 0, "active", None)
    views = [goal_blocks.build_update_modal(goal), build_profile_view([], ProfileDefaults())]
    for view in views:
        for block in view["blocks"]:
            if block["type"] == "input":
                assert "optional" not in block["label"]["text"].lower()


def test_people_are_greeted_by_first_name_and_sign_with_their_real_name() -> None:
    from bot.services.people import first_name, full_name
    from storage.models import Person

    ben = Person(team_id="T", slack_user_id="U0BEN", display_name="ben", real_name="Ben Okafor")
    assert (first_name(ben), full_name(ben)) == ("Ben", "Ben Okafor")
    bare = Person(team_id="T", slack_user_id="U0X", display_name="xo", real_name=" ")
    assert (first_name(bare), full_name(bare)) == ("xo", "xo")
