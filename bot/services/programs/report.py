"""A program's report for its admins and leads: aggregates only, through the summaries' rule.

Definitions:
- mentees, mentors: the people enrolled now in that role;
- matched: enrolled mentees who are the mentee of a mentoring pair the program made (whatever
  became of it since); the match rate is matched over enrolled mentees;
- pairs active: the program's mentoring pairs whose status is active (a count of pairs is a
  count of their mentees);
- peer pairs: the program's peer pairs (two people who each teach the other, whatever became of
  them), apart from the mentoring figures above, about the people in them;
- in a program that meets in circles, a mentee seated in one of its circles counts as matched
  and, while still seated in an open circle, as in an active pair; circles counts the
  program's circles, about their mentors and members (report_circles);
- meetings held: of every pair the program made, peer pairs too, distinct (pair, day) with a
  "met" record, and of its circles, distinct (circle, day) with a check-in answered, from the
  term's start (or the first pair's, if earlier) to today, and the average of their 1-5
  usefulness ratings; per week for the chart, counted as the channel summary counts them
  (summaries.tallies);
- the midpoint and close-out answers (report_answers): choices only, never typed text.

Every figure is a summaries Figure, hidden about fewer than five people. A hidden figure cannot
be worked out from shown ones: enrolled mentees are matched or not, and matched ones are in an
active pair or not, so when the unmatched (or the matched without an active pair) are between
one and four people, the figure that would give them away (matched and the rate, or pairs
active) is withheld (summaries.disclosure).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from bot.clock import local, local_midnight
from bot.services.programs import report_answers, report_circles
from bot.services.programs.report_answers import Closeout, Midpoint
from bot.services.summaries.figures import Figure, WeekMeetings
from bot.services.summaries.periods import Window
from bot.services.summaries.rows import Data, pair_row
from bot.services.summaries.tallies import people_who_met, tally_meetings
from storage.engine import Database
from storage.models import Program
from storage.repositories import program_report as report_repo
from storage.repositories import programs as programs_repo

MIDPOINT, CLOSEOUT = "midpoint", "closeout"


@dataclass(frozen=True)
class ProgramReport:
    program_id: int
    program_name: str
    term_starts_on: date
    term_ends_on: date
    today: date
    mentees: Figure
    mentors: Figure
    matched: Figure
    match_rate: Figure
    pairs_active: Figure
    meetings_held: Figure
    usefulness: Figure
    weeks: list[WeekMeetings]
    midpoint: Midpoint
    closeout: Closeout
    peer_pairs: Figure = Figure(0, 0)  # the report names them only when the program has any
    circles: Figure = Figure(0, 0)  # likewise


@dataclass(frozen=True)
class _Matching:
    matched: Figure
    match_rate: Figure
    pairs_active: Figure


def _people(count: int) -> Figure:
    return Figure(count, count)


def find_program(session: Session, *, team_id: str, name: str) -> Program | None:
    """The workspace's program of that name (case and spacing folded), or None."""
    return programs_repo.program_named(session, team_id=team_id, name=name)


def _matching(mentees: set[int], pairs: list[Any]) -> _Matching:
    everyone = _people(len(mentees))
    matched_set = mentees & {int(p.mentee_id) for p in pairs}
    active = [p for p in pairs if p.status == "active"]
    active_set = {int(p.mentee_id) for p in active}
    matched = _people(len(matched_set))
    # The unmatched are never shown: a part shown as hidden, which the cover must protect.
    cover = report_answers.covered(
        everyone,
        [(matched, frozenset(matched_set)), (Figure(None, 0), frozenset(mentees - matched_set))],
    )
    matched = cover[0]
    pairs_active = Figure(len(active), len(active_set))
    # Matched without an active pair (paused, ended): derivable from matched minus pairs
    # active while matched is shown, else from enrolled minus pairs active.
    inactive = (matched_set - active_set) if matched.visible else (mentees - active_set)
    total = matched if matched.visible else everyone
    pairs_active = report_answers.covered(
        total, [(pairs_active, frozenset(active_set)), (Figure(None, 0), frozenset(inactive))]
    )[0]
    rate = Figure(
        len(matched_set) / len(mentees) if mentees else None,
        matched.people,
        "share",
        withheld=matched.withheld,
    )
    return _Matching(matched, rate, pairs_active)


