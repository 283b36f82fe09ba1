"""circles: a mentor's circle of 2-8 members, and who is in it (or waiting, left, declined)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "circle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
        sa.Column("skill_keys", sa.Text(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("members_count", sa.Integer(), nullable=False),
        sa.Column("cadence", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("meeting_weekday", sa.Integer(), nullable=False),
        sa.Column("needs_approval", sa.Boolean(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("channel_is_private", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "members_count >= 0 AND members_count <= seats", name=op.f("ck_circle_members_count")
        ),
        sa.CheckConstraint("seats >= 2 AND seats <= 8", name=op.f("ck_circle_seats")),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["person.id"], name=op.f("fk_circle_mentor_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_circle_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle")),
    )
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_circle_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_team_id"), ["team_id"], unique=False)
        batch_op.create_index("ix_circle_team_status", ["team_id", "status"], unique=False)

    op.create_table(
        "circle_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("asked_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("joined_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("left_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["circle_id"], ["circle.id"], name=op.f("fk_circle_member_circle_id_circle")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_circle_member_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_circle_member_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_member")),
        sa.UniqueConstraint(
            "circle_id", "person_id", name=op.f("uq_circle_member_circle_id_person_id")
        ),
    )
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.create_index(
            "ix_circle_member_circle_status", ["circle_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_circle_member_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_member_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_member_team_id"))
        batch_op.drop_index(batch_op.f("ix_circle_member_person_id"))
        batch_op.drop_index("ix_circle_member_circle_status")

    op.drop_table("circle_member")
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.drop_index("ix_circle_team_status")
        batch_op.drop_index(batch_op.f("ix_circle_team_id"))
        batch_op.drop_index(batch_op.f("ix_circle_mentor_id"))

    op.drop_table("circle")
