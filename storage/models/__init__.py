"""All table models; importing this package fills SQLModel.metadata for Alembic."""

from sqlmodel import SQLModel

# Deterministic constraint names, so migrations agree on SQLite and PostgreSQL.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

from storage.models import installations  # noqa: E402,F401 - Slack's OAuth store tables
from storage.models.admin import WorkspaceSettings  # noqa: E402
from storage.models.calendar import MeetingTime, MeetingTimeChange  # noqa: E402
from storage.models.circles import Circle, CircleAnswer, CircleMember  # noqa: E402
from storage.models.core import Person, ProcessedEvent, RoleGrant, Workspace  # noqa: E402
from storage.models.deliveries import (  # noqa: E402
    Delivery,
    DeliveryDay,
    PreparedQuestions,
    PulseAnswer,
    ReminderPreference,
    Retrospective,
)
from storage.models.matching import (  # noqa: E402
    ChannelSync,
    MentorSearch,
    PublicChannel,
    SkillWatch,
)
from storage.models.mentoring import (  # noqa: E402
    Goal,
    GoalUpdate,
    IntroRequest,
    Meeting,
    MentorProfile,
    MentorSkill,
    Pair,
    Reflection,
    Skill,
    SkillGap,
)
from storage.models.programs import (  # noqa: E402
    MatchingRound,
    Program,
    ProgramCheckpoint,
    ProgramEnrolment,
    RoundPair,
    RoundUnmatched,
)
from storage.models.reflection import ReflectionDialog  # noqa: E402
from storage.models.summaries import (  # noqa: E402
    ChannelMember,
    ChannelMemberList,
    SummaryPost,
)
from storage.models.talk import DmHelp  # noqa: E402

__all__ = [
    "ChannelMember",
    "ChannelMemberList",
    "ChannelSync",
    "Circle",
    "CircleAnswer",
    "CircleMember",
    "Delivery",
    "DeliveryDay",
    "DmHelp",
    "MatchingRound",
    "MeetingTime",
    "MeetingTimeChange",
    "MentorSearch",
    "PreparedQuestions",
    "PublicChannel",
    "PulseAnswer",
    "ReminderPreference",
    "Retrospective",
    "SkillWatch",
    "Goal",
    "GoalUpdate",
    "IntroRequest",
    "Meeting",
    "MentorProfile",
    "MentorSkill",
    "Pair",
    "Person",
    "Program",
    "ProgramCheckpoint",
    "ProgramEnrolment",
    "ProcessedEvent",
    "Reflection",
    "ReflectionDialog",
    "RoleGrant",
    "RoundPair",
    "RoundUnmatched",
    "SQLModel",
    "Skill",
    "SkillGap",
    "SummaryPost",
    "Workspace",
    "WorkspaceSettings",
]
