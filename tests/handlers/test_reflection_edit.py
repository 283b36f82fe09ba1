"""Editing a reflection later, through signed HTTP against the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from handlers.actions.reflection import NOT_YOURS, NOTHING_TO_EDIT
from handlers.blocks import reflection as blocks
from handlers.views.reflection_edit import NOT_SAVED
from playground.harness import Harness
from storage.models import Reflection, SkillGap
from tests.handlers.find_mentor_helpers import find, refusals, save_profile
from tests.handlers.reflection_helpers import (
    click_in_dm,
    current_reflection,
    dm,
    find_element,
    last_dm,
    rendered,
)

HOSTILE = "<!channel> look <@U123> <https://evil|click> 😀"


@pytest.fixture(autouse=True)
def _slack_refused_nothing(harness: Harness) -> Iterator[None]:
    yield
    assert refusals(harness) == []


def finish_reflection(harness: Harness, user: str = "U1", skills: str = "python") -> None:
    harness.emulator.add_user(user, name=user.lower(), tz="Europe/Berlin")
    harness.command(user, "/reflect")
    for text in ("Explaining", "Saying no", "Lead a team", "Meetings"):
        harness.say(user, text)
    click_in_dm(harness, user, blocks.ACTION_SKIP)  # no goal
    harness.say(user, skills)
    assert "complete" in rendered(last_dm(harness, user))


def open_home(harness: Harness, user: str) -> dict[str, Any]:
    harness.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"})
    return harness.emulator.home_views[user]


def click_edit_in_home(harness: Harness, user: str, *, owner: str | None = None) -> Any:
    home = open_home(harness, owner or user)
    button = find_element(home, blocks.ACTION_EDIT)
    return harness.click(
        user, {"action_id": blocks.ACTION_EDIT, "value": button["value"]}, view=home
    )


def opened_modal(harness: Harness) -> dict[str, Any]:
    return dict(harness.emulator.ok_calls_to("views.open")[-1].args["view"])


def text_value(value: str) -> dict[str, Any]:
    return {blocks.EDIT_ANSWER_ACTION: {"type": "plain_text_input", "value": value}}


def edit_values(
    answers: dict[str, str], picked: list[str], typed: str
) -> dict[str, dict[str, Any]]:
    values = {blocks.EDIT_ANSWER_BLOCKS[step]: text_value(text) for step, text in answers.items()}
    values[blocks.SKILLS_SELECT_BLOCK] = {
        blocks.SKILLS_SELECT_ACTION: {
            "type": "multi_static_select",
            "selected_options": [{"value": key} for key in picked],
        }
    }
    values[blocks.SKILLS_TYPED_BLOCK] = {
        blocks.SKILLS_TYPED_ACTION: {"type": "plain_text_input", "value": typed}
    }
    return values


NEW_ANSWERS = {
    "strengths": HOSTILE,
    "weaknesses": "Saying no",
    "aspirations": "Staff engineer",
    "challenges": "",
}


def gaps(harness: Harness) -> list[str]:
    with harness.db.begin() as session:
        return list(session.exec(select(SkillGap.skill_key).order_by(col(SkillGap.id))))


def publishes(harness: Harness) -> int:
    return len(harness.emulator.ok_calls_to("views.publish"))


def test_edit_from_home_saves_in_place_and_republishes(harness: Harness) -> None:
    finish_reflection(harness, skills="python, Underwater basket weaving")
    before = current_reflection(harness, "U1")
    click_edit_in_home(harness, "U1")
    modal = opened_modal(harness)
    assert modal["private_metadata"] == str(before.id if before else "")
    prefilled = str(modal["blocks"])
    for answer in ("Explaining", "Saying no", "Lead a team", "Meetings"):
        assert answer in prefilled
    assert "Underwater basket weaving" in prefilled and "/mentor goals" in prefilled
    shown_before = publishes(harness)
    harness.clock.advance(timedelta(hours=2))
    harness.submit("U1", modal, edit_values(NEW_ANSWERS, ["sql"], "JS"))
    after = current_reflection(harness, "U1")
    assert after is not None and before is not None
    assert (after.id, after.step, after.strengths) == (before.id, "done", HOSTILE)
    assert after.challenges == "" and after.updated_at > before.updated_at
    assert gaps(harness) == ["sql", "javascript"]  # replaced, normalized
    confirmation = last_dm(harness, "U1")
    assert "Saved your reflection" in confirmation["text"]
    shown = str(confirmation["blocks"])
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown and "<@U123>" not in shown
    assert "JavaScript" in shown and "SQL" in shown
    # The Home shows no answers or skills, so the edit leaves it as it was: Slack already has
    # this Home and it is not sent again (issue 15: publish only what changed).
    assert publishes(harness) == shown_before
    with harness.db.begin() as session:
        assert len(list(session.exec(select(Reflection)))) == 1  # no new run


def test_a_double_submit_stores_and_confirms_once(harness: Harness) -> None:
    finish_reflection(harness)
    click_edit_in_home(harness, "U1")
    modal = opened_modal(harness)
    values = edit_values(NEW_ANSWERS, ["sql"], "")
    harness.submit("U1", modal, values)
    messages, shown = len(dm(harness, "U1")), publishes(harness)
    stamp = current_reflection(harness, "U1")
    harness.clock.advance(timedelta(minutes=1))
    harness.submit("U1", modal, values)
    assert len(dm(harness, "U1")) == messages and publishes(harness) == shown
    again = current_reflection(harness, "U1")
    assert again is not None and stamp is not None and again.updated_at == stamp.updated_at


def test_the_completion_message_opens_the_same_modal(harness: Harness) -> None:
    finish_reflection(harness)
    click_in_dm(harness, "U1", blocks.ACTION_EDIT)
    modal = opened_modal(harness)
    assert modal["callback_id"] == blocks.EDIT_VIEW
    assert "Explaining" in str(modal["blocks"])


def test_someone_else_cannot_open_or_submit_my_edit(harness: Harness) -> None:
    finish_reflection(harness)
    harness.emulator.add_user("U2", name="bo")
    opened = len(harness.emulator.ok_calls_to("views.open"))
    click_edit_in_home(harness, "U2", owner="U1")  # U1's button value, clicked by U2
    assert len(harness.emulator.ok_calls_to("views.open")) == opened
    told = str([c.args for c in harness.emulator.calls_to("response_url")])
    assert NOT_YOURS in told + str(
        harness.emulator.messages.get(harness.emulator.dm_channel_of("U2"), [])
    )
    assert "Explaining" not in told
    # A forged submission with U1's reflection id in private_metadata changes nothing.
    click_edit_in_home(harness, "U1")
    modal = opened_modal(harness)
    mine = len(dm(harness, "U1"))
    harness.submit("U2", modal, edit_values({"strengths": "hacked"}, ["sales"], "evil"))
    reflection = current_reflection(harness, "U1")
    assert reflection is not None and reflection.strengths == "Explaining"
    assert gaps(harness) == ["python"]
    assert len(dm(harness, "U1")) == mine
    assert last_dm(harness, "U2")["text"] == NOT_SAVED


def test_a_form_opened_before_a_restart_saves_nothing(harness: Harness) -> None:
    finish_reflection(harness)
    click_edit_in_home(harness, "U1")
    modal = opened_modal(harness)
    old = current_reflection(harness, "U1")
    confirm = harness.command("U1", "/reflect", "restart").json
    value = confirm["blocks"][-1]["elements"][0]["value"]
    harness.click("U1", {"action_id": blocks.ACTION_RESTART, "value": value}, channel_id="C1")
    fresh = current_reflection(harness, "U1")
    assert old is not None and fresh is not None and fresh.id != old.id
    harness.submit("U1", modal, edit_values({"strengths": "late edit"}, ["sql"], ""))
    assert last_dm(harness, "U1")["text"] == NOT_SAVED
    with harness.db.begin() as session:
        kept = session.get(Reflection, old.id)
        assert kept is not None and kept.strengths == "Explaining" and not kept.is_current
    assert gaps(harness) == ["python"]  # the old run's gaps, untouched


def test_an_edit_button_without_a_reflection_says_how_to_start(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    harness.click("U1", {"action_id": blocks.ACTION_EDIT, "value": "999"}, channel_id="C1")
    assert harness.emulator.ok_calls_to("views.open") == []
    assert NOTHING_TO_EDIT in str([c.args for c in harness.emulator.calls_to("response_url")])


def test_find_mentor_ranks_by_the_edited_skill_gaps(harness: Harness) -> None:
    for user, skill in (("UPY", "python"), ("USQ", "sql")):
        harness.emulator.add_user(user, name=user.lower(), tz="Europe/Berlin")
        save_profile(harness, user, [skill], team="Ops")
    finish_reflection(harness, skills="python")
    first = str(find(harness, "U1")["blocks"])
    assert "<@UPY>" in first and "<@USQ>" not in first
    click_edit_in_home(harness, "U1")
    harness.submit("U1", opened_modal(harness), edit_values({}, ["sql"], ""))
    second = str(find(harness, "U1")["blocks"])
    assert "<@USQ>" in second and "<@UPY>" not in second


def test_a_paused_reflection_is_edited_from_home_and_continues(harness: Harness) -> None:
    harness.emulator.add_user("U1", name="ana")
    harness.command("U1", "/reflect")
    harness.say("U1", "Explaining")
    click_in_dm(harness, "U1", blocks.ACTION_LATER)
    home = str(open_home(harness, "U1")["blocks"])
    assert "(paused)" in home and blocks.ACTION_RESUME in home and blocks.ACTION_EDIT in home
    click_edit_in_home(harness, "U1")
    harness.submit("U1", opened_modal(harness), edit_values({"strengths": "Teaching"}, [], ""))
    reflection = current_reflection(harness, "U1")
    assert reflection is not None
    assert (reflection.step, reflection.strengths) == ("weaknesses", "Teaching")
    harness.say("U1", "Saying no")
    assert "Aspirations" in rendered(last_dm(harness, "U1"))
