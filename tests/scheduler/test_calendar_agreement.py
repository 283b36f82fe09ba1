"""The scheduler and the calendar agree (issue 20): twelve pairs pick a time through the real
buttons, their .ics (the real invite builder, as it reached their DMs) is expanded by an
independent RRULE expander (recurring_ical_events) over 26 weeks that cross the DST changes
of both hemispheres, and compared with what the scheduler's passes actually sent while an
injected clock moved through those weeks: each prompt on its occurrence's date on both
clocks, in the hours the two share, before it starts; each nudge the mentee's working day
before; each check-in after the meeting ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import recurring_ical_events
from icalendar import Calendar
from sqlalchemy import update
from sqlmodel import col, select

from bot.clock import as_utc, local
from bot.services import cadence
from handlers.calendar import blocks
from playground.harness import Harness
from storage.models import Delivery
from storage.models.deliveries import CHECKIN, MEETING_PROMPT, PREPARE
from tests.scheduler.helpers import harness_pair

START = datetime(2027, 1, 5, 9, tzinfo=UTC)  # a Tuesday; the first pass plans Thursday's meeting
WEEKS = 26
END = START + timedelta(weeks=WEEKS)
# (organiser's zone, the other person's zone): between them the US (14 March), European
# (28 March), New Zealand and South Australian (4 April) changes, Kolkata and Kathmandu none.
ZONES = [
    ("Pacific/Auckland", "America/Los_Angeles"),
    ("America/Los_Angeles", "Europe/London"),
    ("Asia/Kolkata", "Europe/Berlin"),
    ("Australia/Adelaide", "Asia/Kathmandu"),
]
CADENCES = ["weekly", "biweekly", "monthly"]
# Pair 0's mentee moves from Los Angeles to Auckland: their Thursday meetings become Fridays.
MOVER, MOVED_TO, MOVE_AT = "UMENTEE0", "Pacific/Auckland", START + timedelta(weeks=8, hours=5)


@dataclass(frozen=True)
class Agreed:
    pair_id: int
    mentor: str
    mentee: str
    mentor_tz: str
    mentee_tz: str
    ics: bytes


@dataclass(frozen=True)
class Made:
    n: int
    pair_id: int
    mentor: str
    mentee: str
    mentor_tz: str
    mentee_tz: str
    picker: str
    cadence: str


def _make(h: Harness, n: int, organiser_tz: str, other_tz: str, cadence_name: str) -> Made:
    """Pair n meets on Thursdays; its organiser (who will pick the time) is the mentor in even
    pairs, the mentee in odd ones."""
    mentor_first = n % 2 == 0
    zones = (organiser_tz, other_tz) if mentor_first else (other_tz, organiser_tz)
    mentor, mentee = f"UMENTOR{n}", f"UMENTEE{n}"
    pair = harness_pair(
        h,
        mentor=mentor,
        mentee=mentee,
        mentor_tz=zones[0],
        mentee_tz=zones[1],
        cadence=cadence_name,
        weekday=3,
    )
    picker = mentor if mentor_first else mentee
    return Made(n, pair.id or 0, mentor, mentee, *zones, picker, cadence_name)


def _agree(h: Harness, made: Made) -> Agreed:
    """The organiser presses Pick a time and takes the early, middle or late slot; the .ics
    is the one that landed in their DM."""
    dm = h.emulator.dm_channel_of(made.picker)
    h.click(made.picker, blocks.offer_button(made.pair_id), channel_id=dm, ephemeral=True)
    offer = h.emulator.calls_to("response_url")[-1].args
    picks = [
        b["accessory"]
        for b in offer["blocks"]
        if b.get("accessory", {}).get("action_id") == blocks.CALENDAR_PICK
    ]
    assert len(picks) == 3, offer["text"]
    pick = picks[made.n % 3]
    if made.cadence == "monthly":  # Another time: two weeks later, off the weekday rhythm's beat
        later = int(pick["value"].split(":")[1]) + int(timedelta(weeks=2).total_seconds())
        _pick_another(h, made.picker, offer, later)
    else:
        h.click(made.picker, pick, channel_id=dm, ephemeral=True)
    files = [f for f in h.emulator.files if f["channel_id"] == dm]
    assert files and files[-1]["filename"] == "mentoring.ics"
    return Agreed(
        made.pair_id, made.mentor, made.mentee, made.mentor_tz, made.mentee_tz, files[-1]["content"]
    )


def _pick_another(h: Harness, user: str, offer: dict[str, Any], when: int) -> None:
    other = next(
        e
        for b in offer["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == blocks.CALENDAR_OTHER
    )
    h.click(user, other, channel_id=h.emulator.dm_channel_of(user), ephemeral=True)
    form = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    picked = {"type": "datetimepicker", "selected_date_time": when}
    assert h.submit(user, form, {blocks.PICKED_BLOCK: {blocks.PICKED_INPUT: picked}}).status == 200


def _move(h: Harness, user: str, tz: str) -> None:
    """Slack tells the app the person's zone changed (user_change)."""
    h.emulator.set_user(user, tz=tz)
    profile = {"id": user, "team_id": h.emulator.team_id, "name": user.lower(), "tz": tz}
    h.event({"type": "user_change", "user": profile, "event_ts": "1"})


