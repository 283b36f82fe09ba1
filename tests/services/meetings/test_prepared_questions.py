"""The come-prepared questions on a real database, no Slack: kept as a private draft, shared
only by their author, once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.services import refusals
from bot.services.meetings import prepared_questions
from storage.engine import Database
from storage.models import Delivery, Pair, Person, PreparedQuestions
from tests.scheduler.helpers import make_pair

TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)


def _person(db: Database, user: str) -> Person:
    with db.begin() as session:
        return session.exec(select(Person).where(Person.slack_user_id == user)).one()


def _open_nudge(db: Database, pair: Pair, mentee: Person) -> None:
    with db.begin() as session:
        session.add(
            Delivery(
                team_id=pair.team_id,
                kind="prepare",
                pair_id=pair.id,
                person_id=mentee.id,
                due_at=TUESDAY,
                status="sent",
                sent_at=TUESDAY,
                idempotency_key="prepare-1",
                created_at=TUESDAY,
            )
        )


def _draft(
    db: Database, text: str = "How do I ask for a promotion?"
) -> prepared_questions.Questions:
    pair = make_pair(db, TUESDAY)
    mentee = _person(db, "UMENTEE")
    _open_nudge(db, pair, mentee)
    with db.begin() as session:
        taken = prepared_questions.take_questions(session, person=mentee, text=text, now=TUESDAY)
    assert taken is not None
    return taken


def _decide(db: Database, draft_id: int, user: str, *, share: bool) -> prepared_questions.Questions:
    with db.begin() as session:
        return prepared_questions.decide_questions(
            session,
            team_id="T0EMULATOR",
            questions_id=draft_id,
            person=_person(db, user),
            share=share,
            now=TUESDAY,
        )


def test_typed_questions_are_kept_as_a_private_draft(db: Database) -> None:
    taken = _draft(db, "  Q?  ")
    assert (taken.text, taken.status, taken.shared) == ("Q?", "draft", False)
    with db.begin() as session:
        row = session.get(PreparedQuestions, taken.id)
        assert row is not None and (row.text, row.status, row.decided_at) == ("Q?", "draft", None)


def test_share_shares_once_even_when_clicked_twice(db: Database) -> None:
    taken = _draft(db)
    first = _decide(db, taken.id, "UMENTEE", share=True)
    second = _decide(db, taken.id, "UMENTEE", share=True)
    assert (first.shared, first.status) == (True, "shared")
    assert (second.shared, second.status) == (False, "shared")


def test_dont_share_then_share_never_shares(db: Database) -> None:
    taken = _draft(db)
    kept = _decide(db, taken.id, "UMENTEE", share=False)
    late = _decide(db, taken.id, "UMENTEE", share=True)
    assert (kept.shared, kept.status) == (False, "kept")
    assert (late.shared, late.status) == (False, "kept")


def test_only_the_author_may_share(db: Database) -> None:
    taken = _draft(db)
    with pytest.raises(refusals.NotYours):
        _decide(db, taken.id, "UMENTOR", share=True)
    with pytest.raises(refusals.NotYours):
        _decide(db, taken.id + 100, "UMENTEE", share=True)
    assert _decide(db, taken.id, "UMENTEE", share=False).status == "kept"


def test_nothing_is_shared_after_the_pair_ended(db: Database) -> None:
    taken = _draft(db)
    with db.begin() as session:
        pair = session.get(Pair, taken.view.pair.id)
        assert pair is not None
        pair.status = "ended"
        session.add(pair)
    with pytest.raises(ValueError, match="ended"):
        _decide(db, taken.id, "UMENTEE", share=True)
    assert _decide(db, taken.id, "UMENTEE", share=False).status == "kept"
