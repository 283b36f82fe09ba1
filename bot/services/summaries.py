"""Channel summaries for team leads: aggregate, privacy-safe figures about a channel's members.

Definitions (a "member" is someone in the channel's cached member list who is not known to have
left the workspace and is not a bot; a pair counts when its mentee or its mentor is a member):

- people with a mentor: members who are the mentee of a pair live at the end of the period;
- mentors: members with a mentor profile; free capacity: the open ones' capacity minus their live
  mentees, never below zero per mentor;
- active pairs: pairs live at some moment of the period;
- meetings held: distinct (pair, day) with a record saying "met" on a day of the period; average
  usefulness: the mean of the 1-5 ratings on those records;
- check-ins answered: check-in records (any outcome) of member sides of those pairs, against the
  check-ins expected: one per member side per meeting day of the pair's cadence that is over
  (before today) while the pair was live. A paused pair still counts as expected (we keep no pause
  history), so the share is a floor;
- goals set / completed: members' goals created / marked done in the period;
- skills most asked for: skill gaps of members' current reflections, with how many open mentors in
  the whole workspace offer each (mentors need not sit in the same channel).

Every figure carries how many people it describes; `privacy_safe` hides it below five. No text a
person wrote (reflection, takeaway, pulse comment) is ever read here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from bot.clock import local_midnight, week_start
from bot.services.cadence import first_meeting_on, meeting_days_between
from storage.models import (
    ChannelMember,
    Goal,
    Meeting,
    MentorProfile,
    MentorSkill,
    Pair,
    Person,
    Reflection,
    Skill,
    SkillGap,
)

PERIODS: dict[str, int] = {"7d": 7, "30d": 30, "90d": 90}
DEFAULT_PERIOD = "30d"
PRIVACY_MINIMUM = 5
FEWER_THAN_5 = "fewer than 5"
TOP_SKILLS = 5


class UnknownPeriod(ValueError):
    """The period is not one of PERIODS."""


def parse_period(text: str) -> str:
    """The period key ("7d", "30d", "90d"); empty text means the default."""
    key = text.strip().lower() or DEFAULT_PERIOD
    if key not in PERIODS:
        raise UnknownPeriod(key)
    return key


def privacy_safe(value: str, *, people: int) -> str:
    """The one privacy rule: a figure describing fewer than five people is not shown."""
    return value if people >= PRIVACY_MINIMUM else FEWER_THAN_5


@dataclass(frozen=True)
class Figure:
    """A number and how many distinct people it describes."""

    value: float | None
    people: int
    kind: str = "count"  # count, average, share

    @property
    def visible(self) -> bool:
        return self.value is not None and self.people >= PRIVACY_MINIMUM

    @property
    def text(self) -> str:
        """The figure as shown to a lead: formatted, or "fewer than 5"."""
        return privacy_safe(self._formatted(), people=self.people if self.value is not None else 0)

    def _formatted(self) -> str:
        if self.value is None:
            return "n/a"
        if self.kind == "share":
            return f"{self.value:.0%}"
        if self.kind == "average":
            return f"{self.value:.1f}"
        return f"{int(self.value):,}"


def trend(now: Figure, before: Figure) -> str | None:
    """The change against the previous period ("+3", "-1.0", "+12 pts", "no change");
    None when either figure is hidden."""
    if not (now.visible and before.visible):
        return None
    assert now.value is not None and before.value is not None
    delta = now.value - before.value
    if now.kind == "share":
        points = round(delta * 100)
        return "no change" if points == 0 else f"{points:+d} pts"
    if now.kind == "average":
        return "no change" if abs(delta) < 0.05 else f"{delta:+.1f}"
    return "no change" if delta == 0 else f"{int(delta):+,d}"


@dataclass(frozen=True)
class Window:
    """A period of whole local days, first and last included."""

    first_day: date
    last_day: date
    start_at: datetime
    end_at: datetime

    def has_day(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def has_moment(self, moment: datetime | None) -> bool:
        return moment is not None and self.start_at <= moment < self.end_at


def windows(period_key: str, *, today: date, tz_name: str | None) -> tuple[Window, Window]:
    """The period ending today (in that zone) and the one of equal length before it."""
    days = PERIODS[period_key]
    current_first = today - timedelta(days=days - 1)
    previous_first = current_first - timedelta(days=days)
    return (
        _window(current_first, today, tz_name),
        _window(previous_first, current_first - timedelta(days=1), tz_name),
    )


def _window(first: date, last: date, tz_name: str | None) -> Window:
    return Window(
        first, last, local_midnight(first, tz_name), local_midnight(last + timedelta(1), tz_name)
    )


@dataclass(frozen=True)
class PeriodFigures:
    with_mentor: Figure
    mentors: Figure
    free_capacity: Figure
    active_pairs: Figure
    meetings_held: Figure
    usefulness: Figure
    checkins_answered: Figure
    goals_set: Figure
    goals_completed: Figure


@dataclass(frozen=True)
class SkillDemand:
    key: str
    label: str
    asked_by: Figure
    mentors_offering: Figure


@dataclass(frozen=True)
class WeekMeetings:
    week_start: date
    meetings: Figure


@dataclass(frozen=True)
class ChannelSummary:
    channel_id: str
    period_key: str
    current: Window
    previous: Window
    members: Figure
    now: PeriodFigures
    before: PeriodFigures
    skills: list[SkillDemand]
    weeks: list[WeekMeetings]


# --- reading the rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _PairRow:
    id: int
    mentor_id: int
    mentee_id: int
    cadence: str
    weekday: int
    started_at: datetime
    ended_at: datetime | None
    member_sides: tuple[int, ...]

    def live_at(self, moment: datetime) -> bool:
        return self.started_at < moment and (self.ended_at is None or self.ended_at >= moment)

    def overlaps(self, window: Window) -> bool:
        return self.started_at < window.end_at and (
            self.ended_at is None or self.ended_at >= window.start_at
        )


@dataclass(frozen=True)
class _MeetingRow:
    pair_id: int
    person_id: int
    held_on: date
    outcome: str
    usefulness: int | None
    source: str


@dataclass(frozen=True)
class _GoalRow:
    person_id: int
    status: str
    created_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class _ProfileRow:
    person_id: int
    capacity: int
    is_open: bool
    created_at: datetime


@dataclass
class _Data:
    members: set[int]
    pairs: dict[int, _PairRow] = field(default_factory=dict)
    meetings: list[_MeetingRow] = field(default_factory=list)
    goals: list[_GoalRow] = field(default_factory=list)
    profiles: list[_ProfileRow] = field(default_factory=list)


def member_ids_query(team_id: str, channel_id: str) -> Select[Any]:
    """Ids of the channel's members we know, who did not leave and are not bots."""
    return (
        select(col(Person.id))
        .join(
            ChannelMember,
            and_(
                col(ChannelMember.team_id) == col(Person.team_id),
                col(ChannelMember.slack_user_id) == col(Person.slack_user_id),
            ),
        )
        .where(
            col(ChannelMember.team_id) == team_id,
            col(ChannelMember.channel_id) == channel_id,
            col(Person.is_deleted) == false(),
            col(Person.is_bot) == false(),
        )
    )


