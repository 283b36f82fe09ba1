"""A pause and a resume reach both calendars through signed requests: `/mentor pause` ends the
agreed series at the last meeting before it (same UID, SEQUENCE + 1), `/mentor pause off`
starts it again on the next meeting day, and a pause that runs out is resumed by the
scheduler's pass, which sends the restarted series once. The files parsed back and expanded
with recurring_ical_events show no meeting inside the pause."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import recurring_ical_events
from icalendar import Calendar

from handlers.meetings import blocks
from playground.harness import Harness
from tests.handlers.test_calendar import MENTEE, MENTOR, TUESDAY, _invites, _offer, _pair, _picks

PAUSED_AT = datetime(2027, 1, 13, 20, tzinfo=UTC)  # a Wednesday, after three meetings


def _agree(h: Harness) -> int:
    pair_id = _pair(h)
    offer = _offer(h, MENTEE, pair_id)
    h.click(MENTEE, _picks(offer)[0], channel_id=h.emulator.dm_channel_of(MENTEE), ephemeral=True)
    return pair_id


def _pause(h: Harness, until: str) -> None:
    h.command(MENTEE, "/mentor", "pause")
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    values = {blocks.UNTIL_BLOCK: {blocks.UNTIL_ACTION: {"type": "x", "selected_date": until}}}
    assert h.submit(MENTEE, form, values).status == 200


def _calendar(file: dict[str, Any]) -> Calendar:
    return Calendar.from_ical(file["content"])


def _starts(file: dict[str, Any], since: datetime, until: datetime) -> list[datetime]:
    events = recurring_ical_events.of(_calendar(file)).between(since, until)
    return sorted(e.decoded("DTSTART").astimezone(UTC) for e in events)


def _event(file: dict[str, Any]) -> Any:
    (event,) = _calendar(file).walk("VEVENT")
    return event


def test_pause_ends_the_series_and_pause_off_starts_it_again(harness: Harness) -> None:
    h = harness
    _agree(h)
    first = _invites(h)[0]
    h.clock.set(PAUSED_AT)
    _pause(h, "2027-03-01")
    paused = _invites(h)[2:]
    assert len(paused) == 2 and all(
        "Your mentoring is paused" in f["initial_comment"] for f in paused
    )
    assert int(_event(paused[0])["SEQUENCE"]) == 1
    assert _event(paused[0])["UID"] == _event(first)["UID"]
    year = TUESDAY + timedelta(days=365)
    kept = _starts(paused[0], TUESDAY, year)
    assert len(kept) == 3 and kept[-1] < PAUSED_AT

    resumed_at = PAUSED_AT + timedelta(days=14)
    h.clock.set(resumed_at)
    h.command(MENTEE, "/mentor", "pause off")
    back = _invites(h)[4:]
    assert len(back) == 2 and int(_event(back[0])["SEQUENCE"]) == 2
    after = _starts(back[0], TUESDAY, year)
    assert after[0] > resumed_at
    assert [s for s in kept + after if PAUSED_AT <= s <= resumed_at] == []
    h.command(MENTEE, "/mentor", "pause off")  # not paused any more: nothing is sent again
    assert len(_invites(h)) == 6


def test_a_pause_that_runs_out_is_restarted_by_the_pass_once(harness: Harness) -> None:
    h = harness
    _agree(h)
    h.clock.set(PAUSED_AT)
    _pause(h, "2027-02-01")
    assert len(_invites(h)) == 4
    monday = datetime(2027, 2, 1, 17, tzinfo=UTC)  # the pause's last day in Los Angeles
    h.tick(monday)
    restarted = _invites(h)[4:]
    assert len(restarted) == 2
    assert sorted(f["channel_id"] for f in restarted) == sorted(
        [h.emulator.dm_channel_of(MENTEE), h.emulator.dm_channel_of(MENTOR)]
    )
    event = _event(restarted[0])
    assert int(event["SEQUENCE"]) == 2 and "UNTIL" not in event["RRULE"]
    start = event.decoded("DTSTART")
    assert start > monday and start.weekday() == 1  # the Tuesday the scheduler plans
    h.tick(monday + timedelta(hours=1))
    assert len(_invites(h)) == 6


def test_a_pause_before_the_first_meeting_cancels_it_in_the_calendar(harness: Harness) -> None:
    h = harness
    _agree(h)
    _pause(h, "2026-12-20")
    cancel = _invites(h)[2:]
    assert [str(_calendar(f)["METHOD"]) for f in cancel] == ["CANCEL", "CANCEL"]
    assert all("out of your calendar" in f["initial_comment"] for f in cancel)
