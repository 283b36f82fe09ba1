"""After an accept: the new pair's rhythm (how often, which weekday) and its group DM."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlmodel import Session

from bot.services import meeting_dates
from bot.services.cadence import CADENCES, WEEKDAYS
from storage.models import Pair
from storage.repositories import pairs as pairs_repo


@dataclass(frozen=True)
class CadenceChoice:
    kind: Literal["set", "not_yours", "closed", "invalid"]
    pair: Pair | None = None


def choose_cadence(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    clicker_id: int,
    cadence: str,
    weekday: int,
) -> CadenceChoice:
    """Either person of a live pair sets how often they meet and on which weekday."""
    if cadence not in CADENCES or not 0 <= weekday < len(WEEKDAYS):
        return CadenceChoice("invalid")
    pair = pairs_repo.get_pair(session, team_id=team_id, pair_id=pair_id)
    if pair is None or pair.status not in pairs_repo.LIVE_STATUSES:
        return CadenceChoice("closed", pair)
    if clicker_id not in (pair.mentor_id, pair.mentee_id):
        return CadenceChoice("not_yours", pair)
    if (pair.cadence, pair.meeting_weekday) != (cadence, weekday):
        meeting_dates.replan_meetings(session, pair_id=pair_id)  # the scheduler plans anew
    pair.cadence = cadence
    pair.meeting_weekday = weekday
    session.add(pair)
    session.flush()
    return CadenceChoice("set", pair)


def record_group_channel(session: Session, *, team_id: str, pair_id: int, channel_id: str) -> None:
    """Keep the group DM of the pair (mentor, mentee and the bot)."""
    pair = pairs_repo.get_pair(session, team_id=team_id, pair_id=pair_id)
    if pair is not None:
        pair.group_channel_id = channel_id
        session.add(pair)
