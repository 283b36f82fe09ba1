"""/mentor goals, the goal modals, celebrations, and the App Home."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.services.goals import tracking as goals_service
from handlers.blocks import goals as blocks
from handlers.blocks.home import MAX_HOME_GOALS
from handlers.blocks.reflection import ACTION_RESUME, ACTION_SHARE
from playground.harness import Harness
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo
from tests.handlers.reflection_helpers import last_dm, rendered, step_of


def person_id(harness: Harness, user: str) -> int:
    with harness.db.begin() as session:
        people_repo.ensure_workspace(
            session, team_id=harness.emulator.team_id, now=harness.clock.now()
        )
        person = people_repo.get_person(
            session, team_id=harness.emulator.team_id, slack_user_id=user
        ) or people_repo.add_person(
            session, team_id=harness.emulator.team_id, slack_user_id=user, now=harness.clock.now()
        )
        assert person.id is not None
        return person.id


def add_goals(harness: Harness, user: str, *texts: str) -> list[int]:
    owner = person_id(harness, user)
    with harness.db.begin() as session:
        return [
            goals_service.create_goal(
                session,
                team_id=harness.emulator.team_id,
                person_id=owner,
                text=t,
                now=harness.clock.now(),
            ).id
            for t in texts
        ]


def menu(harness: Harness, user: str, choice: str, goal_id: int) -> Any:
    option = {"value": blocks.menu_value(choice, goal_id)}
    action = {"action_id": blocks.GOAL_MENU_ACTION, "type": "overflow", "selected_option": option}
    return harness.click(user, action, channel_id="C1")


def goal(harness: Harness, user: str, goal_id: int) -> goals_service.GoalView:
    with harness.db.begin() as session:
        found = goals_service.own_goal(
            session,
            team_id=harness.emulator.team_id,
            person_id=person_id(harness, user),
            goal_id=goal_id,
        )
        assert found is not None
        return goals_service.view_of(found)


def test_goals_lists_with_progress_and_escapes(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    add_goals(harness, "U1", "ship <!channel> v2", "write docs")
    answer = harness.command("U1", "/mentor", "goals").json
    assert answer["response_type"] == "ephemeral"
    text = str(answer["blocks"])
    assert "&lt;!channel&gt;" in text and "<!channel>" not in text
    assert "0%" in text and blocks.GOAL_MENU_ACTION in text


def test_update_progress_to_100_celebrates_and_sharing_is_a_choice(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    harness.emulator.add_channel("C9", name="wins", members=["U1", "U0BOT"])
    [goal_id] = add_goals(harness, "U1", "give 3 talks")
    menu(harness, "U1", "update", goal_id)
    modal = harness.emulator.ok_calls_to("views.open")[-1].args["view"]
    assert modal["callback_id"] == blocks.UPDATE_VIEW
    harness.submit("U1", modal, progress_values(50, "first talk done"))
    assert goal(harness, "U1", goal_id).progress == 50
    assert harness.emulator.messages["C9"] == []
    harness.submit("U1", modal, progress_values(100, ""))
    assert goal(harness, "U1", goal_id).status == "done"
    celebration = last_dm(harness, "U1")
    assert "reached your goal" in rendered(celebration)
    harness.submit("U1", modal, progress_values(100, ""))  # a double submit celebrates once
    assert sum("reached your goal" in rendered(m) for m in dm_messages(harness, "U1")) == 1
    assert harness.emulator.messages["C9"] == []  # nothing in a channel until they choose
    harness.click(
        "U1",
        {"action_id": blocks.SHARE_CELEBRATION_ACTION, "value": str(goal_id)},
        channel_id=harness.emulator.dm_channel_of("U1"),
        message=celebration,
    )
    share = harness.emulator.ok_calls_to("views.open")[-1].args["view"]
    channel = {
        blocks.CHANNEL_ACTION: {"type": "conversations_select", "selected_conversation": "C9"}
    }
    harness.submit("U1", share, {blocks.CHANNEL_BLOCK: channel})
    assert "reached a goal" in rendered(harness.emulator.messages["C9"][-1])
    with harness.db.begin() as session:
        history = goals_service.history(
            session,
            team_id=harness.emulator.team_id,
            person_id=person_id(harness, "U1"),
            goal_id=goal_id,
        )
    assert [(h.kind, h.progress) for h in history] == [
        ("progress", 50),
        ("progress", 100),
        ("done", 100),
    ]


def dm_messages(harness: Harness, user: str) -> list[dict[str, Any]]:
    return harness.emulator.messages[harness.emulator.dm_channel_of(user)]


def progress_values(percent: int, note: str) -> dict[str, Any]:
    return {
        blocks.PROGRESS_BLOCK: {
            blocks.PROGRESS_ACTION: {
                "type": "static_select",
                "selected_option": {"value": str(percent)},
            }
        },
        blocks.NOTE_BLOCK: {blocks.NOTE_ACTION: {"type": "plain_text_input", "value": note}},
    }


def test_milestone_done_and_drop(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    first, second, third = add_goals(harness, "U1", "a goal", "b goal", "c goal")
    menu(harness, "U1", "milestone", first)
    modal = harness.emulator.ok_calls_to("views.open")[-1].args["view"]
    empty = harness.submit("U1", modal, {blocks.NOTE_BLOCK: {blocks.NOTE_ACTION: {"value": ""}}})
    assert empty.json["response_action"] == "errors"
    harness.submit("U1", modal, {blocks.NOTE_BLOCK: {blocks.NOTE_ACTION: {"value": "draft"}}})
    menu(harness, "U1", "done", second)
    menu(harness, "U1", "drop", third)
    assert [goal(harness, "U1", g).status for g in (first, second, third)] == [
        "active",
        "done",
        "dropped",
    ]
    assert "reached your goal" in rendered(last_dm(harness, "U1"))
    replaced = harness.emulator.calls_to("response_url")[-1].args
    assert replaced.get("replace_original") in (True, "true")


def test_home_shows_benefits_status_and_stays_within_limits(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana", tz="America/New_York")
    harness.emulator.add_user("U2", name="bo")
    add_goals(harness, "U1", *[f"goal number {i}" for i in range(60)])
    mentee, mentor = person_id(harness, "U1"), person_id(harness, "U2")
    with harness.db.begin() as session:
        pair = pairs_repo.create_pair(
            session,
            team_id=harness.emulator.team_id,
            mentor_id=mentor,
            mentee_id=mentee,
            now=harness.clock.now() - timedelta(days=3),
            cadence="weekly",
            meeting_weekday=3,
        )
        pair.group_channel_id = "G1"
        session.add(pair)
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    view = harness.emulator.home_views["U1"]
    assert len(view["blocks"]) <= 100
    text = str(view["blocks"])
    for benefit in ("Guidance", "Network", "Skills", "Confidence"):
        assert benefit in text
    assert "not started" in text
    assert f"and {60 - MAX_HOME_GOALS} more" in text
    assert "<@U2>" in text and "next meeting Thursday 3 December" in text
    assert ACTION_SHARE in text
    # The mentor's Home shows the mentee, not the mentee's goals.
    harness.event({"type": "app_home_opened", "user": "U2", "channel": "D2", "tab": "home"})
    mentor_view = str(harness.emulator.home_views["U2"]["blocks"])
    assert "<@U1>" in mentor_view and "goal number" not in mentor_view


def test_home_button_starts_the_reflection_in_the_dm(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    view = harness.emulator.home_views["U1"]
    harness.click("U1", {"action_id": ACTION_RESUME, "value": "home"}, view=view)
    assert step_of(harness, "U1") == "strengths"
    assert "Strengths" in rendered(last_dm(harness, "U1"))
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"})
    assert harness.emulator.home_views["U1"] == view  # the messages tab publishes nothing


HOSTILE = "<!channel> ship it <@U1> <https://evil.example|click> & more"


def test_a_hostile_goal_never_reaches_any_message_raw(harness: Harness) -> None:
    """Message `text` fallbacks are parsed as mrkdwn too: they must be escaped like blocks."""
    harness.emulator.add_user("UANA", name="ana")
    harness.emulator.add_channel("C9", name="wins", members=["UANA", "U0BOT"])
    [goal_id] = add_goals(harness, "UANA", HOSTILE)
    listing = harness.command("UANA", "/mentor", "goals").json
    menu(harness, "UANA", "update", goal_id)
    modal = harness.emulator.ok_calls_to("views.open")[-1].args["view"]
    harness.submit("UANA", modal, progress_values(100, HOSTILE))
    celebration = last_dm(harness, "UANA")
    harness.click(
        "UANA",
        {"action_id": blocks.SHARE_CELEBRATION_ACTION, "value": str(goal_id)},
        channel_id=harness.emulator.dm_channel_of("UANA"),
        message=celebration,
    )
    share = harness.emulator.ok_calls_to("views.open")[-1].args["view"]
    channel = {
        blocks.CHANNEL_ACTION: {"type": "conversations_select", "selected_conversation": "C9"}
    }
    harness.submit("UANA", share, {blocks.CHANNEL_BLOCK: channel})
    [posted] = harness.emulator.messages["C9"]
    assert posted["text"] == (
        "&lt;!channel&gt; ship it &lt;@U1&gt; &lt;https://evil.example|click&gt; &amp; more: "
        "goal reached!"
    )
    calls = [
        *harness.emulator.calls_to("chat.postMessage"),
        *harness.emulator.calls_to("chat.postEphemeral"),
        *harness.emulator.calls_to("chat.update"),
        *harness.emulator.calls_to("response_url"),
    ]
    shown = [str(listing.get("text", "")) + str(listing.get("blocks", ""))]
    shown += [str(c.args.get("text", "")) + str(c.args.get("blocks", "")) for c in calls]
    assert len(shown) >= 3 and all("ship it" in s for s in shown)
    for text in shown:
        for raw in ("<!channel>", "<@U1>", "<https://evil"):
            assert raw not in text, text
