"""dm help: when a person last got the short help in their DM

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dm_help",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("helped_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_dm_help_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_dm_help_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_dm_help")),
    )
    with op.batch_alter_table("dm_help", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dm_help_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dm_help", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dm_help_team_id"))
    op.drop_table("dm_help")
