"""Match now on a real database: the hard rules, the reasons in words, and the clear answers."""

from __future__ import annotations

from bot.services.programs import catalog, fit, rounds
from bot.services.programs.proposals import Proposal
from bot.services.programs.solver import greedy
from storage.engine import Database
from storage.models import Pair, Program
from tests.services.matching_fixtures import gaps, mentor
from tests.services.programs.builders import (
    NOW,
    TEAM,
    declined,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)


def _match(db: Database, program: Program) -> rounds.RoundOutcome:
    assert program.id is not None
    return rounds.match_now(db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)


def _pairs(proposal: Proposal | None) -> set[tuple[str, str]]:
    assert proposal is not None
    return {(p.mentee_slack_id, p.mentor_slack_id) for p in proposal.pairs}


def _why(proposal: Proposal | None) -> dict[str, str]:
    assert proposal is not None
    return {u.mentee_slack_id: u.reason for u in proposal.unmatched}


def test_a_round_pairs_by_fit_and_says_why(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python", "sql"])
        enrolled_mentee(session, program, "UCY", ["rust"])
        enrolled_mentor(session, program, "UBO", ["Python", "SQL"], team="Data")
        enrolled_mentor(session, program, "UDI", ["Python"])
    outcome = _match(db, program)
    assert outcome.kind == "proposed"
    proposal = outcome.proposal
    assert _pairs(proposal) == {("UANA", "UBO")}
    assert proposal is not None and proposal.solver_status == "OPTIMAL"
    (pair,) = proposal.pairs
    assert pair.reasons.startswith("knows Python and SQL, both on their list")
    assert pair.score > 2
    assert _why(proposal) == {"UCY": "no mentor in the program knows Rust"}
    assert proposal.mentee_count == 2 and proposal.mentor_count == 2 and proposal.edges == 2


def test_never_oneself(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        both = enrolled_mentor(session, program, "UANA", ["Python"])
        enrolled_mentee(session, program, "UANA", ["python"])
        assert both.id is not None
    proposal = _match(db, program).proposal
    assert _pairs(proposal) == set()
    assert _why(proposal) == {"UANA": "no mentor in the program knows Python"}


def test_never_a_pair_declined_in_the_last_90_days(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        ana = enrolled_mentee(session, program, "UANA", ["python"])
        cy = enrolled_mentee(session, program, "UCY", ["python"])
        bo = enrolled_mentor(session, program, "UBO", ["Python"], capacity=3)
        program.mentees_per_mentor = 3
        declined(session, ana, bo, days_ago=89)
        declined(session, cy, bo, days_ago=91)  # long enough ago: allowed again
    proposal = _match(db, program).proposal
    assert _pairs(proposal) == {("UCY", "UBO")}
    assert _why(proposal) == {"UANA": "declined by every fitting mentor in the last 90 days"}


def test_never_past_capacity(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session, per_mentor=2)
        for user in ("UA", "UB", "UC"):
            enrolled_mentee(session, program, user, ["python"])
        enrolled_mentor(session, program, "UBO", ["Python"], capacity=5)  # the program says 2
    proposal = _match(db, program).proposal
    assert proposal is not None and proposal.matched == 2
    assert {p.mentor_slack_id for p in proposal.pairs} == {"UBO"}
    assert list(_why(proposal).values()) == ["every mentor who fits is full"]


def test_live_pairs_outside_the_program_use_the_profile_capacity(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session, per_mentor=3)
        enrolled_mentee(session, program, "UANA", ["python"])
        enrolled_mentee(session, program, "UCY", ["python"])
        bo = enrolled_mentor(session, program, "UBO", ["Python"], capacity=2)
        other = enrolled_mentee(session, new_program(session, "Other"), "UZED", [])
        session.add(Pair(team_id=TEAM, mentor_id=bo.id, mentee_id=other.id, started_at=NOW))
    proposal = _match(db, program).proposal
    assert proposal is not None and proposal.matched == 1


def test_never_their_own_manager(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        boss = enrolled_mentor(session, program, "UBOSS", ["Python"])
        enrolled_mentee(session, program, "UANA", ["python"], manager=boss)
        enrolled_mentee(session, program, "UCY", ["python"])
    proposal = _match(db, program).proposal
    assert _pairs(proposal) == {("UCY", "UBOSS")}
    assert _why(proposal) == {"UANA": "every mentor who fits is ruled out: 1 is their manager"}


def test_reasons_for_mixed_rule_outs_count_each_kind(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        boss = enrolled_mentor(session, program, "UBOSS", ["Python"])
        ana = enrolled_mentee(session, program, "UANA", ["python"], manager=boss)
        declined(session, ana, enrolled_mentor(session, program, "UBO", ["Python"]), days_ago=3)
        enrolled_mentor(session, program, "UDI", ["Python"], is_open=False)
    assert _why(_match(db, program).proposal) == {
        "UANA": "every mentor who fits is ruled out: 1 is their manager, "
        "1 declined in the last 90 days, 1 has paused mentoring"
    }


def test_a_mentee_without_a_reflection_is_told_so(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", [])
        enrolled_mentor(session, program, "UBO", ["Python"])
    assert _why(_match(db, program).proposal) == {
        "UANA": "has no skill gaps to match on yet (their reflection is not done)"
    }


def test_a_program_with_no_mentors_gets_a_clear_answer(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"])
    outcome = _match(db, program)
    assert outcome.kind == "no_mentors" and outcome.proposal is None
    assert outcome.message.startswith("No mentor has joined Spring cohort yet")


def test_greedy_leaves_a_mentee_unmatched_that_the_round_matches(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        # Ana comes first and fits Bo best; Cy fits only Bo.
        enrolled_mentee(session, program, "UANA", ["python", "sql"])
        enrolled_mentee(session, program, "UCY", ["python"])
        enrolled_mentor(session, program, "UBO", ["Python", "SQL"])
        enrolled_mentor(session, program, "UDI", ["SQL"])
        cohort = fit.load_cohort(session, program=program, now=NOW)
    baseline = greedy(fit.build(cohort).instance)
    assert baseline.matched == 1
    assert _pairs(_match(db, program).proposal) == {("UANA", "UDI"), ("UCY", "UBO")}


def test_a_second_match_now_returns_the_waiting_proposal(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"])
        enrolled_mentor(session, program, "UBO", ["Python"])
    first = _match(db, program)
    again = _match(db, program)
    assert again.kind == "already_proposed"
    assert first.proposal is not None and again.proposal is not None
    assert again.proposal.round_id == first.proposal.round_id


def test_timezone_another_team_and_alumni_show_in_the_reasons(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"], tz="Europe/Paris")
        enrolled_mentor(session, program, "UBO", ["Python"], tz="America/New_York")
        # Cy's own (paused) mentor profile says her team and alumni network.
        cy = mentor(session, "UCY", ["Writing"], is_open=False, team="Sales", alumni="IIT Madras")
        gaps(session, cy, ["sql"])
        assert program.id is not None and cy.id is not None
        catalog.join(
            session, team_id=TEAM, program_id=program.id, person_id=cy.id, role="mentee", now=NOW
        )
        enrolled_mentor(session, program, "UDI", ["SQL"], team="Data", alumni="iit madras")
    proposal = _match(db, program).proposal
    assert proposal is not None
    reasons = {p.mentee_slack_id: p.reasons for p in proposal.pairs}
    assert reasons["UANA"] == "knows Python, on their list; 6 hours apart"
    assert reasons["UCY"] == (
        "knows SQL, on their list; same working hours; another team; "
        "same alumni network (iit madras)"
    )


def test_a_program_where_mentees_choose_has_no_round(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        program.matching_mode = "mentees_choose"
        session.add(program)
    outcome = _match(db, program)
    assert outcome.kind == "mentees_choose"
    assert (
        outcome.message
        == "In Spring cohort mentees choose their mentor, so there is no round to match."
    )