def _term_window(first: date, last: date, tz_name: str | None) -> Window:
    return Window(
        first, last, local_midnight(first, tz_name), local_midnight(last + timedelta(1), tz_name)
    )


def _meetings(
    session: Session, program: Program, pairs: list[Any], today: date, tz_name: str | None
) -> tuple[Figure, Figure, list[WeekMeetings]]:
    """Meetings held, their average usefulness, and the weeks, as the channel summary counts."""
    assert program.id is not None
    first = min([program.term_starts_on, *(local(p.started_at, tz_name).date() for p in pairs)])
    last = max(first, today)
    circles = report_circles.meetings(
        session, program_id=program.id, first_day=first, last_day=last
    )
    if not pairs and not circles:
        return Figure(0, 0), Figure(None, 0, "average"), []
    people = {int(p.mentee_id) for p in pairs} | {int(p.mentor_id) for p in pairs}
    people |= {person for meeting in circles for person in meeting.people}
    data = Data(counted_members=len(people), members=people)
    for row in pairs:
        pair = pair_row(row, people)
        data.pairs[pair.id] = pair
    window = _term_window(first, last, tz_name)
    nothing_before = replace(window, last_day=first - timedelta(days=1), end_at=window.start_at)
    tally, _, weeks = tally_meetings(session, data, window, nothing_before, today, circles)
    usefulness = (
        Figure(tally.rating_sum / tally.ratings, len(tally.raters), "average")
        if tally.ratings
        else Figure(None, 0, "average")
    )
    return Figure(tally.met, len(people_who_met(data, tally))), usefulness, weeks


def report_of(
    db: Database, *, team_id: str, program_id: int, today: date, tz_name: str | None
) -> ProgramReport | None:
    """The report in a unit of work of its own (the CLI's); None if there is no such program."""
    with db.begin() as session:
        program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
        if program is None:
            return None
        return compute_report(session, program=program, today=today, tz_name=tz_name)


def compute_report(
    session: Session, *, program: Program, today: date, tz_name: str | None
) -> ProgramReport:
    """The program's figures up to `today` (a local date in `tz_name`)."""
    assert program.id is not None
    team_id, program_id = program.team_id, program.id
    enrolled = programs_repo.active_enrolments(session, program_id=program_id)
    mentees = {person for person, role in enrolled if role == "mentee"}
    mentors = {person for person, role in enrolled if role == "mentor"}
    pairs = report_repo.program_pairs(session, team_id=team_id, program_id=program_id)
    peers = [p for p in pairs if p.kind == "peer"]
    seats, circles = report_circles.seats(session, program_id=program_id)
    matching = _matching(mentees, [p for p in pairs if p.kind != "peer"] + seats)
    held, usefulness, weeks = _meetings(session, program, pairs, today, tz_name)
    choices = report_repo.checkpoint_choices
    return ProgramReport(
        program_id=program_id,
        program_name=program.name,
        term_starts_on=program.term_starts_on,
        term_ends_on=program.term_ends_on,
        today=today,
        mentees=_people(len(mentees)),
        mentors=_people(len(mentors)),
        matched=matching.matched,
        match_rate=matching.match_rate,
        pairs_active=matching.pairs_active,
        meetings_held=held,
        usefulness=usefulness,
        weeks=weeks,
        midpoint=report_answers.midpoint(
            choices(session, team_id=team_id, program_id=program_id, kind=MIDPOINT)
        ),
        closeout=report_answers.closeout(
            choices(session, team_id=team_id, program_id=program_id, kind=CLOSEOUT)
        ),
        peer_pairs=_peer_pairs(peers),
        circles=circles,
    )


def _peer_pairs(peers: list[Any]) -> Figure:
    people = {int(p.mentor_id) for p in peers} | {int(p.mentee_id) for p in peers}
    return Figure(len(peers), len(people))
