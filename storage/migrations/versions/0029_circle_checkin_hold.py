"""circle check-in hold: three check-ins unanswered hold a member's check-ins in that circle only

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-11 09:00:00.000000

Before, the hold was the person's reminder preference for the kind, so a member who stopped
answering in one circle was held in all of theirs. A preference held for circle check-ins
becomes a hold on each circle the person is seated in now (we cannot tell which circle asked),
and the preference is released.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

member = sa.table(
    "circle_member",
    sa.column("person_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("checkins_held", sa.Boolean()),
)
preference = sa.table(
    "reminder_preference",
    sa.column("person_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("held", sa.Boolean()),
)
CHECKIN = "circle_checkin"


def upgrade() -> None:
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checkins_held", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("checkins_told_at", storage.types.UTCDateTime(timezone=True), nullable=True)
        )
    held = sa.select(preference.c.person_id).where(
        preference.c.kind == CHECKIN, preference.c.held == sa.true()
    )
    op.execute(
        member.update()
        .where(member.c.status == "member", member.c.person_id.in_(held))
        .values(checkins_held=True)
    )
    op.execute(preference.update().where(preference.c.kind == CHECKIN).values(held=False))


def downgrade() -> None:
    with op.batch_alter_table("circle_member", schema=None) as batch_op:
        batch_op.drop_column("checkins_told_at")
        batch_op.drop_column("checkins_held")
