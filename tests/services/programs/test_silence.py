"""The silence rule: 60 days without a sign of life bring a kind nudge, 7 more end the pair
gracefully, and any sign of life in between cancels the ending. Also where life is stamped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bot.services import prompt_answers
from bot.services.meetings import checkins, gratitude, pulse
from bot.services.programs import activity, silence
from storage.engine import Database
from storage.models import Delivery, Pair, Person, ReminderPreference
from storage.models.deliveries import EVERY_KIND, PROGRAM_QUIET, PULSE
from tests.services.programs.term_fixtures import new_program, program_pair

STARTED = datetime(2026, 12, 3, 9, tzinfo=UTC)  # a Thursday: days 60, 62 and 67 are weekdays


def day(n: int, hour: int = 9) -> datetime:
    return STARTED.replace(hour=hour) + timedelta(days=n)


def _quiet_pair(db: Database) -> Pair:
    program = new_program(db, status="running")
    return program_pair(db, program, started=STARTED)


def _tend(db: Database, now: datetime) -> silence.Tended:
    with db.begin() as session:
        return silence.tend_quiet_pairs(session, now=now)


def _nudges(db: Database) -> list[Delivery]:
    with db.begin() as session:
        statement = select(Delivery).where(col(Delivery.kind) == PROGRAM_QUIET)
        return list(session.exec(statement.order_by(col(Delivery.id))))


def _land_nudges(db: Database, at: datetime) -> None:
    """The pass sent the nudges (what the pipeline does, without Slack)."""
    with db.begin() as session:
        for row in session.exec(select(Delivery).where(col(Delivery.kind) == PROGRAM_QUIET)):
            if row.status == "pending":
                row.status, row.sent_at = "sent", at
                session.add(row)


def _pair(db: Database, pair: Pair) -> Pair:
    with db.begin() as session:
        found = session.get(Pair, pair.id)
        assert found is not None
        return found


def test_nudge_on_day_60_and_a_graceful_end_on_day_67(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    pair = _quiet_pair(db)
    assert _tend(db, day(59, 23)).nudged == 0
    assert _tend(db, day(60)).nudged == 2
    nudges = _nudges(db)
    assert {row.person_id for row in nudges} == {pair.mentor_id, pair.mentee_id}
    assert {row.program_id for row in nudges} == {pair.program_id}
    assert _tend(db, day(60, 10)).nudged == 0  # once
    _land_nudges(db, day(60))
    assert _tend(db, day(66, 17)).ended == []
    assert _pair(db, pair).status == "active"
    tended = _tend(db, day(67))
    assert [view.pair.id for view in tended.ended] == [pair.id]
    ended = _pair(db, pair)
    assert ended.status == "ended" and ended.ended_by_id is None and ended.ended_at == day(67)
    assert _tend(db, day(68)).ended == []  # ended once


def test_activity_on_day_62_cancels_the_ending(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    pair = _quiet_pair(db)
    _tend(db, day(60))
    _land_nudges(db, day(60))
    with db.begin() as session:
        activity.showed_life(session, pair_id=pair.id or 0, now=day(62))
    tended = _tend(db, day(67))
    assert tended.ended == [] and tended.nudged == 0
    assert _pair(db, pair).status == "active"
    assert _tend(db, day(62 + 59)).nudged == 0
    assert _tend(db, day(62 + 60)).nudged == 2  # a new silence, a new nudge


def test_life_before_the_nudge_goes_out_cancels_it(db: Database) -> None:
    pair = _quiet_pair(db)
    _tend(db, day(60))
    with db.begin() as session:
        activity.showed_life(session, pair_id=pair.id or 0, now=day(60, 10))
    assert {row.status for row in _nudges(db)} == {"cancelled"}
    assert _tend(db, day(70)).ended == []


def test_the_seven_days_start_when_the_nudge_lands(db: Database) -> None:
    """A snooze holds the nudge back; the ending waits for it to land, then 7 days."""
    pair = _quiet_pair(db)
    _tend(db, day(60))
    assert _tend(db, day(67)).ended == []  # still pending (snoozed, say)
    _land_nudges(db, day(63))
    assert _tend(db, day(69)).ended == []
    assert [v.pair.id for v in _tend(db, day(70)).ended] == [pair.id]


def test_the_ending_waits_for_working_hours(db: Database) -> None:
    _quiet_pair(db)
    _tend(db, day(60))
    _land_nudges(db, day(60, 12))
    assert _tend(db, day(67, 19)).ended == []  # 7 days on, but 19:00 in London
    assert len(_tend(db, day(68, 8)).ended) == 1


def test_only_running_programs_and_their_active_pairs_are_watched(db: Database) -> None:
    closed = new_program(db, name="Old", status="closed")
    program_pair(db, closed, started=STARTED)
    running = new_program(db, name="Now", status="running")
    paused = program_pair(db, running, started=STARTED, mentor="UM2", mentee="UE2")
    with db.begin() as session:
        stored = session.get(Pair, paused.id)
        assert stored is not None
        stored.status = "paused"
        session.add(stored)
    assert _tend(db, day(61)).nudged == 0


def test_we_are_fine_keeps_the_pair(db: Database) -> None:
    pair = _quiet_pair(db)
    _tend(db, day(60))
    _land_nudges(db, day(60))
    nudge = next(row for row in _nudges(db) if row.person_id == pair.mentor_id)
    with db.begin() as session:
        mentor = session.get(Person, pair.mentor_id)
        assert mentor is not None
        silence.all_is_well(
            session, team_id=pair.team_id, delivery_id=nudge.id or 0, person=mentor, now=day(61)
        )
    assert _pair(db, pair).last_activity_at == day(61)
    assert _tend(db, day(67)).ended == []


def test_signs_of_life_are_stamped(db: Database) -> None:
    pair = _quiet_pair(db)
    with db.begin() as session:
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        checkins.record_checkin(
            session, team_id=pair.team_id, pair_id=pair.id or 0, person=mentee,
            outcome="met", usefulness=4, now=day(1),
        )  # fmt: skip
    assert _pair(db, pair).last_activity_at == day(1)
    with db.begin() as session:
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        gratitude.thanks_sent(
            session, team_id=pair.team_id, pair_id=pair.id or 0, person=mentee, now=day(2)
        )
    assert _pair(db, pair).last_activity_at == day(2)
    with db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.group_channel_id = "G0PAIR"
        session.add(stored)
        mentor = session.get(Person, pair.mentor_id)
        assert mentor is not None
        prompt_answers.message_in_group_dm(
            session, team_id=pair.team_id, channel_id="G0PAIR",
            user_id=mentor.slack_user_id, now=day(3),
        )  # fmt: skip
    assert _pair(db, pair).last_activity_at == day(3)
    with db.begin() as session:
        row = Delivery(
            team_id=pair.team_id, kind=PULSE, pair_id=pair.id, person_id=pair.mentee_id,
            due_at=day(4), status="sent", sent_at=day(4), idempotency_key="pulse-x",
            created_at=day(4),
        )  # fmt: skip
        session.add(row)
        session.flush()
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        pulse.record_pulse(
            session, team_id=pair.team_id, delivery_id=row.id or 0, person=mentee,
            score=4, note="", now=day(4, 10),
        )  # fmt: skip
    assert _pair(db, pair).last_activity_at == day(4, 10)
    with db.begin() as session:  # never backwards
        activity.showed_life(session, pair_id=pair.id or 0, now=day(1))
    assert _pair(db, pair).last_activity_at == day(4, 10)


def test_a_snoozed_person_still_holds_the_ending_back(db: Database) -> None:
    """The preference is the scheduler's to keep; here the nudge just stays pending."""
    pair = _quiet_pair(db)
    with db.begin() as session:
        session.add(
            ReminderPreference(
                team_id=pair.team_id, person_id=pair.mentee_id, kind=EVERY_KIND,
                snoozed_until=day(75), updated_at=day(59),
            )
        )  # fmt: skip
    _tend(db, day(60))
    assert _tend(db, day(74)).ended == []
