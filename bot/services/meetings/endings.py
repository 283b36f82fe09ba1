"""Ending a pair: the end itself, the mentee's next best match, and each person's
retrospective."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.calendar import agreement
from bot.services.matching import searches
from bot.services.meetings.pair_access import PairView, pair_view
from storage.models import Pair, Person, Retrospective
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import retrospectives as retrospectives_repo


@dataclass(frozen=True)
class Ending:
    view: PairView
    ended_now: bool


def end_pair(
    session: Session, *, team_id: str, pair_id: int, person: Person, now: datetime
) -> Ending:
    """End the pair (either person); keeps every record, frees the mentor's capacity."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    return Ending(view, close_pair(session, view.pair, by_id=person.id, now=now))


def close_pair(session: Session, pair: Pair, *, by_id: int | None, now: datetime) -> bool:
    """The end itself (`by_id` None: the app ended it, e.g. a silent program pair); False when
    the pair had ended already."""
    if pair.status == "ended":
        return False
    pair.status, pair.ended_at, pair.ended_by_id = "ended", now, by_id
    pair.paused_until = None
    session.add(pair)
    deliveries_repo.cancel_open(session, pair_id=pair.id or 0)
    agreement.cancel(session, pair_id=pair.id or 0, now=now)  # the caller sends METHOD:CANCEL
    return True


@dataclass(frozen=True)
class NextMatch:
    """The mentee's best next mentor after an end (ids for the "Request intro" button)."""

    search_id: int
    mentor_id: int
    mentor_user: str
    reason: str


def next_match_after_end(session: Session, *, view: PairView, now: datetime) -> NextMatch | None:
    """The best mentor for the mentee now, never the one they just ended with."""
    result = searches.next_match(session, mentee=view.mentee, now=now)
    if result is None:
        return None
    for match in result.best_first:
        if match.candidate.person_id != view.mentor.id:
            return NextMatch(
                result.search_id or 0,
                match.candidate.person_id,
                match.candidate.slack_user_id,
                match.reason,
            )
    return None


def record_retrospective(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    person: Person,
    helped_most: str,
    goals_status: str,
    now: datetime,
) -> bool:
    """Keep one retrospective per person and pair; False when they already gave one."""
    pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if retrospective_given(session, pair_id=pair_id, person=person):
        return False
    session.add(
        Retrospective(
            team_id=team_id,
            pair_id=pair_id,
            person_id=person.id or 0,
            helped_most=helped_most,
            goals_status=goals_status,
            created_at=now,
        )
    )
    return True


def retrospective_given(session: Session, *, pair_id: int, person: Person) -> bool:
    """The person already looked back on this pair (one retrospective each)."""
    found = retrospectives_repo.retrospective_of(session, pair_id=pair_id, person_id=person.id)
    return found is not None
