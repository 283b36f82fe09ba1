"""The invite parsed back with `icalendar` and expanded by `recurring_ical_events` (an independent
RRULE expander), against the meeting days the scheduler plans."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import recurring_ical_events
from icalendar import Calendar

from bot.clock import local, zone
from bot.services import cadence
from bot.services.calendar.invites import (
    Attendee,
    Moved,
    Series,
    build_cancel,
    build_invite,
    uid_for,
)
from bot.services.calendar.links import google_link, outlook_link
from bot.services.calendar.slots import propose

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
NZ = zone("Pacific/Auckland")
ANA = Attendee("Ana <&>", "mailto:ana@example.com")
BO = Attendee("Bo", "mailto:bo@example.com")


def _series(**changes: object) -> Series:
    fields: dict[str, object] = {
        "uid": uid_for(7, "T1"),
        "sequence": 0,
        "summary": "Mentoring: Ana and Bo",
        "description": "Goals: learn Go; speak at the all-hands",
        "start": datetime(2026, 12, 8, 10, 0, tzinfo=NZ),
        "tz": "Pacific/Auckland",
        "length": timedelta(minutes=30),
        "cadence": "biweekly",
        "organiser": BO,
        "attendees": (ANA, BO),
        "url": "https://slack.com/app_redirect?channel=G123",
    }
    fields.update(changes)
    return Series(**fields)  # type: ignore[arg-type]


def _events(ics: bytes) -> list[object]:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


def test_the_invite_parses_back_with_its_zone_rule_and_people() -> None:
    calendar = Calendar.from_ical(build_invite(_series(), now=NOW))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Pacific/Auckland"]
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 12, 8, 10, 0, tzinfo=zone("Pacific/Auckland"))
    assert event["DTSTART"].params["TZID"] == "Pacific/Auckland"
    assert event.decoded("DTEND") - start == timedelta(minutes=30)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2"
    assert str(event["UID"]) == "pair-7.t1@mentorbot" and event["SEQUENCE"] == 0
    assert event["ORGANIZER"].params["CN"] == "Bo"
    assert sorted(str(a.params["CN"]) for a in event["ATTENDEE"]) == ["Ana <&>", "Bo"]
    assert "learn Go" in str(event["DESCRIPTION"])


def test_an_update_keeps_the_uid_and_raises_the_sequence_and_a_cancel_cancels() -> None:
    first = _events(build_invite(_series(), now=NOW))[0]
    update = _events(build_invite(_series(sequence=1, cadence="weekly"), now=NOW))[0]
    assert update["UID"] == first["UID"] and update["SEQUENCE"] == 1  # type: ignore[index]
    cancel = Calendar.from_ical(build_cancel(_series(sequence=2), now=NOW))
    assert str(cancel["METHOD"]) == "CANCEL"
    (event,) = cancel.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 2


def test_skip_and_move_change_one_occurrence() -> None:
    series = _series(
        skipped=(datetime(2026, 12, 22, 10, 0, tzinfo=NZ),),
        moved=(
            Moved(datetime(2027, 1, 5, 10, 0, tzinfo=NZ), datetime(2027, 1, 6, 11, 0, tzinfo=NZ)),
        ),
    )
    calendar = Calendar.from_ical(build_invite(series, now=NOW))
    tz = NZ
    starts = [
        e.decoded("DTSTART")
        for e in recurring_ical_events.of(calendar).between(date(2026, 12, 1), date(2027, 2, 1))
    ]
    assert starts == [
        datetime(2026, 12, 8, 10, tzinfo=tz),
        datetime(2027, 1, 6, 11, tzinfo=tz),  # moved from Tuesday 5 January
        datetime(2027, 1, 19, 10, tzinfo=tz),
    ]  # 22 December skipped


def test_a_pause_ends_the_series() -> None:
    series = _series(until=datetime(2026, 12, 22, 10, 0, tzinfo=NZ))
    calendar = Calendar.from_ical(build_invite(series, now=NOW))
    found = recurring_ical_events.of(calendar).between(date(2026, 12, 1), date(2027, 6, 1))
    assert len(found) == 2


# --- the scheduler and the calendar agree ------------------------------------------------------

PAIRS = [  # (mentee's zone, organiser's zone): each crosses a DST change in 26 weeks
    ("Pacific/Auckland", "America/Los_Angeles"),
    ("America/Los_Angeles", "Pacific/Auckland"),
    ("Asia/Kolkata", "Australia/Adelaide"),
    ("Australia/Adelaide", "Asia/Kolkata"),
    ("Australia/Adelaide", "Pacific/Auckland"),
]


def _scheduled_days(cadence_name: str, weekday: int, first: date, weeks: int) -> list[date]:
    """The meeting days the scheduler plans, one after another (bot/services/meeting_dates)."""
    days, day, end = [], first, first + timedelta(weeks=weeks)
    while day < end:
        days.append(day)
        day = cadence.next_meeting_on(
            cadence=cadence_name, weekday=weekday, anchor=first, today=day + timedelta(days=1)
        )
    return days


@pytest.mark.parametrize("cadence_name", ["weekly", "biweekly", "monthly"])
@pytest.mark.parametrize(("mentee_tz", "organiser_tz"), PAIRS)
def test_every_calendar_occurrence_falls_on_a_day_the_scheduler_plans(
    cadence_name: str, mentee_tz: str, organiser_tz: str
) -> None:
    weekday = 1  # Tuesday, in the mentee's calendar, as the scheduler plans
    first = cadence.first_meeting_on(weekday=weekday, after=date(2027, 1, 1))
    slots = propose(first, mentee_tz, organiser_tz)
    assert slots, "no slot on the mentee's meeting day"
    for slot in slots:  # early, middle and late: the ones nearest a day's edge shift most
        start = local(slot.start, organiser_tz)
        series = _series(start=start, tz=organiser_tz, cadence=cadence_name)
        calendar = Calendar.from_ical(build_invite(series, now=NOW))
        horizon = (first - timedelta(days=2), first + timedelta(weeks=26))
        occurrences = recurring_ical_events.of(calendar).between(*horizon)
        end = first + timedelta(weeks=26)
        mentee_days = [local(e.decoded("DTSTART"), mentee_tz).date() for e in occurrences]
        assert [d for d in mentee_days if d < end] == _scheduled_days(
            cadence_name, weekday, first, 26
        )


def test_the_links_carry_the_same_time_and_rule() -> None:
    series = _series()
    google = parse_qs(urlparse(google_link(series)).query)
    assert google["dates"] == ["20261208T100000/20261208T103000"]
    assert google["ctz"] == ["Pacific/Auckland"]
    assert google["recur"] == ["RRULE:FREQ=WEEKLY;INTERVAL=2"]
    assert "learn Go" in google["details"][0]
    outlook = parse_qs(urlparse(outlook_link(series)).query)
    assert outlook["startdt"] == ["2026-12-07T21:00:00Z"]  # 10:00 NZDT is 21:00 UTC the day before
    assert outlook["enddt"] == ["2026-12-07T21:30:00Z"]
    assert "Every 2 weeks" in outlook["body"][0]
