"""program terms: checkpoint answers, where the announcement and the proposal landed, a pair's
program and last activity, a delivery's program

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

_STR = sqlmodel.sql.sqltypes.AutoString
_UTC = storage.types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "program_checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", _STR(length=32), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("kind", _STR(length=16), nullable=False),
        sa.Column("role", _STR(length=8), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("on_track", _STR(length=8), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("named", sa.Boolean(), nullable=False),
        sa.Column("goal_progress", _STR(length=8), nullable=False),
        sa.Column("gaps_closed", sa.Text(), nullable=False),
        sa.Column("gaps_open", sa.Text(), nullable=False),
        sa.Column("recommend", _STR(length=8), nullable=False),
        sa.Column("thanks", sa.Text(), nullable=False),
        sa.Column("next_step", _STR(length=8), nullable=False),
        sa.Column("created_at", _UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["pair.id"], name=op.f("fk_program_checkpoint_pair_id_pair")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_program_checkpoint_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_program_checkpoint_program_id_program")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_program_checkpoint_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_checkpoint")),
        sa.UniqueConstraint(
            "program_id",
            "person_id",
            "pair_id",
            "kind",
            name=op.f("uq_program_checkpoint_program_id_person_id_pair_id_kind"),
        ),
    )
    with op.batch_alter_table("program_checkpoint", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_checkpoint_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_checkpoint_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_program_checkpoint_team_id"), ["team_id"], unique=False
        )

    # Plain nullable columns: one ALTER TABLE each on SQLite, no copy of a large table.
    op.add_column("program", sa.Column("announce_ts", _STR(length=32), nullable=True))
    op.add_column("program", sa.Column("auto_matched_at", _UTC(timezone=True), nullable=True))
    op.add_column(
        "matching_round", sa.Column("proposal_channel_id", _STR(length=32), nullable=True)
    )
    op.add_column("matching_round", sa.Column("proposal_ts", _STR(length=32), nullable=True))
    op.add_column("pair", sa.Column("program_id", sa.Integer(), nullable=True))
    op.add_column("pair", sa.Column("last_activity_at", _UTC(timezone=True), nullable=True))
    op.create_index(op.f("ix_pair_program_id"), "pair", ["program_id"], unique=False)
    op.add_column("delivery", sa.Column("program_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("program_id")
    op.drop_index(op.f("ix_pair_program_id"), table_name="pair")
    with op.batch_alter_table("pair", schema=None) as batch_op:
        batch_op.drop_column("last_activity_at")
        batch_op.drop_column("program_id")
    with op.batch_alter_table("matching_round", schema=None) as batch_op:
        batch_op.drop_column("proposal_ts")
        batch_op.drop_column("proposal_channel_id")
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_column("auto_matched_at")
        batch_op.drop_column("announce_ts")
    with op.batch_alter_table("program_checkpoint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_checkpoint_team_id"))
        batch_op.drop_index(batch_op.f("ix_program_checkpoint_program_id"))
        batch_op.drop_index(batch_op.f("ix_program_checkpoint_person_id"))
    op.drop_table("program_checkpoint")
