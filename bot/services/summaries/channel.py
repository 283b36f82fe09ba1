"""Channel summaries for team leads: aggregate, privacy-safe figures about a channel's members.

Definitions (a "member" is someone in the channel's cached member list who is not known to have
left the workspace and is not a bot; a pair counts when its mentee or its mentor is a member):

- people with a mentor: members who are the mentee of a pair live at the end of the period (a
  peer pair has no mentee: its two people teach each other);
- mentors: members with a mentor profile; free capacity: the open ones' capacity minus their live
  mentees, never below zero per mentor;
- active pairs: mentoring pairs live at some moment of the period; peer pairs: peer pairs live at
  some moment of the period, counted apart, about the members in them;
- meetings held: distinct (pair, day) with a record saying "met" on a day of the period; average
  usefulness: the mean of the 1-5 ratings on those records;
- check-ins answered: check-in records (any outcome) of member sides of those pairs, against the
  check-ins expected: one per member side per meeting day of the pair's cadence that is over
  (before today) while the pair was live. A paused pair still counts as expected (we keep no pause
  history), so the share is a floor;
- goals set / completed: members' goals created / marked done in the period;
- circles: open circles, people in circles and circle meetings held (summaries/circles.py);
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
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from bot.services.cadence import count_meeting_days
from bot.services.summaries.circles import circle_figures, load_circles
from bot.services.summaries.figures import (
    PRIVACY_MINIMUM,
    ChannelSummary,
    Figure,
    PeriodFigures,
    SkillDemand,
)
from bot.services.summaries.periods import Window, windows
from bot.services.summaries.rows import Data, PairRow, load, load_people_figures
from bot.services.summaries.tallies import Tally, people_who_met, tally_meetings, tally_on_its_own
from storage.engine import Database
from storage.repositories import summaries as summaries_repo

TOP_SKILLS = 5


# --- computing the figures ----------------------------------------------------------------------


def _people(count: int) -> Figure:
    return Figure(count, count)


def _figures(data: Data, window: Window, tally: Tally, today: date) -> PeriodFigures:
    # A peer has no mentor and takes no mentoring slot: peer pairs are counted apart.
    live_pairs = [p for p in data.pairs.values() if p.live_at(window.end_at) and not p.peer]
    mentees = {p.mentee_id for p in live_pairs if p.mentee_id in data.members}
    profiles = [p for p in data.profiles if p[3] < window.end_at]
    met_people = people_who_met(data, tally)
    usefulness = (
        Figure(tally.rating_sum / tally.ratings, len(tally.raters), "average")
        if tally.ratings
        else Figure(None, 0, "average")
    )
    circles = circle_figures(data.circles, data.members, window)
    return PeriodFigures(
        with_mentor=_people(len(mentees)),
        mentors=_people(len(profiles)),
        free_capacity=_free_capacity(profiles, live_pairs),
        active_pairs=_active_pairs(data, window),
        peer_pairs=_peer_pairs(data, window),
        meetings_held=Figure(tally.met, len(met_people)),
        usefulness=usefulness,
        checkins_answered=_checkins(data, window, tally, today),
        goals_set=_goals(g[0] for g in data.goals if window.has_moment(g[2])),
        goals_completed=_goals(
            g[0] for g in data.goals if g[1] == "done" and window.has_moment(g[3])
        ),
        open_circles=circles.open_circles,
        people_in_circles=circles.people_in_circles,
        circle_meetings=circles.circle_meetings,
    )


def _free_capacity(profiles: list[Any], live_pairs: list[PairRow]) -> Figure:
    taken: dict[int, int] = defaultdict(int)
    for pair in live_pairs:
        taken[pair.mentor_id] += 1
    open_mentors = [p for p in profiles if p[2]]
    free = sum(max(0, capacity - taken[person_id]) for person_id, capacity, *_ in open_mentors)
    return Figure(free, len(open_mentors))


def _active_pairs(data: Data, window: Window) -> Figure:
    pairs = [p for p in data.pairs.values() if p.overlaps(window) and not p.peer]
    members = {s for p in pairs for s in p.member_sides}
    return Figure(len(pairs), min(len(members), len({p.mentee_id for p in pairs})))


def _peer_pairs(data: Data, window: Window) -> Figure:
    """Peer pairs live in the period, about the members in them (both of each are peers)."""
    pairs = [p for p in data.pairs.values() if p.overlaps(window) and p.peer]
    return Figure(len(pairs), len({s for p in pairs for s in p.member_sides}))


def _checkins(data: Data, window: Window, tally: Tally, today: date) -> Figure:
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
    data = load(session, team_id, channel_id, previous)
    data.circles = load_circles(
        session, team_id=team_id, members=data.members, since=previous, last_day=current.last_day
    )
    if beside is None:
        now_tally, before_tally, weeks = tally_meetings(session, data, current, previous, today)
        load_people_figures(session, data, previous)
        skills, other_skills = _skills(session, team_id, data.members)
    else:
        # The meeting tally is most of the time, and needs nothing but the pairs: it runs on a
        # connection of its own while this one reads goals, profiles and skills.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="summary") as pool:
            tallied = pool.submit(tally_on_its_own, beside, data, current, previous, today)
            load_people_figures(session, data, previous)
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
