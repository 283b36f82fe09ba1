"""Agreeing a pair's meeting time: slots, the first pick, a change, a pick that lost the race,
and the series the invites carry; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import Session

from bot.clock import local
from bot.services.calendar import agreement
from bot.services.calendar.invites import build_invite
from bot.services.meetings.pair_access import pair_view
from bot.services.refusals import NotYours
from storage.engine import Database
from storage.models import Goal, MeetingTime, Pair, Person
from storage.repositories import meeting_times as repo
from storage.repositories import people as people_repo
from tests.services.matching_fixtures import NOW, TEAM, person


def _pair(
    db: Database,
    mentee_tz: str = "America/Los_Angeles",
    mentor_tz: str = "Pacific/Auckland",
    kind: str = "mentoring",
) -> int:
    with db.begin() as session:
        mentee = person(session, "UANA", tz=mentee_tz)
        mentee.display_name = "Ana <&>"
        mentor = person(session, "UBO", tz=mentor_tz)
        mentor.display_name = "Bo"
        row = Pair(
            team_id=TEAM,
            mentor_id=mentor.id or 0,
            mentee_id=mentee.id or 0,
            cadence="biweekly",
            meeting_weekday=1,
            started_at=NOW,
            kind=kind,
        )
        session.add_all([mentee, mentor, row])
        session.flush()
        session.add(
            Goal(
                team_id=TEAM,
                person_id=mentee.id or 0,
                text="Ship the Go service",
                created_at=NOW,
            )
        )
        return row.id or 0


def _pick(
    session: Session, pair_id: int, who: Person, start: datetime, sequence: int
) -> agreement.Picked:
    return agreement.pick(
        session,
        team_id=TEAM,
        pair_id=pair_id,
        person=who,
        start=start,
        expected_sequence=sequence,
        now=NOW,
    )


def _who(session: Session, slack_id: str) -> Person:
    found = people_repo.get_person(session, team_id=TEAM, slack_user_id=slack_id)
    assert found is not None
    return found


def test_the_offer_is_three_future_slots_on_the_next_meeting_day(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)
    with db.begin() as session:
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UANA"))
        offer = agreement.offer(session, view, now=NOW)
    assert offer.sequence == -1 and len(offer.slots) == 3
    for slot in offer.slots:
        assert local(slot.start, "America/Los_Angeles").date() == offer.day
        assert slot.in_working_hours("America/Los_Angeles")
        assert slot.in_working_hours("Pacific/Auckland")


def test_the_first_pick_wins_and_the_other_is_told_the_time_that_holds(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)
    with db.begin() as session:
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UANA"))
        first, second = agreement.offer(session, view, now=NOW).slots[:2]
    with db.begin() as session:
        won = _pick(session, pair_id, _who(session, "UBO"), first.start, -1)
    assert won.kind == "agreed" and won.outside_hours_of == ()
    with db.begin() as session:
        lost = _pick(session, pair_id, _who(session, "UANA"), second.start, -1)
    assert lost.kind == "taken" and lost.time is not None and lost.time.first_start == first.start
    with db.begin() as session:
        held = repo.of_pair(session, pair_id=pair_id)
        assert held is not None and held.tz == "Pacific/Auckland" and held.sequence == 0


def test_a_second_insert_of_a_first_time_loses_on_the_unique_pair(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)

    def row(organiser: str) -> MeetingTime:
        with db.begin() as session:
            who = _who(session, organiser)
        return MeetingTime(
            team_id=TEAM,
            pair_id=pair_id,
            organiser_id=who.id or 0,
            tz="UTC",
            first_start=NOW + timedelta(days=1),
            agreed_at=NOW,
            updated_at=NOW,
        )

    with db.begin() as session:
        assert repo.add_first(session, row=row("UANA"))
    with db.begin() as session:
        assert not repo.add_first(session, row=row("UBO"))
        assert repo.of_pair(session, pair_id=pair_id) is not None  # the session is still usable


def test_a_change_raises_the_sequence_and_a_stale_one_is_refused(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)
    with db.begin() as session:
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UANA"))
        slots = agreement.offer(session, view, now=NOW).slots
        _pick(session, pair_id, _who(session, "UANA"), slots[0].start, -1)
    with db.begin() as session:
        changed = _pick(session, pair_id, _who(session, "UBO"), slots[2].start, 0)
        assert changed.kind == "changed" and changed.time is not None and changed.time.sequence == 1
    with db.begin() as session:
        stale = _pick(session, pair_id, _who(session, "UANA"), slots[1].start, 0)
        assert (
            stale.kind == "taken"
            and stale.time is not None
            and stale.time.first_start == slots[2].start
        )


def test_a_time_outside_someones_hours_is_allowed_and_named(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)
    late = NOW.replace(hour=4) + timedelta(days=7)  # 20:00 in Los Angeles, 17:00 in Auckland
    with db.begin() as session:
        ana = _who(session, "UANA")
        picked = _pick(session, pair_id, ana, late, -1)
        assert picked.kind == "agreed" and picked.outside_hours_of == (ana.id,)


def test_the_weekday_follows_the_agreed_time_in_the_mentees_calendar(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)
    thursday = NOW + timedelta(days=(3 - NOW.weekday()) % 7 + 7)
    start = thursday.replace(hour=19)  # 11:00 in Los Angeles, Thursday
    with db.begin() as session:
        _pick(session, pair_id, _who(session, "UANA"), start, -1)
    with db.begin() as session:
        pair = session.get(Pair, pair_id)
        assert pair is not None and pair.meeting_weekday == 3


def test_someone_outside_the_pair_cannot_pick(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)
    with db.begin() as session, pytest.raises(NotYours):
        _pick(session, pair_id, person(session, "UED"), NOW + timedelta(days=2), -1)


def test_the_series_carries_the_goals_the_people_and_the_organisers_zone(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db)
    with db.begin() as session:
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UBO"))
        slot = agreement.offer(session, view, now=NOW).slots[0]
        picked = _pick(session, pair_id, _who(session, "UBO"), slot.start, -1)
        assert picked.time is not None
        series = agreement.series_of(
            session, view, picked.time, group_url="https://slack.com/app_redirect?channel=G1"
        )
    (event,) = Calendar.from_ical(build_invite(series, now=NOW)).walk("VEVENT")
    assert event["DTSTART"].params["TZID"] == "Pacific/Auckland"
    assert event.decoded("DTSTART") == slot.start
    assert "Ship the Go service" in str(event["DESCRIPTION"])
    assert sorted(str(a.params["CN"]) for a in event["ATTENDEE"]) == ["Ana <&>", "Bo"]
    assert str(event["ORGANIZER"]) == f"urn:x-slack:{TEAM}:UBO"


def test_a_peer_pairs_series_names_no_mentor_and_carries_both_peoples_goals(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    pair_id = _pair(db, kind="peer")
    with db.begin() as session:
        bo = _who(session, "UBO")
        session.add(Goal(team_id=TEAM, person_id=bo.id or 0, text="Learn SQL", created_at=NOW))
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=bo)
        slot = agreement.offer(session, view, now=NOW).slots[0]
        picked = _pick(session, pair_id, bo, slot.start, -1)
        assert picked.time is not None
        series = agreement.series_of(session, view, picked.time, group_url="https://x.test/G1")
    (event,) = Calendar.from_ical(build_invite(series, now=NOW)).walk("VEVENT")
    text = f"{event['SUMMARY']}\n{event['DESCRIPTION']}"
    assert "Ship the Go service" in text and "Learn SQL" in text
    assert "(mentor)" not in text and "mentee" not in text.lower()


def test_ending_the_pair_cancels_its_series_and_a_new_cadence_moves_it(
    sqlite_or_postgres: Database,
) -> None:
    from bot.services.meetings import endings, rhythm

    db = sqlite_or_postgres
    pair_id = _pair(db)
    with db.begin() as session:
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UANA"))
        slot = agreement.offer(session, view, now=NOW).slots[0]
        _pick(session, pair_id, _who(session, "UANA"), slot.start, -1)
    with db.begin() as session:
        rhythm.change_cadence(
            session,
            team_id=TEAM,
            pair_id=pair_id,
            person=_who(session, "UBO"),
            cadence_name="weekly",
            weekday=3,
            now=NOW,
        )
        view = pair_view(session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UBO"))
        moved = agreement.follow_cadence(session, view, now=NOW)
        assert moved is not None and moved.sequence == 1 and moved.cadence == "weekly"
        assert local(moved.first_start, "America/Los_Angeles").weekday() == 3
        assert (
            local(moved.first_start, "America/Los_Angeles").time()
            == local(slot.start, "America/Los_Angeles").time()
        )
        assert agreement.follow_cadence(session, view, now=NOW) is None  # nothing changed twice
    with db.begin() as session:
        endings.end_pair(
            session, team_id=TEAM, pair_id=pair_id, person=_who(session, "UANA"), now=NOW
        )
    with db.begin() as session:
        ended = repo.of_pair(session, pair_id=pair_id)
        assert ended is not None and ended.status == "cancelled" and ended.sequence == 2
