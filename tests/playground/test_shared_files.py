"""The transcript's line for a shared file, read from the file's own content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import zone
from bot.services.calendar.invites import Attendee, Series, build_cancel, build_invite, uid_for
from playground.shared_files import file_line

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
BERLIN = zone("Europe/Berlin")


def _series(**changes: object) -> Series:
    fields: dict[str, object] = {
        "uid": uid_for(1, "T1"),
        "sequence": 0,
        "summary": "Mentoring",
        "description": "",
        "start": datetime(2026, 12, 8, 10, 0, tzinfo=BERLIN),
        "tz": "Europe/Berlin",
        "length": timedelta(minutes=30),
        "cadence": "weekly",
        "organiser": Attendee("Ana", "mailto:ana@example.com"),
        "attendees": (Attendee("Ana", "mailto:ana@example.com"),),
    }
    fields.update(changes)
    return Series(**fields)  # type: ignore[arg-type]


def test_an_invite_shows_its_date_time_zone_and_recurrence() -> None:
    line = file_line("mentoring.ics", "Mentoring meetings", build_invite(_series(), now=NOW))
    assert line == "📅 mentoring.ics: Tue 8 Dec 2026 10:00-10:30 Europe/Berlin, every week"
    monthly = build_invite(_series(cadence="monthly"), now=NOW)
    assert file_line("mentoring.ics", "", monthly).endswith(", every four weeks")
    paused = build_invite(_series(until=datetime(2026, 12, 22, 10, tzinfo=BERLIN)), now=NOW)
    assert file_line("mentoring.ics", "", paused).endswith("every week, until 22 Dec 2026")


def test_a_cancellation_and_other_files() -> None:
    cancel = build_cancel(_series(sequence=2), now=NOW)
    assert file_line("mentoring.ics", "", cancel).endswith("Europe/Berlin, cancelled")
    assert file_line("notes.txt", "Notes", b"hello") == "📎 Notes"
    assert file_line("broken.ics", "Broken", b"not a calendar") == "📎 Broken"
