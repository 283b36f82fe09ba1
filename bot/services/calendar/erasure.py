"""When a person's data is erased, the other person of each of their pairs with an agreed time
gets the series cancelled (METHOD:CANCEL, same UID, SEQUENCE + 1). The cancellation names only
that other person: the erased one stands as a tombstone address, and the goals are left out."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from bot.services.calendar import agreement
from bot.services.calendar.invites import Attendee, Series
from bot.services.meetings.pair_access import PairView
from storage.models import Pair, Person
from storage.repositories import meeting_times as repo

GONE_NAME = "Former mentoring partner"


def cancels_on_erasure(
    session: Session, *, team_id: str, person_id: int, stands_for: str
) -> dict[int, Series]:
    """By pair id, the cancellation for the other person of each of `person_id`'s pairs whose
    calendar holds a series (agreed or paused). `stands_for` is the address the erased person
    becomes (nobody's). Read before the meeting times are deleted."""
    cancels = {}
    for time in repo.live_times_of(session, team_id=team_id, person_id=person_id):
        pair = session.get(Pair, time.pair_id)
        mentor = session.get(Person, pair.mentor_id) if pair else None
        mentee = session.get(Person, pair.mentee_id) if pair else None
        if pair is None or mentor is None or mentee is None:
            continue
        view = PairView(pair, mentor, mentee)
        other = mentee if mentor.id == person_id else mentor
        series = agreement.series_of(session, view, time, group_url="")
        kept = agreement.attendee_of(other)
        gone = Attendee(GONE_NAME, stands_for)
        cancels[time.pair_id] = replace(
            series,
            sequence=time.sequence + 1,
            summary="Mentoring (ended)",
            description="",
            organiser=kept if time.organiser_id == other.id else gone,
            attendees=(kept, gone),
            skipped=(),
            moved=(),
        )
    return cancels
