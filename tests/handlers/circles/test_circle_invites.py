"""A circle's calendar files through signed requests: the circle opens, two members join, one
leaves, the mentor closes (or Slack deactivates the mentor). Each file lands in its person's own
DM with a one-line summary, parses back with icalendar, keeps one UID, and its SEQUENCE rises
with every file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar

from handlers.circles import messages
from handlers.circles.invites import FILENAME
from playground.harness import Harness
from storage.models import Circle
from tests.handlers.circles.cadence_helpers import days_of_passes, dm_text, opened_circle
from tests.handlers.circles.helpers import join_button, mentor_with_profile, open_circle, people
from tests.handlers.find_mentor_helpers import refusals

MONDAY = datetime(2027, 3, 1, 14, tzinfo=UTC)  # 09:00 in New York, the zone of most here


def _files(h: Harness) -> list[dict[str, Any]]:
    return [f for f in h.emulator.files if f["filename"] == FILENAME]


def _to(h: Harness, user: str, files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in files if f["channel_id"] == h.emulator.dm_channel_of(user)]


def _parsed(file: dict[str, Any]) -> tuple[str, Any]:
    calendar = Calendar.from_ical(file["content"])
    (event,) = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), event


def _attendees(event: Any) -> list[str]:
    found = event.get("ATTENDEE")
    return sorted(
        str(a).rsplit(":", 1)[-1] for a in (found if isinstance(found, list) else [found])
    )


def _circle(h: Harness) -> Circle:
    from sqlmodel import select

    with h.db.begin() as session:
        return session.exec(select(Circle)).all()[-1]


def test_open_join_join_leave_close(harness: Harness) -> None:
    h = harness
    h.clock.set(MONDAY)
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="3")
    assert _files(h) == []  # no members, no time yet
    people(h, "UANA", "UBO")
    button = join_button(h, "UANA")

    h.click("UANA", button)  # the circle first gets its time: the mentor and Ana
    first = _files(h)
    assert len(first) == 2 and len(_to(h, "UMAX", first)) == len(_to(h, "UANA", first)) == 1
    method, event = _parsed(first[0])
    uid = str(event["UID"])
    assert method == "REQUEST" and uid.startswith(f"circle-{_circle(h).id}.")
    assert int(event["SEQUENCE"]) == 1 and _attendees(event) == ["UANA"]
    assert "UMAX" in str(event["ORGANIZER"]) and "Python at scale" in str(event["DESCRIPTION"])
    start = event["DTSTART"].dt
    assert str(start.tzinfo) == "America/New_York" and start.weekday() == 2  # Wednesday
    assert (start.hour, start.minute) == (8, 0) and (event["DTEND"].dt - start).seconds == 3600
    assert str(_circle(h).channel_id) in str(event["DESCRIPTION"])
    assert "Your circle's meeting invite" in first[0]["initial_comment"]
    assert "every week" in first[0]["initial_comment"]
    links = h.emulator.messages[h.emulator.dm_channel_of("UANA")][-1]
    assert "Add to Google Calendar" in str(links["blocks"])

    h.click("UBO", button)  # the same hours: only the newcomer gets a file
    second = _files(h)[2:]
    assert len(second) == 1 and _to(h, "UBO", second) == second
    method, event = _parsed(second[0])
    assert method == "REQUEST" and str(event["UID"]) == uid and int(event["SEQUENCE"]) == 2
    assert _attendees(event) == ["UANA", "UBO"] and event["DTSTART"].dt == start

    circle = _circle(h)
    h.click("UANA", {"action_id": messages.LEAVE, "value": str(circle.id)})
    third = _files(h)[3:]
    assert len(third) == 1 and _to(h, "UANA", third) == third
    method, event = _parsed(third[0])
    assert method == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 3
    assert _attendees(event) == ["UANA"] and "You left the circle" in third[0]["initial_comment"]

    h.click("UMAX", {"action_id": messages.CLOSE, "value": str(circle.id)})
    last = _files(h)[4:]
    assert len(last) == 2 and len(_to(h, "UMAX", last)) == len(_to(h, "UBO", last)) == 1
    assert _to(h, "UANA", last) == []  # she had hers when she left
    for file in last:
        method, event = _parsed(file)
        assert method == "CANCEL" and str(event["UID"]) == uid and int(event["SEQUENCE"]) == 4
        assert _attendees(event) == ["UBO"] and "has closed" in file["initial_comment"]
    assert _circle(h).invite_sequence == 4
    assert refusals(h) == []


def test_a_newcomer_who_moves_the_hour_updates_everyone(harness: Harness) -> None:
    """Ana shares the New York mentor's hours; Kai in Los Angeles moves the shared start to
    11:00 New York (08:00 his time), so all three get the updated series."""
    h = harness
    h.clock.set(MONDAY)
    mentor_with_profile(h, "UMAX", ["python"])
    open_circle(h, "UMAX", "Python at scale", seats="3")
    h.emulator.add_user("UANA", name="ana", tz="America/New_York")
    h.emulator.add_user("UKAI", name="kai", tz="America/Los_Angeles")
    button = join_button(h, "UANA")
    h.click("UANA", button)
    assert len(_files(h)) == 2
    h.click("UKAI", button)
    moved = _files(h)[2:]
    assert sorted(f["channel_id"] for f in moved) == sorted(
        h.emulator.dm_channel_of(u) for u in ("UMAX", "UANA", "UKAI")
    )
    _, event = _parsed(moved[0])
    assert int(event["SEQUENCE"]) == 2 and event["DTSTART"].dt.hour == 11
    assert refusals(h) == []


def test_a_deactivated_mentor_closing_sends_each_member_a_cancel(harness: Harness) -> None:
    h = harness
    opened_circle(h, ("UANA", "UBO"))
    sent = len(_files(h))  # Max and Ana at the first join, then Bo
    assert sent == 3
    user = {"id": "UMAX", "name": "umax", "real_name": "Person UMAX", "deleted": True,
            "tz": "America/New_York", "team_id": h.emulator.team_id}  # fmt: skip
    h.emulator.users["UMAX"]["deleted"] = True
    h.event({"type": "user_change", "user": user})
    days_of_passes(h, 3, {})
    cancels = _files(h)[sent:]
    assert sorted(f["channel_id"] for f in cancels) == sorted(
        h.emulator.dm_channel_of(u) for u in ("UANA", "UBO")
    )
    for file in cancels:
        method, event = _parsed(file)
        assert method == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) == 3 and "has closed" in file["initial_comment"]
        assert _attendees(event) == [
            u for u in ("UANA", "UBO") if file["channel_id"] == h.emulator.dm_channel_of(u)
        ]
    for member in ("UANA", "UBO"):
        assert "is no longer on Slack" in dm_text(h, member)
    assert refusals(h) == []
