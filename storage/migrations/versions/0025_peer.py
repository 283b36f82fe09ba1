"""peer: a pair's and an introduction request's kind ("mentoring", or "peer" for two people
who each teach the other)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("pair", "intro_request"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "kind",
                    sqlmodel.sql.sqltypes.AutoString(length=16),
                    nullable=False,
                    server_default="mentoring",
                )
            )


def downgrade() -> None:
    for table in ("intro_request", "pair"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("kind")
