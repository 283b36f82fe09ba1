"""What a file the app shared looks like in the transcript: one line, read from the file's own
content. An iCalendar invite says its first meeting, its zone and how often it repeats
("📅 mentoring.ics: Tue 8 Dec 2026 10:00-10:30 Europe/Berlin, every week"), read back with
icalendar as a calendar app would; any other file shows its title."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from icalendar import Calendar

EVERY = {1: "every week", 2: "every two weeks", 4: "every four weeks"}


def file_line(filename: str, title: str, content: bytes | None) -> str:
    """The transcript's line for one shared file."""
    if filename.lower().endswith(".ics") and content:
        summary = invite_summary(content)
        if summary:
            return f"📅 {filename}: {summary}"
    return f"📎 {title or filename}"


def invite_summary(content: bytes) -> str:
    """Date, time, zone and recurrence of the invite's series ("" when it is not one)."""
    try:
        calendar = Calendar.from_ical(content)
    except ValueError:
        return ""
    masters = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
    if not masters:
        return ""
    event = masters[0]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        return ""
    zone = event["DTSTART"].params.get("TZID") or start.tzname() or "UTC"
    when = f"{start:%a} {start.day} {start:%b %Y} {start:%H:%M}-{end:%H:%M} {zone}"
    if str(calendar.get("METHOD", "")).upper() == "CANCEL":
        return f"{when}, cancelled"
    return f"{when}, {_recurrence(event.get('RRULE'))}"


def _recurrence(rule: Any) -> str:
    if not rule:
        return "once"
    freq = str((rule.get("FREQ") or ["WEEKLY"])[0]).upper()
    interval = int((rule.get("INTERVAL") or [1])[0])
    words = EVERY.get(interval, f"every {interval} weeks") if freq == "WEEKLY" else freq.lower()
    until = rule.get("UNTIL")
    if until:
        last = until[0]
        words += f", until {last.day} {last:%b %Y}"
    return words
