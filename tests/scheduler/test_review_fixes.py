"""Regressions for the scheduler review: a mentor's several pairs, skill watches, the
digest's send window, cadence changes after a meeting, and late check-in answers."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from bot.playground.harness import Harness
from bot.services import meetings
from storage.models import Delivery, Pair
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo
from tests.scheduler.helpers import add_person, harness_pair, posted

# Tuesday 1 December 2026: every new pair meets on Tuesday by default.
MON = datetime(2026, 11, 30, 9, tzinfo=UTC)
TUE, WED, THU, FRI = (datetime(2026, 12, d, 9, tzinfo=UTC) for d in (1, 2, 3, 4))


def two_mentees(harness: Harness, weekday: int = 1) -> list[Pair]:
    now = harness.clock.now()
    for user in ("UMENTOR", "UMENTEEA", "UMENTEEB"):
        harness.emulator.add_user(user, name=user.lower(), tz="Europe/London")
        add_person(harness.db, user, "Europe/London", now)
    pairs = []
    with harness.db.begin() as session:
        mentor = _id(session, "UMENTOR")
        for mentee in ("UMENTEEA", "UMENTEEB"):
            pairs.append(
                pairs_repo.create_pair(
                    session,
                    team_id="T0EMULATOR",
                    mentor_id=mentor,
                    mentee_id=_id(session, mentee),
                    now=now,
                    cadence="weekly",
                    meeting_weekday=weekday,
                )
            )
    return pairs


def _id(session: Session, user: str) -> int:
    person = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id=user)
    assert person is not None and person.id is not None
    return person.id


def test_a_mentor_with_two_mentees_gets_both_prompts_on_the_meeting_day(
    harness: Harness,
) -> None:
    pairs = two_mentees(harness)
    harness.tick(MON)
    harness.tick(TUE)
    prompts = [(c, d) for c, k, d in posted(harness) if k == "meeting_prompt"]
    assert len(prompts) == 2
    assert len({c for c, _ in prompts}) == 2  # each in its own pair's group DM
    with harness.db.begin() as session:
        rows = session.exec(select(Delivery).where(Delivery.kind == "meeting_prompt")).all()
        sent = {r.pair_id for r in rows if r.status == "sent" and r.occurrence == TUE.date()}
    assert sent == {p.id for p in pairs}


def test_a_new_cadence_keeps_the_check_ins_of_a_meeting_that_happened(harness: Harness) -> None:
    pair = harness_pair(harness, weekday=3)  # Thursday 3 December
    harness.tick(WED)
    harness.tick(THU)  # the prompt is out: the meeting happened today
    with harness.db.begin() as session:
        mentee = people_repo.get_person(session, team_id="T0EMULATOR", slack_user_id="UMENTEE")
        assert mentee is not None
        meetings.change_cadence(
            session,
            team_id="T0EMULATOR",
            pair_id=pair.id or 0,
            person=mentee,
            cadence_name="biweekly",
            now=THU,
        )
    harness.tick(FRI)
    checkins = [c for c, k, _ in posted(harness) if k == "checkin"]
    assert sorted(checkins) == sorted(
        harness.emulator.dm_channel_of(u) for u in ("UMENTOR", "UMENTEE")
    )
    with harness.db.begin() as session:
        upcoming = session.exec(
            select(Delivery).where(Delivery.kind == "meeting_prompt", Delivery.status == "pending")
        ).all()
    # The next meeting is planned on the new rhythm: two weeks after Thursday's.
    assert [r.occurrence for r in upcoming] == [date(2026, 12, 17)]
