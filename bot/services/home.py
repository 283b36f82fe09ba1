"""What the App Home shows a person: where they stand on their mentoring journey."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session

from bot.clock import local
from bot.services import home_circles, home_programs, meeting_dates
from bot.services.calendar import schedule
from bot.services.goals import tracking as goals_service
from bot.services.reflection import overview, steps
from storage.models import Pair, Person, ReflectionDialog
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo
from storage.repositories import retrospectives as retrospectives_repo


@dataclass(frozen=True)
class Relationship:
    """A live pair seen from one side: `other` is the mentor (role "mentor"), a mentee, or
    (role "peer") the other of a peer pair."""

    pair_id: int
    role: str
    other_slack_user_id: str
    other_name: str
    status: str
    cadence: str
    next_meeting: date | None
    can_share: bool  # a group DM exists to share a reflection summary into
    today: date | None = None  # the person's own today, to write dates for them
    paused_until: date | None = None
    # The agreed time's next occurrence (UTC) and the reader's zone, to show it on their clock;
    # then next_meeting is that occurrence's date in the reader's calendar.
    meeting_start: datetime | None = None
    reader_tz: str | None = None


@dataclass(frozen=True)
class LookBack:
    """The person's own retrospective of an ended pair (never the other person's)."""

    other_slack_user_id: str
    role: str  # what the other person was: mentor, mentee or peer
    ended_on: date | None
    helped_most: str
    goals_status: str


MAX_LOOK_BACKS = 3


@dataclass(frozen=True)
class HomeState:
    reflection_step: str | None  # None: never started
    reflection_paused: bool
    has_answers: bool
    goals: list[goals_service.GoalView]
    mentors: list[Relationship]
    mentees: list[Relationship]
    reflection_id: int | None = None  # the current reflection, for the "Edit" button
    peers: list[Relationship] = field(default_factory=list)
    looking_back: list[LookBack] = field(default_factory=list)
    programs_run: list[home_programs.ProgramRun] = field(default_factory=list)  # admins only
    circles_led: list[home_circles.CircleLine] = field(default_factory=list)
    circles_joined: list[home_circles.CircleLine] = field(default_factory=list)

    @property
    def reflection_done(self) -> bool:
        return self.reflection_step == steps.DONE

    @property
    def active_goals(self) -> list[goals_service.GoalView]:
        return [g for g in self.goals if g.is_active]


def home_state(session: Session, *, team_id: str, person: Person, now: datetime) -> HomeState:
    assert person.id is not None
    summary = overview.summary(session, team_id=team_id, person_id=person.id)
    paused = False
    if summary is not None:
        dialog = session.get(ReflectionDialog, summary.reflection_id)
        paused = bool(dialog and dialog.paused)
    relationships = [
        _relationship(session, pair, person, now)
        for pair in pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person.id)
    ]
    return HomeState(
        reflection_step=summary.step if summary else None,
        reflection_paused=paused,
        has_answers=bool(summary and not summary.is_empty),
        goals=goals_service.list_goals(session, team_id=team_id, person_id=person.id),
        mentors=[r for r in relationships if r.role == "mentor"],
        mentees=[r for r in relationships if r.role == "mentee"],
        peers=[r for r in relationships if r.role == "peer"],
        reflection_id=summary.reflection_id if summary else None,
        looking_back=look_backs(session, person=person),
        programs_run=home_programs.programs_run(session, person=person),
        circles_led=home_circles.circles_led(session, person=person, now=now),
        circles_joined=home_circles.circles_joined(session, person=person, now=now),
    )


def look_backs(session: Session, *, person: Person) -> list[LookBack]:
    """The person's latest retrospectives, newest first: only rows they wrote themselves."""
    rows = retrospectives_repo.latest_of(
        session, team_id=person.team_id, person_id=person.id, limit=MAX_LOOK_BACKS
    )
    out = []
    for retro, pair in rows:
        i_was_mentee = pair.mentee_id == person.id
        other_id = pair.mentor_id if i_was_mentee else pair.mentee_id
        other = people_repo.get_person_by_id(session, team_id=pair.team_id, person_id=other_id)
        out.append(
            LookBack(
                other_slack_user_id=other.slack_user_id if other else "",
                role=_role_of_other(pair, i_am_mentee=i_was_mentee),
                ended_on=local(pair.ended_at, person.tz).date() if pair.ended_at else None,
                helped_most=retro.helped_most,
                goals_status=retro.goals_status,
            )
        )
    return out


def _role_of_other(pair: Pair, *, i_am_mentee: bool) -> str:
    if pair.kind == "peer":
        return "peer"
    return "mentor" if i_am_mentee else "mentee"


def _relationship(session: Session, pair: Pair, person: Person, now: datetime) -> Relationship:
    assert pair.id is not None
    i_am_mentee = pair.mentee_id == person.id
    other_id = pair.mentor_id if i_am_mentee else pair.mentee_id
    other = people_repo.get_person_by_id(session, team_id=pair.team_id, person_id=other_id)
    start = (
        schedule.next_start(session, pair_id=pair.id, now=now) if pair.status == "active" else None
    )
    next_meeting = (
        local(start, person.tz).date()
        if start is not None
        else meeting_dates.next_meeting(session, pair, now=now)
    )
    return Relationship(
        pair_id=pair.id,
        role=_role_of_other(pair, i_am_mentee=i_am_mentee),
        other_slack_user_id=other.slack_user_id if other else "",
        other_name=other.name if other else "",
        status=pair.status,
        cadence=pair.cadence,
        next_meeting=next_meeting,
        can_share=bool(pair.group_channel_id),
        today=local(now, person.tz).date(),
        paused_until=pair.paused_until if pair.status == "paused" else None,
        meeting_start=start,
        reader_tz=person.tz,
    )
