"""Creating a program and joining it as a mentee or a mentor (leaving it: leaving.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.clock import local
from bot.services import typed_text
from bot.services.programs import autoround, joining
from storage.models import Program
from storage.models.circles import MAX_SEATS, MIN_SEATS
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo
from storage.repositories.programs import NewProgram

MODES = ("round", "mentees_choose")
ROLES = ("mentee", "mentor")
MAX_NAME = 80
MAX_DESCRIPTION = 2000
MAX_QUESTION = 300
MAX_MENTEES_PER_MENTOR = 10
MAX_TERM_DAYS = 5 * 366  # the datepickers reach year 1: a report of centuries of weeks fails


@dataclass(frozen=True)
class ProgramForm:
    """What the admin typed or picked (the modal later; the CLI and tests now)."""

    name: str
    enrolment_closes_on: date
    term_starts_on: date
    term_ends_on: date
    mentees_per_mentor: int
    description: str = ""
    matching_mode: str = "round"
    announce_channel_id: str | None = None
    question: str = ""
    circle_size: int | None = None  # mentees per circle; None: one-to-one pairs


CIRCLE_SIZE = f"A circle has {MIN_SEATS} to {MAX_SEATS} mentees; leave it blank for pairs."
CIRCLES_IN_ROUNDS = "Circles are matched in one round: choose that, or leave the circle size blank."


@dataclass(frozen=True)
class Created:
    program: Program | None
    errors: dict[str, str] = field(default_factory=dict)  # field name -> what to fix


def check_form(form: ProgramForm, *, today: date) -> tuple[NewProgram | None, dict[str, str]]:
    """The program's fields cleaned, or what is wrong with each, in the admin's words."""
    errors: dict[str, str] = {}
    name = " ".join(typed_text.clean(form.name, limit=MAX_NAME).split())
    if not any(ch.isalnum() for ch in name):  # blank, or only invisible characters
        errors["name"] = "Give the program a name."
    if form.enrolment_closes_on < today:
        errors["enrolment_closes_on"] = (
            f"Enrolment can't close in the past; today is {today.isoformat()}."
        )
    if form.term_ends_on <= form.term_starts_on:
        errors["term_ends_on"] = "The term has to end after it starts."
    elif (form.term_ends_on - form.term_starts_on).days > MAX_TERM_DAYS:
        errors["term_ends_on"] = "A term lasts at most five years."
    elif form.enrolment_closes_on > form.term_ends_on:
        errors["enrolment_closes_on"] = "Enrolment has to close before the term ends."
    if not 1 <= form.mentees_per_mentor <= MAX_MENTEES_PER_MENTOR:
        errors["mentees_per_mentor"] = (
            f"Each mentor takes between 1 and {MAX_MENTEES_PER_MENTOR} mentees."
        )
    if form.matching_mode not in MODES:
        errors["matching_mode"] = "Choose how mentees are matched."
    if form.circle_size is not None and not MIN_SEATS <= form.circle_size <= MAX_SEATS:
        errors["circle_size"] = CIRCLE_SIZE
    elif form.circle_size is not None and form.matching_mode != "round":
        errors["circle_size"] = CIRCLES_IN_ROUNDS
    if errors:
        return None, errors
    return NewProgram(
        name=name,
        description=typed_text.clean(form.description, limit=MAX_DESCRIPTION),
        enrolment_closes_on=form.enrolment_closes_on,
        term_starts_on=form.term_starts_on,
        term_ends_on=form.term_ends_on,
        matching_mode=form.matching_mode,
        mentees_per_mentor=form.mentees_per_mentor,
        announce_channel_id=form.announce_channel_id or None,
        question=typed_text.clean(form.question, limit=MAX_QUESTION),
        circle_size=form.circle_size,
    ), {}


def create_program(
    session: Session,
    *,
    team_id: str,
    form: ProgramForm,
    admin_id: int | None,
    admin_tz: str,
    now: datetime,
) -> Created:
    """A new program, enrolling; "today" is the admin's own day. Names are unique per workspace
    whatever their case (checked here, and by the unique key if two admins race)."""
    fields, errors = check_form(form, today=local(now, admin_tz).date())
    if fields is None:
        return Created(None, errors)
    taken = {"name": f"A program named {fields.name} already exists."}
    if programs_repo.program_named(session, team_id=team_id, name=fields.name) is not None:
        return Created(None, taken)
    try:
        with session.begin_nested():
            program = programs_repo.add_program(
                session, team_id=team_id, fields=fields, person_id=admin_id, now=now
            )
    except IntegrityError:  # another admin's program of that name, saved a moment ago
        return Created(None, taken)
    return Created(program)


def update_program(
    session: Session,
    *,
    team_id: str,
    program_id: int,
    form: ProgramForm,
    admin_tz: str,
    now: datetime,
) -> Created:
    """The program changed to the form's fields. An enrolment date already past may stay as
    it was; the name stays unique; the matching mode is fixed once the program has a round."""
    program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
    if program is None:
        return Created(None, {"name": "There is no such program."})
    today = local(now, admin_tz).date()
    if form.enrolment_closes_on == program.enrolment_closes_on:
        today = min(today, program.enrolment_closes_on)  # kept as it was: not "in the past"
    fields, errors = check_form(form, today=today)
    if fields is None:
        return Created(None, errors)
    named = programs_repo.program_named(session, team_id=team_id, name=fields.name)
    if named is not None and named.id != program.id:
        return Created(None, {"name": f"A program named {fields.name} already exists."})
    has_round = program_rounds.latest_round(session, program_id=program_id) is not None
    if has_round and fields.matching_mode != program.matching_mode:
        return Created(
            None, {"matching_mode": "The matching mode can't change once a round was matched."}
        )
    if has_round and fields.circle_size != program.circle_size:
        return Created(
            None, {"circle_size": "The circle size can't change once a round was matched."}
        )
    moved = fields.announce_channel_id != program.announce_channel_id
    programs_repo.update_program(session, program=program, fields=fields, now=now)
    if moved:  # the next announcement is a new message in the new channel
        programs_repo.set_announcement(
            session, program=program, channel_id=program.announce_channel_id or "", ts=""
        )
    return Created(program)


def remember_announcement(
    session: Session, *, team_id: str, program_id: int, channel_id: str, ts: str
) -> None:
    """Where the program's announcement landed, to update it after an edit."""
    program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
    if program is not None:
        programs_repo.set_announcement(session, program=program, channel_id=channel_id, ts=ts)


