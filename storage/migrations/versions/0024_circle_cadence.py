"""circle cadence: deliveries name their circle, a member may pause, members' circle answers

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("circle_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_delivery_circle_id"), ["circle_id"], unique=False)
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_until", sa.Date(), nullable=True))
    op.create_table(
        "circle_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("circle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("occurrence", sa.Date(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("share_name", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["circle_id"], ["circle.id"], name=op.f("fk_circle_answer_circle_id_circle")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_circle_answer_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_circle_answer_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_circle_answer")),
        sa.UniqueConstraint("delivery_id", "kind", name=op.f("uq_circle_answer_delivery_id_kind")),
    )
    with op.batch_alter_table("circle_answer", schema=None) as batch_op:
        batch_op.create_index("ix_circle_answer_circle_kind", ["circle_id", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_answer_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_circle_answer_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("circle_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circle_answer_team_id"))
        batch_op.drop_index(batch_op.f("ix_circle_answer_person_id"))
        batch_op.drop_index("ix_circle_answer_circle_kind")
    op.drop_table("circle_answer")
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.drop_column("paused_until")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_circle_id"))
        batch_op.drop_column("circle_id")
