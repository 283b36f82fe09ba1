"""After a form is saved, the message it was opened from shows what was recorded, with no
button left whose work is done; a stale button says so privately (issue 16, item 2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.services.goals import tracking as goals_service
from handlers.goals import blocks as goal_blocks
from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Pair, Person
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import people as people_repo
from tests.blocks import button
from tests.scheduler.helpers import harness_pair, posted

WED, THU, FRI = (datetime(2026, 12, d, 9, tzinfo=UTC) for d in (2, 3, 4))
MENTEE, MENTOR = "UMENTEE", "UMENTOR"


@pytest.fixture(params=["sqlite", "postgres"])
def h(request: pytest.FixtureRequest) -> Iterator[Harness]:
    if request.param == "sqlite":
        yield request.getfixturevalue("harness")
        return
    from storage.migrate import upgrade

    url = request.getfixturevalue("postgres_url")
    upgrade(url)
    with Harness(url) as running:
        yield running


def _dm(h: Harness, user: str) -> str:
    return h.emulator.dm_channel_of(user)


def _message_with(h: Harness, user: str, action_id: str) -> dict[str, Any]:
    for message in reversed(h.emulator.messages[_dm(h, user)]):
        if action_id in _action_ids(message):
            return dict(message)
    raise AssertionError(f"no {action_id} in {user}'s DM")


def _action_ids(message: dict[str, Any]) -> list[str]:
    return [
        e["action_id"]
        for b in message.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    ]


def _press(h: Harness, user: str, message: dict[str, Any], action_id: str) -> None:
    button = next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    h.click(user, button, channel_id=_dm(h, user), message=message)


def _stored(h: Harness, user: str, ts: str) -> dict[str, Any]:
    return next(m for m in h.emulator.messages[_dm(h, user)] if m["ts"] == ts)


def _usefulness(score: str) -> dict[str, Any]:
    select = {"type": "static_select", "selected_option": {"value": score}}
    return {blocks.USEFULNESS_BLOCK: {blocks.USEFULNESS_ACTION: select}}


def _checkin_message(h: Harness) -> dict[str, Any]:
    harness_pair(h, weekday=3)  # meets on Thursday 3 December
    for at in (WED, THU, FRI):
        h.tick(at)
    return _message_with(h, MENTEE, blocks.CHECKIN_MET)


def _last_private(h: Harness) -> str:
    return str(h.emulator.calls_to("response_url")[-1].args["text"])


def test_a_saved_check_in_replaces_its_buttons_with_what_was_recorded(h: Harness) -> None:
    message = _checkin_message(h)
    _press(h, MENTEE, message, blocks.CHECKIN_MET)
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    h.submit(MENTEE, form, _usefulness("4"))
    update = h.emulator.ok_calls_to("chat.update")[-1].args
    assert (update["channel"], update["ts"]) == (_dm(h, MENTEE), message["ts"])
    now = _stored(h, MENTEE, message["ts"])
    assert "Check-in saved" in now["text"] and "you met, 4/5" in now["text"]
    assert "<@UMENTOR>" in now["text"] and "Thursday 3 December" in now["text"]
    assert _action_ids(now) == []
    # The old message on another screen: "We met" again says it is done, opens nothing.
    opened = len(h.emulator.ok_calls_to("views.open"))
    _press(h, MENTEE, message, blocks.CHECKIN_MET)
    assert len(h.emulator.ok_calls_to("views.open")) == opened
    assert "already answered this check-in (you met, 4/5)" in _last_private(h)
    _press(h, MENTEE, message, blocks.CHECKIN_MISSED)
    assert "already answered this check-in (you met, 4/5)" in _last_private(h)
    assert "you met, 4/5" in _stored(h, MENTEE, message["ts"])["text"]


def test_we_did_not_meet_is_shown_and_keeps_only_a_way_to_correct_it(h: Harness) -> None:
    message = _checkin_message(h)
    _press(h, MENTEE, message, blocks.CHECKIN_MISSED)
    now = _stored(h, MENTEE, message["ts"])
    assert "Check-in saved" in now["text"] and "you didn't meet" in now["text"]
    assert _action_ids(now) == [blocks.CHECKIN_MET]  # "We met after all"
    _press(h, MENTEE, now, blocks.CHECKIN_MET)
    h.submit(MENTEE, h.emulator.ok_calls_to("views.open")[-1].args["view"], _usefulness("5"))
    fixed = _stored(h, MENTEE, message["ts"])
    assert "changed to \u201cwe met\u201d" in fixed["text"] and "you met, 5/5" in fixed["text"]
    assert _action_ids(fixed) == []


def test_only_the_person_the_check_in_is_for_can_use_it(h: Harness) -> None:
    message = _checkin_message(h)
    h.click(MENTOR, button(message, blocks.CHECKIN_MET), channel_id=_dm(h, MENTEE))
    assert h.emulator.ok_calls_to("views.open") == []
    _press(h, MENTEE, message, blocks.CHECKIN_MET)
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    answer = h.submit(MENTOR, form, _usefulness("1")).json
    assert answer["response_action"] == "errors"
    assert h.emulator.calls_to("chat.update") == []
    assert _action_ids(_stored(h, MENTEE, message["ts"]))[0] == blocks.CHECKIN_MET


def _person(h: Harness, user: str) -> Person:
    with h.db.begin() as session:
        person = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id=user)
        assert person is not None
        return person


def test_a_saved_pulse_replaces_its_scores(h: Harness) -> None:
    pair = harness_pair(h, weekday=4)
    tuesday = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with h.db.begin() as session:
        person = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id=MENTEE)
        assert person is not None
        stored = session.get(Pair, pair.id)
        deliveries_repo.enqueue(
            session, kind="pulse", person=person, pair=stored, key="p", now=tuesday
        )
    h.tick(tuesday)
    message = _message_with(h, MENTEE, f"{blocks.PULSE_PREFIX}4")
    _press(h, MENTEE, message, f"{blocks.PULSE_PREFIX}4")
    note = {blocks.NOTE_BLOCK: {blocks.NOTE_ACTION: {"type": "plain_text_input", "value": "ok"}}}
    h.submit(MENTEE, h.emulator.ok_calls_to("views.open")[-1].args["view"], note)
    now = _stored(h, MENTEE, message["ts"])
    assert "going 4/5" in now["text"] and "note" in now["text"]
    assert "ok" not in str(now["blocks"]).replace("Only", "")  # the note itself is not echoed
    assert _action_ids(now) == []
    opened = len(h.emulator.ok_calls_to("views.open"))
    _press(h, MENTEE, message, f"{blocks.PULSE_PREFIX}2")
    assert len(h.emulator.ok_calls_to("views.open")) == opened
    assert "already answered this pulse (4/5)" in _last_private(h)
    assert [k for _, k, _ in posted(h)].count("pulse") == 1


def test_slash_checkin_answers_under_the_command(h: Harness) -> None:
    harness_pair(h, weekday=3)
    h.command(MENTEE, "/mentor", "checkin")
    command_url = h.emulator.calls_to("views.open")[-1]
    assert command_url.ok
    h.submit(MENTEE, command_url.args["view"], _usefulness("3"))
    answer = h.emulator.calls_to("response_url")[-1].args
    assert "Check-in saved" in answer["text"] and "you met, 3/5" in answer["text"]
    assert answer["response_type"] == "ephemeral"


def _goal(h: Harness, text: str = "Give a tech talk") -> int:
    person = _person(h, MENTEE)
    with h.db.begin() as session:
        goal = goals_service.create_goal(
            session, team_id="T0EMULATOR", person_id=person.id or 0, text=text, now=WED
        )
    return goal.id


def _menu(h: Harness, choice: str, goal_id: int) -> None:
    option = {"value": goal_blocks.menu_value(choice, goal_id)}
    action = {"action_id": goal_blocks.GOAL_MENU_ACTION, "type": "overflow"}
    h.click(MENTEE, {**action, "selected_option": option}, channel_id="C0GENERAL", ephemeral=True)


def _progress(percent: int) -> dict[str, Any]:
    select = {"type": "static_select", "selected_option": {"value": str(percent)}}
    return {goal_blocks.PROGRESS_BLOCK: {goal_blocks.PROGRESS_ACTION: select}}


def test_update_progress_replaces_the_goal_list_it_came_from(h: Harness) -> None:
    harness_pair(h, weekday=3)
    goal_id = _goal(h)
    h.command(MENTEE, "/mentor", "goals")
    _menu(h, "update", goal_id)
    clicked = h.emulator.calls_to("response_url")  # none yet: the menu only opened the form
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    h.submit(MENTEE, form, _progress(40))
    answers = h.emulator.calls_to("response_url")
    assert len(answers) == len(clicked) + 1
    answer = answers[-1].args
    assert answer["replace_original"] in (True, "true")
    assert "\u201cGive a tech talk\u201d is at 40%" in str(answer["blocks"])
    assert "40%" in str(answer["blocks"][2])  # the list itself shows the new progress


def test_a_closed_goals_menu_says_it_is_done(h: Harness) -> None:
    harness_pair(h, weekday=3)
    goal_id = _goal(h)
    _menu(h, "done", goal_id)
    _menu(h, "update", goal_id)
    assert h.emulator.ok_calls_to("views.open") == []
    assert "already done" in _last_private(h)


def test_a_form_opened_before_the_upgrade_still_saves_and_says_so_in_the_dm(h: Harness) -> None:
    harness_pair(h, weekday=3)
    goal_id = _goal(h)
    with h.db.begin() as session:
        goal = goals_service.own_goal(
            session, team_id="T0EMULATOR", person_id=_person(h, MENTEE).id or 0, goal_id=goal_id
        )
        assert goal is not None
        form = goal_blocks.build_update_modal(goals_service.view_of(goal))
    form["private_metadata"] = str(goal_id)  # what modals said before they carried an origin
    h.submit(MENTEE, form, _progress(60))
    last = h.emulator.ok_calls_to("chat.postMessage")[-1].args
    assert last["channel"] == _dm(h, MENTEE) and "is at 60%" in str(last["blocks"])
