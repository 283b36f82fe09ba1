"""The rows a channel summary reads: the channel's members, their pairs, goals and profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.services.cadence import first_meeting_on, period_days
from bot.services.summaries.circles import CircleRows
from bot.services.summaries.periods import Window
from storage.repositories import summaries as summaries_repo


@dataclass(frozen=True)
class PairRow:
    id: int
    mentor_id: int
    mentee_id: int
    cadence: str
    weekday: int
    started_at: datetime
    ended_at: datetime | None
    member_sides: tuple[int, ...]
    # Day ordinals for counting the check-ins due: the first meeting, the cadence in days, the
    # first and last day together (the last day is None while the pair goes on).
    first_meeting: int
    period: int
    start_day: int
    end_day: int | None
    kind: str = "mentoring"  # or "peer": two people who each teach the other

    @property
    def peer(self) -> bool:
        return self.kind == "peer"

    def live_at(self, moment: datetime) -> bool:
        return self.started_at < moment and (self.ended_at is None or self.ended_at >= moment)

    def overlaps(self, window: Window) -> bool:
        return self.started_at < window.end_at and (
            self.ended_at is None or self.ended_at >= window.start_at
        )


@dataclass
class Data:
    counted_members: int
    members: set[int]
    pairs: dict[int, PairRow] = field(default_factory=dict)
    goals: list[Any] = field(default_factory=list)  # (person_id, status, created, completed)
    profiles: list[Any] = field(default_factory=list)  # (person_id, capacity, is_open, created)
    circles: CircleRows = field(default_factory=CircleRows)


def load(session: Session, team_id: str, channel_id: str, since: Window) -> Data:
    people = summaries_repo.channel_people(session, team_id=team_id, channel_id=channel_id)
    gone = [row for row in people if row[0] is not None and (row[1] or row[2])]
    data = Data(
        counted_members=len(people) - len(gone),
        members={row[0] for row in people if row[0] is not None and not (row[1] or row[2])},
    )
    member_ids = sorted(data.members)
    found = summaries_repo.pairs_of(
        session, team_id=team_id, person_ids=member_ids, ended_after=since.start_at
    )
    for row in found.values():
        pair = pair_row(row, data.members)
        data.pairs[pair.id] = pair
    return data


def pair_row(row: Any, members: set[int]) -> PairRow:
    """A pair as the tallies read it, from (id, mentor_id, mentee_id, cadence, meeting_weekday,
    started_at, ended_at[, kind]); its member sides are those of its people among `members`."""
    pair_id, mentor_id, mentee_id, cadence, weekday, started_at, ended_at = tuple(row)[:7]
    kind = str(tuple(row)[7]) if len(tuple(row)) > 7 else "mentoring"
    return PairRow(
        id=pair_id,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        cadence=cadence,
        weekday=weekday,
        started_at=started_at,
        ended_at=ended_at,
        member_sides=tuple(p for p in (mentor_id, mentee_id) if p in members),
        first_meeting=first_meeting_on(weekday=weekday, after=started_at.date()).toordinal(),
        period=period_days(cadence),
        start_day=started_at.date().toordinal(),
        end_day=ended_at.date().toordinal() if ended_at else None,
        kind=kind,
    )


def load_people_figures(session: Session, data: Data, since: Window) -> None:
    member_ids = sorted(data.members)
    data.goals = summaries_repo.goals_of(session, person_ids=member_ids, since=since.start_at)
    data.profiles = summaries_repo.mentor_profiles_of(session, person_ids=member_ids)
