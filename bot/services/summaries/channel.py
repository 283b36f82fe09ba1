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

Every figure carries how many distinct people it describes, and `privacy_safe` hides it below
five: the members counted for member figures; the open mentors for free capacity; the members in
the pairs for meetings and check-ins, and for pairs also their mentees (a count of pairs is a
count of mentees); the people who rated (either side) for usefulness;
the members with goals for goals; those asking or offering for a skill; the members in the week's
meetings for each bar of the weekly chart. A hidden figure cannot be worked out from shown ones:
a trend is shown only between two shown figures, and when a week is hidden, more weeks are hidden
until the meetings total minus the shown weeks is about five people or more. No
text a person wrote (reflection, takeaway, pulse comment) is ever read here: the queries select
counts, ids, dates and ratings only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.clock import local_midnight, week_start
from bot.services.cadence import count_meeting_days, first_meeting_on, period_days
from bot.services.summaries import disclosure
from storage.engine import Database
from storage.repositories import summaries as summaries_repo

PERIODS: dict[str, int] = {"7d": 7, "30d": 30, "90d": 90}
DEFAULT_PERIOD = "30d"
PRIVACY_MINIMUM = 5
HIDDEN = "hidden (too few people)"  # words, never a number that reads as the figure itself
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
    return value if people >= PRIVACY_MINIMUM else HIDDEN


@dataclass(frozen=True)
class Figure:
    """A number and how many distinct people it describes."""

    value: float | None
    people: int
    kind: str = "count"  # count, average, share
    withheld: bool = False  # hidden although about five or more: it would give another away

    @property
    def visible(self) -> bool:
        return self.value is not None and self.people >= PRIVACY_MINIMUM and not self.withheld

    @property
    def text(self) -> str:
        """The figure as shown to a lead: formatted, or HIDDEN."""
        return self._formatted() if self.visible else HIDDEN

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
    skills: list[SkillDemand]  # listed skills asked for by at least five people only
    other_skills: Figure  # people who asked for a typed (unlisted) skill; never named
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
    # Day ordinals for counting the check-ins due: the first meeting, the cadence in days, the
    # first and last day together (the last day is None while the pair goes on).
    first_meeting: int
    period: int
    start_day: int
    end_day: int | None

    def live_at(self, moment: datetime) -> bool:
        return self.started_at < moment and (self.ended_at is None or self.ended_at >= moment)

    def overlaps(self, window: Window) -> bool:
        return self.started_at < window.end_at and (
            self.ended_at is None or self.ended_at >= window.start_at
        )


@dataclass
class _Data:
    counted_members: int
    members: set[int]
    pairs: dict[int, _PairRow] = field(default_factory=dict)
    goals: list[Any] = field(default_factory=list)  # (person_id, status, created, completed)
    profiles: list[Any] = field(default_factory=list)  # (person_id, capacity, is_open, created)


def _load(session: Session, team_id: str, channel_id: str, since: Window) -> _Data:
    people = summaries_repo.channel_people(session, team_id=team_id, channel_id=channel_id)
    gone = [row for row in people if row[0] is not None and (row[1] or row[2])]
    data = _Data(
        counted_members=len(people) - len(gone),
        members={row[0] for row in people if row[0] is not None and not (row[1] or row[2])},
    )
    member_ids = sorted(data.members)
    found = summaries_repo.pairs_of(
        session, team_id=team_id, person_ids=member_ids, ended_after=since.start_at
    )
    for pair_id, mentor_id, mentee_id, cadence, weekday, started_at, ended_at in found.values():
        data.pairs[pair_id] = _PairRow(
            id=pair_id,
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            cadence=cadence,
            weekday=weekday,
            started_at=started_at,
            ended_at=ended_at,
            member_sides=tuple(p for p in (mentor_id, mentee_id) if p in data.members),
            first_meeting=first_meeting_on(weekday=weekday, after=started_at.date()).toordinal(),
            period=period_days(cadence),
            start_day=started_at.date().toordinal(),
            end_day=ended_at.date().toordinal() if ended_at else None,
        )
    return data


def _load_people_figures(session: Session, data: _Data, since: Window) -> None:
    member_ids = sorted(data.members)
    data.goals = summaries_repo.goals_of(session, person_ids=member_ids, since=since.start_at)
    data.profiles = summaries_repo.mentor_profiles_of(session, person_ids=member_ids)


# --- computing the figures ----------------------------------------------------------------------


def _people(count: int) -> Figure:
    return Figure(count, count)


