"""Nobody else's command, click or view reads or changes a person's answers."""

from __future__ import annotations

from bot.services.goals import tracking as goals_service
from handlers.actions.reflection import NOT_YOURS
from handlers.blocks import goals as goal_blocks
from handlers.blocks import reflection as blocks
from playground.harness import Harness
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo
from tests.handlers.reflection_helpers import (
    click_in_dm,
    current_reflection,
    last_dm,
    step_of,
)

SECRET = "my secret weakness"


def two_people(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    harness.emulator.add_user("U2", name="bo")
    harness.command("U1", "/reflect")
    harness.say("U1", "strong")
    harness.say("U1", SECRET)


def responses(harness: Harness) -> str:
    return str([c.args for c in harness.emulator.calls_to("response_url")])


def test_someone_elses_click_changes_nothing(harness: Harness) -> None:
    two_people(harness)
    click_in_dm(harness, "U1", blocks.ACTION_SKIP, clicker="U2")
    assert step_of(harness, "U1") == "aspirations"
    assert NOT_YOURS in responses(harness)
    click_in_dm(harness, "U1", blocks.ACTION_BACK, clicker="U2")
    assert step_of(harness, "U1") == "aspirations"


def test_someone_elses_commands_and_home_do_not_show_my_answers(harness: Harness) -> None:
    two_people(harness)
    for sub in ("goals", "help"):
        assert SECRET not in str(harness.command("U2", "/mentor", sub).json)
    assert SECRET not in str(harness.command("U2", "/reflect").json)
    harness.event({"type": "app_home_opened", "user": "U2", "channel": "D2", "tab": "home"})
    assert SECRET not in str(harness.emulator.home_views["U2"])
    confirm = harness.command("U2", "/reflect", "restart").json
    assert SECRET not in str(confirm)
    # U2's restart button carries U2's own reflection id; it never restarts U1's.
    mine = current_reflection(harness, "U1")
    harness.click("U2", {"action_id": blocks.ACTION_RESTART, "value": str(mine.id if mine else 0)})
    assert current_reflection(harness, "U1") == mine


def test_someone_elses_skills_modal_submission_is_ignored(harness: Harness) -> None:
    two_people(harness)
    mine = current_reflection(harness, "U1")
    assert mine is not None
    view = blocks.build_skills_modal(mine.id or 0, [], [])
    typed = {blocks.SKILLS_TYPED_ACTION: {"type": "plain_text_input", "value": "hacking"}}
    harness.submit("U2", view, {blocks.SKILLS_TYPED_BLOCK: typed})
    assert step_of(harness, "U1") == "aspirations"


def test_someone_elses_goal_menu_is_refused(harness: Harness) -> None:
    two_people(harness)
    with harness.db.begin() as session:
        ana = people_repo.get_person(session, team_id=harness.emulator.team_id, slack_user_id="U1")
        assert ana is not None and ana.id is not None
        goal = goals_service.create_goal(
            session, team_id=ana.team_id, person_id=ana.id, text=SECRET, now=harness.clock.now()
        )
    option = {"value": goal_blocks.menu_value("done", goal.id)}
    harness.click(
        "U2",
        {"action_id": goal_blocks.GOAL_MENU_ACTION, "type": "overflow", "selected_option": option},
        channel_id="C1",
    )
    with harness.db.begin() as session:
        stored = goals_service.own_goal(
            session, team_id=ana.team_id, person_id=ana.id, goal_id=goal.id
        )
        assert stored is not None and stored.status == "active"
    assert "isn't yours" in responses(harness)
    assert SECRET not in str(harness.command("U2", "/mentor", "goals").json)
    # A forged modal submission with Ana's goal id changes nothing either.
    view = goal_blocks.build_update_modal(goal)
    picked = {"type": "static_select", "selected_option": {"value": "100"}}
    harness.submit("U2", view, {goal_blocks.PROGRESS_BLOCK: {goal_blocks.PROGRESS_ACTION: picked}})
    with harness.db.begin() as session:
        stored = goals_service.own_goal(
            session, team_id=ana.team_id, person_id=ana.id, goal_id=goal.id
        )
        assert stored is not None and (stored.progress, stored.status) == (0, "active")


def test_sharing_needs_a_click_and_a_live_pair(harness: Harness) -> None:
    two_people(harness)
    harness.emulator.add_channel("G1", name="mpdm-ana--bo", members=["U1", "U2", "U0BOT"])
    with harness.db.begin() as session:
        team = harness.emulator.team_id
        ana = people_repo.get_person(session, team_id=team, slack_user_id="U1")
        bo = people_repo.add_person(
            session, team_id=team, slack_user_id="U2", now=harness.clock.now()
        )
        assert ana is not None and ana.id is not None and bo.id is not None
        pair = pairs_repo.create_pair(
            session, team_id=team, mentor_id=bo.id, mentee_id=ana.id, now=harness.clock.now()
        )
        pair.group_channel_id = "G1"
        session.add(pair)
    assert harness.emulator.messages["G1"] == []  # nothing is shared on its own
    # Bo cannot share Ana's reflection by clicking a share button with her pair id.
    harness.click("U2", {"action_id": blocks.ACTION_SHARE, "value": str(pair.id)}, channel_id="C1")
    assert SECRET not in str(harness.emulator.messages["G1"])
    harness.click("U1", {"action_id": blocks.ACTION_SHARE, "value": str(pair.id)}, channel_id="C1")
    shared = str(harness.emulator.messages["G1"])
    assert SECRET in shared and "<@U1>" in shared
    with harness.db.begin() as session:
        ended = session.get(type(pair), pair.id)
        assert ended is not None
        ended.status = "ended"
        session.add(ended)
    before = len(harness.emulator.messages["G1"])
    harness.click("U1", {"action_id": blocks.ACTION_SHARE, "value": str(pair.id)}, channel_id="C1")
    assert len(harness.emulator.messages["G1"]) == before


def test_the_finish_message_offers_no_share_without_a_pair(harness: Harness) -> None:
    two_people(harness)
    for _ in range(3):
        click_in_dm(harness, "U1", blocks.ACTION_SKIP)
    click_in_dm(harness, "U1", blocks.ACTION_SKIP)  # skills
    assert step_of(harness, "U1") == "done"
    status = harness.command("U1", "/reflect").json
    assert blocks.ACTION_SHARE not in str(status)
    assert SECRET in str(status)  # the person sees their own answers
    assert "complete" in str(last_dm(harness, "U1"))


def test_someone_elses_choose_skills_click_opens_nothing(harness: Harness) -> None:
    two_people(harness)
    mine = current_reflection(harness, "U1")
    assert mine is not None
    value = blocks.button_value(mine.id or 0, "skills")
    harness.click("U2", {"action_id": blocks.ACTION_CHOOSE_SKILLS, "value": value}, channel_id="C1")
    assert harness.emulator.calls_to("views.open") == []
    assert NOT_YOURS in responses(harness)
