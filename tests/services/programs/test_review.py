"""The admin's review of a proposal: the mentors a pair's mentee could have instead, a swap
with another pair or a move to a free mentor, and the hard rules both keep."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.services.programs import edits, review, rounds
from bot.services.programs.proposals import Proposal, read_proposal
from storage.engine import Database
from storage.models import Person, RoundPair
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)


@pytest.fixture
def db(sqlite_or_postgres: Database) -> Database:
    """Each test on SQLite and on PostgreSQL."""
    return sqlite_or_postgres


def _proposal(db: Database) -> tuple[Proposal, dict[str, Person]]:
    """Ana and Cy want Python; Bo and Di know it in Paris, Ed in Tokyo (free after the round)."""
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
    return outcome.proposal, people


def test_swap_choices_list_free_mentors_and_other_pairs_best_fit_first(db: Database) -> None:
    proposal, people = _proposal(db)
    pair = proposal.pairs[0]
    with db.begin() as session:
        found = review.swap_choices(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=pair.pair_id, now=NOW
        )
    assert isinstance(found, review.SwapChoices)
    values = [c.value for c in found.choices]
    other = proposal.pairs[1]
    assert values == sorted(
        values, key=lambda v: -next(c.fit for c in found.choices if c.value == v)
    )
    assert f"mentor:{people['ed'].id}" in values and f"pair:{other.pair_id}" in values
    assert f"mentor:{pair.mentor_id}" not in values  # not the mentor they have
    ed = next(c for c in found.choices if c.value == f"mentor:{people['ed'].id}")
    assert ed.detail == "1 place free" and ed.fit > 0  # the program gives each one mentee


def test_moving_to_a_free_mentor_rescores_the_pair(db: Database) -> None:
    proposal, people = _proposal(db)
    pair = proposal.pairs[0]
    choice = f"mentor:{people['ed'].id}"
    with db.begin() as session:
        outcome = review.apply_swap(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=pair.pair_id,
            choice=choice, now=NOW,
        )  # fmt: skip
        assert outcome.kind == "swapped"
        after = read_proposal(session, team_id=TEAM, round_id=proposal.round_id)
    assert after is not None
    moved = next(p for p in after.pairs if p.pair_id == pair.pair_id)
    assert moved.mentor_slack_id == "UED" and moved.origin == "swap"
    assert moved.score < pair.score and "hours apart" in moved.reasons


def test_a_move_keeps_capacity_and_the_hard_rules(db: Database) -> None:
    proposal, people = _proposal(db)
    first, second = proposal.pairs
    with db.begin() as session:
        taken = review.apply_swap(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=first.pair_id,
            choice=f"mentor:{second.mentor_id}", now=NOW,
        )  # fmt: skip
        ana = session.get(Person, first.mentee_id)
        assert ana is not None
        ana.manager_person_id = people["ed"].id
        session.add(ana)
    assert taken.kind == "refused" and "has no room left" in taken.message  # one mentee each
    with db.begin() as session:
        ruled = review.apply_swap(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=first.pair_id,
            choice=f"mentor:{people['ed'].id}", now=NOW,
        )  # fmt: skip
        same = review.apply_swap(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=first.pair_id,
            choice=f"mentor:{first.mentor_id}", now=NOW,
        )  # fmt: skip
        forged = review.apply_swap(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=first.pair_id,
            choice="mentor:<!channel>", now=NOW,
        )  # fmt: skip
        mentors = {p.id: p.mentor_id for p in session.exec(select(RoundPair))}
    assert ruled.kind == "refused" and ruled.message.endswith("manager.")
    assert same.kind == "refused" and "already" in same.message
    assert forged.kind == "unknown"
    assert mentors == {first.pair_id: first.mentor_id, second.pair_id: second.mentor_id}


def test_nothing_changes_once_the_round_is_published(db: Database) -> None:
    from bot.services.programs import publishing

    proposal, people = _proposal(db)
    publishing.publish(db, team_id=TEAM, round_id=proposal.round_id, admin_id=None, now=NOW)
    pair = proposal.pairs[0]
    with db.begin() as session:
        choices = review.swap_choices(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=pair.pair_id, now=NOW
        )
        moved = edits.move_to_mentor(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=pair.pair_id,
            mentor_id=int(people["ed"].id or 0), now=NOW,
        )  # fmt: skip
    assert isinstance(choices, edits.EditOutcome) and choices.kind == "closed"
    assert moved.kind == "closed"


def test_the_proposal_message_is_remembered_per_round(db: Database) -> None:
    proposal, _people = _proposal(db)
    with db.begin() as session:
        assert review.message_of(session, team_id=TEAM, round_id=proposal.round_id) is None
        review.remember_message(
            session, team_id=TEAM, round_id=proposal.round_id, channel_id="D1", ts="1.5"
        )
        review.remember_message(  # another workspace's round id changes nothing
            session, team_id="T0OTHER", round_id=proposal.round_id, channel_id="D2", ts="2.5"
        )
    with db.begin() as session:
        assert review.message_of(session, team_id=TEAM, round_id=proposal.round_id) == ("D1", "1.5")


def test_a_mentee_who_is_also_a_mentor_is_not_offered_themselves(db: Database) -> None:
    """Someone may join as a mentee and as a mentor; the Swap modal listed them as a free
    mentor for their own pair (and the pair they mentor as a swap), choices that the submit
    then refused ("would be their own mentor")."""
    with db.begin() as session:
        program = new_program(session)
        ana = enrolled_mentee(session, program, "UANA", ["python"])
        enrolled_mentor(session, program, "UANA", ["Python"])
        enrolled_mentee(session, program, "UCY", ["python"])
        enrolled_mentor(session, program, "UBO", ["Python"])
    assert program.id is not None
    outcome = rounds.match_now(db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)
    assert outcome.proposal is not None
    pairs = outcome.proposal.pairs
    assert all(p.mentee_id != p.mentor_id for p in pairs)
    own = next(p for p in pairs if p.mentee_id == ana.id)
    with db.begin() as session:
        found = review.swap_choices(
            session, team_id=TEAM, round_id=outcome.proposal.round_id, pair_id=own.pair_id, now=NOW
        )
    assert isinstance(found, review.SwapChoices)
    assert f"mentor:{ana.id}" not in [c.value for c in found.choices]
    mentored_by_ana = [p.pair_id for p in pairs if p.mentor_id == ana.id]
    assert not {f"pair:{i}" for i in mentored_by_ana} & {c.value for c in found.choices}
