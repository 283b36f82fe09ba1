"""Introduction requests: the draft, every state change, who may act, and the capacity race."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import delete, select

from bot.services import profiles
from bot.services.introductions import answering, asking, drafts, outcomes, pair_setup
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Goal, IntroRequest, Pair
from storage.repositories import pairs as pairs_repo
from tests.services.matching_fixtures import NOW, TEAM, mentor, person


def _send(db: Database, mentee: str, mentor_slack: str) -> int:
    with db.begin() as session:
        a = person(session, mentee)
        b = person(session, mentor_slack)
        assert a.id and b.id
        out = asking.request_intro(
            session, team_id=TEAM, mentee_id=a.id, mentor_id=b.id, message="Hi!", now=NOW
        )
        assert out.kind == "sent" and out.request and out.request.id
        return out.request.id


def _ids(db: Database, *slack_ids: str) -> list[int]:
    with db.begin() as session:
        return [int(person(session, s).id or 0) for s in slack_ids]


def test_draft_has_why_gain_meeting_and_thanks(db: Database) -> None:
    with db.begin() as session:
        m = mentor(session, "UM", ["python", "public speaking"])
        m.real_name = "Ada Lovelace"
        me = person(session, "UME")
        assert me.id
        session.add(
            Goal(
                team_id=TEAM, person_id=me.id, text="Give a conference talk by June", created_at=NOW
            )
        )
        session.flush()
        draft = drafts.build_draft(
            session, mentee=me, mentor=m, wanted=["public speaking"], label=str.title
        )
    assert draft.startswith("Hi Ada!")
    assert "Public Speaking" in draft
    assert "Give a conference talk by June" in draft
    assert "short first meeting" in draft
    assert "Thank you" in draft


def test_request_is_open_and_expires_in_seven_days(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
    rid = _send(db, "UME", "UM")
    with db.begin() as session:
        request = session.get(IntroRequest, rid)
        assert request and request.status == "open"
        assert request.expires_at == NOW + timedelta(days=7)


def test_double_submit_keeps_one_request(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
    _send(db, "UME", "UM")
    me, m = _ids(db, "UME", "UM")
    with db.begin() as session:
        out = asking.request_intro(
            session, team_id=TEAM, mentee_id=me, mentor_id=m, message="x", now=NOW
        )
        assert out.kind == "duplicate"


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("paused", "unavailable"),
        ("deleted", "unavailable"),
        ("not_mentor", "unavailable"),
        ("full", "full"),
        ("paired", "paired"),
        ("declined", "declined_recently"),
    ],
)
def test_request_refused(db: Database, setup: str, expected: str) -> None:
    with db.begin() as session:
        if setup == "not_mentor":
            m = person(session, "UM")
        else:
            m = mentor(
                session,
                "UM",
                ["python"],
                capacity=1,
                is_open=setup != "paused",
                deleted=setup == "deleted",
            )
        me = person(session, "UME")
        other = person(session, "UO")
        assert m.id and me.id and other.id
        if setup in ("full", "paired"):
            mentee = other.id if setup == "full" else me.id
            pairs_repo.create_pair(session, team_id=TEAM, mentor_id=m.id, mentee_id=mentee, now=NOW)
        if setup == "declined":
            session.add(
                IntroRequest(
                    team_id=TEAM,
                    mentee_id=me.id,
                    mentor_id=m.id,
                    status="declined",
                    created_at=NOW,
                    expires_at=NOW,
                    answered_at=NOW - timedelta(days=10),
                )
            )
        out = asking.request_intro(
            session, team_id=TEAM, mentee_id=me.id, mentor_id=m.id, message="x", now=NOW
        )
        assert out.kind == expected


def test_self_and_empty_refused(db: Database) -> None:
    with db.begin() as session:
        m = mentor(session, "UM", ["python"])
        assert m.id
        assert (
            asking.request_intro(
                session, team_id=TEAM, mentee_id=m.id, mentor_id=m.id, message="x", now=NOW
            ).kind
            == "self"
        )
        assert (
            asking.request_intro(
                session, team_id=TEAM, mentee_id=m.id, mentor_id=1, message="  ", now=NOW
            ).kind
            == "empty"
        )


def test_accept_creates_pair_once(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
    rid = _send(db, "UME", "UM")
    (m,) = _ids(db, "UM")
    with db.begin() as session:
        out = answering.answer_request(
            session, team_id=TEAM, request_id=rid, clicker_id=m, answer="accept", now=NOW
        )
        assert out.kind == "accepted" and out.pair and out.pair.intro_request_id == rid
    with db.begin() as session:
        again = answering.answer_request(
            session, team_id=TEAM, request_id=rid, clicker_id=m, answer="accept", now=NOW
        )
        assert again.kind == "closed"
        assert len(list(session.exec(select(Pair)))) == 1


@pytest.mark.parametrize("answer", ["accept", "not_now", "decline"])
def test_only_the_mentor_answers(db: Database, answer: outcomes.Answer) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
        person(session, "UX")
    rid = _send(db, "UME", "UM")
    me, stranger = _ids(db, "UME", "UX")
    for clicker in (me, stranger):
        with db.begin() as session:
            out = answering.answer_request(
                session, team_id=TEAM, request_id=rid, clicker_id=clicker, answer=answer, now=NOW
            )
            assert out.kind == "not_yours"
    with db.begin() as session:
        request = session.get(IntroRequest, rid)
        assert request and request.status == "open" and request.answered_at is None


def test_not_now_waits_then_accept_still_works(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
    rid = _send(db, "UME", "UM")
    (m,) = _ids(db, "UM")
    with db.begin() as session:
        assert (
            answering.answer_request(
                session, team_id=TEAM, request_id=rid, clicker_id=m, answer="not_now", now=NOW
            ).kind
            == "waiting"
        )
    with db.begin() as session:
        assert (
            answering.answer_request(
                session, team_id=TEAM, request_id=rid, clicker_id=m, answer="accept", now=NOW
            ).kind
            == "accepted"
        )


def test_decline_then_everything_is_closed(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
    rid = _send(db, "UME", "UM")
    m, me = _ids(db, "UM", "UME")
    with db.begin() as session:
        out = answering.answer_request(
            session, team_id=TEAM, request_id=rid, clicker_id=m, answer="decline", now=NOW
        )
        assert out.kind == "declined" and out.request and out.request.answered_at == NOW
    with db.begin() as session:
        for answer in ("accept", "not_now", "decline"):
            assert (
                answering.answer_request(
                    session, team_id=TEAM, request_id=rid, clicker_id=m, answer=answer, now=NOW
                ).kind
                == "closed"
            )  # type: ignore[arg-type]
        assert (
            answering.withdraw(session, team_id=TEAM, request_id=rid, clicker_id=me, now=NOW).kind
            == "closed"
        )


def test_only_the_mentee_withdraws(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
        person(session, "UX")
    rid = _send(db, "UME", "UM")
    m, me, stranger = _ids(db, "UM", "UME", "UX")
    with db.begin() as session:
        assert (
            answering.withdraw(session, team_id=TEAM, request_id=rid, clicker_id=m, now=NOW).kind
            == "not_yours"
        )
        assert (
            answering.withdraw(
                session, team_id=TEAM, request_id=rid, clicker_id=stranger, now=NOW
            ).kind
            == "not_yours"
        )
        assert (
            answering.withdraw(session, team_id=TEAM, request_id=rid, clicker_id=me, now=NOW).kind
            == "withdrawn"
        )
    with db.begin() as session:
        assert (
            answering.answer_request(
                session, team_id=TEAM, request_id=rid, clicker_id=m, answer="accept", now=NOW
            ).kind
            == "closed"
        )


def test_thanks_once_and_only_by_the_mentee(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
    rid = _send(db, "UME", "UM")
    m, me = _ids(db, "UM", "UME")
    with db.begin() as session:
        assert (
            answering.thank(session, team_id=TEAM, request_id=rid, clicker_id=m, now=NOW).kind
            == "not_yours"
        )
        assert (
            answering.thank(session, team_id=TEAM, request_id=rid, clicker_id=me, now=NOW).kind
            == "thanked"
        )
        assert (
            answering.thank(session, team_id=TEAM, request_id=rid, clicker_id=me, now=NOW).kind
            == "already_thanked"
        )


def test_unknown_or_other_team_request_is_closed(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UM", ["python"])
    rid = _send(db, "UME", "UM")
    (m,) = _ids(db, "UM")
    with db.begin() as session:
        assert (
            answering.answer_request(
                session, team_id="T0OTHER", request_id=rid, clicker_id=m, answer="accept", now=NOW
            ).kind
            == "closed"
        )
        assert (
            answering.answer_request(
                session, team_id=TEAM, request_id=9999, clicker_id=m, answer="accept", now=NOW
            ).kind
            == "closed"
        )


def test_cadence_choice_by_either_person_only(db: Database) -> None:
    with db.begin() as session:
        m = mentor(session, "UM", ["python"])
        me = person(session, "UME")
        x = person(session, "UX")
        assert m.id and me.id and x.id
        pair = pairs_repo.create_pair(
            session, team_id=TEAM, mentor_id=m.id, mentee_id=me.id, now=NOW
        )
        assert pair.id
        assert (
            pair_setup.choose_cadence(
                session, team_id=TEAM, pair_id=pair.id, clicker_id=x.id, cadence="weekly", weekday=2
            ).kind
            == "not_yours"
        )
        assert (
            pair_setup.choose_cadence(
                session,
                team_id=TEAM,
                pair_id=pair.id,
                clicker_id=me.id,
                cadence="hourly",
                weekday=2,
            ).kind
            == "invalid"
        )
        chosen = pair_setup.choose_cadence(
            session, team_id=TEAM, pair_id=pair.id, clicker_id=me.id, cadence="monthly", weekday=3
        )
        assert (
            chosen.kind == "set"
            and chosen.pair
            and chosen.pair.cadence == "monthly"
            and chosen.pair.meeting_weekday == 3
        )


# --- the race for the last slot ----------------------------------------------------------


def _race(url: str) -> None:
    setup = Database(url)
    with setup.begin() as session:
        mentor(session, "UM", ["python"], capacity=1)
    a = _send(setup, "UA", "UM")
    b = _send(setup, "UB", "UM")
    (m,) = _ids(setup, "UM")
    setup.dispose()
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}

    def accept(request_id: int) -> None:
        database = Database(url)  # each thread its own engine: two processes in miniature
        try:
            barrier.wait()
            with database.begin() as session:
                out = answering.answer_request(
                    session,
                    team_id=TEAM,
                    request_id=request_id,
                    clicker_id=m,
                    answer="accept",
                    now=NOW,
                )
                results[request_id] = out.kind
        finally:
            database.dispose()

    threads = [threading.Thread(target=accept, args=(rid,)) for rid in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == ["accepted", "full"]
    check = Database(url)
    with check.begin() as session:
        assert pairs_repo.live_mentee_count(session, team_id=TEAM, mentor_id=m) == 1
    check.dispose()


def test_capacity_race_sqlite(sqlite_url: str) -> None:
    for _ in range(3):  # the race is timing-dependent: run it a few times
        _race(sqlite_url)
        cleanup = Database(sqlite_url)
        with cleanup.begin() as session:
            session.exec(delete(Pair))
            session.exec(delete(IntroRequest))
        cleanup.dispose()


@pytest.mark.postgres
def test_capacity_race_postgres(postgres_url: str) -> None:
    upgrade(postgres_url)
    _race(postgres_url)


def test_profile_capacity_validation() -> None:
    # "²" and "٣" pass str.isdigit(), and int("²") raises: only ASCII digits are a capacity.
    for bad in ("0", "1000", "ten", "", "2.5", "-1", "11", "²", "٣", "１", "3\x00"):
        assert profiles.parse_capacity(bad) is None, bad
    assert profiles.parse_capacity(" 10 ") == 10
    assert profiles.parse_capacity("1") == 1
