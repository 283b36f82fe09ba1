"""Private to the reflection dialog: where a person is inside the goal loop."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from storage.models.core import utc_column
from storage.models.mentoring import text_column


class ReflectionDialog(SQLModel, table=True):
    """The in-progress parts of one reflection run that do not belong in the core schema."""

    __tablename__ = "reflection_dialog"

    reflection_id: int = Field(foreign_key="reflection.id", primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    # The goal being written: its text, measure and date as far as the person has told us.
    draft_text: str = Field(default="", sa_column=text_column())
    draft_measure: str = Field(default="", sa_column=text_column())
    draft_target_date: date | None = None
    # The SMART element we asked about last ("" when none) and those already asked once.
    asking: str = Field(default="", max_length=16)
    excused: str = Field(default="", max_length=64)
    # The ts of the last few DM messages the dialog took (space-separated, newest last), so a
    # message delivered twice, even under two event ids and out of order, counts once.
    recent_message_ts: str = Field(default="", sa_column=text_column())
    paused: bool = False
    updated_at: datetime = Field(sa_column=utc_column())