@dataclass
class _Tally:
    """What the meeting records of one window add up to."""

    met: int = 0  # distinct (pair, day) with a "met" record
    met_pairs: set[int] = field(default_factory=set)
    rating_sum: int = 0
    ratings: int = 0
    raters: set[int] = field(default_factory=set)
    answered: int = 0  # distinct (pair, member, day) check-in records, due ones only


def _tally_on_its_own(
    db: Database, data: _Data, current: Window, previous: Window, today: date
) -> tuple[_Tally, _Tally, list[WeekMeetings]]:
    # A read of its own: on SQLite, the summary's unit of work holds the write lock meanwhile.
    with db.read() as connection, Session(bind=connection) as session:
        return _tally(session, data, current, previous, today)


def _tally(
    session: Session, data: _Data, current: Window, previous: Window, today: date
) -> tuple[_Tally, _Tally, list[WeekMeetings]]:
    """Both windows' meeting figures and the current one's weeks, from per-pair, per-week sums
    the database makes (bucket 0: the previous window; then each week of the current one)."""
    starts = _week_starts(current)
    rows = summaries_repo.meeting_tallies(
        session,
        pair_ids=sorted(data.pairs),
        first_day=previous.first_day,
        bucket_starts=[current.first_day, *starts[1:]],
        last_day=current.last_day,
        due_until=today - timedelta(days=1),  # a check-in is asked after its meeting day
    )
    buckets = [_Tally() for _ in range(len(starts) + 1)]  # the previous window, then weeks
    pairs, members = data.pairs, data.members
    for pair_id, bucket, met, rating_sum, ratings, by_mentee, by_mentor, mentee, mentor in rows:
        pair, tally = pairs[pair_id], buckets[bucket]
        if met:
            tally.met += met
            tally.met_pairs.add(pair_id)
        if ratings:
            tally.rating_sum += rating_sum
            tally.ratings += ratings
            if by_mentee:
                tally.raters.add(pair.mentee_id)
            if by_mentor:
                tally.raters.add(pair.mentor_id)
        if mentee and pair.mentee_id in members:
            tally.answered += mentee
        if mentor and pair.mentor_id in members:
            tally.answered += mentor
    before, weeks = buckets[0], buckets[1:]
    now = _Tally(
        met=sum(w.met for w in weeks),
        met_pairs=set().union(*(w.met_pairs for w in weeks)),
        rating_sum=sum(w.rating_sum for w in weeks),
        ratings=sum(w.ratings for w in weeks),
        raters=set().union(*(w.raters for w in weeks)),
        answered=sum(w.answered for w in weeks),
    )
    return now, before, _weeks(data, starts, weeks, _met_people(data, now))


def _weeks(
    data: _Data, starts: list[date], tallies: list[_Tally], total_people: set[int]
) -> list[WeekMeetings]:
    """Each week's meetings, hidden where the period's total would give a hidden week away."""
    people = [frozenset(_met_people(data, tally)) for tally in tallies]
    figures = [Figure(t.met, len(p)) for t, p in zip(tallies, people, strict=True)]
    total_shown = len(total_people) >= PRIVACY_MINIMUM
    parts = [(f.visible, p) for f, p in zip(figures, people, strict=True)]
    withheld = disclosure.parts_to_withhold(parts, total_shown=total_shown, minimum=PRIVACY_MINIMUM)
    return [
        WeekMeetings(start, replace(f, withheld=i in withheld and f.visible))
        for i, (start, f) in enumerate(zip(starts, figures, strict=True))
    ]


def _met_people(data: _Data, tally: _Tally) -> set[int]:
    return {s for pair_id in tally.met_pairs for s in data.pairs[pair_id].member_sides}


def _week_starts(window: Window) -> list[date]:
    starts = [week_start(window.first_day)]
    while starts[-1] + timedelta(days=7) <= window.last_day:
        starts.append(starts[-1] + timedelta(days=7))
    return starts


def _figures(data: _Data, window: Window, tally: _Tally, today: date) -> PeriodFigures:
    live_pairs = [p for p in data.pairs.values() if p.live_at(window.end_at)]
    mentees = {p.mentee_id for p in live_pairs if p.mentee_id in data.members}
    profiles = [p for p in data.profiles if p[3] < window.end_at]
    met_people = _met_people(data, tally)
    usefulness = (
        Figure(tally.rating_sum / tally.ratings, len(tally.raters), "average")
        if tally.ratings
        else Figure(None, 0, "average")
    )
    return PeriodFigures(
        with_mentor=_people(len(mentees)),
        mentors=_people(len(profiles)),
        free_capacity=_free_capacity(profiles, live_pairs),
        active_pairs=_active_pairs(data, window),
        meetings_held=Figure(tally.met, len(met_people)),
        usefulness=usefulness,
        checkins_answered=_checkins(data, window, tally, today),
        goals_set=_goals(g[0] for g in data.goals if window.has_moment(g[2])),
        goals_completed=_goals(
            g[0] for g in data.goals if g[1] == "done" and window.has_moment(g[3])
        ),
    )


