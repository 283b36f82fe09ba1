"""Erasing a person's data cancels their pairs' meetings in the other person's calendar: a
METHOD:CANCEL with the series' UID and a higher SEQUENCE, naming only that other person, and the
pair's meeting time goes. Through signed requests (/mentor data delete, then its confirmation)."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar
from sqlmodel import select

from handlers.data_rights.blocks import DATA_DELETE_CONFIRM
from playground.harness import Harness
from storage.models import MeetingTime, MeetingTimeChange
from tests.handlers.test_calendar import MENTEE, MENTOR, _invites, _offer, _pair, _picks
from tests.handlers.test_data_rights_flow import _button


def _event(file: dict[str, Any]) -> Any:
    (event,) = Calendar.from_ical(file["content"]).walk("VEVENT")
    return event


def test_erasure_cancels_the_series_for_the_other_person_only(harness: Harness) -> None:
    h = harness
    pair_id = _pair(h)
    offer = _offer(h, MENTEE, pair_id)
    h.click(MENTEE, _picks(offer)[0], channel_id=h.emulator.dm_channel_of(MENTEE), ephemeral=True)
    agreed = _event(_invites(h)[0])
    answer = h.command(MENTEE, "/mentor", "data delete").json
    h.click(MENTEE, _button(answer, DATA_DELETE_CONFIRM), channel_id="C0GENERAL")

    (cancel,) = _invites(h)[2:]
    assert cancel["channel_id"] == h.emulator.dm_channel_of(MENTOR)
    calendar = Calendar.from_ical(cancel["content"])
    assert str(calendar["METHOD"]) == "CANCEL"
    event = _event(cancel)
    assert str(event["UID"]) == str(agreed["UID"]) and int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == agreed.decoded("DTSTART")
    content = (
        cancel["content"].decode() if isinstance(cancel["content"], bytes) else cancel["content"]
    )
    assert MENTEE not in content and "umentee" not in content.lower()  # nothing names them
    assert "UMENTOR" in content and "Former mentoring partner" in content
    assert "cancels its meetings" in cancel["initial_comment"]
    with h.db.begin() as session:
        assert session.exec(select(MeetingTime)).all() == []
        assert session.exec(select(MeetingTimeChange)).all() == []

    h.click(MENTEE, _button(answer, DATA_DELETE_CONFIRM), channel_id="C0GENERAL")  # twice
    assert len(_invites(h)) == 3
