"""intro request program: a request made in a "mentees choose" program counts against the
mentor's room in that program, and its pair belongs to the program

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain nullable column (no foreign key): SQLite adds it in place, without copying the table.
    op.add_column("intro_request", sa.Column("program_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("intro_request", schema=None) as batch_op:
        batch_op.drop_column("program_id")
