"""programs: cohorts, matching rounds, proposed pairs, unmatched mentees; person manager

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import storage.types

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "program",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("name_key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("enrolment_closes_on", sa.Date(), nullable=False),
        sa.Column("term_starts_on", sa.Date(), nullable=False),
        sa.Column("term_ends_on", sa.Date(), nullable=False),
        sa.Column("matching_mode", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("mentees_per_mentor", sa.Integer(), nullable=False),
        sa.Column(
            "announce_channel_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True
        ),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_by_person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_person_id"],
            ["person.id"],
            name=op.f("fk_program_created_by_person_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_program_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program")),
        sa.UniqueConstraint("team_id", "name_key", name=op.f("uq_program_team_id_name_key")),
    )
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_team_id"), ["team_id"], unique=False)

    op.create_table(
        "matching_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("solver_status", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("mentee_count", sa.Integer(), nullable=False),
        sa.Column("mentor_count", sa.Integer(), nullable=False),
        sa.Column("matched_count", sa.Integer(), nullable=False),
        sa.Column("total_fit", sa.Integer(), nullable=False),
        sa.Column("edges", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by_person_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("published_by_person_id", sa.Integer(), nullable=True),
        sa.Column("published_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_person_id"],
            ["person.id"],
            name=op.f("fk_matching_round_created_by_person_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_matching_round_program_id_program")
        ),
        sa.ForeignKeyConstraint(
            ["published_by_person_id"],
            ["person.id"],
            name=op.f("fk_matching_round_published_by_person_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_matching_round_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matching_round")),
    )
    with op.batch_alter_table("matching_round", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_matching_round_program_id"), ["program_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_matching_round_team_id"), ["team_id"], unique=False)
        batch_op.create_index(
            "ux_matching_round_one_proposed",
            ["program_id"],
            unique=True,
            postgresql_where=sa.text("status = 'proposed'"),
            sqlite_where=sa.text("status = 'proposed'"),
        )

    op.create_table(
        "program_enrolment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("joined_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("left_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_program_enrolment_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["program.id"], name=op.f("fk_program_enrolment_program_id_program")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_program_enrolment_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_enrolment")),
        sa.UniqueConstraint(
            "program_id",
            "person_id",
            "role",
            name=op.f("uq_program_enrolment_program_id_person_id_role"),
        ),
    )
    with op.batch_alter_table("program_enrolment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_program_enrolment_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            "ix_program_enrolment_program_role", ["program_id", "role", "left_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_program_enrolment_team_id"), ["team_id"], unique=False)

    op.create_table(
        "round_pair",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("intro_request_id", sa.Integer(), nullable=True),
        sa.Column("offered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["intro_request_id"],
            ["intro_request.id"],
            name=op.f("fk_round_pair_intro_request_id_intro_request"),
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["person.id"], name=op.f("fk_round_pair_mentee_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["person.id"], name=op.f("fk_round_pair_mentor_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["matching_round.id"], name=op.f("fk_round_pair_round_id_matching_round")
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_round_pair_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_pair")),
    )
    with op.batch_alter_table("round_pair", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_round_pair_intro_request_id"), ["intro_request_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_round_pair_mentee_id"), ["mentee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_round_pair_mentor_id"), ["mentor_id"], unique=False)
        batch_op.create_index("ix_round_pair_round_status", ["round_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_round_pair_team_id"), ["team_id"], unique=False)

    op.create_table(
        "round_unmatched",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["person.id"], name=op.f("fk_round_unmatched_mentee_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["matching_round.id"],
            name=op.f("fk_round_unmatched_round_id_matching_round"),
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["workspace.team_id"], name=op.f("fk_round_unmatched_team_id_workspace")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_unmatched")),
    )
    with op.batch_alter_table("round_unmatched", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_round_unmatched_mentee_id"), ["mentee_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_round_unmatched_round_id"), ["round_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_round_unmatched_team_id"), ["team_id"], unique=False)

    # A plain nullable column: one ALTER TABLE on SQLite, no copy of the person table.
    op.add_column("person", sa.Column("manager_person_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("manager_person_id")

    with op.batch_alter_table("round_unmatched", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_unmatched_team_id"))
        batch_op.drop_index(batch_op.f("ix_round_unmatched_round_id"))
        batch_op.drop_index(batch_op.f("ix_round_unmatched_mentee_id"))

    op.drop_table("round_unmatched")
    with op.batch_alter_table("round_pair", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_pair_team_id"))
        batch_op.drop_index("ix_round_pair_round_status")
        batch_op.drop_index(batch_op.f("ix_round_pair_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_round_pair_mentee_id"))
        batch_op.drop_index(batch_op.f("ix_round_pair_intro_request_id"))

    op.drop_table("round_pair")
    with op.batch_alter_table("program_enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_enrolment_team_id"))
        batch_op.drop_index("ix_program_enrolment_program_role")
        batch_op.drop_index(batch_op.f("ix_program_enrolment_person_id"))

    op.drop_table("program_enrolment")
    with op.batch_alter_table("matching_round", schema=None) as batch_op:
        batch_op.drop_index(
            "ux_matching_round_one_proposed",
            postgresql_where=sa.text("status = 'proposed'"),
            sqlite_where=sa.text("status = 'proposed'"),
        )
        batch_op.drop_index(batch_op.f("ix_matching_round_team_id"))
        batch_op.drop_index(batch_op.f("ix_matching_round_program_id"))

    op.drop_table("matching_round")
    with op.batch_alter_table("program", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_team_id"))

    op.drop_table("program")