JoinKind = Literal["joined", "already", "closed", "unknown", "invalid", "no_profile"]


@dataclass(frozen=True)
class Joined:
    kind: JoinKind
    message: str = ""


def enrolling(session: Session, program: Program, now: datetime) -> bool:
    """Whether the program takes people now: until the end of its closing day in its own
    zone (autoround.program_today), wherever the person joining is; also once its term has
    started (running), when enrolment closes later, as the program modal allows."""
    today = autoround.program_today(session, program, now)
    return program.status != "closed" and today <= program.enrolment_closes_on


def join_refusal(
    session: Session, *, team_id: str, program_id: int, person_id: int, role: str, now: datetime
) -> Joined | None:
    """Why the person cannot join in this role now (unknown, closed, already in), or None."""
    program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
    if program is None:
        return Joined("unknown", "There is no such program.")
    if role not in ROLES:
        return Joined("invalid", "Join as a mentee or as a mentor.")
    if not enrolling(session, program, now):
        closes = program.enrolment_closes_on.isoformat()
        return Joined("closed", f"Enrolment in {program.name} closed on {closes}.")
    enrolment = programs_repo.get_enrolment(
        session, program_id=program_id, person_id=person_id, role=role
    )
    if enrolment is not None and enrolment.left_at is None:
        return Joined("already", f"You are already in {program.name} as a {role}.")
    return None


def join(
    session: Session,
    *,
    team_id: str,
    program_id: int,
    person_id: int,
    role: str,
    now: datetime,
    answer: str = "",
) -> Joined:
    """Enrol the person in a role (again, if they had left); refused once enrolment closed.
    The program's row lock makes two clicks at once take turns: the second finds the first's
    enrolment (and a round being stored sees the cohort it solved, or waits)."""
    programs_repo.lock_program(session, team_id=team_id, program_id=program_id)
    refusal = join_refusal(
        session, team_id=team_id, program_id=program_id, person_id=person_id, role=role, now=now
    )
    if refusal is not None:
        return refusal
    if role == "mentor" and not joining.has_mentor_profile(
        session, team_id=team_id, person_id=person_id
    ):  # the profile modal saves it first: a forged form does not skip it
        return Joined("no_profile", joining.NO_PROFILE)
    enrolment = programs_repo.get_enrolment(
        session, program_id=program_id, person_id=person_id, role=role
    )
    cleaned = typed_text.clean(answer, limit=MAX_DESCRIPTION)
    if enrolment is None:
        programs_repo.add_enrolment(
            session,
            team_id=team_id,
            program_id=program_id,
            person_id=person_id,
            role=role,
            answer=cleaned,
            now=now,
        )
        return Joined("joined")
    enrolment.left_at, enrolment.joined_at, enrolment.answer = None, now, cleaned
    programs_repo.save_enrolment(session, enrolment=enrolment)
    return Joined("joined")


def program_of(session: Session, *, team_id: str, program_id: int) -> Program | None:
    return programs_repo.get_program(session, team_id=team_id, program_id=program_id)


def program_named(session: Session, *, team_id: str, name: str) -> Program | None:
    """The workspace's program of this name, whatever its case and spacing."""
    return programs_repo.program_named(session, team_id=team_id, name=name)


@dataclass(frozen=True)
class ProgramView:
    """A program as a person sees it in /mentor programs."""

    program: Program
    roles: tuple[str, ...]  # the roles they are in now
    can_join: bool


def programs_for(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> list[ProgramView]:
    """The programs the person is in, or can still join, oldest first."""
    mine: dict[int, list[str]] = {}
    for enrolment in programs_repo.enrolments_of(session, team_id=team_id, person_id=person_id):
        if enrolment.left_at is None:
            mine.setdefault(enrolment.program_id, []).append(enrolment.role)
    views = []
    for program in programs_repo.programs_of(session, team_id=team_id):
        open_ = enrolling(session, program, now)
        if open_ or program.id in mine:
            views.append(ProgramView(program, tuple(sorted(mine.get(program.id or 0, []))), open_))
    return views
