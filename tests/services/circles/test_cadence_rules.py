"""The rules a circle's deliveries keep, as a unit: three unanswered check-ins count per member
and per circle (the member alone is asked), the circle's prompt goes in the hours its people
share, and what one meeting brings is planned once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from bot.scheduler import claims
from bot.scheduler.plans import SendPlan, Verdict
from bot.services import cadence
from bot.services.circles import answers, membership, rhythm
from bot.services.circles.views import CircleView
from bot.services.meetings import reminders
from storage.engine import Database
from storage.models import Circle, CircleMember, Delivery, Person, ReminderPreference
from storage.models.deliveries import (
    CIRCLE_ASK,
    CIRCLE_CHECKIN,
    CIRCLE_PREPARE,
    CIRCLE_PROMPT,
    CIRCLE_QUESTIONS,
)
from storage.repositories import deliveries as deliveries_repo
from tests.services.circles.builders import NOW, circle_of, mentor, person


def _seated(session: Session, owner: Person, *people: Person) -> CircleView:
    circle = circle_of(session, owner)
    for someone in people:
        membership.join(session, person=someone, circle_id=circle.circle_id, now=NOW)
    membership.record_channel(
        session, team_id=owner.team_id, circle_id=circle.circle_id, channel_id="G1", private=False
    )
    return circle


def _checkin(
    session: Session,
    circle_id: int,
    member: Person,
    weeks_ago: int,
    *,
    answered: bool = False,
    key: str = "",
) -> Delivery:
    when = NOW - timedelta(weeks=weeks_ago)
    key = f"{CIRCLE_CHECKIN}:{circle_id}:{weeks_ago}:{member.id}{key}"
    row = deliveries_repo.new_delivery(CIRCLE_CHECKIN, None, member, when, key, when)
    row.circle_id, row.occurrence = circle_id, when.date()
    if weeks_ago:
        row.status, row.sent_at = "sent", when
        row.answered_at = when + timedelta(hours=1) if answered else None
    session.add(row)
    session.flush()
    return row


def _decide(db: Database, ids: list[int]) -> dict[int, SendPlan | Verdict]:
    with db.begin() as session:
        claims.claim_due(session, now=NOW, lease_start=NOW, token="t", limit=100)
    decided: dict[int, SendPlan | Verdict] = {}
    for delivery_id in ids:
        with db.begin() as session:
            decided[delivery_id] = claims.begin_send(
                session, delivery_id=delivery_id, token="t", now=NOW
            )
    return decided


def test_three_unanswered_check_ins_ask_that_member_alone(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        ana, bo = person(session, "UANA"), person(session, "UBO")
        circle = _seated(session, max_, ana, bo)
        for weeks in (1, 2, 3):
            _checkin(session, circle.circle_id, ana, weeks)
            _checkin(session, circle.circle_id, bo, weeks, answered=weeks == 2)
        ana_now = _checkin(session, circle.circle_id, ana, 0).id
        bo_now = _checkin(session, circle.circle_id, bo, 0).id
        ids = {"ana": ana.id, "bo": bo.id}
    assert ana_now is not None and bo_now is not None
    decided = _decide(db, [ana_now, bo_now])
    assert isinstance(decided[ana_now], Verdict) and "three unanswered" in decided[ana_now].reason
    assert isinstance(decided[bo_now], SendPlan)
    with db.begin() as session:
        asks = session.exec(select(Delivery).where(Delivery.kind == CIRCLE_ASK)).all()
        held = session.exec(select(CircleMember).where(CircleMember.checkins_held)).all()
        assert session.exec(select(ReminderPreference)).all() == []  # the person's kinds go on
    assert [(a.person_id, a.circle_id) for a in asks] == [(ids["ana"], circle.circle_id)]
    assert [(m.person_id, m.circle_id) for m in held] == [(ids["ana"], circle.circle_id)]


def test_a_hold_in_one_circle_leaves_the_members_other_circle_going(db: Database) -> None:
    with db.begin() as session:
        max_, eve = mentor(session, "UMAX", ["python"]), mentor(session, "UEVE", ["python"])
        ana = person(session, "UANA")
        quiet, lively = _seated(session, max_, ana), _seated(session, eve, ana)
        for weeks in (1, 2, 3):
            _checkin(session, quiet.circle_id, ana, weeks)
        _checkin(session, lively.circle_id, ana, 1, answered=True)
        quiet_now = _checkin(session, quiet.circle_id, ana, 0).id
        lively_now = _checkin(session, lively.circle_id, ana, 0).id
        ana_id = ana.id
    assert quiet_now is not None and lively_now is not None
    decided = _decide(db, [quiet_now, lively_now])
    assert isinstance(decided[quiet_now], Verdict) and isinstance(decided[lively_now], SendPlan)
    with db.begin() as session:
        ask = session.exec(select(Delivery).where(Delivery.kind == CIRCLE_ASK)).one()
        ana = session.get(Person, ana_id)
        assert ana is not None and ask.id is not None and ask.circle_id == quiet.circle_id
        next_quiet = _checkin(session, quiet.circle_id, ana, 0, key="next").id
    assert next_quiet is not None
    held = _decide(db, [next_quiet])[next_quiet]
    assert isinstance(held, Verdict) and held.reason == "held until answered"
    with db.begin() as session:
        ana = session.get(Person, ana_id)
        assert ana is not None
        answers.keep(session, person=ana, delivery_id=ask.id, now=NOW)
        again = _checkin(session, quiet.circle_id, ana, 0, key="again").id
    assert again is not None
    after = _decide(db, [again])[again]
    # Past the hold and the count (which starts afresh): only today's one message stops it.
    assert isinstance(after, Verdict) and after.reason == "already messaged today"


def test_another_circles_check_ins_do_not_count(db: Database) -> None:
    with db.begin() as session:
        max_, eve = mentor(session, "UMAX", ["python"]), mentor(session, "UEVE", ["python"])
        ana = person(session, "UANA")
        first, second = _seated(session, max_, ana), _seated(session, eve, ana)
        _checkin(session, first.circle_id, ana, 3)
        _checkin(session, second.circle_id, ana, 2)
        _checkin(session, second.circle_id, ana, 1)
        now_id = _checkin(session, first.circle_id, ana, 0).id
    assert now_id is not None
    assert isinstance(_decide(db, [now_id])[now_id], SendPlan)
    with db.begin() as session:
        assert session.exec(select(Delivery).where(Delivery.kind == CIRCLE_ASK)).all() == []


def test_the_prompt_falls_in_the_hours_the_circle_shares_or_the_mentors() -> None:
    wednesday = date(2026, 12, 2)
    shared = cadence.group_window(wednesday, ["America/New_York", "Europe/Berlin"])
    assert shared == (
        datetime(2026, 12, 2, 13, tzinfo=UTC),
        datetime(2026, 12, 2, 17, tzinfo=UTC),
    )
    apart = cadence.group_window(wednesday, ["America/New_York", "Europe/Berlin", "Asia/Tokyo"])
    assert apart == cadence.working_window(wednesday, "America/New_York")


def test_one_meeting_is_planned_once_with_a_nudge_and_check_in_per_member(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        circle = _seated(session, max_, person(session, "UANA"), person(session, "UBO"))
        stored = session.get(Circle, circle.circle_id)
        assert stored is not None
        day = rhythm.plan_circle_meeting(session, stored, NOW)
        again = rhythm.plan_circle_meeting(session, stored, NOW)
        kinds = sorted(d.kind for d in session.exec(select(Delivery)))
    assert day == date(2026, 12, 2) and again == date(2026, 12, 9)
    per_meeting = sorted(
        [CIRCLE_PROMPT, CIRCLE_QUESTIONS, *[CIRCLE_PREPARE] * 2, *[CIRCLE_CHECKIN] * 2]
    )
    # The 9th's nudges go on the 8th; the 2nd's went on the 1st, today.
    assert kinds == sorted(per_meeting * 2)


def _ana_with_max(session: Session) -> tuple[CircleView, Circle]:
    """Max's circle with Ana in it, as the view and as the stored row."""
    circle = _seated(session, mentor(session, "UMAX", ["python"]), person(session, "UANA"))
    stored = session.get(Circle, circle.circle_id)
    assert stored is not None
    return circle, stored


