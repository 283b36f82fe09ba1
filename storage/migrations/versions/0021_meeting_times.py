"""meeting times: a pair's agreed time as a calendar series, and its changed occurrences

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_STR = sqlmodel.sql.sqltypes.AutoString
_UTC = storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "meeting_time",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _STR(length=32), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("tz", _STR(length=64), nullable=False),
        sa.Column("first_start", _UTC(timezone=True), nullable=False),
        sa.Column("length_minutes", sa.Integer(), nullable=False),
        sa.Column("cadence", _STR(length=16), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("status", _STR(length=16), nullable=False),
        sa.Column("until", _UTC(timezone=True), nullable=True),
        sa.Column("agreed_at", _UTC(timezone=True), nullable=False),
        sa.Column("updated_at", _UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organiser_id"], ["person.id"], name=op.f("fk_meeting_time_organiser_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_meeting_time_pair_id_pair")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_meeting_time_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_time")),
        sa.UniqueConstraint("pair_id", name=op.f("uq_meeting_time_pair_id")),
    )
    with op.batch_alter_table("meeting_time", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_time_organiser_id"), ["organiser_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meeting_time_team_id"), ["team_id"], unique=False)

    op.create_table(
        "meeting_time_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _STR(length=32), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("original_start", _UTC(timezone=True), nullable=False),
        sa.Column("new_start", _UTC(timezone=True), nullable=True),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["person.id"],
            name=op.f("fk_meeting_time_change_changed_by_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_meeting_time_change_pair_id_pair")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["workspace.team_id"],
            name=op.f("fk_meeting_time_change_team_id_workspace"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_time_change")),
        sa.UniqueConstraint(
            "pair_id",
            "original_start",
            name=op.f("uq_meeting_time_change_pair_id_original_start"),
        ),
    )
    with op.batch_alter_table("meeting_time_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_time_change_pair_id"), ["pair_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_meeting_time_change_team_id"), ["team_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_time_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_time_change_team_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_time_change_pair_id"))
    op.drop_table("meeting_time_change")
    with op.batch_alter_table("meeting_time", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_time_team_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_time_organiser_id"))
    op.drop_table("meeting_time")