def _counted_members(session: Session, team_id: str, channel_id: str) -> int:
    """Channel members minus those we know left or are bots (unknown people count)."""
    gone = or_(col(Person.is_deleted), col(Person.is_bot))
    statement = (
        select(func.count())
        .select_from(ChannelMember)
        .outerjoin(
            Person,
            and_(
                col(Person.team_id) == col(ChannelMember.team_id),
                col(Person.slack_user_id) == col(ChannelMember.slack_user_id),
            ),
        )
        .where(
            col(ChannelMember.team_id) == team_id,
            col(ChannelMember.channel_id) == channel_id,
            or_(col(Person.id).is_(None), ~gone),
        )
    )
    return int(session.execute(statement).scalar_one())


def _load(session: Session, team_id: str, channel_id: str, since: Window) -> _Data:
    members_q = member_ids_query(team_id, channel_id)
    data = _Data(members={int(i) for i in session.execute(members_q).scalars()})
    pair_cols = (
        col(Pair.id),
        col(Pair.mentor_id),
        col(Pair.mentee_id),
        col(Pair.cadence),
        col(Pair.meeting_weekday),
        col(Pair.started_at),
        col(Pair.ended_at),
    )
    recent = or_(col(Pair.ended_at).is_(None), col(Pair.ended_at) >= since.start_at)
    team = col(Pair.team_id) == team_id
    for side in (col(Pair.mentee_id), col(Pair.mentor_id)):
        statement = select(*pair_cols).where(team, side.in_(members_q), recent)
        for row in session.execute(statement):
            pair_id, mentor_id, mentee_id, cadence, weekday, started_at, ended_at = row
            data.pairs[pair_id] = _PairRow(
                id=pair_id,
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                cadence=cadence,
                weekday=weekday,
                started_at=started_at,
                ended_at=ended_at,
                member_sides=tuple(p for p in (mentor_id, mentee_id) if p in data.members),
            )
    data.meetings = _load_meetings(session, team_id, members_q, recent, since)
    data.goals = [
        _GoalRow(*row)
        for row in session.execute(
            select(
                col(Goal.person_id), col(Goal.status), col(Goal.created_at), col(Goal.completed_at)
            ).where(
                col(Goal.person_id).in_(members_q),
                or_(
                    col(Goal.created_at) >= since.start_at, col(Goal.completed_at) >= since.start_at
                ),
            )
        )
    ]
    data.profiles = [
        _ProfileRow(*row)
        for row in session.execute(
            select(
                col(MentorProfile.person_id),
                col(MentorProfile.capacity),
                col(MentorProfile.is_open),
                col(MentorProfile.created_at),
            ).where(col(MentorProfile.person_id).in_(members_q))
        )
    ]
    return data