def test_a_latecomer_gets_the_planned_meetings_nudge_and_check_in_once(db: Database) -> None:
    with db.begin() as session:
        circle, stored = _ana_with_max(session)
        rhythm.plan_circle_meeting(session, stored, NOW)  # Wednesday the 2nd, today is the 1st
        rhythm.plan_circle_meeting(session, stored, NOW)  # and the 9th
        late = person(session, "ULATE")
        membership.join(session, person=late, circle_id=circle.circle_id, now=NOW)
        membership.leave(session, person=late, circle_id=circle.circle_id, now=NOW)
        membership.join(session, person=late, circle_id=circle.circle_id, now=NOW)
        theirs = session.exec(select(Delivery).where(Delivery.person_id == late.id)).all()
    # Each planned meeting's nudge (the 2nd's goes today) and check-in, once.
    assert sorted((d.kind, d.occurrence) for d in theirs) == [
        (CIRCLE_CHECKIN, date(2026, 12, 2)),
        (CIRCLE_CHECKIN, date(2026, 12, 9)),
        (CIRCLE_PREPARE, date(2026, 12, 2)),
        (CIRCLE_PREPARE, date(2026, 12, 9)),
    ]


def test_nobody_seated_on_the_meeting_day_is_asked_about_it(db: Database) -> None:
    with db.begin() as session:
        circle, stored = _ana_with_max(session)
        day = rhythm.plan_circle_meeting(session, stored, NOW)
        on_the_day = datetime.combine(day, NOW.timetz())
        late = person(session, "ULATE")
        membership.join(session, person=late, circle_id=circle.circle_id, now=on_the_day)
        assert session.exec(select(Delivery).where(Delivery.person_id == late.id)).all() == []


