"""What a channel's meeting records add up to, per window and per week of the current one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlmodel import Session

from bot.clock import week_start
from bot.services.summaries import disclosure
from bot.services.summaries.figures import PRIVACY_MINIMUM, Figure, WeekMeetings
from bot.services.summaries.periods import Window
from bot.services.summaries.rows import Data
from storage.engine import Database
from storage.repositories import summaries as summaries_repo


@dataclass
class Tally:
    """What the meeting records of one window add up to."""

    met: int = 0  # distinct (pair, day) with a "met" record
    met_pairs: set[int] = field(default_factory=set)
    rating_sum: int = 0
    ratings: int = 0
    raters: set[int] = field(default_factory=set)
    answered: int = 0  # distinct (pair, member, day) check-in records, due ones only
    met_people: set[int] = field(default_factory=set)  # who met in meetings that are not pairs'


@dataclass(frozen=True)
class OtherMeeting:
    """A meeting that is not a pair's (a program circle's, known from its check-ins), to be
    counted with the pairs': its day, who was there and the usefulness ratings given."""

    day: date
    people: frozenset[int]
    scores: tuple[tuple[int, int], ...] = ()  # (rater, 1-5)


def tally_on_its_own(
    db: Database, data: Data, current: Window, previous: Window, today: date
) -> tuple[Tally, Tally, list[WeekMeetings]]:
    # A read of its own: on SQLite, the summary's unit of work holds the write lock meanwhile.
    with db.read() as connection, Session(bind=connection) as session:
        return tally_meetings(session, data, current, previous, today)


def tally_meetings(
    session: Session,
    data: Data,
    current: Window,
    previous: Window,
    today: date,
    others: Sequence[OtherMeeting] = (),
) -> tuple[Tally, Tally, list[WeekMeetings]]:
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
    buckets = [Tally() for _ in range(len(starts) + 1)]  # the previous window, then weeks
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
    _add_others(buckets, starts, current, others)
    before, weeks = buckets[0], buckets[1:]
    now = Tally(
        met=sum(w.met for w in weeks),
        met_pairs=set().union(*(w.met_pairs for w in weeks)),
        rating_sum=sum(w.rating_sum for w in weeks),
        ratings=sum(w.ratings for w in weeks),
        raters=set().union(*(w.raters for w in weeks)),
        answered=sum(w.answered for w in weeks),
        met_people=set().union(*(w.met_people for w in weeks)),
    )
    return now, before, _weeks(data, starts, weeks, people_who_met(data, now))


def _add_others(
    buckets: list[Tally], starts: list[date], current: Window, others: Sequence[OtherMeeting]
) -> None:
    """Each other meeting of the current window into its week's bucket (bucket 0 is before)."""
    for meeting in others:
        if not current.first_day <= meeting.day <= current.last_day:
            continue
        tally = buckets[1 + starts.index(week_start(meeting.day))]
        tally.met += 1
        tally.met_people |= meeting.people
        for rater, score in meeting.scores:
            tally.rating_sum += score
            tally.ratings += 1
            tally.raters.add(rater)


def _weeks(
    data: Data, starts: list[date], tallies: list[Tally], total_people: set[int]
) -> list[WeekMeetings]:
    """Each week's meetings, hidden where the period's total would give a hidden week away."""
    people = [frozenset(people_who_met(data, tally)) for tally in tallies]
    figures = [Figure(t.met, len(p)) for t, p in zip(tallies, people, strict=True)]
    total_shown = len(total_people) >= PRIVACY_MINIMUM
    parts = [(f.visible, p) for f, p in zip(figures, people, strict=True)]
    withheld = disclosure.parts_to_withhold(parts, total_shown=total_shown, minimum=PRIVACY_MINIMUM)
    return [
        WeekMeetings(start, replace(f, withheld=i in withheld and f.visible))
        for i, (start, f) in enumerate(zip(starts, figures, strict=True))
    ]


def people_who_met(data: Data, tally: Tally) -> set[int]:
    sides = {s for pair_id in tally.met_pairs for s in data.pairs[pair_id].member_sides}
    return sides | tally.met_people


def _week_starts(window: Window) -> list[date]:
    starts = [week_start(window.first_day)]
    while starts[-1] + timedelta(days=7) <= window.last_day:
        starts.append(starts[-1] + timedelta(days=7))
    return starts