def _load_meetings(
    session: Session,
    team_id: str,
    members_q: Select[Any],
    recent: ColumnElement[bool],
    since: Window,
) -> list[_MeetingRow]:
    team = col(Pair.team_id) == team_id
    member_pairs = (
        select(col(Pair.id))
        .where(team, col(Pair.mentee_id).in_(members_q), recent)
        .union(select(col(Pair.id)).where(team, col(Pair.mentor_id).in_(members_q), recent))
    )
    statement = select(
        col(Meeting.pair_id),
        col(Meeting.person_id),
        col(Meeting.held_on),
        col(Meeting.outcome),
        col(Meeting.usefulness),
        col(Meeting.source),
    ).where(col(Meeting.pair_id).in_(member_pairs), col(Meeting.held_on) >= since.first_day)
    return [_MeetingRow(*row) for row in session.execute(statement)]


# --- computing the figures ----------------------------------------------------------------------


def _people(count: int) -> Figure:
    return Figure(count, count)


def _figures(data: _Data, window: Window, today: date) -> PeriodFigures:
    live_pairs = [p for p in data.pairs.values() if p.live_at(window.end_at)]
    mentees = {p.mentee_id for p in live_pairs if p.mentee_id in data.members}
    profiles = [p for p in data.profiles if p.created_at < window.end_at]
    return PeriodFigures(
        with_mentor=_people(len(mentees)),
        mentors=_people(len(profiles)),
        free_capacity=_free_capacity(profiles, live_pairs),
        active_pairs=_active_pairs(data, window),
        meetings_held=_meetings_held(data, window),
        usefulness=_usefulness(data, window),
        checkins_answered=_checkins(data, window, today),
        goals_set=_goals(g.person_id for g in data.goals if window.has_moment(g.created_at)),
        goals_completed=_goals(
            g.person_id
            for g in data.goals
            if g.status == "done" and window.has_moment(g.completed_at)
        ),
    )


def _free_capacity(profiles: list[_ProfileRow], live_pairs: list[_PairRow]) -> Figure:
    taken: dict[int, int] = defaultdict(int)
    for pair in live_pairs:
        taken[pair.mentor_id] += 1
    open_mentors = [p for p in profiles if p.is_open]
    free = sum(max(0, p.capacity - taken[p.person_id]) for p in open_mentors)
    return Figure(free, len(open_mentors))


def _active_pairs(data: _Data, window: Window) -> Figure:
    pairs = [p for p in data.pairs.values() if p.overlaps(window)]
    return Figure(len(pairs), len({s for p in pairs for s in p.member_sides}))


def _met(data: _Data, window: Window) -> list[_MeetingRow]:
    return [
        m
        for m in data.meetings
        if m.outcome == "met" and window.has_day(m.held_on) and m.pair_id in data.pairs
    ]


def _meetings_held(data: _Data, window: Window) -> Figure:
    met = _met(data, window)
    pairs = {m.pair_id for m in met}
    people = {s for pair_id in pairs for s in data.pairs[pair_id].member_sides}
    return Figure(len({(m.pair_id, m.held_on) for m in met}), len(people))


def _usefulness(data: _Data, window: Window) -> Figure:
    rated = [m for m in _met(data, window) if m.usefulness is not None]
    if not rated:
        return Figure(None, 0, "average")
    mean = sum(m.usefulness or 0 for m in rated) / len(rated)
    return Figure(mean, len({m.person_id for m in rated}), "average")


