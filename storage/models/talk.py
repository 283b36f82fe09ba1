"""What the bot answered when a person typed to it outside any dialog."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.core import utc_column


class DmHelp(SQLModel, table=True):
    """When the person last got the short help in their DM: at most one in ten minutes,
    however many processes answer them."""

    __tablename__ = "dm_help"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    helped_at: datetime = Field(sa_column=utc_column())
