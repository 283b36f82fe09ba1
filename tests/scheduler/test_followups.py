"""The scheduler's follow-ups through the real app: resuming a pause early, undoing "Stop these",
the expired request on the mentor's copy, the retrospective shown to its author only, and a
check-in modal submitted twice (the next match at the end: test_next_mentor.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import select

from handlers.introductions.blocks import INTRO_ACCEPT
from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import (
    Delivery,
    IntroRequest,
    Meeting,
    Pair,
    ReminderPreference,
)
from tests.handlers.find_mentor_helpers import find, request_intro, save_profile
from tests.scheduler.helpers import (
    buttons,
    click,
    dm,
    harness_pair,
    posted,
    refused,
)
from tests.scheduler.test_next_mentor import end_pair

WED, THU, FRI = (datetime(2026, 12, d, 9, tzinfo=UTC) for d in (2, 3, 4))
NOT_YOURS = "This button isn't for you, so nothing changed."


def last_response(harness: Harness) -> dict[str, Any]:
    return dict(harness.emulator.calls_to("response_url")[-1].args)


# --- 2. resume a pause early -------------------------------------------------------------------


def pause_until(harness: Harness, user: str, day: str) -> None:
    harness.command(user, "/mentor", "pause")
    view = list(harness.emulator.views.values())[-1]
    values = {
        blocks.UNTIL_BLOCK: {blocks.UNTIL_ACTION: {"type": "datepicker", "selected_date": day}}
    }
    harness.submit(user, view, values)


def group_messages(harness: Harness) -> list[dict[str, Any]]:
    group = next(c for c in harness.emulator.messages if c.startswith("G"))
    return harness.emulator.messages[group]


def test_resume_now_button_replans_and_checks_the_clicker(harness: Harness) -> None:
    pair = harness_pair(harness)
    harness.emulator.add_user("UOTHER", name="other")
    harness.tick(WED)
    pause_until(harness, "UMENTEE", "2027-01-20")
    confirmation = group_messages(harness)[-1]
    assert "paused" in confirmation["text"]
    assert buttons(confirmation)[blocks.RESUME_NOW] == str(pair.id)
    click(harness, "UOTHER", blocks.RESUME_NOW, str(pair.id))
    assert last_response(harness)["text"] == NOT_YOURS
    harness.clock.set(datetime(2026, 12, 7, 10, tzinfo=UTC))
    click(harness, "UMENTOR", blocks.RESUME_NOW, str(pair.id))
    with harness.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and (stored.status, stored.paused_until) == ("active", None)
        pending = {
            (d.kind, d.occurrence)
            for d in session.exec(select(Delivery).where(Delivery.status == "pending"))
        }
    assert ("meeting_prompt", date(2026, 12, 10)) in pending
    assert "resumed" in group_messages(harness)[-1]["text"]
    assert "Thursday 10 December" in group_messages(harness)[-1]["text"]
    click(harness, "UMENTEE", blocks.RESUME_NOW, str(pair.id))  # a second click: nothing to do
    assert "aren't paused" in last_response(harness)["text"]
    before = len(posted(harness))
    for day in (9, 10):
        harness.tick(datetime(2026, 12, day, 9, tzinfo=UTC))
    assert [k for _, k, _ in posted(harness)[before:]] == ["prepare", "meeting_prompt"]


def test_mentor_pause_off_resumes_now(harness: Harness) -> None:
    pair = harness_pair(harness)
    harness.tick(WED)
    pause_until(harness, "UMENTEE", "2027-01-20")
    answer = harness.command("UMENTEE", "/mentor", "pause off").json
    assert "resumed" in answer["text"]
    with harness.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.status == "active"
    again = harness.command("UMENTEE", "/mentor", "pause off").json
    assert "aren't paused" in again["text"]
    assert refused(harness) == []


# --- 3. undo "Stop these" ----------------------------------------------------------------------


def last_id(harness: Harness, kind: str) -> int:
    return [d for _, k, d in posted(harness) if k == kind][-1]


def test_stop_can_be_undone_and_reminders_lists_what_is_off(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.add_user("UOTHER", name="other")
    assert (
        "All your reminders are on"
        in harness.command("UMENTEE", "/mentor", "reminders").json["text"]
    )
    harness.tick(WED)
    click(harness, "UMENTEE", blocks.STOP, str(last_id(harness, "prepare")))
    stopped = last_response(harness)
    undo = buttons(stopped)[blocks.REMINDERS_ON]
    click(harness, "UOTHER", blocks.REMINDERS_ON, undo)
    assert last_response(harness)["text"] == NOT_YOURS
    listing = harness.command("UMENTEE", "/mentor", "reminders").json
    assert "Come-prepared nudges: stopped" in str(listing["blocks"])
    click(harness, "UMENTEE", blocks.REMINDERS_ON, undo)
    assert "Back on: come-prepared nudges" in last_response(harness)["text"]
    assert (
        "All your reminders are on"
        in harness.command("UMENTEE", "/mentor", "reminders").json["text"]
    )
    # Back on means the next nudge comes.
    before = len(posted(harness))
    for at in (THU, FRI, WED + timedelta(weeks=1)):
        harness.tick(at)
    assert "prepare" in [k for _, k, _ in posted(harness)[before:]]
    # Snoozed kinds are listed with their end date and can be turned back on too.
    checkin = [d for c, k, d in posted(harness) if k == "checkin" and c == dm(harness, "UMENTEE")]
    click(harness, "UMENTEE", blocks.SNOOZE, str(checkin[-1]))
    listing = harness.command("UMENTEE", "/mentor", "reminders").json
    assert "Check-ins: snoozed until Thursday 17 December" in str(listing["blocks"])
    (pref_id,) = [v for a, v in buttons(listing).items() if a == blocks.REMINDERS_ON]
    click(harness, "UMENTEE", blocks.REMINDERS_ON, pref_id)
    with harness.db.begin() as session:
        pref = session.get(ReminderPreference, int(pref_id))
        assert pref is not None and pref.snoozed_until is None
    assert refused(harness) == []


def test_a_slack_stop_stays_until_slack_shows_the_person_active(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.fail_next(1, method="chat.postMessage", status=200, error="account_inactive")
    harness.tick(WED)  # the mentee's nudge fails: the mentee is stopped
    with harness.db.begin() as session:
        pref = session.exec(select(ReminderPreference).where(ReminderPreference.kind == "*")).one()
        assert pref.stopped and pref.reason == "slack:account_inactive"
    # Not theirs to undo from /mentor reminders.
    listing = harness.command("UMENTEE", "/mentor", "reminders").json
    assert blocks.REMINDERS_ON not in str(listing)
    click(harness, "UMENTEE", blocks.REMINDERS_ON, str(pref.id))
    assert "can't turn this on" in last_response(harness)["text"]
    user = {"id": "UMENTEE", "team_id": "T0EMULATOR", "name": "umentee", "tz": "Europe/London"}
    harness.event({"type": "user_change", "user": {**user, "deleted": True}})
    with harness.db.begin() as session:
        assert session.get(ReminderPreference, pref.id).stopped  # type: ignore[union-attr]
    harness.event({"type": "user_change", "user": {**user, "deleted": False}})
    with harness.db.begin() as session:
        assert not session.get(ReminderPreference, pref.id).stopped  # type: ignore[union-attr]
    before = len(posted(harness))
    for at in (THU, FRI, WED + timedelta(weeks=1)):
        harness.tick(at)
    assert (dm(harness, "UMENTEE"), "prepare") in [(c, k) for c, k, _ in posted(harness)[before:]]


# --- 4. the expired request on the mentor's copy ----------------------------------------------


def test_expiry_replaces_the_mentors_buttons(harness: Harness) -> None:
    harness.emulator.add_user("UMIA", name="mia", real_name="Mia Mentee", tz="Europe/Paris")
    harness.emulator.add_user("UMAX", name="max", real_name="Max Mentor", tz="Europe/Berlin")
    save_profile(harness, "UMAX", ["Python"])
    request_intro(harness, "UMIA", find(harness, "UMIA", "python"))
    with harness.db.begin() as session:
        request = session.exec(select(IntroRequest)).one()
    assert request.mentor_channel_id and request.mentor_message_ts
    original = next(
        m
        for m in harness.emulator.messages[request.mentor_channel_id]
        if m["ts"] == request.mentor_message_ts
    )
    assert INTRO_ACCEPT in buttons(original)
    mentor_messages = len(harness.emulator.messages[request.mentor_channel_id])
    harness.tick(request.expires_at + timedelta(hours=1))
    updates = harness.emulator.ok_calls_to("chat.update")
    assert [(u.args["channel"], u.args["ts"]) for u in updates] == [
        (request.mentor_channel_id, request.mentor_message_ts)
    ]
    assert original["text"].startswith("The introduction request from <@UMIA> has expired")
    assert buttons(original) == {}
    # The update is the mentor's only word about it: no second message in their DM.
    assert len(harness.emulator.messages[request.mentor_channel_id]) == mentor_messages
    # The mentee's note is a one-off: nothing to snooze or stop.
    [note] = [
        m
        for m in harness.emulator.messages[harness.emulator.dm_channel_of("UMIA")]
        if "has closed without an answer" in m["text"]
    ]
    assert buttons(note) == {}
    harness.tick(request.expires_at + timedelta(hours=2))  # expires once, updated once
    assert len(harness.emulator.ok_calls_to("chat.update")) == 1


# --- 5. the retrospective, to its author only ---------------------------------------------------


def test_retrospective_is_shown_back_to_its_author_only(harness: Harness) -> None:
    pair = harness_pair(harness)
    end_pair(harness, pair, "UMENTEE")
    click(harness, "UMENTEE", blocks.RETRO_OPEN, str(pair.id))
    retro = list(harness.emulator.views.values())[-1]
    values = {
        blocks.HELPED_BLOCK: {
            blocks.HELPED_ACTION: {"type": "plain_text_input", "value": "Honest *feedback* <!here>"}
        },
        blocks.GOALS_BLOCK: {blocks.GOALS_ACTION: {"type": "plain_text_input", "value": "2 of 3"}},
    }
    harness.submit("UMENTEE", retro, values)
    harness.submit("UMENTEE", retro, values)  # a double submit shows it once
    mine = [
        m for m in harness.emulator.messages[dm(harness, "UMENTEE")] if "looking back" in m["text"]
    ]
    assert len(mine) == 1
    shown = str(mine[0]["blocks"])
    assert "&lt;!here&gt;" in shown and "2 of 3" in shown
    everywhere_else = [
        m
        for channel, messages in harness.emulator.messages.items()
        if channel != dm(harness, "UMENTEE")
        for m in messages
    ]
    assert not any("Honest" in str(m) for m in everywhere_else)
    # Their Home's journey section shows it too; the mentor's Home does not.
    home = str(harness.emulator.home_views["UMENTEE"])
    assert "Looking back" in home and "&lt;!here&gt;" in home and "2 of 3" in home
    harness.event({"type": "app_home_opened", "user": "UMENTOR", "channel": "D9", "tab": "home"})
    assert "Honest" not in str(harness.emulator.home_views["UMENTOR"])
    assert refused(harness) == []


# --- 6. /mentor checkin submitted twice ---------------------------------------------------------


def checkin_values() -> dict[str, Any]:
    return {
        blocks.USEFULNESS_BLOCK: {
            blocks.USEFULNESS_ACTION: {
                "type": "static_select",
                "selected_option": {"text": {"type": "plain_text", "text": "4"}, "value": "4"},
            }
        },
        blocks.TAKEAWAY_BLOCK: {blocks.TAKEAWAY_ACTION: {"type": "plain_text_input", "value": "x"}},
    }


def test_manual_checkin_submitted_twice_stores_one_meeting(harness: Harness) -> None:
    harness_pair(harness)
    harness.command("UMENTEE", "/mentor", "checkin")
    view = list(harness.emulator.views.values())[-1]
    assert view["callback_id"] == blocks.CHECKIN_VIEW
    harness.submit("UMENTEE", view, checkin_values())
    harness.submit("UMENTEE", view, checkin_values())
    with harness.db.begin() as session:
        assert len(session.exec(select(Meeting)).all()) == 1
    # A new modal is a new meeting to log.
    harness.command("UMENTEE", "/mentor", "checkin")
    second = list(harness.emulator.views.values())[-1]
    harness.submit("UMENTEE", second, checkin_values())
    with harness.db.begin() as session:
        assert len(session.exec(select(Meeting)).all()) == 2