def _checkins(data: _Data, window: Window, today: date) -> Figure:
    last_over = min(window.last_day, today - timedelta(days=1))
    expected = 0
    people: set[int] = set()
    for pair in data.pairs.values():
        if not pair.member_sides or not pair.overlaps(window):
            continue
        start_day = pair.started_at.date()
        end_day = pair.ended_at.date() if pair.ended_at else last_over
        days = meeting_days_between(
            cadence=pair.cadence,
            weekday=pair.weekday,
            anchor=first_meeting_on(weekday=pair.weekday, after=start_day),
            first_day=max(window.first_day, start_day),
            last_day=min(last_over, end_day),
        )
        if days:
            expected += days * len(pair.member_sides)
            people.update(pair.member_sides)
    answered = {
        (m.pair_id, m.person_id, m.held_on)
        for m in data.meetings
        if m.source == "checkin"
        and window.has_day(m.held_on)
        and m.held_on <= last_over
        and m.pair_id in data.pairs
        and m.person_id in data.pairs[m.pair_id].member_sides
    }
    if not expected:
        return Figure(None, 0, "share")
    return Figure(min(1.0, len(answered) / expected), len(people), "share")


def _goals(person_ids: Iterable[int]) -> Figure:
    ids = list(person_ids)
    return Figure(len(ids), len(set(ids)))


def _weeks(data: _Data, window: Window) -> list[WeekMeetings]:
    meetings: dict[date, set[tuple[int, date]]] = defaultdict(set)
    people: dict[date, set[int]] = defaultdict(set)
    for m in _met(data, window):
        week = week_start(m.held_on)
        meetings[week].add((m.pair_id, m.held_on))
        people[week].update(data.pairs[m.pair_id].member_sides)
    weeks: list[WeekMeetings] = []
    week = week_start(window.first_day)
    while week <= window.last_day:
        weeks.append(WeekMeetings(week, Figure(len(meetings[week]), len(people[week]))))
        week += timedelta(days=7)
    return weeks


def _skills(session: Session, team_id: str, channel_id: str) -> list[SkillDemand]:
    members_q = member_ids_query(team_id, channel_id)
    asked = func.count(func.distinct(col(SkillGap.person_id)))
    top = session.execute(
        select(col(SkillGap.skill_key), asked)
        .join(Reflection, col(Reflection.id) == col(SkillGap.reflection_id))
        .where(col(SkillGap.person_id).in_(members_q), col(Reflection.is_current))
        .group_by(col(SkillGap.skill_key))
        .order_by(asked.desc(), col(SkillGap.skill_key))
        .limit(TOP_SKILLS)
    ).all()
    keys = [str(row[0]) for row in top]
    if not keys:
        return []
    offering = dict(
        session.execute(
            select(col(MentorSkill.skill_key), func.count(func.distinct(col(MentorProfile.id))))
            .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
            .join(Person, col(Person.id) == col(MentorProfile.person_id))
            .where(
                col(MentorSkill.team_id) == team_id,
                col(MentorSkill.skill_key).in_(keys),
                col(MentorProfile.is_open),
                col(Person.is_deleted) == false(),
            )
            .group_by(col(MentorSkill.skill_key))
        ).all()
    )
    labels = dict(
        session.execute(
            select(col(Skill.key), col(Skill.label)).where(
                col(Skill.team_id) == team_id, col(Skill.key).in_(keys)
            )
        ).all()
    )
    return [
        SkillDemand(
            key,
            str(labels.get(key) or key[:1].upper() + key[1:]),
            _people(int(count)),
            _people(int(offering.get(key, 0))),
        )
        for key, count in ((str(r[0]), r[1]) for r in top)
    ]


def compute_summary(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    period_key: str,
    today: date,
    tz_name: str | None,
) -> ChannelSummary:
    """The summary of a channel's cached member list over the period ending `today`."""
    current, previous = windows(period_key, today=today, tz_name=tz_name)
    data = _load(session, team_id, channel_id, previous)
    return ChannelSummary(
        channel_id=channel_id,
        period_key=period_key,
        current=current,
        previous=previous,
        members=_people(_counted_members(session, team_id, channel_id)),
        now=_figures(data, current, today),
        before=_figures(data, previous, today),
        skills=_skills(session, team_id, channel_id),
        weeks=_weeks(data, current),
    )
