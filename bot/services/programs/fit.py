"""The fit of each program mentee with each program mentor, and the rules no round breaks.

Fit is the /find-mentor score, computed by its own `matching.rank` over the program's mentors
(skills weighted by how rare they are among them, working-hours overlap, room left, another
team), plus a bonus for a shared alumni network, in integer points. Only mentors sharing a
wanted skill have a positive fit, so they are found from an index by skill. Mentees who look
the same to the score (the same wishes, zone, team and alumni network) are ranked once.

Hard rules: never oneself, never the mentee's own manager (Person.manager_person_id, when the
workspace says who that is), never a pair declined in the last 90 days, never a pair already
live or asked, never past a mentor's capacity (the round's slots).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.services import skills
from bot.services.matching import ranking as matching
from bot.services.programs.solver import Group, Instance
from storage.models import Program
from storage.repositories import program_circles, program_pool, program_rounds
from storage.repositories.program_pool import MenteeRow, MentorRow

__all__ = [
    "Cohort",
    "Fits",
    "Key",
    "MenteeRow",
    "MentorRow",
    "build",
    "key_of",
    "load_cohort",
    "ruled_out",
]

FIT_SCALE = 1000  # points per unit of score: the solver's costs are integers
ALUMNI_WEIGHT = 0.4  # as much as another team: below one rare shared skill

Key = tuple[frozenset[str], str, str, str]  # wishes, zone, team, alumni network


@dataclass
class Cohort:
    """What a round knows about a program's people at `now`."""

    program: Program
    mentors: dict[int, MentorRow]
    mentees: list[MenteeRow]
    blocked: dict[int, dict[int, str]]  # mentee -> mentor -> declined, asked or paired
    slots: dict[int, int]  # mentor -> mentees they can take in this round
    labels: dict[str, str]
    now: datetime
    by_id: dict[int, MenteeRow] = field(default_factory=dict)
    knowers: dict[str, set[int]] = field(default_factory=dict)  # skill -> mentors offering it

    def __post_init__(self) -> None:
        self.by_id = {m.person_id: m for m in self.mentees}
        for mentor in self.mentors.values():
            for skill in mentor.skills:
                self.knowers.setdefault(skill, set()).add(mentor.person_id)

    def has_rules(self, mentee: MenteeRow) -> bool:
        """Whether a hard rule could concern this mentee beyond their kind's (self, their
        manager, a pair declined, asked or live)."""
        return (
            mentee.person_id in self.mentors
            or mentee.manager_id in self.mentors
            or mentee.person_id in self.blocked
        )

    def label(self, key: str) -> str:
        return self.labels.get(key) or key[:1].upper() + key[1:]


def load_cohort(
    session: Session, *, program: Program, now: datetime, only: Collection[int] | None = None
) -> Cohort:
    """The program's mentors, its mentees without a program pair (or just `only`), the rules
    between them, and each mentor's slots left for this program."""
    assert program.id is not None
    team, pid = program.team_id, program.id
    mentors = program_pool.mentor_rows(session, team_id=team, program_id=pid)
    placed = program_rounds.mentees_placed(session, program_id=pid)
    mentees = [
        m
        for m in program_pool.mentee_rows(session, team_id=team, program_id=pid, only=only)
        if m.person_id not in placed
    ]
    since = now - matching.DECLINE_EXCLUSION
    blocked: dict[int, dict[int, str]] = {}
    pairs = program_pool.blocked_pairs(session, team_id=team, program_id=pid, declined_since=since)
    for (mentee, mentor), why in pairs.items():
        blocked.setdefault(mentee, {})[mentor] = why
    loads = program_rounds.program_mentor_loads(session, program_id=pid)
    if program.circle_size:  # a circle's seats, as they are now: a leaver's seat is free again
        loads = {
            circle.mentor_id: (circle.members_count, 0)
            for circle in program_circles.program_circles(session, program_id=pid)
        }
    slots = {m.person_id: _slots(m, program, loads.get(m.person_id, (0, 0))) for m in mentors}
    keys = sorted({k for m in mentees for k in m.wanted})
    labels = skills.labels_for(session, team_id=team, keys=keys)
    return Cohort(program, {m.person_id: m for m in mentors}, mentees, blocked, slots, labels, now)


def _slots(mentor: MentorRow, program: Program, load: tuple[int, int]) -> int:
    """The program's mentees per mentor (or its circle's seats), less those already held in
    the program, and never more than the profile's capacity left (pending program offers
    count as taken; a circle takes one place of it)."""
    if mentor.is_deleted or not mentor.is_open:
        return 0
    held, waiting = load
    room = mentor.capacity - mentor.taken - waiting
    if program.circle_size:  # the circle is one commitment of the profile's, whatever its seats
        return max(0, program.circle_size - held) if held or room > 0 else 0
    return max(0, min(program.mentees_per_mentor - held, room))


