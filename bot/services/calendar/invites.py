"""A pair's meeting series as an iCalendar file (RFC 5545), built with `icalendar`, never by
joining strings: a VEVENT in the organiser's TZID with its VTIMEZONE, an RRULE for the cadence,
one UID for the pair whose SEQUENCE rises with every change, and an override per changed or
skipped occurrence (RECURRENCE-ID)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, vCalAddress, vText

from bot.clock import zone
from bot.services.cadence import CADENCE_WEEKS

PRODID = "-//mentorbot//mentoring meetings//EN"
TZ_YEARS = 3


@dataclass(frozen=True)
class Attendee:
    name: str
    address: str  # a calendar address URI: mailto: when we know the email, else the Slack user


@dataclass(frozen=True)
class Moved:
    """One occurrence at another time (both in the organiser's zone)."""

    original: datetime
    start: datetime


@dataclass(frozen=True)
class Series:
    """What an invite says. Times are in `tz`, the organiser's zone when the time was agreed:
    the series stays there when anyone's zone changes later, and repeats on its wall clock."""

    uid: str
    sequence: int
    summary: str
    description: str
    start: datetime  # the first occurrence
    tz: str
    length: timedelta
    cadence: str  # weekly, biweekly, monthly (every four weeks, as the scheduler plans)
    organiser: Attendee
    attendees: tuple[Attendee, ...]
    until: datetime | None = None  # the last occurrence a pause keeps
    skipped: tuple[datetime, ...] = ()  # the original starts of skipped occurrences
    moved: tuple[Moved, ...] = field(default_factory=tuple)
    url: str = ""


def uid_for(pair_id: int, team_id: str) -> str:
    """Stable for the pair: every update and the cancellation replace the same series."""
    return f"pair-{pair_id}.{team_id.lower()}@mentorbot"


def rrule_of(cadence: str, until: datetime | None = None) -> dict[str, Any]:
    """Monthly is every four weeks on the same weekday, the days the scheduler plans."""
    rule: dict[str, Any] = {"FREQ": "WEEKLY", "INTERVAL": CADENCE_WEEKS.get(cadence, 2)}
    if until is not None:
        rule["UNTIL"] = until
    return rule


def build_invite(series: Series, *, now: datetime) -> bytes:
    """METHOD:REQUEST: the series, as new or as an update (same UID, the caller's SEQUENCE)."""
    calendar = _calendar("REQUEST")
    calendar.add_component(_master(series, now, status="CONFIRMED"))
    for moved in series.moved:
        calendar.add_component(_override(series, moved, now))
    _timezones(calendar, series)
    return bytes(calendar.to_ical())


def build_cancel(series: Series, *, now: datetime) -> bytes:
    """METHOD:CANCEL for the whole series: the pair ended."""
    calendar = _calendar("CANCEL")
    calendar.add_component(_master(series, now, status="CANCELLED"))
    _timezones(calendar, series)
    return bytes(calendar.to_ical())


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def _timezones(calendar: Calendar, series: Series) -> None:
    """The VTIMEZONE of the organiser's zone, with its transitions from a year before the
    series to TZ_YEARS after (the whole history since 1970 is 4 kB a zone; calendar apps use
    their own zone data for a known TZID, the transitions serve the ones that do not)."""
    first = series.start.date().replace(month=1, day=1)
    calendar.add_missing_timezones(
        first_date=first.replace(year=first.year - 1),
        last_date=first.replace(year=first.year + TZ_YEARS),
    )


def _aware(series: Series, moment: datetime) -> datetime:
    """The moment on the organiser's clock (its TZID); a naive one is taken as already there."""
    tz = zone(series.tz)
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def _people(event: Event, series: Series) -> None:
    organiser = vCalAddress(series.organiser.address)
    organiser.params["cn"] = vText(series.organiser.name)
    event.add("organizer", organiser)
    for person in series.attendees:
        attendee = vCalAddress(person.address)
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)


def _master(series: Series, now: datetime, *, status: str) -> Event:
    event = Event()
    event.add("uid", series.uid)
    event.add("sequence", series.sequence)
    event.add("dtstamp", now)
    event.add("summary", series.summary)
    event.add("description", series.description)
    if series.url:
        event.add("url", series.url)
    event.add("dtstart", _aware(series, series.start))
    event.add("dtend", _aware(series, series.start + series.length))
    # RFC 5545: with a TZID start, UNTIL is in UTC.
    until = _aware(series, series.until).astimezone(UTC) if series.until is not None else None
    event.add("rrule", rrule_of(series.cadence, until))
    if series.skipped:
        event.add("exdate", [_aware(series, day) for day in series.skipped])
    event.add("status", status)
    _people(event, series)
    return event


def _override(series: Series, moved: Moved, now: datetime) -> Event:
    event = Event()
    event.add("uid", series.uid)
    event.add("sequence", series.sequence)
    event.add("dtstamp", now)
    event.add("recurrence-id", _aware(series, moved.original))
    event.add("summary", series.summary)
    event.add("description", series.description)
    event.add("dtstart", _aware(series, moved.start))
    event.add("dtend", _aware(series, moved.start + series.length))
    event.add("status", "CONFIRMED")
    _people(event, series)
    return event
