"""Leaving a program after its round was published: a mentee's introductions still waiting are
withdrawn; a mentor's are withdrawn and each of their mentees gets the best free mentor left.
On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlmodel import col, select

from bot.services.programs import leaving, publishing, rounds
from storage.engine import Database
from storage.models import Delivery, IntroRequest, Person, Program, RoundPair
from storage.models.deliveries import PROGRAM_MATCHED
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)


def _published(db: Database) -> tuple[Program, dict[str, Person]]:
    """Ana and Cy want Python; Bo and Di know it (one mentee each), Ed knows it from Tokyo."""
    with db.begin() as session:
        program = new_program(session)
        people = {
            "ana": enrolled_mentee(session, program, "UANA", ["python"]),
            "cy": enrolled_mentee(session, program, "UCY", ["python"]),
            "bo": enrolled_mentor(session, program, "UBO", ["Python"]),
            "di": enrolled_mentor(session, program, "UDI", ["Python"]),
            "ed": enrolled_mentor(session, program, "UED", ["Python"], tz="Asia/Tokyo"),
        }
    assert program.id is not None
    outcome = rounds.match_now(db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)
    assert outcome.proposal is not None
    done = publishing.publish(
        db, team_id=TEAM, round_id=outcome.proposal.round_id, admin_id=None, now=NOW
    )
    assert done.kind == "published" and done.offered == 2
    return program, people


def _requests(db: Database) -> dict[tuple[int, int], str]:
    with db.begin() as session:
        rows = session.exec(select(IntroRequest).order_by(col(IntroRequest.id))).all()
        return {(r.mentee_id, r.mentor_id): r.status for r in rows}


def _leave(db: Database, program: Program, who: Person, role: str) -> leaving.Left:
    assert program.id is not None and who.id is not None
    return leaving.leave(
        db, team_id=TEAM, program_id=program.id, person_id=who.id, role=role, now=NOW
    )


def test_a_mentee_leaving_withdraws_their_waiting_introduction(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    program, people = _published(db)
    ana = people["ana"]
    left = _leave(db, program, ana, "mentee")
    assert left.kind == "left" and left.undone.withdrawn == 1
    statuses = _requests(db)
    assert [s for (mentee, _), s in statuses.items() if mentee == ana.id] == ["withdrawn"]
    assert [s for (mentee, _), s in statuses.items() if mentee == people["cy"].id] == ["open"]
    assert _leave(db, program, ana, "mentee").kind == "not_in"  # twice: nothing more


def test_a_mentor_leaving_after_publish_hands_their_mentee_to_the_best_free_mentor(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    program, people = _published(db)
    ids = {k: int(p.id or 0) for k, p in people.items()}
    with db.begin() as session:
        pair = session.exec(select(RoundPair).where(RoundPair.mentor_id == ids["bo"])).one()
        mentee = pair.mentee_id
    left = _leave(db, program, people["bo"], "mentor")
    assert left.undone.withdrawn == 1
    assert [(r.mentee_id, r.mentor_id) for r in left.undone.reoffered] == [(mentee, ids["ed"])]
    requests = _requests(db)
    assert requests[(mentee, ids["bo"])] == "withdrawn"
    assert requests[(mentee, ids["ed"])] == "open"  # Ed is the only free mentor left
    with db.begin() as session:
        statuses = {
            (p.mentor_id, p.status)
            for p in session.exec(select(RoundPair).where(RoundPair.mentee_id == mentee))
        }
        assert statuses == {(ids["bo"], "withdrawn"), (ids["ed"], "offered")}
        old = session.exec(select(IntroRequest).where(IntroRequest.mentor_id == ids["bo"])).one()
        notices = session.exec(
            select(Delivery).where(col(Delivery.idempotency_key).startswith(PROGRAM_MATCHED))
        ).all()
        stale = [n for n in notices if n.idempotency_key.startswith(f"{PROGRAM_MATCHED}:{old.id}")]
        assert stale and all(n.status == "cancelled" for n in stale)


def test_a_mentor_leaving_with_nobody_free_left_says_why(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    program, people = _published(db)
    _leave(db, program, people["ed"], "mentor")  # Ed had no mentee: nothing to undo
    left = _leave(db, program, people["bo"], "mentor")
    assert left.undone.withdrawn == 1
    assert [r.mentor_id for r in left.undone.reoffered] == [None]
    assert left.undone.reoffered[0].reason
