"""open to peers: a mentor profile says whether its person may be suggested as a peer

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-10 10:00:00.000000

Existing profiles start closed to peers: a peer match names what its person wants to learn,
so it is shown only with their explicit consent (the profile's checkbox).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentor_profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("open_to_peers", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("mentor_profile", schema=None) as batch_op:
        batch_op.drop_column("open_to_peers")
