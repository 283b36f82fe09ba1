"""Scheduler services on a real database, no Slack: planning, claims, leases and answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from bot.scheduler import bookkeeping, claims, planning, plans
from bot.services import meeting_dates, refusals
from bot.services.meetings import endings, prepared_questions, pulse, rhythm
from storage.engine import Database
from storage.models import Delivery, Pair, Person
from storage.repositories import deliveries as deliveries_repo
from tests.scheduler.helpers import add_person, make_pair

TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _rows(db: Database) -> list[Delivery]:
    with db.begin() as session:
        return list(session.exec(select(Delivery).order_by(Delivery.id)))


def _person(db: Database, user: str) -> Person:
    with db.begin() as session:
        return session.exec(select(Person).where(Person.slack_user_id == user)).one()


def test_planning_a_meeting_in_both_zones(db: Database) -> None:
    pair = make_pair(db, TUESDAY, mentee_tz="Asia/Kolkata", mentor_tz="Europe/London")
    with db.begin() as session:
        day = meeting_dates.plan_meeting(session, session.get(Pair, pair.id), TUESDAY)  # type: ignore[arg-type]
    assert day == date(2026, 12, 3)
    rows = {(r.kind, r.person_id): r.due_at for r in _rows(db)}
    assert rows == {
        ("meeting_prompt", None): datetime(2026, 12, 3, 8, tzinfo=UTC),  # shared hours start
        ("prepare", pair.mentee_id): datetime(2026, 12, 2, 2, 30, tzinfo=UTC),
        ("checkin", pair.mentor_id): datetime(2026, 12, 4, 8, tzinfo=UTC),
        ("checkin", pair.mentee_id): datetime(2026, 12, 4, 2, 30, tzinfo=UTC),
    }


def test_planning_twice_creates_nothing_new(db: Database) -> None:
    make_pair(db, TUESDAY)
    for _ in range(3):
        with db.begin() as session:
            planning.plan_batch(session, kind="meeting_prompt", now=TUESDAY, limit=10)
            planning.plan_batch(session, kind="pulse", now=TUESDAY, limit=10)
    assert sorted(r.kind for r in _rows(db)) == [
        "checkin",
        "checkin",
        "meeting_prompt",
        "prepare",
        "pulse",
        "pulse",
    ]


def test_a_claim_holds_until_its_lease_runs_out(db: Database) -> None:
    make_pair(db, TUESDAY)
    with db.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=TUESDAY, limit=10)
    wednesday = datetime(2026, 12, 2, 9, tzinfo=UTC)
    with db.begin() as session:
        first = claims.claim_due(session, now=wednesday, lease_start=wednesday, token="a", limit=10)
    with db.begin() as session:
        again = claims.claim_due(session, now=wednesday, lease_start=wednesday, token="b", limit=10)
    assert len(first) == 1 and again == []
    later = wednesday + claims.LEASE + timedelta(seconds=1)
    with db.begin() as session:
        taken = claims.claim_due(session, now=later, lease_start=later, token="b", limit=10)
    assert taken == first
    with db.begin() as session:  # the first claimer lost it and cannot mark it sent
        assert not bookkeeping.finish_sent(
            session, delivery_id=first[0], token="a", channel_id="D", message_ts="1", now=later
        )
        assert bookkeeping.finish_sent(
            session, delivery_id=first[0], token="b", channel_id="D", message_ts="1", now=later
        )


def test_outside_working_hours_is_deferred_not_dropped(db: Database) -> None:
    pair = make_pair(db, TUESDAY, mentee_tz="America/Los_Angeles")
    mentee = _person(db, "UMENTEE")
    with db.begin() as session:
        deliveries_repo.enqueue(
            session,
            kind="gratitude",
            person=mentee,
            pair=session.get(Pair, pair.id),
            key="g",
            now=TUESDAY,
        )
        ids = claims.claim_due(session, now=TUESDAY, lease_start=TUESDAY, token="t", limit=10)
    with db.begin() as session:
        verdict = claims.begin_send(session, delivery_id=ids[0], token="t", now=TUESDAY)
    # 09:00 UTC is 01:00 in Los Angeles: wait for 08:00 there (16:00 UTC).
    assert verdict == plans.Verdict(
        "defer", "outside working hours", datetime(2026, 12, 1, 16, tzinfo=UTC)
    )
    assert _rows(db)[0].status == "pending"


def test_cadence_change_replans_and_checks_the_person(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    stranger = add_person(db, "USTRANGER", "UTC", TUESDAY)
    with db.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=TUESDAY, limit=10)
    with db.begin() as session, pytest.raises(refusals.NotYours):
        rhythm.change_cadence(
            session,
            team_id=pair.team_id,
            pair_id=pair.id or 0,
            person=stranger,
            cadence_name="monthly",
            now=TUESDAY,
        )
    mentee = _person(db, "UMENTEE")
    with db.begin() as session, pytest.raises(ValueError, match="unknown cadence"):
        rhythm.change_cadence(
            session,
            team_id=pair.team_id,
            pair_id=pair.id or 0,
            person=mentee,
            cadence_name="daily",
            now=TUESDAY,
        )
    with db.begin() as session:
        rhythm.change_cadence(
            session,
            team_id=pair.team_id,
            pair_id=pair.id or 0,
            person=mentee,
            cadence_name="monthly",
            weekday=0,
            now=TUESDAY,
        )
    assert {r.status for r in _rows(db)} == {"cancelled"}
    with db.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=TUESDAY, limit=10)
    open_prompt = [r for r in _rows(db) if r.kind == "meeting_prompt" and r.status == "pending"]
    assert [r.occurrence for r in open_prompt] == [date(2026, 12, 7)]


def test_pause_needs_a_future_date_and_end_is_idempotent(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    mentor = _person(db, "UMENTOR")
    with db.begin() as session, pytest.raises(ValueError, match="after today"):
        rhythm.pause(
            session,
            team_id=pair.team_id,
            pair_id=pair.id or 0,
            person=mentor,
            until=date(2026, 12, 1),
            now=TUESDAY,
        )
    with db.begin() as session:
        first = endings.end_pair(
            session, team_id=pair.team_id, pair_id=pair.id or 0, person=mentor, now=TUESDAY
        )
    with db.begin() as session:
        second = endings.end_pair(
            session, team_id=pair.team_id, pair_id=pair.id or 0, person=mentor, now=TUESDAY
        )
    assert first.ended_now and not second.ended_now
    with db.begin() as session, pytest.raises(ValueError, match="ended"):
        rhythm.pause(
            session,
            team_id=pair.team_id,
            pair_id=pair.id or 0,
            person=mentor,
            until=date(2026, 12, 20),
            now=TUESDAY,
        )


def test_questions_are_taken_only_while_a_nudge_is_open(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    mentee = _person(db, "UMENTEE")
    with db.begin() as session:
        assert (
            prepared_questions.take_questions(session, person=mentee, text="Q?", now=TUESDAY)
            is None
        )
        session.add(
            Delivery(
                team_id=pair.team_id,
                kind="prepare",
                pair_id=pair.id,
                person_id=mentee.id,
                due_at=TUESDAY,
                status="sent",
                sent_at=TUESDAY,
                idempotency_key="p",
                created_at=TUESDAY,
            )
        )
    with db.begin() as session:
        taken = prepared_questions.take_questions(session, person=mentee, text=" Q? ", now=TUESDAY)
        assert taken is not None and taken.text == "Q?"
    with db.begin() as session:  # answered now: the next message is not taken
        assert (
            prepared_questions.take_questions(session, person=mentee, text="more", now=TUESDAY)
            is None
        )


def test_pulse_answers_are_checked_and_kept_once(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    mentee, mentor = _person(db, "UMENTEE"), _person(db, "UMENTOR")
    with db.begin() as session:
        row = Delivery(
            team_id=pair.team_id,
            kind="pulse",
            pair_id=pair.id,
            person_id=mentee.id,
            due_at=TUESDAY,
            status="sent",
            idempotency_key="pl",
            created_at=TUESDAY,
        )
        session.add(row)
        session.flush()
        pulse_id = row.id or 0
    with db.begin() as session, pytest.raises(ValueError):
        pulse.record_pulse(
            session,
            team_id=pair.team_id,
            delivery_id=pulse_id,
            person=mentee,
            score=9,
            note="",
            now=TUESDAY,
        )
    with db.begin() as session, pytest.raises(refusals.NotYours):
        pulse.record_pulse(
            session,
            team_id=pair.team_id,
            delivery_id=pulse_id,
            person=mentor,
            score=2,
            note="",
            now=TUESDAY,
        )
    with db.begin() as session:
        low = pulse.record_pulse(
            session,
            team_id=pair.team_id,
            delivery_id=pulse_id,
            person=mentee,
            score=2,
            note="busy",
            now=TUESDAY,
        )
    with db.begin() as session:
        again = pulse.record_pulse(
            session,
            team_id=pair.team_id,
            delivery_id=pulse_id,
            person=mentee,
            score=5,
            note="",
            now=TUESDAY,
        )
    assert low.low and again.answer.id == low.answer.id and again.answer.score == 2


def test_rows_planned_for_an_old_weekday_are_replanned(db: Database) -> None:
    pair = make_pair(db, TUESDAY, weekday=3)  # Thursday 3 December
    with db.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=TUESDAY, limit=10)
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.meeting_weekday = 4  # changed by someone who did not call replan_meetings
        session.add(stored)
    wednesday = datetime(2026, 12, 2, 9, tzinfo=UTC)
    with db.begin() as session:
        ids = claims.claim_due(session, now=wednesday, lease_start=wednesday, token="t", limit=9)
        verdict = claims.begin_send(session, delivery_id=ids[0], token="t", now=wednesday)
    assert verdict == plans.Verdict("skip", "meeting day changed")
    assert {r.status for r in _rows(db)} == {"cancelled"}
    with db.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=wednesday, limit=10)
    fresh = [r for r in _rows(db) if r.status == "pending" and r.kind == "meeting_prompt"]
    assert [r.occurrence for r in fresh] == [date(2026, 12, 4)]
