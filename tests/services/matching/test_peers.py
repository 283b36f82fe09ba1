"""Peer matches: both ways or not at all, opted-in people only, never oneself or a partner."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.services import skills as skills_service
from bot.services.matching import peers
from storage.engine import Database
from storage.models import IntroRequest, Person
from storage.repositories import pairs as pairs_repo
from storage.repositories import reflections as reflections_repo
from tests.services.matching_fixtures import NOW, TEAM, gaps, mentor, person


def _seeker(
    session: Session, *, strengths: str = "", offers: tuple[str, ...] = (), slack_id: str = "USAM"
) -> Person:
    """Sam wants Go; offers SQL through a profile (`offers`) or through typed strengths."""
    sam = mentor(session, slack_id, list(offers)) if offers else person(session, slack_id)
    skills_service.ensure_default_skills(session, team_id=TEAM, now=NOW)
    gaps(session, sam, ["go"])
    assert sam.id is not None
    current = reflections_repo.current_reflection(session, team_id=TEAM, person_id=sam.id)
    assert current is not None
    current.strengths = strengths
    session.add(current)
    return sam


def _names(found: list[peers.PeerMatch]) -> list[str]:
    return [m.slack_user_id for m in found]


def test_both_ways_from_strengths_and_profile(db: Database) -> None:
    with db.begin() as session:
        sam = _seeker(session, strengths="I'm good at SQL and public speaking.")
        kim = mentor(session, "UKIM", ["Go"])
        gaps(session, kim, ["sql"])
        one_way = mentor(session, "UONE", ["Go"])  # knows Go, wants nothing Sam offers
        gaps(session, one_way, ["rust"])
        found = peers.peers_for(session, person=sam, wanted=["go"], now=NOW)
    assert _names(found) == ["UKIM"]
    assert (found[0].i_offer, found[0].they_offer) == (("SQL",), ("Go",))


def test_only_opted_in_people_and_never_oneself_or_a_partner(db: Database) -> None:
    with db.begin() as session:
        sam = _seeker(session, offers=("SQL", "Go"))  # never Sam, though it would fit
        gaps(session, sam, ["go", "sql"])
        quiet = person(session, "UQUIET")  # wants SQL, has Go strengths, no profile
        gaps(session, quiet, ["sql"])
        closed = mentor(session, "UCLOSED", ["Go"], is_open=False)
        gaps(session, closed, ["sql"])
        gone = mentor(session, "UGONE", ["Go"], deleted=True)
        gaps(session, gone, ["sql"])
        paired = mentor(session, "UPAIR", ["Go"])
        gaps(session, paired, ["sql"])
        assert sam.id and paired.id
        pairs_repo.create_pair(
            session, team_id=TEAM, mentor_id=sam.id, mentee_id=paired.id, now=NOW, kind="peer"
        )
        asked = mentor(session, "UASKED", ["Go"])
        gaps(session, asked, ["sql"])
        assert asked.id
        session.add(
            IntroRequest(
                team_id=TEAM,
                mentee_id=asked.id,
                mentor_id=sam.id,
                created_at=NOW,
                expires_at=NOW + timedelta(days=7),
                kind="peer",
            )
        )
        kim = mentor(session, "UKIM", ["Go"])
        gaps(session, kim, ["sql"])
        found = peers.peers_for(session, person=sam, wanted=["go"], now=NOW)
    assert _names(found) == ["UKIM"]


def test_at_most_three_best_first(db: Database) -> None:
    with db.begin() as session:
        sam = _seeker(session, offers=("SQL", "Python"))
        for n in range(5):
            other = mentor(session, f"UP{n}", ["Go", "Testing"] if n == 4 else ["Go"])
            gaps(session, other, ["sql", "python"] if n == 4 else ["sql"])
        found = peers.peers_for(session, person=sam, wanted=["go", "testing"], now=NOW)
    assert len(found) == 3 and found[0].slack_user_id == "UP4"
    assert found[0].i_offer == ("SQL", "Python") and found[0].they_offer == ("Go", "Testing")


def test_nothing_offered_or_wanted_finds_nobody(db: Database) -> None:
    with db.begin() as session:
        sam = person(session, "USAM")
        kim = mentor(session, "UKIM", ["Go"])
        gaps(session, kim, ["sql"])
        assert peers.peers_for(session, person=sam, wanted=["go"], now=NOW) == []
        sam_offers = _seeker(session, offers=("SQL",), slack_id="USAM2")
        assert peers.peers_for(session, person=sam_offers, wanted=[], now=NOW) == []


def test_strengths_name_known_skills_as_whole_words() -> None:
    known = {"sql", "go", "public speaking", "c++"}
    text = "I'm good at <@U1> SQL, golang and Public-Speaking; some C++ too"
    assert skills_service.skills_named_in(text, known=known) == [
        "sql",
        "go",
        "public speaking",
        "c++",
    ]
    assert skills_service.skills_named_in("a good mysql gopher", known=known) == []


def test_a_mentor_who_did_not_consent_to_peers_is_never_a_peer_match(db: Database) -> None:
    with db.begin() as session:
        sam = _seeker(session, strengths="SQL")
        shy = mentor(session, "USHY", ["Go"], open_to_peers=False)  # a mentor, not a peer
        gaps(session, shy, ["sql"])
        assert peers.peers_for(session, person=sam, wanted=["go"], now=NOW) == []


def test_a_peer_who_withdrew_consent_since_the_search_cannot_be_asked(db: Database) -> None:
    from bot.services import profiles
    from bot.services.introductions import asking

    with db.begin() as session:
        sam = _seeker(session, strengths="SQL")
        kim = mentor(session, "UKIM", ["Go"])
        gaps(session, kim, ["sql"])
        assert _names(peers.peers_for(session, person=sam, wanted=["go"], now=NOW)) == ["UKIM"]
        assert kim.id is not None and sam.id is not None
        profile = profiles.get_profile(session, team_id=TEAM, person_id=kim.id)
        assert profile is not None
        profile.open_to_peers = False
        session.add(profile)
        session.flush()
        why = asking.why_not_askable(
            session, team_id=TEAM, mentee_id=sam.id, mentor_id=kim.id, now=NOW, kind="peer"
        )
        assert why == "unavailable"
        # As a mentor Kim can still be asked: the consent is about peers only.
        assert (
            asking.why_not_askable(
                session, team_id=TEAM, mentee_id=sam.id, mentor_id=kim.id, now=NOW
            )
            is None
        )
