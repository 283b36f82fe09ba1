"""Mentoring programs (issue 18): a cohort that enrols, is matched as a whole in rounds, and
meets over a term. Migrations 0019 and 0020."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.models.core import utc_column
from storage.models.mentoring import text_column


class Program(SQLModel, table=True):
    """A program an admin created; `name_key` (the name folded: repositories.programs.name_key)
    is unique per workspace."""

    __tablename__ = "program"
    __table_args__ = (UniqueConstraint("team_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    name: str = Field(max_length=80)
    name_key: str = Field(max_length=80)
    description: str = Field(default="", sa_column=text_column())
    enrolment_closes_on: date
    term_starts_on: date
    term_ends_on: date
    matching_mode: str = Field(default="round", max_length=16)  # round, mentees_choose
    mentees_per_mentor: int = 1
    # Set (2-8, migration 0027): the round matches each mentor with up to this many mentees,
    # who meet together as one circle; None: one-to-one pairs.
    circle_size: int | None = None
    announce_channel_id: str | None = Field(default=None, max_length=32)
    question: str = Field(default="", sa_column=text_column())
    status: str = Field(default="enrolling", max_length=16)  # enrolling, running, closed
    # Where the announcement with Join as mentee / Join as mentor landed, to keep it current.
    announce_ts: str | None = Field(default=None, max_length=32)
    # When a scheduler pass matched the cohort because enrolment closed (once per program).
    auto_matched_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_by_person_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class ProgramEnrolment(SQLModel, table=True):
    """Someone in a program as a mentee or a mentor; leaving keeps the row with `left_at`."""

    __tablename__ = "program_enrolment"
    __table_args__ = (
        UniqueConstraint("program_id", "person_id", "role"),
        Index("ix_program_enrolment_program_role", "program_id", "role", "left_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    program_id: int = Field(foreign_key="program.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=8)  # mentee, mentor
    answer: str = Field(default="", sa_column=text_column())  # to the program's question
    joined_at: datetime = Field(sa_column=utc_column())
    left_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class MatchingRound(SQLModel, table=True):
    """One solved assignment of a program's mentees to its mentors.

    status: proposed -> published, or superseded (solved again, or replaced). The partial
    unique index keeps at most one proposal per program, so two admins pressing Match now at
    once get one round; publishing is a conditional update from proposed, so it happens once.
    """

    __tablename__ = "matching_round"
    __table_args__ = (
        Index(
            "ux_matching_round_one_proposed",
            "program_id",
            unique=True,
            postgresql_where=text("status = 'proposed'"),
            sqlite_where=text("status = 'proposed'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    status: str = Field(default="proposed", max_length=16)
    solver_status: str = Field(default="", max_length=24)  # OR-Tools' status name
    mentee_count: int = 0
    mentor_count: int = 0
    matched_count: int = 0
    total_fit: int = 0  # the sum of the pairs' fit points
    edges: int = 0  # mentee-mentor pairs with a positive fit the solver considered
    note: str = Field(default="", sa_column=text_column())  # e.g. why it was solved again
    created_by_person_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(sa_column=utc_column())
    published_by_person_id: int | None = Field(default=None, foreign_key="person.id")
    published_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # The proposal message in the admin's DM, updated after a swap, a removal or Publish.
    proposal_channel_id: str | None = Field(default=None, max_length=32)
    proposal_ts: str | None = Field(default=None, max_length=32)


class RoundPair(SQLModel, table=True):
    """A mentee and mentor the round put together, and what became of the introduction.

    status: proposed, removed (by the admin), offered (introduction sent), accepted,
    declined, expired (no answer in time), unsent (the introduction service refused it).
    origin: round (the solver), swap (the admin), reoffer (after a decline or no answer).
    """

    __tablename__ = "round_pair"
    __table_args__ = (Index("ix_round_pair_round_status", "round_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    round_id: int = Field(foreign_key="matching_round.id")
    mentee_id: int = Field(foreign_key="person.id", index=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    score: int = 0  # fit points (the /find-mentor score times 1000)
    reasons: str = Field(default="", sa_column=text_column())
    status: str = Field(default="proposed", max_length=16)
    origin: str = Field(default="round", max_length=16)
    intro_request_id: int | None = Field(default=None, foreign_key="intro_request.id", index=True)
    offered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column())


class RoundUnmatched(SQLModel, table=True):
    """A mentee the round could not match, and why in words."""

    __tablename__ = "round_unmatched"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    round_id: int = Field(foreign_key="matching_round.id", index=True)
    mentee_id: int = Field(foreign_key="person.id", index=True)
    code: str = Field(max_length=24)  # no_wishes, nobody_knows, ruled_out, full, removed, ...
    reason: str = Field(default="", sa_column=text_column())
    created_at: datetime = Field(sa_column=utc_column())


class ProgramCheckpoint(SQLModel, table=True):
    """One participant's midpoint survey or close-out answer. Private: the program's report
    shows aggregates only (k >= 5); `named` says they let the program team see their note with
    their name, otherwise it is shown (in the Slack report only) without it."""

    __tablename__ = "program_checkpoint"
    __table_args__ = (UniqueConstraint("program_id", "person_id", "pair_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    program_id: int = Field(foreign_key="program.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    pair_id: int | None = Field(default=None, foreign_key="pair.id")
    kind: str = Field(max_length=16)  # midpoint, closeout
    role: str = Field(max_length=8)  # mentee, mentor
    quality: int | None = None  # midpoint: the relationship, 1-5
    on_track: str = Field(default="", max_length=8)  # midpoint: yes, partly, no
    note: str = Field(default="", sa_column=text_column())  # for the program team
    named: bool = False
    goal_progress: str = Field(default="", max_length=8)  # close-out: none, some, most, all
    gaps_closed: str = Field(default="", sa_column=text_column())  # close-out: skill keys, JSON
    gaps_open: str = Field(default="", sa_column=text_column())
    recommend: str = Field(default="", max_length=8)  # close-out: yes, maybe, no
    thanks: str = Field(default="", sa_column=text_column())  # close-out: sent to the mentor
    next_step: str = Field(default="", max_length=8)  # close-out: continue, end
    created_at: datetime = Field(sa_column=utc_column())