def _answer_everything(h: Harness, now: datetime) -> None:
    """Both people answer whatever reached them (so no kind is held for want of answers)."""
    with h.db.begin() as session:
        session.execute(
            update(Delivery)
            .where(col(Delivery.status) == "sent", col(Delivery.answered_at).is_(None))
            .values(answered_at=now)
        )


def _next_tick(h: Harness, now: datetime) -> datetime:
    """The next moment something is due (as a wake each minute would find it), or two days on."""
    with h.db.begin() as session:
        due = session.exec(
            select(Delivery.due_at)
            .where(Delivery.status == "pending", col(Delivery.due_at) > now)
            .order_by(col(Delivery.due_at))
        ).first()
    fallback = now + timedelta(days=2)
    return min(as_utc(due), fallback) if due is not None else fallback


def _run_weeks(h: Harness) -> None:
    now = START + timedelta(hours=1)
    moved = False
    while now < END + timedelta(days=4):  # the last meetings' check-ins too
        if not moved and now >= MOVE_AT:
            h.clock.set(now)
            _move(h, MOVER, MOVED_TO)
            moved = True
        report = h.tick(now)
        assert report.failed == 0
        _answer_everything(h, now)
        now = _next_tick(h, now)


def _occurrences(ics: bytes) -> list[tuple[datetime, datetime]]:
    """(start, end) of every occurrence the invite gives in the 26 weeks, as UTC."""
    calendar = Calendar.from_ical(ics)
    events = recurring_ical_events.of(calendar).between(START, END)
    found = [(as_utc(e.decoded("DTSTART")), as_utc(e.decoded("DTEND"))) for e in events]
    return sorted(found)


def _sent(h: Harness, pair_id: int, kind: str) -> list[Delivery]:
    with h.db.begin() as session:
        rows = session.exec(
            select(Delivery).where(
                Delivery.pair_id == pair_id, Delivery.kind == kind, Delivery.status == "sent"
            )
        ).all()
        return sorted(rows, key=lambda r: (r.sent_at or START, r.id or 0))


def _person_of(h: Harness, row: Delivery) -> str:
    from storage.models import Person

    with h.db.begin() as session:
        person = session.get(Person, row.person_id)
        return person.slack_user_id if person else ""


def _zone(agreed: Agreed, user: str, at: datetime) -> str:
    """The zone the person had at that moment (pair 0's mentee moved)."""
    if user == MOVER and at >= MOVE_AT:
        return MOVED_TO
    return agreed.mentor_tz if user == agreed.mentor else agreed.mentee_tz


def _check(h: Harness, agreed: Agreed) -> None:
    occurrences = _occurrences(agreed.ics)
    assert len(occurrences) >= WEEKS // 4, "the series runs through the 26 weeks"
    # The days the scheduler's rows carry: in the mentee's calendar of the time.
    days = [local(start, _zone(agreed, agreed.mentee, start)).date() for start, _ in occurrences]
    prompts = {
        row.occurrence: row
        for row in _sent(h, agreed.pair_id, MEETING_PROMPT)
        if as_utc(row.sent_at or END) < END  # the run goes on a few days for the check-ins
    }
    assert sorted(prompts) == days, "one prompt for each calendar occurrence, none else"
    nudges = {row.occurrence: row for row in _sent(h, agreed.pair_id, PREPARE)}
    checkins: dict[tuple[date | None, str], Delivery] = {
        (row.occurrence, _person_of(h, row)): row for row in _sent(h, agreed.pair_id, CHECKIN)
    }
    for (start, end), day in zip(occurrences, days, strict=True):
        zones = {user: _zone(agreed, user, start) for user in (agreed.mentor, agreed.mentee)}
        sent = as_utc(prompts[day].sent_at or START)
        for tz in zones.values():  # on the occurrence's date on each reader's clock
            assert local(sent, tz).date() == local(start, tz).date(), (start, sent, tz)
        assert sent <= start, (start, sent)
        assert cadence.is_send_moment(sent, zones[agreed.mentee], zones[agreed.mentor])
        if day in nudges:
            nudged = as_utc(nudges[day].sent_at or START)
            assert nudged < start
            assert local(nudged, zones[agreed.mentee]).date() == cadence.previous_workday(day)
        else:  # only a meeting agreed too late for the day before goes without one
            assert start - START < timedelta(days=3), (start, "no nudge")
        for user, tz in zones.items():
            checked = as_utc(checkins[(day, user)].sent_at or START)
            assert checked > end, (start, user, checked)
            assert cadence.is_send_moment(checked, tz)


def test_every_delivery_falls_on_the_calendar_s_occurrences(harness: Harness) -> None:
    h = harness
    h.clock.set(START)
    made = [
        _make(h, n, organiser_tz, other_tz, cadence_name)
        for n, (organiser_tz, other_tz, cadence_name) in enumerate(
            (o, t, c) for o, t in ZONES for c in CADENCES
        )
    ]
    h.tick(START)  # Thursday's meeting is planned on the weekday rhythm, then a time is agreed
    h.clock.set(START + timedelta(minutes=30))
    agreed = [_agree(h, pair) for pair in made]
    _run_weeks(h)
    for pair in agreed:
        _check(h, pair)