def _free_capacity(profiles: list[Any], live_pairs: list[_PairRow]) -> Figure:
    taken: dict[int, int] = defaultdict(int)
    for pair in live_pairs:
        taken[pair.mentor_id] += 1
    open_mentors = [p for p in profiles if p[2]]
    free = sum(max(0, capacity - taken[person_id]) for person_id, capacity, *_ in open_mentors)
    return Figure(free, len(open_mentors))


def _active_pairs(data: _Data, window: Window) -> Figure:
    pairs = [p for p in data.pairs.values() if p.overlaps(window)]
    members = {s for p in pairs for s in p.member_sides}
    return Figure(len(pairs), min(len(members), len({p.mentee_id for p in pairs})))


def _checkins(data: _Data, window: Window, tally: _Tally, today: date) -> Figure:
    first_day = window.first_day.toordinal()
    last_over = min(window.last_day, today - timedelta(days=1)).toordinal()
    expected = 0
    people: set[int] = set()
    for pair in data.pairs.values():
        if not pair.member_sides or not pair.overlaps(window):
            continue
        days = count_meeting_days(
            first=pair.first_meeting,
            period=pair.period,
            first_day=max(first_day, pair.start_day),
            last_day=last_over if pair.end_day is None else min(last_over, pair.end_day),
        )
        if days:
            expected += days * len(pair.member_sides)
            people.update(pair.member_sides)
    if not expected:
        return Figure(None, 0, "share")
    return Figure(min(1.0, tally.answered / expected), len(people), "share")


def _goals(person_ids: Iterable[int]) -> Figure:
    ids = list(person_ids)
    return Figure(len(ids), len(set(ids)))


def _skills(session: Session, team_id: str, members: set[int]) -> tuple[list[SkillDemand], Figure]:
    """The listed skills asked for by at least five people, and how many asked for others.

    A typed gap is stored in the person's own words ("coping with my divorce") and a skill few
    people ask for points at who asked, so only catalog skills with five or more askers are
    named; typed (unlisted) ones count into one anonymous "other skills" figure."""
    listed = summaries_repo.listed_skill_labels(session, team_id=team_id)
    askers, others = summaries_repo.skill_askers(
        session, person_ids=sorted(members), listed_keys=sorted(listed)
    )
    named = [(key, people) for key, people in askers.items() if people >= PRIVACY_MINIMUM]
    top = sorted(named, key=lambda item: (-item[1], item[0]))[:TOP_SKILLS]
    offering = summaries_repo.open_mentors_offering(
        session, team_id=team_id, skill_keys=[key for key, _ in top]
    )
    demands = [
        SkillDemand(key, listed[key], _people(people), _people(offering.get(key, 0)))
        for key, people in top
    ]
    return demands, _people(others)


def compute_summary(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    period_key: str,
    today: date,
    tz_name: str | None,
    beside: Database | None = None,
) -> ChannelSummary:
    """The summary of a channel's cached member list over the period ending `today`.

    With `beside` (the database `session` comes from, openable from a second connection), the
    meeting tally runs there at the same time as the rest."""
    current, previous = windows(period_key, today=today, tz_name=tz_name)
    data = _load(session, team_id, channel_id, previous)
    if beside is None:
        now_tally, before_tally, weeks = _tally(session, data, current, previous, today)
        _load_people_figures(session, data, previous)
        skills, other_skills = _skills(session, team_id, data.members)
    else:
        # The meeting tally is most of the time, and needs nothing but the pairs: it runs on a
        # connection of its own while this one reads goals, profiles and skills.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="summary") as pool:
            tallied = pool.submit(_tally_on_its_own, beside, data, current, previous, today)
            _load_people_figures(session, data, previous)
            skills, other_skills = _skills(session, team_id, data.members)
            now_tally, before_tally, weeks = tallied.result()
    return ChannelSummary(
        channel_id=channel_id,
        period_key=period_key,
        current=current,
        previous=previous,
        members=_people(data.counted_members),
        now=_figures(data, current, now_tally, today),
        before=_figures(data, previous, before_tally, today),
        skills=skills,
        other_skills=other_skills,
        weeks=weeks,
    )
