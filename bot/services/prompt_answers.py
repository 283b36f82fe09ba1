"""Whether a pair answers its meeting-day prompts.

A prompt is answered by anything either person writes in the pair's group DM and by a
check-in from either of them; three sent in a row without an answer hold the prompts and ask
the pair once (bot/scheduler/rules.py). Any answer to that question starts the count afresh.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.services.programs import activity
from storage.models import Delivery, Pair
from storage.repositories import meeting_prompts as repo
from storage.repositories import people as people_repo

UNANSWERED_IN_A_ROW = 3


def unanswered_streak(session: Session, *, pair_id: int) -> Delivery | None:
    """The newest of the pair's last three prompts when none of them was answered, else None."""
    recent = repo.last_sent(session, pair_id=pair_id, count=UNANSWERED_IN_A_ROW)
    if len(recent) < UNANSWERED_IN_A_ROW or any(row.answered_at for row in recent):
        return None
    return recent[0]


def pair_spoke(session: Session, *, pair_id: int, now: datetime) -> bool:
    """Someone of the pair answered (a check-in, a word in the group DM, a choice about the
    prompts): the latest prompt counts as answered, and the pair showed life (its silence
    clock starts again). True the first time."""
    activity.showed_life(session, pair_id=pair_id, now=now)
    return repo.mark_latest_answered(session, pair_id=pair_id, now=now)


def message_in_group_dm(
    session: Session, *, team_id: str, channel_id: str, user_id: str, now: datetime
) -> Pair | None:
    """A person wrote in a conversation: the pair it belongs to, if it is a live pair's group
    DM and the writer is one of the two (the prompt counts as answered)."""
    pair = repo.live_pair_in_channel(session, team_id=team_id, channel_id=channel_id)
    if pair is None or pair.id is None:
        return None
    writer = people_repo.get_person(session, team_id=team_id, slack_user_id=user_id)
    if writer is None or writer.id not in (pair.mentor_id, pair.mentee_id):
        return None
    pair_spoke(session, pair_id=pair.id, now=now)
    return pair
