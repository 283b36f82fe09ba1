"""program circles: a program may match into circles of a size its admin sets

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-10 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.add_column(sa.Column("circle_size", sa.Integer(), nullable=True))
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_circle_program_id", ["program_id"], unique=False)
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "awaiting_conversation", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.drop_column("awaiting_conversation")
    with op.batch_alter_table("circle", schema=None) as batch_op:
        batch_op.drop_index("ix_circle_program_id")
        batch_op.drop_column("program_id")
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_column("circle_size")
