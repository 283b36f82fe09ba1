"""Pure builders behind the form confirmations: where a form came from, and what replaces it."""

from __future__ import annotations

import json
from datetime import date

from bot.services.goals.tracking import GoalView
from handlers.goals import blocks as goal_blocks
from handlers.meetings import blocks
from handlers.meetings.blocks import saved
from handlers.slack.done import without_done
from handlers.slack.mrkdwn import actions, button, section
from handlers.slack.origin import (
    MAX_URL,
    NOWHERE,
    ORIGIN_KEY,
    Origin,
    origin_of_click,
    origin_of_command,
    read_origin,
)
from playground.blockkit_rules import check_blocks, check_view

URL = "https://hooks.slack.com/actions/T1/1/abc"


def _click(**container: object) -> dict[str, object]:
    return {"container": {"type": "message", **container}, "response_url": URL}


def test_a_click_in_a_bot_message_is_remembered_by_channel_and_ts() -> None:
    origin = origin_of_click(_click(channel_id="D0ANA", message_ts="1700000000.000100"))
    assert origin == Origin(channel="D0ANA", ts="1700000000.000100")
    assert read_origin({ORIGIN_KEY: origin.as_meta()}) == origin


def test_an_ephemeral_click_is_remembered_by_its_response_url() -> None:
    origin = origin_of_click(_click(channel_id="C1", message_ts="1.2", is_ephemeral=True))
    assert origin == Origin(url=URL, replace=True)
    assert read_origin(json.loads(json.dumps({ORIGIN_KEY: origin.as_meta()}))) == origin
    assert origin_of_command({"response_url": URL}) == Origin(url=URL)


def test_anything_else_is_nowhere() -> None:
    assert origin_of_click({"container": {"type": "view", "view_id": "V1"}}) == NOWHERE
    assert origin_of_click(_click(channel_id="D1", message_ts="0")) == NOWHERE
    assert origin_of_click(_click(channel_id="<!here>", message_ts="1.2")) == NOWHERE
    long = {"container": {"type": "message", "is_ephemeral": True}, "response_url": "x" * 501}
    assert origin_of_click(long) == NOWHERE and MAX_URL == 500
    for meta in ({}, {ORIGIN_KEY: "D1"}, {ORIGIN_KEY: {"c": "D1", "ts": "x"}}, {ORIGIN_KEY: []}):
        assert read_origin(meta) == NOWHERE


def test_forms_carry_their_origin_within_slack_limits() -> None:
    origin = Origin(url="https://hooks.slack.com/" + "a" * 470, replace=True)
    goal = GoalView(1, "g" * 3000, "", None, 0, "active", None)
    views = [
        blocks.build_checkin_view(7, 42, "UM", "t" * 32, origin),
        blocks.build_pulse_view(42, 3, origin),
        goal_blocks.build_update_modal(goal, origin),
        goal_blocks.build_milestone_modal(goal, origin),
    ]
    for view in views:
        assert check_view(view) == []
        assert len(view["private_metadata"]) <= 3000
        assert read_origin(json.loads(view["private_metadata"])) == origin
    assert goal_blocks.read_goal_meta(views[2]["private_metadata"])[0] == 1
    assert goal_blocks.read_goal_meta("12") == (12, {})
    assert goal_blocks.read_goal_meta("{bad")[0] is None


def test_a_saved_check_in_says_what_was_recorded_and_has_no_buttons() -> None:
    met = saved.build_checkin_saved_message("UB", date(2026, 12, 8), "met", 4, delivery_id=9)
    assert met["text"] == (
        "Check-in saved for your meeting with <@UB> on Tuesday 8 December: you met, 4/5."
    )
    assert check_blocks(met["blocks"]) == [] and "actions" not in str(met["blocks"])
    missed = saved.build_checkin_saved_message("UB", None, "missed", None, delivery_id=9)
    assert "you didn't meet." in missed["text"] and " on " not in missed["text"]
    fix = [b for b in missed["blocks"] if b["type"] == "actions"]
    assert [(e["action_id"], e["value"]) for e in fix[0]["elements"]] == [(blocks.CHECKIN_MET, "9")]
    manual = saved.build_checkin_saved_message("UB", None, "rescheduled", None)
    assert "actions" not in str(manual["blocks"])  # nothing to correct it from


def test_a_saved_pulse_says_the_score_and_never_the_note() -> None:
    message = saved.build_pulse_saved_message("UB", 2, noted=True)
    assert (
        message["text"]
        == "Saved: your mentoring with <@UB> is going 2/5. I kept your note with it."
    )
    assert check_blocks(message["blocks"]) == []


def test_goal_notices_escape_the_goal() -> None:
    goal = GoalView(1, "<!channel> talk", "", None, 40, "active", None)
    notice = goal_blocks.goal_saved_notice(goal, milestone=False, changed=True)
    assert notice == "Saved: \u201c&lt;!channel&gt; talk\u201d is at 40%."
    assert "Milestone noted" in goal_blocks.goal_saved_notice(goal, milestone=True, changed=True)
    assert "Nothing changed" in goal_blocks.goal_saved_notice(goal, milestone=False, changed=False)
    done = GoalView(1, "talk", "", None, 100, "done", None)
    assert "is done" in goal_blocks.goal_saved_notice(done, milestone=False, changed=True)
    assert goal_blocks.goal_closed_text(done) == "That goal is already done, so nothing changed."


def test_without_done_keeps_every_other_button_and_leaves_other_messages_alone() -> None:
    retro, thanks = button("Retro", blocks.RETRO_OPEN, "7"), button("T", blocks.GRATITUDE_OPEN, "7")
    row = actions(retro, thanks)
    message = [section("Ended."), row, actions(button("Find", blocks.FIND_NEXT_MENTOR, "7"))]
    done = saved.thanks_done(7, "UM")
    after = without_done(message, done)
    assert after[1] == done.note[0]
    assert [e["action_id"] for e in after[2]["elements"]] == [blocks.RETRO_OPEN]
    assert after[3] == message[2]
    assert without_done(message, saved.thanks_done(8, "UM")) == message  # another pair
    ended = without_done([section("Low."), row], saved.retro_done(7, []))
    assert [e["action_id"] for e in ended[1]["elements"]] == [blocks.GRATITUDE_OPEN]
