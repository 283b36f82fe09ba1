"""A mentee of a "mentees choose" program: /find-mentor ranks the program's mentors first,
where they have room; asking one makes a program request, and accepting it a program pair."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.services.introductions import answering, asking
from bot.services.matching import searches
from bot.services.programs import catalog
from storage.engine import Database
from storage.models import IntroRequest, Person, Program
from storage.repositories import pairs as pairs_repo
from storage.repositories import programs as programs_repo
from tests.services.matching_fixtures import NOW, TEAM, gaps, mentor, person
from tests.services.programs.builders import (
    declined,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)


def _choosing(session: Session, name: str = "Spring cohort", *, per_mentor: int = 1) -> Program:
    program = new_program(session, name, per_mentor=per_mentor)
    program.matching_mode = "mentees_choose"
    session.add(program)
    session.flush()
    return program


def _search(session: Session, who: Person) -> searches.SearchResult:
    return searches.start_search(session, person=who, words="", now=NOW)


def _ids(matches: list[searches.ranking.Match]) -> list[int]:
    return [m.candidate.person_id for m in matches]


def _ask(session: Session, mentee: Person, mentor_: Person) -> asking.Outcome:
    assert mentee.id is not None and mentor_.id is not None
    return asking.request_intro(
        session, team_id=TEAM, mentee_id=mentee.id, mentor_id=mentor_.id, message="Hi", now=NOW
    )


def test_program_mentors_come_first_ranked_and_others_after(sqlite_or_postgres: Database) -> None:
    with sqlite_or_postgres.begin() as session:
        program = _choosing(session, "Spring cohort — élan ✨")
        me = enrolled_mentee(session, program, "UME", ["python", "public speaking"])
        best = enrolled_mentor(session, program, "UBEST", ["python", "public speaking"])
        good = enrolled_mentor(session, program, "UGOOD", ["python"])
        enrolled_mentor(session, program, "UNOFIT", ["negotiation"])
        outside = mentor(session, "UOUT", ["python", "public speaking"])
        result = _search(session, me)
        assert result.program_name == "Spring cohort — élan ✨"
        assert _ids(result.program_matches) == [best.id, good.id]
        assert result.program_matches[0].reason == (
            "knows Python and Public speaking, both on your list; same working hours"
        )
        assert result.program_matches[0].score > result.program_matches[1].score
        # The other mentors follow, never repeating a program mentor.
        assert _ids(result.matches) == [outside.id] and result.total == 1


def test_the_same_score_as_outside_the_program(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session)
        me = enrolled_mentee(session, program, "UME", ["python"])
        m = enrolled_mentor(session, program, "UM", ["python"])
        inside = _search(session, me).program_matches[0]
        program.matching_mode = "round"  # the same people, no choosing: the usual answer
        session.add(program)
        session.flush()
        usual = _search(session, me)
        assert usual.program_matches == [] and usual.program_name == ""
        assert _ids(usual.matches) == [m.id]
        assert (usual.matches[0].score, usual.matches[0].reason) == (inside.score, inside.reason)


def test_room_is_the_programs_places_minus_its_requests(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session, per_mentor=1)
        me = enrolled_mentee(session, program, "UME", ["python"])
        other = enrolled_mentee(session, program, "UOTHER", ["python"])
        full = enrolled_mentor(session, program, "UFULL", ["python"], capacity=5)
        free = enrolled_mentor(session, program, "UFREE", ["python"], capacity=5)
        sent = _ask(session, other, full)
        assert sent.kind == "sent" and sent.request is not None
        assert sent.request.program_id == program.id
        result = _search(session, me)
        assert _ids(result.program_matches) == [free.id]
        # A full program mentor is not offered in the other list either: asking would refuse.
        assert full.id not in _ids(result.matches)
        assert _ask(session, me, full).kind == "full"


def test_room_never_passes_the_mentors_own_capacity(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session, per_mentor=3)
        me = enrolled_mentee(session, program, "UME", ["python"])
        busy = enrolled_mentor(session, program, "UBUSY", ["python"], capacity=1)
        earlier = person(session, "UEARLIER")
        assert earlier.id and busy.id
        pairs_repo.create_pair(
            session, team_id=TEAM, mentor_id=busy.id, mentee_id=earlier.id, now=NOW
        )
        assert _search(session, me).program_matches == []


def test_left_enrolments_are_ignored(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session)
        me = enrolled_mentee(session, program, "UME", ["python"])
        gone = enrolled_mentor(session, program, "UGONE", ["python"])
        stays = enrolled_mentor(session, program, "USTAYS", ["python"])
        _leave(session, program, gone, "mentor")
        result = _search(session, me)
        assert _ids(result.program_matches) == [stays.id]
        assert _ids(result.matches) == [gone.id]  # an ordinary mentor again
        _leave(session, program, me, "mentee")
        after = _search(session, me)
        assert after.program_matches == [] and after.program_name == ""
        assert sorted(_ids(after.matches)) == sorted([gone.id, stays.id])


def _leave(session: Session, program: Program, who: Person, role: str) -> None:
    assert program.id is not None and who.id is not None
    enrolment = programs_repo.get_enrolment(
        session, program_id=program.id, person_id=who.id, role=role
    )
    assert enrolment is not None
    enrolment.left_at = NOW
    programs_repo.save_enrolment(session, enrolment=enrolment)


def test_a_closed_program_is_ignored(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session)
        me = enrolled_mentee(session, program, "UME", ["python"])
        m = enrolled_mentor(session, program, "UM", ["python"])
        program.status = "closed"
        session.add(program)
        session.flush()
        result = _search(session, me)
        assert result.program_matches == [] and _ids(result.matches) == [m.id]
        sent = _ask(session, me, m)
        assert sent.request is not None and sent.request.program_id is None


def test_hard_rules_hold_in_the_program(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session)
        boss = mentor(session, "UBOSS", ["python"])
        me = enrolled_mentee(session, program, "UME", ["python"], manager=boss)
        _join_as_mentor(session, program, boss)
        turned_down = enrolled_mentor(session, program, "UNO", ["python"])
        declined(session, me, turned_down, days_ago=30)
        mentor(session, "UME", ["python"])  # a mentee who also mentors is never their own
        _join_as_mentor(session, program, me)
        ok = enrolled_mentor(session, program, "UOK", ["python"])
        assert _ids(_search(session, me).program_matches) == [ok.id]


def _join_as_mentor(session: Session, program: Program, who: Person) -> None:
    assert program.id is not None and who.id is not None
    joined = catalog.join(
        session, team_id=TEAM, program_id=program.id, person_id=who.id, role="mentor", now=NOW
    )
    assert joined.kind == "joined", joined


def test_accepting_a_program_request_makes_a_program_pair(sqlite_or_postgres: Database) -> None:
    with sqlite_or_postgres.begin() as session:
        program = _choosing(session, per_mentor=1)
        me = enrolled_mentee(session, program, "UME", ["python"])
        m = enrolled_mentor(session, program, "UM", ["python"], capacity=3)
        sent = _ask(session, me, m)
        assert sent.request is not None and sent.request.id and m.id
        accepted = answering.answer_request(
            session,
            team_id=TEAM,
            request_id=sent.request.id,
            clicker_id=m.id,
            answer="accept",
            now=NOW + timedelta(hours=1),
        )
        assert accepted.kind == "accepted" and accepted.pair is not None
        assert accepted.pair.program_id == program.id
        # The accepted request still holds the mentor's one place.
        other = enrolled_mentee(session, program, "UOTHER", ["python"])
        assert _search(session, other).program_matches == []


def test_an_accept_past_a_lowered_room_is_refused(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session, per_mentor=2)
        a = enrolled_mentee(session, program, "UA", ["python"])
        b = enrolled_mentee(session, program, "UB", ["python"])
        m = enrolled_mentor(session, program, "UM", ["python"], capacity=5)
        first, second = _ask(session, a, m), _ask(session, b, m)
        assert first.request and second.request and first.request.id and second.request.id
        program.mentees_per_mentor = 1
        session.add(program)
        session.flush()
        assert m.id
        answers = [
            answering.answer_request(
                session, team_id=TEAM, request_id=r, clicker_id=m.id, answer="accept", now=NOW
            ).kind
            for r in (first.request.id, second.request.id)
        ]
        assert answers == ["accepted", "full"]
        assert session.get(IntroRequest, second.request.id).status == "open"  # type: ignore[union-attr]


def test_outside_any_program_nothing_changes(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session)
        enrolled_mentor(session, program, "UM", ["python"])
        me = person(session, "UME")
        gaps(session, me, ["python"])
        result = _search(session, me)
        assert result.program_matches == [] and result.program_name == "" and result.total == 1


def test_a_worker_process_gives_the_program_section_too(db: Database) -> None:
    from bot.executor import TrackingExecutor
    from bot.search_worker import ProcessSearches, make_searches

    with db.begin() as session:
        program = _choosing(session)
        me = enrolled_mentee(session, program, "UME", ["python"])
        m = enrolled_mentor(session, program, "UM", ["python"])
        outside = mentor(session, "UOUT", ["python"])
        assert me.id is not None
        me_id = me.id
    runner = make_searches(db, TrackingExecutor(2), processes=1)
    assert isinstance(runner, ProcessSearches)
    try:
        result = runner.start(team_id=TEAM, person_id=me_id, words="", now=NOW)
    finally:
        runner.close()
    assert result.program_name == "Spring cohort"
    assert [c.candidate.slack_user_id for c in result.program_matches] == ["UM"]
    assert _ids(result.matches) == [outside.id] and m.id not in _ids(result.matches)


def test_after_a_decline_the_next_match_is_the_programs_best_left(db: Database) -> None:
    with db.begin() as session:
        program = _choosing(session)
        me = enrolled_mentee(session, program, "UME", ["python", "public speaking"])
        first = enrolled_mentor(session, program, "UFIRST", ["python", "public speaking"])
        second = enrolled_mentor(session, program, "USECOND", ["python"])
        mentor(session, "UOUT", ["python", "public speaking"])  # a better fit, but outside
        sent = _ask(session, me, first)
        assert sent.request and sent.request.id and first.id
        answering.answer_request(
            session,
            team_id=TEAM,
            request_id=sent.request.id,
            clicker_id=first.id,
            answer="decline",
            now=NOW,
        )
        result = searches.next_match(session, mentee=me, now=NOW)
        assert result is not None and _ids(result.best_first)[0] == second.id
