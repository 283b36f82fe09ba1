"""Picking a meeting time through signed requests: the slots on both clocks, the first pick wins
(the other is told the time that holds), the invites land in both DMs as .ics files that parse
back, Another time moves the series with a higher SEQUENCE, and nobody else can pick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar

from handlers.calendar import blocks
from playground.harness import Harness
from tests.scheduler.helpers import harness_pair

TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)
MENTEE, MENTOR = "UMENTEE", "UMENTOR"


def _pair(h: Harness) -> int:
    h.clock.set(TUESDAY)
    pair = harness_pair(
        h,
        mentee_tz="America/Los_Angeles",
        mentor_tz="Pacific/Auckland",
        weekday=1,
        cadence="biweekly",
    )
    return pair.id or 0


def _offer(h: Harness, user: str, pair_id: int) -> dict[str, Any]:
    """`user` presses Pick a time; the slots they get back privately."""
    h.click(
        user,
        blocks.offer_button(pair_id),
        channel_id=h.emulator.dm_channel_of(user),
        ephemeral=True,
    )
    return dict(h.emulator.calls_to("response_url")[-1].args)


def _picks(offer: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        b["accessory"]
        for b in offer["blocks"]
        if b.get("accessory", {}).get("action_id") == blocks.CALENDAR_PICK
    ]


def _invites(h: Harness) -> list[dict[str, Any]]:
    return [f for f in h.emulator.files if f["filename"] == "mentoring.ics"]


def _event(file: dict[str, Any]) -> Any:
    (event,) = Calendar.from_ical(file["content"]).walk("VEVENT")
    return event


def test_the_first_pick_makes_the_invites_and_a_late_pick_is_told(harness: Harness) -> None:
    h = harness
    pair_id = _pair(h)
    mentee_offer, mentor_offer = _offer(h, MENTEE, pair_id), _offer(h, MENTOR, pair_id)
    shown = str(mentee_offer["blocks"])
    assert "<@UMENTEE>" in shown and "<@UMENTOR>" in shown and "PST" in shown and "NZDT" in shown
    assert len(_picks(mentee_offer)) == 3
    h.click(
        MENTEE, _picks(mentee_offer)[0], channel_id=h.emulator.dm_channel_of(MENTEE), ephemeral=True
    )

    group = next(c for c in h.emulator.messages if c.startswith("G"))
    agreed = h.emulator.messages[group][-1]
    assert "<@UMENTEE> picked this time, every two weeks" in agreed["text"]
    invites = _invites(h)
    assert sorted(f["channel_id"] for f in invites) == sorted(
        [h.emulator.dm_channel_of(MENTEE), h.emulator.dm_channel_of(MENTOR)]
    )
    event = _event(invites[0])
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"  # the picker's zone
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2" and event["SEQUENCE"] == 0
    assert all("Your mentoring invite:" in f["initial_comment"] for f in invites)
    links = h.emulator.messages[h.emulator.dm_channel_of(MENTOR)][-1]
    urls = [e["url"] for b in links["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert urls[0].startswith("https://calendar.google.com/") and "outlook" in urls[1]

    # The mentor picks from the offer they opened before the mentee picked: that time holds.
    h.click(
        MENTOR, _picks(mentor_offer)[1], channel_id=h.emulator.dm_channel_of(MENTOR), ephemeral=True
    )
    assert (
        "Your partner picked a time a moment ago"
        in h.emulator.calls_to("response_url")[-1].args["text"]
    )
    assert len(_invites(h)) == 2


def test_another_time_moves_the_series_with_a_higher_sequence(harness: Harness) -> None:
    h = harness
    pair_id = _pair(h)
    first = _offer(h, MENTEE, pair_id)
    h.click(MENTEE, _picks(first)[0], channel_id=h.emulator.dm_channel_of(MENTEE), ephemeral=True)
    fresh = _offer(h, MENTOR, pair_id)
    other = next(
        e
        for b in fresh["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == blocks.CALENDAR_OTHER
    )
    h.click(MENTOR, other, channel_id=h.emulator.dm_channel_of(MENTOR), ephemeral=True)
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    when = int((TUESDAY + timedelta(days=8, hours=-1)).timestamp())  # Wednesday 09:00 in Auckland
    values = {
        blocks.PICKED_BLOCK: {
            blocks.PICKED_INPUT: {"type": "datetimepicker", "selected_date_time": when}
        }
    }
    assert h.submit(MENTOR, form, values).status == 200
    latest = _invites(h)[-2:]
    assert {int(_event(f)["SEQUENCE"]) for f in latest} == {1}
    assert {_event(f)["DTSTART"].params["TZID"] for f in latest} == {"Pacific/Auckland"}
    assert _event(latest[0])["UID"] == _event(_invites(h)[0])["UID"]


def test_a_past_time_is_refused_in_the_form(harness: Harness) -> None:
    h = harness
    pair_id = _pair(h)
    offer = _offer(h, MENTEE, pair_id)
    other = next(
        e
        for b in offer["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == blocks.CALENDAR_OTHER
    )
    h.click(MENTEE, other, channel_id=h.emulator.dm_channel_of(MENTEE), ephemeral=True)
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    values = {
        blocks.PICKED_BLOCK: {
            blocks.PICKED_INPUT: {
                "type": "datetimepicker",
                "selected_date_time": int(TUESDAY.timestamp()) - 3600,
            }
        }
    }
    answer = h.submit(MENTEE, form, values).json
    assert answer["response_action"] == "errors" and blocks.PICKED_BLOCK in answer["errors"]
    assert _invites(h) == []


def test_someone_outside_the_pair_cannot_pick_or_open_its_times(harness: Harness) -> None:
    h = harness
    pair_id = _pair(h)
    offer = _offer(h, MENTEE, pair_id)
    h.emulator.add_user("UED", name="ed", tz="Europe/Paris")
    h.click("UED", _picks(offer)[0], channel_id=h.emulator.dm_channel_of("UED"), ephemeral=True)
    assert "isn't for you" in h.emulator.calls_to("response_url")[-1].args["text"]
    h.click(
        "UED",
        blocks.offer_button(pair_id),
        channel_id=h.emulator.dm_channel_of("UED"),
        ephemeral=True,
    )
    assert "isn't for you" in h.emulator.calls_to("response_url")[-1].args["text"]
    forged = dict(_picks(offer)[0], value="nonsense")
    h.click(MENTEE, forged, channel_id=h.emulator.dm_channel_of(MENTEE), ephemeral=True)
    assert "isn't for you" in h.emulator.calls_to("response_url")[-1].args["text"]
    assert _invites(h) == []
