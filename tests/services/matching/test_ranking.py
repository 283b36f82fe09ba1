"""Ranking: pure scoring, every exclusion, ties, and the pool read from the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from bot.clock import hours_apart, working_hours_overlap
from bot.services.matching import mentor_pool, near_matches, ranking
from bot.services.matching.ranking import Candidate, Pool, Seeker, rank, reason_for
from storage.engine import Database
from storage.models import IntroRequest
from storage.repositories import pairs as pairs_repo
from tests.services.matching_fixtures import NOW, TEAM, gaps, mentor, person

WINTER = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def cand(pid: int, skills: set[str], **kw: object) -> Candidate:
    base: dict[str, object] = {
        "person_id": pid,
        "slack_user_id": f"U{pid}",
        "name": f"M{pid}",
        "tz": "Europe/Paris",
        "team_name": "",
        "capacity": 2,
        "taken": 0,
        "shared": set(skills),
    }
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


def seeker(*wanted: str, tz: str = "Europe/Paris", team: str = "") -> Seeker:
    return Seeker(person_id=1, tz=tz, team_name=team, wanted=wanted)


def pool(
    *cands: Candidate, counts: dict[str, int] | None = None, excluded: frozenset[int] = frozenset()
) -> Pool:
    if counts is None:
        counts = {}
        for c in cands:
            for k in c.shared:
                counts[k] = counts.get(k, 0) + 1
    return Pool(
        list(cands),
        mentor_count=max(len(cands), 1),
        skill_counts=counts,
        excluded=frozenset(excluded),
    )


def ids(ranked: ranking.Ranking) -> list[int]:
    return [m.candidate.person_id for m in ranked.matches]


def test_more_shared_skills_rank_higher() -> None:
    r = rank(
        seeker("python", "sql"), pool(cand(2, {"python"}), cand(3, {"python", "sql"})), now=WINTER
    )
    assert ids(r) == [3, 2]


def test_rarer_skill_weighs_more() -> None:
    # Five mentors know python, one knows negotiation: the negotiation mentor wins.
    cands = [cand(i, {"python"}) for i in range(10, 15)] + [cand(20, {"negotiation"})]
    r = rank(seeker("python", "negotiation"), pool(*cands), now=WINTER)
    assert ids(r)[0] == 20


def test_ties_break_on_person_id_whatever_the_input_order() -> None:
    a = rank(
        seeker("python"),
        pool(cand(7, {"python"}), cand(5, {"python"}), cand(6, {"python"})),
        now=WINTER,
    )
    b = rank(
        seeker("python"),
        pool(cand(6, {"python"}), cand(7, {"python"}), cand(5, {"python"})),
        now=WINTER,
    )
    assert ids(a) == ids(b) == [5, 6, 7]


def test_never_self() -> None:
    assert ids(
        rank(seeker("python"), pool(cand(1, {"python"}), cand(2, {"python"})), now=WINTER)
    ) == [2]


def test_full_mentor_not_shown() -> None:
    r = rank(
        seeker("python"),
        pool(cand(2, {"python"}, capacity=1, taken=1), cand(3, {"python"})),
        now=WINTER,
    )
    assert ids(r) == [3]


def test_excluded_ids_not_shown() -> None:
    r = rank(
        seeker("python"), pool(cand(2, {"python"}), cand(3, {"python"}), excluded={2}), now=WINTER
    )
    assert ids(r) == [3]


def test_no_shared_skill_is_no_match() -> None:
    assert rank(seeker("python"), pool(cand(2, {"go"})), now=WINTER).matches == []


def test_timezone_overlap_breaks_equal_skill_fit() -> None:
    near = cand(3, {"python"}, tz="Europe/Berlin")
    far = cand(2, {"python"}, tz="Pacific/Auckland")
    assert ids(rank(seeker("python"), pool(far, near), now=WINTER)) == [3, 2]


def test_other_team_preferred() -> None:
    same = cand(2, {"python"}, team_name="Platform")
    other = cand(3, {"python"}, team_name="Sales")
    assert ids(rank(seeker("python", team="platform"), pool(same, other), now=WINTER)) == [3, 2]


def test_more_room_preferred() -> None:
    busy = cand(2, {"python"}, capacity=3, taken=2)
    free = cand(3, {"python"}, capacity=3, taken=0)
    assert ids(rank(seeker("python"), pool(busy, free), now=WINTER)) == [3, 2]


def test_limit_keeps_total() -> None:
    r = rank(
        seeker("python"), pool(*[cand(i, {"python"}) for i in range(2, 12)]), now=WINTER, limit=5
    )
    assert len(r.matches) == 5 and r.total == 10


def test_reason_line() -> None:
    labels = {"python": "Python", "public speaking": "public speaking"}
    assert (
        reason_for(["python", "public speaking"], 2.0, True, label=labels.__getitem__)
        == "knows Python and public speaking, both on your list; 2 hours apart; another team"
    )
    assert reason_for(["sql"], 0.0, False) == "knows sql, on your list; same working hours"
    assert reason_for(["a", "b", "c"], 1.0, False).startswith(
        "knows a, b and c, all 3 on your list; 1 hour"
    )


def test_match_reason_uses_labels() -> None:
    r = rank(
        seeker("python"),
        pool(cand(2, {"python"}, tz="Europe/London", team_name="Ops")),
        now=WINTER,
        label=lambda k: k.title(),
    )
    assert r.matches[0].reason == "knows Python, on your list; 1 hour apart"


def test_working_hours_overlap() -> None:
    assert working_hours_overlap("Europe/Paris", "Europe/Paris", WINTER) == 10
    assert working_hours_overlap("Europe/Paris", "America/New_York", WINTER) == 4
    assert working_hours_overlap("Europe/Paris", "Pacific/Auckland", WINTER) == 0
    assert hours_apart("Europe/Paris", "America/New_York", WINTER) == 6
    assert hours_apart("Pacific/Auckland", "Pacific/Honolulu", WINTER) == 1  # the short way round
    assert working_hours_overlap("Nowhere/Unknown", "UTC", WINTER) == 10  # unknown zone is UTC


# --- the pool from the database ------------------------------------------------------------


def _find(session: Session, who: str, wanted: list[str]) -> list[str]:
    p = person(session, who)
    s = mentor_pool.seeker_for(session, person=p, wanted=wanted)
    r = mentor_pool.find_mentors(session, team_id=TEAM, seeker=s, now=NOW)
    return [m.candidate.slack_user_id for m in r.matches]


def test_pool_excludes_deleted_paused_paired_pending_and_recent_declines(db: Database) -> None:
    with db.begin() as session:
        me = person(session, "UME")
        mentor(session, "UOK", ["python"])
        mentor(session, "UDEL", ["python"], deleted=True)
        mentor(session, "UPAUSED", ["python"], is_open=False)
        paired = mentor(session, "UPAIRED", ["python"], capacity=3)
        asked = mentor(session, "UASKED", ["python"])
        declined = mentor(session, "UDECL", ["python"])
        old_decline = mentor(session, "UOLD", ["python"])
        full = mentor(session, "UFULL", ["python"], capacity=1)
        other = person(session, "UOTHER")
        assert (
            me.id
            and paired.id
            and asked.id
            and declined.id
            and old_decline.id
            and full.id
            and other.id
        )
        pairs_repo.create_pair(session, team_id=TEAM, mentor_id=paired.id, mentee_id=me.id, now=NOW)
        pairs_repo.create_pair(
            session, team_id=TEAM, mentor_id=full.id, mentee_id=other.id, now=NOW
        )
        for mentor_id, status, answered in (
            (asked.id, "open", None),
            (declined.id, "declined", NOW - timedelta(days=89)),
            (old_decline.id, "declined", NOW - timedelta(days=91)),
        ):
            session.add(
                IntroRequest(
                    team_id=TEAM,
                    mentee_id=me.id,
                    mentor_id=mentor_id,
                    status=status,
                    created_at=NOW - timedelta(days=100),
                    expires_at=NOW,
                    answered_at=answered,
                )
            )
        session.flush()
        assert _find(session, "UME", ["python"]) == ["UOK", "UOLD"]
        # Someone else still sees the mentors UME may not.
        assert "UDECL" in _find(session, "UOTHER", ["python"])


def test_gaps_come_from_the_current_reflection(db: Database) -> None:
    with db.begin() as session:
        me = person(session, "UME")
        gaps(session, me, ["python", "negotiation"])
        assert me.id is not None
        assert mentor_pool.wanted_from_reflection(session, team_id=TEAM, person_id=me.id) == [
            "python",
            "negotiation",
        ]


def test_capacity_counts_only_live_pairs(db: Database) -> None:
    with db.begin() as session:
        m = mentor(session, "UM", ["python"], capacity=1)
        x = person(session, "UX")
        assert m.id and x.id
        pair = pairs_repo.create_pair(
            session, team_id=TEAM, mentor_id=m.id, mentee_id=x.id, now=NOW
        )
        pair.status = "ended"
        session.add(pair)
        session.flush()
        assert _find(session, "UME", ["python"]) == ["UM"]


def test_partial_matches_share_a_word(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "UDATA", ["data analysis"])
        mentor(session, "UHELP", ["go"], helps_with="Visualising DATA for execs")
        mentor(session, "UNONE", ["sales"])
        me = person(session, "UME")
        s = mentor_pool.seeker_for(session, person=me, wanted=["data visualisation"])
        assert mentor_pool.find_mentors(session, team_id=TEAM, seeker=s, now=NOW).matches == []
        partial = near_matches.partial_matches(session, team_id=TEAM, seeker=s, now=NOW)
        assert [p.candidate.slack_user_id for p in partial] == ["UDATA", "UHELP"]
        assert "data analysis" in partial[0].reason


def test_partial_falls_back_to_open_mentors_with_room(db: Database) -> None:
    with db.begin() as session:
        mentor(session, "USALES", ["sales"])
        mentor(session, "UGONE", ["sales"], deleted=True)
        me = person(session, "UME")
        s = mentor_pool.seeker_for(session, person=me, wanted=["underwater basket weaving"])
        partial = near_matches.partial_matches(session, team_id=TEAM, seeker=s, now=NOW)
        assert [p.candidate.slack_user_id for p in partial] == ["USALES"]
        assert "room" in partial[0].reason
