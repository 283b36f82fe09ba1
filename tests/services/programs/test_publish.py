"""Publishing a round, the admin's edits before it, and the next best mentor after it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot.scheduler import planning
from bot.services.introductions import answering, asking
from bot.services.programs import catalog, edits, followups, leaving, offers, publishing, rounds
from bot.services.programs.proposals import Proposal
from storage.engine import Database
from storage.models import IntroRequest, Pair, Person, Program
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)


def _cohort(db: Database) -> tuple[Program, dict[str, Person]]:
    """Ana and Cy want Python; Bo and Di know it in their zone, Ed knows it from Tokyo."""
    with db.begin() as session:
        program = new_program(session)
        people = {
            "ana": enrolled_mentee(session, program, "UANA", ["python"]),
            "cy": enrolled_mentee(session, program, "UCY", ["python"]),
            "bo": enrolled_mentor(session, program, "UBO", ["Python"]),
            "di": enrolled_mentor(session, program, "UDI", ["Python"]),
            "ed": enrolled_mentor(session, program, "UED", ["Python"], tz="Asia/Tokyo"),
        }
    return program, people


def _propose(db: Database, program: Program) -> Proposal:
    assert program.id is not None
    outcome = rounds.match_now(db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)
    assert outcome.proposal is not None, outcome
    return outcome.proposal


def _pairs(proposal: Proposal | None) -> dict[str, str]:
    assert proposal is not None
    return {p.mentee_slack_id: p.mentor_slack_id for p in proposal.pairs}


def _publish(db: Database, proposal: Proposal) -> publishing.PublishOutcome:
    return publishing.publish(db, team_id=TEAM, round_id=proposal.round_id, admin_id=None, now=NOW)


def _requests(db: Database) -> list[IntroRequest]:
    with db.begin() as session:
        return list(session.exec(select(IntroRequest).order_by(col(IntroRequest.id))))


def test_publish_opens_one_introduction_per_pair_and_accept_works_as_today(db: Database) -> None:
    program, people = _cohort(db)
    proposal = _propose(db, program)
    pairs = _pairs(proposal)
    assert sorted(pairs.values()) == ["UBO", "UDI"]  # Ed's working hours overlap least
    published = _publish(db, proposal)
    assert published.kind == "published" and published.offered == 2
    requests = _requests(db)
    by_slack = {p.slack_user_id: p.id for p in people.values()}
    assert {(r.mentee_id, r.mentor_id) for r in requests} == {
        (by_slack[mentee], by_slack[mentor]) for mentee, mentor in pairs.items()
    }
    assert all(r.status == "open" and r.expires_at == NOW + timedelta(days=3) for r in requests)
    assert requests[0].message.startswith("The Spring cohort program matched us.")
    with db.begin() as session:
        waiting = offers.waiting_to_send(session)
        assert [w.request_id for w in waiting] == [r.id for r in requests]
        asking.record_mentor_message(
            session, team_id=TEAM, request_id=waiting[0].request_id, channel_id="D1", ts="1.0"
        )
    with db.begin() as session:
        assert [w.request_id for w in offers.waiting_to_send(session)] == [requests[1].id]
    with db.begin() as session:
        answer = answering.answer_request(
            session,
            team_id=TEAM,
            request_id=int(requests[0].id or 0),
            clicker_id=requests[0].mentor_id,
            answer="accept",
            now=NOW,
        )
        assert answer.kind == "accepted" and answer.pair is not None
        assert followups.offer_next_mentors(session, now=NOW) == []
    assert _publish(db, proposal).kind == "already_published"
    assert len(_requests(db)) == 2


def test_a_decline_offers_the_best_free_mentor_left(db: Database) -> None:
    program, people = _cohort(db)
    _publish(db, _propose(db, program))
    cy_request = next(r for r in _requests(db) if r.mentee_id == people["cy"].id)
    later = NOW + timedelta(hours=5)
    with db.begin() as session:
        answering.answer_request(
            session,
            team_id=TEAM,
            request_id=int(cy_request.id or 0),
            clicker_id=cy_request.mentor_id,
            answer="decline",
            now=later,
        )
        done = followups.offer_next_mentors(session, now=later)
    assert [(d.mentee_id, d.mentor_id) for d in done] == [(people["cy"].id, people["ed"].id)]
    newest = _requests(db)[-1]
    assert (newest.mentor_id, newest.status) == (people["ed"].id, "open")
    with db.begin() as session:
        assert followups.offer_next_mentors(session, now=later) == []  # once


def test_three_days_without_an_answer_offers_the_next_and_then_says_why_not(db: Database) -> None:
    program, people = _cohort(db)
    first = _pairs(_publish(db, _propose(db, program)).proposal)
    ana, cy = people["ana"].id, people["cy"].id
    mentor_id = {p.slack_user_id: p.id for p in people.values()}
    moment = NOW + timedelta(days=3, minutes=1)
    with db.begin() as session:
        planning.expire_intro_requests(session, now=moment, limit=100)
        done = followups.offer_next_mentors(session, now=moment)
    # Each gets the other's first mentor: free again, in their zone, and not tried yet.
    assert {(d.mentee_id, d.mentor_id) for d in done} == {
        (ana, mentor_id[first["UCY"]]),
        (cy, mentor_id[first["UANA"]]),
    }
    moment += timedelta(days=3)
    with db.begin() as session:
        planning.expire_intro_requests(session, now=moment, limit=100)
        done = followups.offer_next_mentors(session, now=moment)
    assert [(d.mentee_id, d.mentor_id) for d in done] == [(ana, people["ed"].id), (cy, None)]
    assert done[1].reason == "every fitting mentor was introduced already or is full"


def test_a_mentor_leaving_before_publish_solves_the_round_again(db: Database) -> None:
    program, people = _cohort(db)
    proposal = _propose(db, program)
    assert program.id is not None
    left = leaving.leave(
        db,
        team_id=TEAM,
        program_id=program.id,
        person_id=int(people["di"].id or 0),
        role="mentor",
        now=NOW,
    )
    again = left.solved_again
    assert again is not None and again.proposal is not None
    assert again.proposal.note == (
        "Solved again: Person UDI left the program after this round was proposed."
    )
    assert "UDI" not in _pairs(again.proposal).values()
    stale = _publish(db, proposal)
    assert stale.kind == "superseded"
    assert _requests(db) == []


def test_a_departure_noticed_at_publish_solves_again_instead_of_sending(db: Database) -> None:
    program, people = _cohort(db)
    proposal = _propose(db, program)
    with db.begin() as session:  # left without going through leave(): a deactivation, say
        enrolment = catalog.programs_repo.get_enrolment(
            session,
            program_id=int(program.id or 0),
            person_id=int(people["bo"].id or 0),
            role="mentor",
        )
        assert enrolment is not None
        enrolment.left_at = NOW
        session.add(enrolment)
    outcome = _publish(db, proposal)
    assert outcome.kind == "solved_again"
    assert outcome.message.startswith("Solved again before publishing: Person UBO left")
    assert outcome.proposal is not None and "UBO" not in _pairs(outcome.proposal).values()
    assert _requests(db) == []


def test_swap_and_remove_before_publishing(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"])
        enrolled_mentee(session, program, "UCY", ["sql"])
        enrolled_mentor(session, program, "UBO", ["Python"])
        enrolled_mentor(session, program, "UDI", ["SQL"])
    proposal = _propose(db, program)
    by_mentee = {p.mentee_slack_id: p.pair_id for p in proposal.pairs}
    with db.begin() as session:
        swapped = edits.swap_mentors(
            session,
            team_id=TEAM,
            round_id=proposal.round_id,
            first=by_mentee["UANA"],
            second=by_mentee["UCY"],
            now=NOW,
        )
        assert swapped.kind == "swapped"
        again = publishing.read_proposal(session, team_id=TEAM, round_id=proposal.round_id)
    assert _pairs(again) == {"UANA": "UDI", "UCY": "UBO"}
    assert again is not None
    cy = next(p for p in again.pairs if p.mentee_slack_id == "UCY")
    assert (cy.score, cy.reasons, cy.origin) == (0.0, edits.NO_SHARED_SKILL, "swap")
    with db.begin() as session:
        removed = edits.remove_pair(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=cy.pair_id, now=NOW
        )
        assert removed.kind == "removed"
    published = _publish(db, proposal)
    assert published.offered == 1 and published.proposal is not None
    assert [u.reason for u in published.proposal.unmatched] == [edits.reasons.REMOVED]
    with db.begin() as session:
        closed = edits.remove_pair(
            session, team_id=TEAM, round_id=proposal.round_id, pair_id=cy.pair_id, now=NOW
        )
    assert closed.kind == "closed"


def test_a_swap_that_breaks_a_hard_rule_is_refused(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        boss = enrolled_mentor(session, program, "UBOSS", ["Python"])
        enrolled_mentor(session, program, "UBO", ["SQL"])
        enrolled_mentee(session, program, "UANA", ["sql"], manager=boss)
        enrolled_mentee(session, program, "UCY", ["python"])
    proposal = _propose(db, program)
    first, second = (p.pair_id for p in proposal.pairs)
    with db.begin() as session:
        refused = edits.swap_mentors(
            session, team_id=TEAM, round_id=proposal.round_id, first=first, second=second, now=NOW
        )
    assert refused.kind == "refused"
    assert refused.message == "Person UBOSS is Person UANA's manager."
    with db.begin() as session:
        assert session.exec(select(Pair)).all() == []


def test_the_only_mentor_leaving_retires_the_proposal_with_a_clear_answer(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"])
        bo = enrolled_mentor(session, program, "UBO", ["Python"])
    proposal = _propose(db, program)
    left = leaving.leave(
        db,
        team_id=TEAM,
        program_id=int(program.id or 0),
        person_id=int(bo.id or 0),
        role="mentor",
        now=NOW,
    )
    assert left.solved_again is not None and left.solved_again.kind == "no_mentors"
    assert _publish(db, proposal).kind == "superseded"
    assert _requests(db) == []