def test_snoozing_a_circles_message_quiets_that_circle_alone(db: Database) -> None:
    with db.begin() as session:
        max_, eve = mentor(session, "UMAX", ["python"]), mentor(session, "UEVE", ["python"])
        ana = person(session, "UANA")
        snoozed, other = _seated(session, max_, ana), _seated(session, eve, ana)
        sent = _checkin(session, snoozed.circle_id, ana, 1)
        result = reminders.snooze(
            session, team_id=ana.team_id, delivery_id=sent.id or 0, person=ana, now=NOW
        )
        assert result.circle and session.exec(select(ReminderPreference)).all() == []
        tz = ana.tz
        quiet = _checkin(session, snoozed.circle_id, ana, 0).id
        going = _checkin(session, other.circle_id, ana, 0).id
    assert quiet is not None and going is not None
    decided = _decide(db, [quiet, going])
    assert isinstance(decided[quiet], Verdict) and decided[quiet].reason == "paused for them"
    assert isinstance(decided[going], SendPlan)
    with db.begin() as session:
        row = session.exec(
            select(CircleMember).where(CircleMember.circle_id == snoozed.circle_id)
        ).one()
        # Quiet through the day before the snooze ends: its messages go again on that day.
        assert row.paused_until == cadence.local_day(result.until, tz) - timedelta(1)


def test_a_circles_prompt_and_its_peoples_own_messages_go_in_separate_rounds(
    db: Database,
) -> None:
    """Due at once: the circle's prompt and a message of Max's (its mentor) or Ana's (seated)
    are sent one after the other, never side by side, so each reads them in a stable order;
    Bo, who is not in the circle, shares a round with the prompt."""
    with db.begin() as session:
        circle, stored = _ana_with_max(session)
        rhythm.plan_circle_meeting(session, stored, NOW)
        prompt = session.exec(select(Delivery).where(Delivery.kind == CIRCLE_PROMPT)).one().id
        max_, ana = session.get(Person, stored.mentor_id), person(session, "UANA")
        assert max_ is not None
        ids = [prompt] + [_checkin(session, circle.circle_id, p, 1).id for p in (max_, ana)]
        bo = _checkin(session, circle.circle_id, person(session, "UBO"), 1).id
        rounds = claims.waves(session, ids=[i for i in (*ids, bo) if i is not None])
    together = [set(r) for r in rounds if prompt in r][0]
    assert together & set(ids) == {prompt} and bo in together