@dataclass
class Fits:
    """Every allowed edge with a positive fit, grouped for the solver."""

    cohort: Cohort
    instance: Instance
    key_of: dict[int, Key]
    matches: dict[Key, dict[int, matching.Match]] = field(default_factory=dict)
    allowed: dict[int, Mapping[int, int]] = field(default_factory=dict)  # mentee -> fits
    unavailable: dict[int, str] | None = None  # mentor -> gone, paused or full (see reasons)

    def points(self, mentee_id: int, mentor_id: int) -> int | None:
        match = self.matches.get(self.key_of.get(mentee_id, _NO_KEY), {}).get(mentor_id)
        if match is None:
            return None
        return _points(match, self.cohort.mentors[mentor_id], self.key_of[mentee_id])


_NO_KEY: Key = (frozenset(), "", "", "")


def build(cohort: Cohort) -> Fits:
    """Rank each kind of mentee once against the mentors who share a wish, then split off the
    mentees a hard rule concerns into groups of their own."""
    usable = {m: row for m, row in cohort.mentors.items() if cohort.slots.get(m, 0) > 0}
    index: dict[str, list[matching.Candidate]] = {}
    counts: dict[str, int] = {}
    for row in cohort.mentors.values():
        for skill in row.skills:
            counts[skill] = counts.get(skill, 0) + 1
    for row in usable.values():
        candidate = matching.Candidate(
            row.person_id, row.tz, row.team_name, row.capacity, row.taken, row.skills
        )
        for skill in row.skills:
            index.setdefault(skill, []).append(candidate)
    kinds: dict[Key, list[MenteeRow]] = {}
    for mentee in cohort.mentees:
        if mentee.wanted:
            kinds.setdefault(key_of(mentee), []).append(mentee)
    fits = Fits(cohort, Instance((), {}), {m.person_id: k for k, ms in kinds.items() for m in ms})
    groups: list[Group] = []
    for key, members in kinds.items():
        pool = matching.Pool(
            candidates=list({c.person_id: c for s in key[0] for c in index.get(s, ())}.values()),
            mentor_count=len(cohort.mentors),
            skill_counts=counts,
        )
        seeker = matching.Seeker(0, key[1], key[2], tuple(sorted(key[0])))
        ranked = matching.rank(seeker, pool, now=cohort.now).matches
        fits.matches[key] = {m.candidate.person_id: m for m in ranked}
        points = {
            m: _points(match, cohort.mentors[m], key) for m, match in fits.matches[key].items()
        }
        groups.extend(_groups(cohort, members, points))
    fits.instance = Instance(tuple(groups), {m: cohort.slots[m] for m in usable})
    fits.allowed = {mentee: g.fits for g in groups for mentee in g.mentee_ids}
    return fits


def key_of(mentee: MenteeRow) -> Key:
    fold = str.casefold
    return (
        frozenset(mentee.wanted),
        mentee.tz,
        fold(mentee.team_name.strip()),
        fold(mentee.alumni.strip()),
    )


def _points(match: matching.Match, mentor: MentorRow, key: Key) -> int:
    bonus = ALUMNI_WEIGHT if same_alumni(key[3], mentor.alumni) else 0.0
    return round((match.score + bonus) * FIT_SCALE)


def same_alumni(mine: str, theirs: str) -> bool:
    a, b = mine.strip().casefold(), theirs.strip().casefold()
    return bool(a and a == b)


def _groups(cohort: Cohort, members: list[MenteeRow], points: dict[int, int]) -> list[Group]:
    shared: list[int] = []
    own: list[Group] = []
    for mentee in members:
        out = ruled_out(cohort, mentee, points) if cohort.has_rules(mentee) else {}
        if not out:
            shared.append(mentee.person_id)
        else:
            allowed = {m: p for m, p in points.items() if m not in out}
            own.append(Group((mentee.person_id,), allowed))
    return ([Group(tuple(shared), points)] if shared else []) + own


def ruled_out(cohort: Cohort, mentee: MenteeRow, mentors: Collection[int]) -> dict[int, str]:
    """The hard rules between this mentee and these mentors: mentor -> why not."""
    out: dict[int, str] = {}
    if mentee.person_id in mentors:
        out[mentee.person_id] = "self"
    if mentee.manager_id is not None and mentee.manager_id in mentors:
        out[mentee.manager_id] = "manager"
    for mentor, why in cohort.blocked.get(mentee.person_id, {}).items():
        if mentor in mentors:
            out[mentor] = why
    return out
