"""Goals: progress with history, milestones, done, dropped, celebrations, privacy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.services.goals import tracking as goals_service
from storage.engine import Database
from storage.repositories import people as people_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TEAM = "T1"


@pytest.fixture
def people(db: Database) -> tuple[int, int]:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id=TEAM, now=NOW)
        alice = people_repo.add_person(session, team_id=TEAM, slack_user_id="U1", now=NOW)
        bob = people_repo.add_person(session, team_id=TEAM, slack_user_id="U2", now=NOW)
        assert alice.id is not None and bob.id is not None
        return alice.id, bob.id


def make_goal(db: Database, person_id: int, text: str = "ship it") -> int:
    with db.begin() as session:
        return goals_service.create_goal(
            session, team_id=TEAM, person_id=person_id, text=text, now=NOW
        ).id


def test_progress_keeps_a_history_and_100_celebrates(db: Database, people: tuple[int, int]) -> None:
    alice, _ = people
    goal_id = make_goal(db, alice)
    with db.begin() as session:
        half = goals_service.update_progress(
            session, team_id=TEAM, person_id=alice, goal_id=goal_id, progress=50, now=NOW
        )
        assert half is not None and half.changed and not half.celebrate
        full = goals_service.update_progress(
            session,
            team_id=TEAM,
            person_id=alice,
            goal_id=goal_id,
            progress=140,
            note="done!",
            now=NOW + timedelta(days=1),
        )
        assert full is not None and full.celebrate
        assert (full.goal.progress, full.goal.status) == (100, "done")
        again = goals_service.update_progress(
            session, team_id=TEAM, person_id=alice, goal_id=goal_id, progress=100, now=NOW
        )
        assert again is not None and not again.changed and not again.celebrate
        kinds = [
            (h.kind, h.progress, h.note)
            for h in goals_service.history(session, team_id=TEAM, person_id=alice, goal_id=goal_id)
        ]
    assert kinds == [("progress", 50, ""), ("progress", 100, "done!"), ("done", 100, "")]


def test_done_celebrates_once_and_drop_does_not(db: Database, people: tuple[int, int]) -> None:
    alice, _ = people
    done_id, drop_id = make_goal(db, alice), make_goal(db, alice, "other")
    with db.begin() as session:
        first = goals_service.mark_done(
            session, team_id=TEAM, person_id=alice, goal_id=done_id, now=NOW
        )
        second = goals_service.mark_done(
            session, team_id=TEAM, person_id=alice, goal_id=done_id, now=NOW
        )
        dropped = goals_service.drop(
            session, team_id=TEAM, person_id=alice, goal_id=drop_id, now=NOW
        )
        listed = goals_service.list_goals(session, team_id=TEAM, person_id=alice)
    assert first is not None and first.celebrate
    assert second is not None and not second.changed and not second.celebrate
    assert dropped is not None and dropped.changed and not dropped.celebrate
    assert [g.status for g in listed] == ["done", "dropped"]


def test_milestones_need_text(db: Database, people: tuple[int, int]) -> None:
    alice, _ = people
    goal_id = make_goal(db, alice)
    with db.begin() as session:
        empty = goals_service.add_milestone(
            session, team_id=TEAM, person_id=alice, goal_id=goal_id, note="  ", now=NOW
        )
        noted = goals_service.add_milestone(
            session, team_id=TEAM, person_id=alice, goal_id=goal_id, note="first draft", now=NOW
        )
    assert empty is not None and not empty.changed
    assert noted is not None and noted.changed


def test_nobody_touches_another_persons_goal(db: Database, people: tuple[int, int]) -> None:
    alice, bob = people
    goal_id = make_goal(db, alice)
    with db.begin() as session:
        for change in (
            goals_service.update_progress(
                session, team_id=TEAM, person_id=bob, goal_id=goal_id, progress=100, now=NOW
            ),
            goals_service.mark_done(session, team_id=TEAM, person_id=bob, goal_id=goal_id, now=NOW),
            goals_service.drop(session, team_id=TEAM, person_id=bob, goal_id=goal_id, now=NOW),
            goals_service.add_milestone(
                session, team_id=TEAM, person_id=bob, goal_id=goal_id, note="x", now=NOW
            ),
        ):
            assert change is None
        assert goals_service.history(session, team_id=TEAM, person_id=bob, goal_id=goal_id) == []
        assert goals_service.list_goals(session, team_id=TEAM, person_id=bob) == []
        assert goals_service.list_goals(session, team_id=TEAM, person_id=alice)[0].progress == 0
