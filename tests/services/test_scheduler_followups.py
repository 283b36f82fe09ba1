"""Services of the scheduler follow-ups, no Slack: early resume, local-date resume, undoing a
stop, lifting a Slack stop, check-in tokens, the next match after an end, expiry data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.scheduler import planning
from bot.services import refusals
from bot.services.meetings import checkins, endings, reminders, rhythm
from storage.engine import Database
from storage.models import Delivery, IntroRequest, Meeting, Pair, Person, Reflection, SkillGap
from storage.repositories import deliveries as repo
from tests.scheduler.helpers import TEAM, add_person, make_pair, save_mentor_profile

TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _get(session: Session, user: str) -> Person:
    return session.exec(select(Person).where(Person.slack_user_id == user)).one()


def _paused(db: Database, **kw: str) -> Pair:
    pair = make_pair(db, TUESDAY, **kw)  # type: ignore[arg-type]
    with db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.status, stored.paused_until = "paused", date(2026, 12, 21)
        session.add(stored)
    return pair


@pytest.mark.parametrize(("mentee_tz", "resumed"), [("Pacific/Auckland", 1), ("Europe/London", 0)])
def test_a_pause_ends_on_the_mentees_local_date(db: Database, mentee_tz: str, resumed: int) -> None:
    _paused(db, mentee_tz=mentee_tz)
    # 12:00 UTC on the 20th is already the 21st in Auckland, still the 20th in London.
    with db.begin() as session:
        assert planning.resume_paused_pairs(
            session, now=datetime(2026, 12, 20, 12, tzinfo=UTC)
        ) == (resumed)
    with db.begin() as session:
        assert session.exec(select(Pair)).one().status == ("active" if resumed else "paused")


def test_resume_early_replans_and_is_idempotent(db: Database) -> None:
    pair = _paused(db)
    now = datetime(2026, 12, 7, 10, tzinfo=UTC)
    with db.begin() as session:
        mentee = _get(session, "UMENTEE")
        first = rhythm.resume(session, team_id=TEAM, pair_id=pair.id or 0, person=mentee, now=now)
        assert first.resumed_now and first.next_meeting == date(2026, 12, 10)
        again = rhythm.resume(session, team_id=TEAM, pair_id=pair.id or 0, person=mentee, now=now)
        assert not again.resumed_now
        kinds = sorted(d.kind for d in session.exec(select(Delivery)))
    assert kinds == ["checkin", "checkin", "meeting_prompt", "prepare", "pulse", "pulse"]
    with db.begin() as session:  # the pass plans nothing twice
        assert planning.plan_batch(session, kind="meeting_prompt", now=now, limit=10) == 0
        assert planning.plan_batch(session, kind="pulse", now=now, limit=10) == 0


def test_resume_checks_the_person_and_an_ended_pair(db: Database) -> None:
    pair = _paused(db)
    add_person(db, "UOTHER", "UTC", TUESDAY)
    with db.begin() as session:
        with pytest.raises(refusals.NotYours):
            rhythm.resume(
                session,
                team_id=TEAM,
                pair_id=pair.id or 0,
                person=_get(session, "UOTHER"),
                now=TUESDAY,
            )
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.status = "ended"
        session.add(stored)
        with pytest.raises(ValueError, match="ended"):
            rhythm.resume(
                session,
                team_id=TEAM,
                pair_id=pair.id or 0,
                person=_get(session, "UMENTEE"),
                now=TUESDAY,
            )


def _sent_delivery(session: Session, pair: Pair, person: Person, kind: str) -> Delivery:
    row = Delivery(
        team_id=TEAM,
        kind=kind,
        pair_id=pair.id,
        person_id=person.id,
        due_at=TUESDAY,
        status="sent",
        idempotency_key=f"{kind}:{person.id}",
        created_at=TUESDAY,
    )
    session.add(row)
    session.flush()
    return row


def test_stop_then_turn_back_on(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    add_person(db, "UOTHER", "UTC", TUESDAY)
    with db.begin() as session:
        mentee = _get(session, "UMENTEE")
        row = _sent_delivery(session, pair, mentee, "checkin")
        stopped = reminders.stop(
            session, team_id=TEAM, delivery_id=row.id or 0, person=mentee, now=TUESDAY
        )
        assert stopped.label == "check-ins"
        assert [q.kind for q in reminders.quiet_kinds(session, person=mentee, now=TUESDAY)] == [
            "checkin"
        ]
        with pytest.raises(refusals.NotYours):
            reminders.turn_back_on(
                session,
                team_id=TEAM,
                preference_id=stopped.preference_id,
                person=_get(session, "UOTHER"),
                now=TUESDAY,
            )
        for _ in range(2):  # a double click changes nothing the second time
            label = reminders.turn_back_on(
                session,
                team_id=TEAM,
                preference_id=stopped.preference_id,
                person=mentee,
                now=TUESDAY,
            )
            assert label == "check-ins"
        assert reminders.quiet_kinds(session, person=mentee, now=TUESDAY) == []
        assert not repo.preferences(session, person_id=mentee.id or 0)["checkin"].stopped


def test_a_snooze_that_ran_out_is_not_listed(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    with db.begin() as session:
        mentee = _get(session, "UMENTEE")
        row = _sent_delivery(session, pair, mentee, "pulse")
        until = reminders.snooze(
            session, team_id=TEAM, delivery_id=row.id or 0, person=mentee, now=TUESDAY
        ).until
        (quiet,) = reminders.quiet_kinds(session, person=mentee, now=TUESDAY)
        assert (quiet.label, quiet.stopped, quiet.snoozed_until) == (
            "pulse questions",
            False,
            until,
        )
        assert reminders.quiet_kinds(session, person=mentee, now=until + timedelta(minutes=1)) == []


def test_a_slack_stop_is_lifted_by_slack_only(db: Database) -> None:
    make_pair(db, TUESDAY)
    with db.begin() as session:
        mentee = _get(session, "UMENTEE")
        pref = repo.preference(
            session, team_id=TEAM, person_id=mentee.id or 0, kind="*", now=TUESDAY
        )
        pref.stopped, pref.reason = True, "slack:account_inactive"
        session.add(pref)
        assert reminders.quiet_kinds(session, person=mentee, now=TUESDAY) == []
        with pytest.raises(ValueError, match="Slack"):
            reminders.turn_back_on(
                session, team_id=TEAM, preference_id=pref.id or 0, person=mentee, now=TUESDAY
            )
        mentee.dm_channel_id = "DGONE"
        assert repo.lift_slack_stop(session, person=mentee, now=TUESDAY)
        assert not pref.stopped and mentee.dm_channel_id is None
        assert not repo.lift_slack_stop(session, person=mentee, now=TUESDAY)
        pref.stopped, pref.reason = True, "asked"  # the person's own stop stays
        session.add(pref)
        assert not repo.lift_slack_stop(session, person=mentee, now=TUESDAY)
        assert pref.stopped


def test_a_checkin_token_stores_one_meeting(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    with db.begin() as session:
        mentee, mentor = _get(session, "UMENTEE"), _get(session, "UMENTOR")
        kw = {"team_id": TEAM, "pair_id": pair.id or 0, "outcome": "met", "now": TUESDAY}
        first = checkins.record_checkin(session, person=mentee, token="t1", **kw)  # type: ignore[arg-type]
        second = checkins.record_checkin(session, person=mentee, token="t1", **kw)  # type: ignore[arg-type]
        assert first.created and not second.created and second.meeting.id == first.meeting.id
        with pytest.raises(refusals.NotYours):  # someone else's token is not theirs to replay
            checkins.record_checkin(session, person=mentor, token="t1", **kw)  # type: ignore[arg-type]
        checkins.record_checkin(session, person=mentee, token="t2", **kw)  # type: ignore[arg-type]
        assert len(session.exec(select(Meeting)).all()) == 2


def _mentor(session: Session, user: str) -> Person:
    person = session.exec(select(Person).where(Person.slack_user_id == user)).first()
    if person is None:
        person = Person(team_id=TEAM, slack_user_id=user, tz="UTC", created_at=TUESDAY)
        session.add(person)
        session.flush()
    save_mentor_profile(session, person, ["Python"], TUESDAY)
    return person


def _wants_python(session: Session, mentee: Person) -> None:
    reflection = Reflection(
        team_id=TEAM, person_id=mentee.id or 0, step="done", started_at=TUESDAY, updated_at=TUESDAY
    )
    session.add(reflection)
    session.flush()
    session.add(
        SkillGap(
            team_id=TEAM,
            reflection_id=reflection.id or 0,
            person_id=mentee.id or 0,
            skill_key="python",
            created_at=TUESDAY,
        )
    )


def test_next_match_after_end_skips_the_mentor_just_left(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    with db.begin() as session:
        mentee = _get(session, "UMENTEE")
        _wants_python(session, mentee)
        _mentor(session, "UMENTOR")
        ending = endings.end_pair(
            session, team_id=TEAM, pair_id=pair.id or 0, person=mentee, now=TUESDAY
        )
        assert endings.next_match_after_end(session, view=ending.view, now=TUESDAY) is None
        nxt = _mentor(session, "UNEXT")
        found = endings.next_match_after_end(session, view=ending.view, now=TUESDAY)
        assert found is not None and (found.mentor_id, found.mentor_user) == (nxt.id, "UNEXT")
        assert found.search_id > 0 and found.reason


def test_expiry_reports_where_the_mentors_copy_is(db: Database) -> None:
    pair = make_pair(db, TUESDAY)
    with db.begin() as session:
        for ts in ("111.1", None):
            session.add(
                IntroRequest(
                    team_id=TEAM,
                    mentee_id=pair.mentee_id,
                    mentor_id=pair.mentor_id,
                    status="open",
                    created_at=TUESDAY - timedelta(days=8),
                    expires_at=TUESDAY - timedelta(days=1),
                    mentor_channel_id="DMENTOR" if ts else None,
                    mentor_message_ts=ts,
                )
            )
    with db.begin() as session:
        expired = planning.expire_intro_requests(session, now=TUESDAY, limit=10)
    assert sorted(
        (e.mentee_user, e.mentor_channel_id or "", e.mentor_message_ts or "") for e in expired
    ) == [
        ("UMENTEE", "", ""),
        ("UMENTEE", "DMENTOR", "111.1"),
    ]
    with db.begin() as session:
        assert planning.expire_intro_requests(session, now=TUESDAY, limit=10) == []
