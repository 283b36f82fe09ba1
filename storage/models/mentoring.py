"""The mentoring core that several features share: skills, reflections, goals, mentors,
introductions, pairs and meetings. Feature-private tables live in their own modules."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_column


def text_column(*, nullable: bool = False) -> Column[str]:
    return Column(Text(), nullable=nullable)


class Skill(SQLModel, table=True):
    """A skill in the workspace's list; `key` is the normalized name used for matching."""

    __tablename__ = "skill"
    __table_args__ = (UniqueConstraint("team_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    key: str = Field(max_length=64)
    label: str = Field(max_length=75)
    # False for skills a person typed that are not (yet) in the admin-curated list.
    listed: bool = True
    created_at: datetime = Field(sa_column=utc_column())


class Reflection(SQLModel, table=True):
    """One run of the guided self-reflection. A restart starts a new one; old ones stay."""

    __tablename__ = "reflection"
    __table_args__ = (Index("ix_reflection_person_current", "person_id", "is_current"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    person_id: int = Field(foreign_key="person.id")
    is_current: bool = True
    # The dialog step the person is on ("strengths", ..., "done"); the dialog owns the values.
    step: str = Field(default="strengths", max_length=32)
    strengths: str = Field(default="", sa_column=text_column())
    weaknesses: str = Field(default="", sa_column=text_column())
    aspirations: str = Field(default="", sa_column=text_column())
    challenges: str = Field(default="", sa_column=text_column())
    started_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())
    completed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class SkillGap(SQLModel, table=True):
    """A skill a person wants to grow, from their current reflection."""

    __tablename__ = "skill_gap"
    __table_args__ = (UniqueConstraint("reflection_id", "skill_key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    reflection_id: int = Field(foreign_key="reflection.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    skill_key: str = Field(max_length=64, index=True)
    created_at: datetime = Field(sa_column=utc_column())


class Goal(SQLModel, table=True):
    """A goal with its SMART parts and progress (0-100)."""

    __tablename__ = "goal"
    __table_args__ = (Index("ix_goal_team_status", "team_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    reflection_id: int | None = Field(default=None, foreign_key="reflection.id")
    text: str = Field(sa_column=text_column())
    measure: str = Field(default="", sa_column=text_column())
    target_date: date | None = None
    progress: int = 0
    status: str = Field(default="active", max_length=16)  # active, done, dropped
    created_at: datetime = Field(sa_column=utc_column())
    completed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class GoalUpdate(SQLModel, table=True):
    """The history of a goal: progress changes and milestone notes."""

    __tablename__ = "goal_update"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    goal_id: int = Field(foreign_key="goal.id", index=True)
    progress: int | None = None
    note: str = Field(default="", sa_column=text_column())
    kind: str = Field(
        default="progress", max_length=16
    )  # progress, milestone, done, dropped, feedback
    created_at: datetime = Field(sa_column=utc_column())


class MentorProfile(SQLModel, table=True):
    """Someone who opted in as a mentor."""

    __tablename__ = "mentor_profile"
    __table_args__ = (UniqueConstraint("person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    person_id: int = Field(foreign_key="person.id")
    helps_with: str = Field(default="", sa_column=text_column())
    capacity: int = 2
    is_open: bool = True  # availability: open or paused
    # Suggested to others as a peer (migration 0028): a peer match names what this person
    # wants to learn, so only with their explicit consent.
    open_to_peers: bool = False
    alumni: str = Field(default="", max_length=255)
    team_name: str = Field(default="", max_length=255)
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class MentorSkill(SQLModel, table=True):
    """A skill a mentor offers (normalized key)."""

    __tablename__ = "mentor_skill"
    __table_args__ = (
        UniqueConstraint("profile_id", "skill_key"),
        # Covering index for ranking: the mentors offering any of the wanted skills.
        Index("ix_mentor_skill_team_skill_profile", "team_id", "skill_key", "profile_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    profile_id: int = Field(foreign_key="mentor_profile.id", index=True)
    skill_key: str = Field(max_length=64, index=True)


class IntroRequest(SQLModel, table=True):
    """A mentee asking a mentor for an introduction."""

    __tablename__ = "intro_request"
    __table_args__ = (Index("ix_intro_request_status_expires", "status", "expires_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    mentee_id: int = Field(foreign_key="person.id", index=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    message: str = Field(default="", sa_column=text_column())
    # open, waiting (mentor said "not now"), accepted, declined, withdrawn, expired
    status: str = Field(default="open", max_length=16)
    mentor_channel_id: str | None = Field(default=None, max_length=32)
    mentor_message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=utc_column())
    expires_at: datetime = Field(sa_column=utc_column())
    answered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # When the mentee sent the one-click thank-you for this request (sent once).
    thanked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # The "mentees choose" program the request was made in (migration 0021); its pair joins it.
    program_id: int | None = None
    # "mentoring", or "peer": two people each offering what the other wants (migration 0025);
    # the asker is stored as mentee_id and the one asked as mentor_id, and no message says so.
    kind: str = Field(default="mentoring", max_length=16)


PAIR_KINDS = ("mentoring", "peer")


class Pair(SQLModel, table=True):
    """A mentoring relationship between a mentor and a mentee, or (kind "peer") between two
    people who each teach the other: mentor_id is then only the one who was asked."""

    __tablename__ = "pair"
    __table_args__ = (Index("ix_pair_team_status", "team_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    mentee_id: int = Field(foreign_key="person.id", index=True)
    intro_request_id: int | None = Field(default=None, foreign_key="intro_request.id")
    status: str = Field(default="active", max_length=16)  # active, paused, ended
    cadence: str = Field(default="biweekly", max_length=16)  # weekly, biweekly, monthly
    meeting_weekday: int = 1  # Monday 0 .. Friday 4
    group_channel_id: str | None = Field(default=None, max_length=32)
    paused_until: date | None = None
    started_at: datetime = Field(sa_column=utc_column())
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    ended_by_id: int | None = Field(default=None, foreign_key="person.id")
    # When the mentee last sent thanks: a "Send thanks" from before it is done.
    thanked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # The program whose round made this pair (no foreign key: added without copying the table).
    program_id: int | None = Field(default=None, index=True)
    # The last meeting, check-in answer, thanks or message in the pair's group DM: a program
    # pair silent for 60 days is nudged, and ended gracefully 7 days after that.
    last_activity_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    kind: str = Field(default="mentoring", max_length=16)  # one of PAIR_KINDS (migration 0025)


class Meeting(SQLModel, table=True):
    """One person's record of a meeting (a check-in answer, or logged with /mentor checkin)."""

    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_team_held", "team_id", "held_on"),
        Index("ux_meeting_submission_token", "submission_token", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    pair_id: int = Field(foreign_key="pair.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    held_on: date
    outcome: str = Field(default="met", max_length=16)  # met, missed, rescheduled
    usefulness: int | None = None  # 1-5
    takeaway: str = Field(default="", sa_column=text_column())
    next_steps: str = Field(default="", sa_column=text_column())
    source: str = Field(default="checkin", max_length=16)  # checkin, manual
    created_at: datetime = Field(sa_column=utc_column())
    # The check-in modal's one-time token: a second submit of the same modal stores nothing.
    submission_token: str | None = Field(default=None, max_length=36)
