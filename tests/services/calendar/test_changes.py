"""Changes reaching an agreed series: a pause ends it (UNTIL, or a cancel before its first
meeting), a resume starts it again on the scheduler's next meeting day, and one occurrence is
skipped (EXDATE) or moved (RECURRENCE-ID); the files parsed back and expanded with
recurring_ical_events show no meeting inside the pause. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar

from bot.clock import zone
from bot.services.calendar import agreement, changes
from bot.services.calendar.invites import build_cancel, build_invite
from bot.services.meetings import rhythm
from bot.services.meetings.pair_access import PairView, pair_view
from storage.engine import Database
from storage.models import MeetingTime
from storage.repositories import meeting_times as repo
from tests.services.calendar.test_agreement import _pair, _pick, _who
from tests.services.matching_fixtures import NOW, TEAM

LA = zone("America/Los_Angeles")
FIRST = datetime(2026, 12, 8, 10, 0, tzinfo=LA)  # a Tuesday, every two weeks
PAUSED_AT = datetime(2027, 1, 12, 12, 0, tzinfo=UTC)  # after Dec 8, Dec 22 and Jan 5
RESUMED_AT = datetime(2027, 2, 10, 17, 0, tzinfo=UTC)  # a Wednesday


def _agreed(db: Database) -> int:
    pair_id = _pair(db)
    with db.begin() as session:
        assert _pick(session, pair_id, _who(session, "UANA"), FIRST, -1).kind == "agreed"
    return pair_id


def _view(db: Database, pair_id: int) -> PairView:
    with db.begin() as session:
        return pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UANA"))


def _file(db: Database, pair_id: int, now: datetime) -> bytes:
    with db.begin() as session:
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UANA"))
        time = agreement.time_of(session, pair_id=pair_id)
        assert time is not None
        series = agreement.series_of(session, view, time, group_url="")
        if time.status == "paused" and time.until is None:
            return build_cancel(series, now=now)
        return build_invite(series, now=now)


def _starts(ics: bytes, since: datetime, until: datetime) -> list[datetime]:
    calendar = Calendar.from_ical(ics)
    events = recurring_ical_events.of(calendar).between(since, until)
    return sorted(e.decoded("DTSTART").astimezone(UTC) for e in events)


def _time(db: Database, pair_id: int) -> MeetingTime:
    with db.begin() as session:
        time = agreement.time_of(session, pair_id=pair_id)
        assert time is not None
        return time


def _pause(db: Database, pair_id: int, now: datetime, until: date) -> rhythm.Paused:
    with db.begin() as session:
        who = _who(session, "UBO")
        return rhythm.pause(
            session, team_id=TEAM, pair_id=pair_id, person=who, until=until, now=now
        )


def _resume(db: Database, pair_id: int, now: datetime) -> rhythm.Resumed:
    with db.begin() as session:
        who = _who(session, "UANA")
        return rhythm.resume(session, team_id=TEAM, pair_id=pair_id, person=who, now=now)


def test_a_pause_ends_the_series_and_a_resume_starts_it_again(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _agreed(db)
    assert _pause(db, pair_id, PAUSED_AT, date(2027, 2, 20)).calendar_changed
    paused = _file(db, pair_id, PAUSED_AT)
    (event,) = Calendar.from_ical(paused).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 1 and str(Calendar.from_ical(paused)["METHOD"]) == "REQUEST"
    assert event["RRULE"]["UNTIL"][0] == datetime(2027, 1, 5, 18, 0, tzinfo=UTC)
    end = datetime(2027, 6, 1, tzinfo=UTC)
    kept = _starts(paused, NOW, end)
    assert [s.date() for s in kept] == [date(2026, 12, 8), date(2026, 12, 22), date(2027, 1, 5)]
    assert not _pause(db, pair_id, PAUSED_AT, date(2027, 2, 24)).calendar_changed  # once

    resumed = _resume(db, pair_id, RESUMED_AT)
    assert resumed.calendar_changed and resumed.next_meeting == date(2027, 2, 16)
    again = _file(db, pair_id, RESUMED_AT)
    (event,) = Calendar.from_ical(again).walk("VEVENT")
    assert int(event["SEQUENCE"]) == 2 and "UNTIL" not in event["RRULE"]
    assert event.decoded("DTSTART") == datetime(2027, 2, 16, 10, 0, tzinfo=LA)
    assert str(event["UID"]) == str(Calendar.from_ical(paused).walk("VEVENT")[0]["UID"])
    after = _starts(again, NOW, end)
    assert after[0] == datetime(2027, 2, 16, 18, 0, tzinfo=UTC)
    assert all(s.astimezone(LA).hour == 10 for s in after)  # across the March DST change
    inside = [s for s in kept + after if PAUSED_AT <= s <= RESUMED_AT]
    assert inside == []
    assert not _resume(db, pair_id, RESUMED_AT).calendar_changed


def test_a_pause_before_the_first_meeting_cancels_and_a_resume_brings_it_back(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _agreed(db)
    assert _pause(db, pair_id, NOW + timedelta(hours=1), date(2026, 12, 20)).calendar_changed
    cancel = Calendar.from_ical(_file(db, pair_id, NOW))
    assert str(cancel["METHOD"]) == "CANCEL"
    assert int(cancel.walk("VEVENT")[0]["SEQUENCE"]) == 1
    resumed = _resume(db, pair_id, NOW + timedelta(days=2))
    assert resumed.calendar_changed
    back = _file(db, pair_id, NOW)
    assert _starts(back, NOW, NOW + timedelta(days=20))[0].date() == date(2026, 12, 8)
    assert _time(db, pair_id).sequence == 2


def test_a_skip_and_a_move_change_one_occurrence_each(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    pair_id = _agreed(db)
    view = _view(db, pair_id)
    second, third = FIRST + timedelta(weeks=2), FIRST + timedelta(weeks=4)
    moved_to = datetime(2027, 1, 6, 9, 0, tzinfo=LA)
    with db.begin() as session:
        skip = changes.change_occurrence(
            session, view, original=second, new_start=None, person_id=1, now=NOW
        )
        move = changes.change_occurrence(
            session, view, original=third, new_start=moved_to, person_id=1, now=NOW
        )
    assert (skip.kind, move.kind) == ("skipped", "moved")
    ics = _file(db, pair_id, NOW)
    master, override = Calendar.from_ical(ics).walk("VEVENT")
    assert int(master["SEQUENCE"]) == 2 and "EXDATE" in master
    assert override.decoded("RECURRENCE-ID") == third.astimezone(LA)
    starts = _starts(ics, NOW, NOW + timedelta(weeks=8))
    assert [s.astimezone(LA) for s in starts] == [FIRST, moved_to, FIRST + timedelta(weeks=6)]


def test_a_stale_or_repeated_change_changes_nothing(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    pair_id = _agreed(db)
    view = _view(db, pair_id)

    def change(original: datetime, now: datetime = NOW) -> str:
        with db.begin() as session:
            return changes.change_occurrence(
                session, view, original=original, new_start=None, person_id=1, now=now
            ).kind

    assert change(FIRST, now=FIRST + timedelta(minutes=1)) == "past"
    assert change(FIRST + timedelta(days=1)) == "not_on_series"
    assert change(FIRST) == "skipped"
    assert change(FIRST) == "unchanged"
    assert _time(db, pair_id).sequence == 1
    with db.begin() as session:
        assert len(repo.changes_of(session, pair_id=pair_id)) == 1
        stale = changes.change_occurrence(
            session, view, original=FIRST, new_start=None, person_id=1, now=NOW
        )
        session.rollback()
    assert stale.kind == "unchanged"
    view.pair.status = "ended"
    assert change(FIRST + timedelta(weeks=2)) == "ended"


def test_the_prompt_day_finds_its_occurrence_in_the_mentees_calendar(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _agreed(db)
    with db.begin() as session:
        found = changes.upcoming_on(
            session, pair_id=pair_id, day=date(2026, 12, 22), tz="America/Los_Angeles"
        )
        # In Auckland the same meeting is on Wednesday 23 December.
        nz = changes.upcoming_on(
            session, pair_id=pair_id, day=date(2026, 12, 23), tz="Pacific/Auckland"
        )
        none = changes.upcoming_on(
            session, pair_id=pair_id, day=date(2026, 12, 15), tz="America/Los_Angeles"
        )
    assert found == nz == FIRST + timedelta(weeks=2)
    assert none is None
