"""A circle's series, parsed back with icalendar and expanded with recurring_ical_events: its
meetings fall on the circle's weekday at its prompt's hour in the mentor's zone, across the
spring DST changes of New York (the mentor) and London (a member), the same moments the
scheduler plans the circle's prompts at over 26 weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar
from sqlmodel import select

from bot.clock import zone
from bot.services.calendar.invites import build_cancel, build_invite
from bot.services.circles import calendar, closing, membership, rhythm
from storage.engine import Database
from storage.models import Circle, Delivery
from storage.models.deliveries import CIRCLE_PROMPT
from tests.services.circles.builders import NOW, TEAM, circle_of, mentor, person

NEW_YORK = zone("America/New_York")
WEEKS = 26


def _circle(db: Database) -> tuple[int, list[calendar.CircleFile]]:
    with db.begin() as session:
        owner = mentor(session, "UMAX", ["Python"], tz="America/New_York")
        circle = circle_of(session, owner)
        membership.record_channel(
            session, team_id=TEAM, circle_id=circle.circle_id, channel_id="G1", private=False
        )
        files = []
        for slack_id, tz in (("UANA", "Europe/London"), ("UBO", "America/New_York")):
            someone = person(session, slack_id, tz=tz)
            membership.join(session, person=someone, circle_id=circle.circle_id, now=NOW)
            files += calendar.after_join(
                session,
                team_id=TEAM,
                circle_id=circle.circle_id,
                person_id=someone.id or 0,
                now=NOW,
            )
    return circle.circle_id, files


def _planned_prompts(db: Database, circle_id: int) -> list[datetime]:
    """What the scheduler plans, meeting after meeting, as the days go by."""
    now = NOW
    with db.begin() as session:
        circle = session.get(Circle, circle_id)
        assert circle is not None
        for _ in range(WEEKS):
            day = rhythm.plan_circle_meeting(session, circle, now)
            now = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(days=1)
        rows = session.exec(select(Delivery).where(Delivery.kind == CIRCLE_PROMPT)).all()
        return sorted(r.due_at.astimezone(UTC) for r in rows)


def test_the_series_and_the_scheduler_agree_across_dst(db: Database) -> None:
    circle_id, files = _circle(db)
    first, second = files
    assert [p.slack_user_id for p in first.to] == ["UMAX", "UANA"]
    assert [p.slack_user_id for p in second.to] == ["UBO"]  # the hour holds: only him
    assert (first.series.sequence, second.series.sequence) == (1, 2)
    ics = build_invite(second.series, now=NOW)
    parsed = Calendar.from_ical(ics)
    (event,) = parsed.walk("VEVENT")
    assert str(event["UID"]) == calendar.uid_for(circle_id, TEAM)
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert any(str(tz["TZID"]) == "America/New_York" for tz in parsed.walk("VTIMEZONE"))
    assert "Growing into staff engineering" in str(event["DESCRIPTION"])
    assert "app_redirect?channel=G1" in str(event["DESCRIPTION"])
    events = recurring_ical_events.of(parsed).between(NOW, NOW + timedelta(weeks=WEEKS))
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert len(starts) == WEEKS
    for start in starts:  # Wednesdays at 08:00 New York, in winter and in summer time
        local = start.astimezone(NEW_YORK)
        assert (local.weekday(), local.hour, local.minute) == (2, 8, 0)
    assert {s.astimezone(UTC).hour for s in starts} == {12, 13}  # DST did change the UTC hour
    assert [s.astimezone(UTC) for s in starts] == _planned_prompts(db, circle_id)


def test_leaving_and_closing_cancel_with_a_rising_sequence(db: Database) -> None:
    circle_id, _ = _circle(db)
    with db.begin() as session:
        ana = person(session, "UANA", tz="Europe/London")
        membership.leave(session, person=ana, circle_id=circle_id, now=NOW)
        (left,) = calendar.after_leave(
            session, team_id=TEAM, circle_id=circle_id, person_id=ana.id or 0, now=NOW
        )
    assert left.cancel and [p.slack_user_id for p in left.to] == ["UANA"]
    assert left.series.sequence == 3
    (event,) = Calendar.from_ical(build_cancel(left.series, now=NOW)).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 3
    with db.begin() as session:
        circle = session.get(Circle, circle_id)
        assert circle is not None
        max_ = circle.mentor_id
        bo = person(session, "UBO", tz="America/New_York")
        (closed,) = calendar.after_close(
            session, team_id=TEAM, circle_id=circle_id, person_ids=[max_, bo.id or 0]
        )
    assert closed.why == "closed" and closed.series.sequence == 4
    assert sorted(p.slack_user_id for p in closed.to) == ["UBO", "UMAX"]


def test_a_deactivated_mentors_closing_raises_the_sequence_of_each_cancel(db: Database) -> None:
    circle_id, _ = _circle(db)
    with db.begin() as session:
        circle = session.get(Circle, circle_id)
        assert circle is not None
        assert closing.close_for_gone_mentor(session, circle=circle, now=NOW)
        ana = person(session, "UANA", tz="Europe/London")
        series = calendar.cancel_for(session, circle=circle, person=ana)
    assert series is not None and series.sequence == 3
    assert [a.address.rsplit(":", 1)[-1] for a in series.attendees] == ["UANA"]
