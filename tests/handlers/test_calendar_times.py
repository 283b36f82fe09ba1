"""An agreed time shown on each reader's own clock (issue 20): the meeting prompt, App Home and
the /mentor cadence answer, for a pair in Kathmandu (UTC+5:45) and Adelaide (UTC+10:30 in
summer, +9:30 from April); after a zone change each sees their new local time while the
invite stays in the organiser's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar

from bot.clock import format_weekly_time, zone
from handlers.calendar import blocks
from handlers.meetings.blocks import CADENCE_SET_PREFIX
from playground.harness import Harness
from tests.scheduler.helpers import harness_pair, posted

TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)
AFTER_ADELAIDE_DST = datetime(2027, 4, 6, 9, tzinfo=UTC)  # South Australia went back on 4 April
MENTEE, MENTOR = "UMENTEE", "UMENTOR"  # the mentee picks: the organiser, in Kathmandu


def _agree(h: Harness) -> int:
    """Thursday 08:00 in Kathmandu (02:15 UTC), the earliest slot the two share."""
    h.clock.set(TUESDAY)
    pair = harness_pair(h, mentee_tz="Asia/Kathmandu", mentor_tz="Australia/Adelaide", weekday=3)
    dm = h.emulator.dm_channel_of(MENTEE)
    h.click(MENTEE, blocks.offer_button(pair.id or 0), channel_id=dm, ephemeral=True)
    offer = h.emulator.calls_to("response_url")[-1].args
    first = next(
        b["accessory"]
        for b in offer["blocks"]
        if b.get("accessory", {}).get("action_id") == blocks.CALENDAR_PICK
    )
    assert first["value"].split(":")[1] == str(
        int(datetime(2026, 12, 3, 2, 15, tzinfo=UTC).timestamp())
    )
    h.click(MENTEE, first, channel_id=dm, ephemeral=True)
    return pair.id or 0


def _home(h: Harness, user: str) -> str:
    h.event({"type": "app_home_opened", "user": user, "tab": "home"})
    return str(h.emulator.home_views[user]["blocks"])


def _cadence_answer(h: Harness, user: str) -> str:
    return str(h.command(user, "/mentor", "cadence").json["text"])


def _move(h: Harness, user: str, tz: str) -> None:
    h.emulator.set_user(user, tz=tz)
    profile = {"id": user, "team_id": h.emulator.team_id, "name": user.lower(), "tz": tz}
    h.event({"type": "user_change", "user": profile, "event_ts": "1"})


def _last_invite(h: Harness, user: str) -> Any:
    dm = h.emulator.dm_channel_of(user)
    file = [f for f in h.emulator.files if f["channel_id"] == dm][-1]
    (event,) = Calendar.from_ical(file["content"]).walk("VEVENT")
    return event


def test_the_weekly_time_is_written_on_the_reader_s_clock() -> None:
    start = datetime(2026, 12, 3, 2, 15, tzinfo=UTC)
    assert format_weekly_time(start, "Asia/Kathmandu") == "Thursdays 08:00"
    assert format_weekly_time(start, "Australia/Adelaide") == "Thursdays 12:45"
    assert format_weekly_time(start.replace(month=4, year=2027, day=8), "Australia/Adelaide") == (
        "Thursdays 11:45"
    )
    assert format_weekly_time(start, "America/Los_Angeles") == "Wednesdays 18:15"


def test_home_and_mentor_cadence_show_each_reader_their_own_time(harness: Harness) -> None:
    h = harness
    _agree(h)
    mentee_home, mentor_home = _home(h, MENTEE), _home(h, MENTOR)
    assert "every week · Thursdays 08:00 your time · next meeting Thursday 3 December" in (
        mentee_home
    )
    assert "every week · Thursdays 12:45 your time · next meeting Thursday 3 December" in (
        mentor_home
    )
    assert "You meet every week, Thursdays 08:00 your time." in _cadence_answer(h, MENTEE)
    assert "You meet every week, Thursdays 12:45 your time." in _cadence_answer(h, MENTOR)
    # After South Australia's summer time the same meeting is an hour earlier in Adelaide.
    h.clock.set(AFTER_ADELAIDE_DST)
    assert "Thursdays 11:45 your time · next meeting Thursday 8 April" in _home(h, MENTOR)
    assert "Thursdays 08:00 your time · next meeting Thursday 8 April" in _home(h, MENTEE)


def test_the_prompt_says_the_time_on_both_clocks(harness: Harness) -> None:
    h = harness
    _agree(h)
    h.tick(datetime(2026, 12, 2, 12, tzinfo=UTC))  # plans Thursday's meeting on the agreed time
    h.tick(datetime(2026, 12, 3, 2, 15, tzinfo=UTC))  # 08:00 in Kathmandu, 12:45 in Adelaide
    (channel, kind, _) = posted(h)[-1]
    assert kind == "meeting_prompt"
    prompt = h.emulator.messages[channel][-1]
    body = str(prompt["blocks"])
    assert (
        "You meet every week, Thursdays 08:00 for <@UMENTEE> and Thursdays 12:45 for <@UMENTOR>,"
        " each your own time" in body
    )


def test_after_a_zone_change_each_sees_the_new_local_time_and_the_invite_stays(
    harness: Harness,
) -> None:
    h = harness
    pair_id = _agree(h)
    h.clock.set(AFTER_ADELAIDE_DST)
    _move(h, MENTOR, "Asia/Kathmandu")  # the mentor moves to Kathmandu,
    _move(h, MENTEE, "Australia/Adelaide")  # the organiser to Adelaide
    assert "Thursdays 08:00 your time" in _home(h, MENTOR)
    assert "Thursdays 11:45 your time" in _home(h, MENTEE)
    assert "You meet every week, Thursdays 11:45 your time." in _cadence_answer(h, MENTEE)
    # A change of cadence sends the invite again: still on the organiser's Kathmandu clock.
    dm = h.emulator.dm_channel_of(MENTEE)
    h.click(
        MENTEE, {"action_id": f"{CADENCE_SET_PREFIX}biweekly", "value": str(pair_id)}, channel_id=dm
    )
    event = _last_invite(h, MENTEE)
    assert event["SEQUENCE"] == 1 and event["DTSTART"].params["TZID"] == "Asia/Kathmandu"
    start = event.decoded("DTSTART")  # the series moves on to the next Thursday, same clock
    assert start == datetime(2027, 4, 8, 8, 0, tzinfo=zone("Asia/Kathmandu"))
    assert "Thursdays 11:45 your time" in _home(h, MENTEE)


def test_mentor_cadence_moves_the_agreed_series_too(harness: Harness) -> None:
    h = harness
    _agree(h)
    assert h.command(MENTOR, "/mentor", "cadence biweekly").status == 200
    event = _last_invite(h, MENTOR)
    assert event["SEQUENCE"] == 1 and event["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2"
    assert "every two weeks, Thursdays 12:45 your time" in _cadence_answer(h, MENTOR)
