"""Regressions for the scheduler review: a mentor's several pairs, skill watches, the
digest's send window, cadence changes after a meeting, and late check-in answers."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from bot.playground.harness import Harness
from storage.models import Delivery, Pair
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo
from tests.scheduler.helpers import add_person, posted

# Tuesday 1 December 2026: every new pair meets on Tuesday by default.
MON = datetime(2026, 11, 30, 9, tzinfo=UTC)
TUE, WED, THU = (datetime(2026, 12, d, 9, tzinfo=UTC) for d in (1, 2, 3))


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
