"""Answering the midpoint survey and the close-out: one answer per person, pair and kind (again
updates it), only by its recipient, the mentee's skill gaps, the thanks and the ending."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.services.data_rights.export import export_person
from bot.services.programs import checkpoints, terms
from bot.services.refusals import NotYours
from storage.engine import Database
from storage.models import Delivery, Pair, Person, ProgramCheckpoint
from storage.models.deliveries import PROGRAM_CLOSEOUT, PROGRAM_MIDPOINT
from tests.services.programs.term_fixtures import START, new_program, program_pair, skill_gaps

NOW = datetime(2026, 12, 30, 10, tzinfo=UTC)
MID = checkpoints.MidpointAnswer(quality=4, on_track="partly", note="more structure", named=False)


def _planned(db: Database) -> tuple[Pair, dict[tuple[str, int], int]]:
    """A running program's pair with its checkpoints planned: delivery id by (kind, person)."""
    program = new_program(db)
    pair = program_pair(db, program)
    with db.begin() as session:
        terms.advance_terms(session, now=START)
        terms.plan_checkpoints(session, now=START)
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        skill_gaps(session, mentee, ["python", "sql"])
        rows = session.exec(select(Delivery)).all()
        for row in rows:
            row.status, row.sent_at = "sent", NOW
            session.add(row)
        return pair, {(r.kind, r.person_id or 0): r.id or 0 for r in rows}


def _person(db: Database, person_id: int) -> Person:
    with db.begin() as session:
        found = session.get(Person, person_id)
        assert found is not None
        return found


def _midpoint(
    db: Database, pair: Pair, ids: dict[tuple[str, int], int], who: int, **kw: object
) -> checkpoints.Saved:
    answer = checkpoints.MidpointAnswer(**{**MID.__dict__, **kw})
    with db.begin() as session:
        return checkpoints.save_midpoint(
            session, team_id=pair.team_id, delivery_id=ids[(PROGRAM_MIDPOINT, who)],
            person=_person(db, who), answer=answer, now=NOW,
        )  # fmt: skip


def _closeout(
    db: Database, pair: Pair, ids: dict[tuple[str, int], int], who: int, **kw: object
) -> checkpoints.Saved:
    values: dict[str, object] = {
        "goal_progress": "most", "closed": ("python",), "recommend": "yes",
        "thanks": "", "next_step": "continue",
    }  # fmt: skip
    answer = checkpoints.CloseoutAnswer(**{**values, **kw})
    with db.begin() as session:
        return checkpoints.save_closeout(
            session, team_id=pair.team_id, delivery_id=ids[(PROGRAM_CLOSEOUT, who)],
            person=_person(db, who), answer=answer, now=NOW,
        )  # fmt: skip


def _stored(db: Database) -> list[ProgramCheckpoint]:
    with db.begin() as session:
        return list(session.exec(select(ProgramCheckpoint)))


def test_a_midpoint_answer_is_kept_once_and_updated(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    pair, ids = _planned(db)
    saved = _midpoint(db, pair, ids, pair.mentee_id)
    assert saved.checkpoint.quality == 4 and saved.checkpoint.role == "mentee"
    _midpoint(db, pair, ids, pair.mentee_id)  # a double click
    _midpoint(db, pair, ids, pair.mentee_id, quality=2, named=True)  # changed their mind
    rows = _stored(db)
    assert len(rows) == 1
    row = rows[0]
    assert (row.kind, row.quality, row.on_track, row.named) == ("midpoint", 2, "partly", True)
    assert row.program_id == pair.program_id and row.pair_id == pair.id
    with db.begin() as session:
        delivery = session.get(Delivery, ids[(PROGRAM_MIDPOINT, pair.mentee_id)])
        assert delivery is not None and delivery.answered_at == NOW
        stamped = session.get(Pair, pair.id)
        assert stamped is not None and stamped.last_activity_at == NOW


def test_only_the_recipient_may_answer(db: Database) -> None:
    pair, ids = _planned(db)
    mentor = _person(db, pair.mentor_id)
    with db.begin() as session, pytest.raises(NotYours):
        checkpoints.save_midpoint(
            session, team_id=pair.team_id, delivery_id=ids[(PROGRAM_MIDPOINT, pair.mentee_id)],
            person=mentor, answer=MID, now=NOW,
        )  # fmt: skip
    with db.begin() as session, pytest.raises(NotYours):  # a close-out is not a midpoint
        checkpoints.save_midpoint(
            session, team_id=pair.team_id, delivery_id=ids[(PROGRAM_CLOSEOUT, pair.mentor_id)],
            person=mentor, answer=MID, now=NOW,
        )  # fmt: skip
    with db.begin() as session, pytest.raises(NotYours):
        mine = ids[(PROGRAM_MIDPOINT, pair.mentor_id)]
        checkpoints.ask(session, team_id="T0OTHER", delivery_id=mine, person=mentor)
    assert _stored(db) == []


def test_answers_out_of_range_are_refused(db: Database) -> None:
    pair, ids = _planned(db)
    with pytest.raises(ValueError):
        _midpoint(db, pair, ids, pair.mentee_id, quality=6)
    with pytest.raises(ValueError):
        _midpoint(db, pair, ids, pair.mentee_id, on_track="maybe")
    with pytest.raises(ValueError):
        _closeout(db, pair, ids, pair.mentee_id, next_step="vanish")
    assert _stored(db) == []


def test_the_mentee_closes_skill_gaps_from_their_reflection(db: Database) -> None:
    pair, ids = _planned(db)
    with db.begin() as session:
        ask = checkpoints.ask(
            session, team_id=pair.team_id, delivery_id=ids[(PROGRAM_CLOSEOUT, pair.mentee_id)],
            person=_person(db, pair.mentee_id),
        )  # fmt: skip
    assert [gap.key for gap in ask.gaps] == ["python", "sql"] and ask.role == "mentee"
    saved = _closeout(db, pair, ids, pair.mentee_id, closed=("python", "forged"))
    assert json.loads(saved.checkpoint.gaps_closed) == ["python"]
    assert json.loads(saved.checkpoint.gaps_open) == ["sql"]
    mentor_saved = _closeout(db, pair, ids, pair.mentor_id, thanks="not theirs to give")
    assert mentor_saved.checkpoint.gaps_closed == "[]" and mentor_saved.checkpoint.thanks == ""
    assert saved.view.pair.status == "active"


def test_the_thanks_goes_on_once_and_ending_ends_the_pair_once(db: Database) -> None:
    pair, ids = _planned(db)
    first = _closeout(db, pair, ids, pair.mentee_id, thanks="Thank you!", next_step="end")
    assert first.thanks_sent == "Thank you!" and first.ended_now
    again = _closeout(db, pair, ids, pair.mentee_id, thanks="Thank you!", next_step="end")
    assert again.thanks_sent == "" and not again.ended_now
    with db.begin() as session:
        ended = session.get(Pair, pair.id)
        assert ended is not None and ended.status == "ended"
        assert ended.ended_by_id == pair.mentee_id and ended.thanked_at == NOW
    assert len(_stored(db)) == 1 and _stored(db)[0].next_step == "end"


def test_answers_appear_in_the_persons_export(db: Database) -> None:
    pair, ids = _planned(db)
    _midpoint(db, pair, ids, pair.mentee_id, note="private words")
    with db.begin() as session:
        exported = export_person(session, team_id=pair.team_id, person_id=pair.mentee_id, now=NOW)
    found = json.dumps(exported, default=str)
    assert "private words" in found and '"midpoint"' in found
