"""Export and erasure of one person's data, without Slack."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import Table
from sqlmodel import SQLModel, func, select

from bot.services.data_rights import erase, export, retention
from storage.engine import Database
from storage.models import (
    Goal,
    GoalUpdate,
    IntroRequest,
    Meeting,
    MentorProfile,
    MentorSkill,
    Pair,
    Person,
    Reflection,
    ReflectionDialog,
    SkillGap,
    SkillWatch,
)
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TEAM = "T1"
# Tables that hold no person's data at all (workspace-level caches and bookkeeping).
NOT_PERSONAL = {
    "workspace",
    "skill",
    "processed_event",
    "public_channel",
    "channel_sync",
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
    "summary_post",
    "channel_member_list",
}


def _person_tables() -> set[str]:
    """Tables that point at a person, directly or through a row that does."""
    tables = SQLModel.metadata.tables
    # A Slack user id names a person as surely as a foreign key does.
    found = {"person"} | {n for n, t in tables.items() if "slack_user_id" in t.columns}
    changed = True
    while changed:
        changed = False
        for name, table in tables.items():
            if name in found:
                continue
            if any(fk.column.table.name in found for fk in _fks(table)):
                found.add(name)
                changed = True
    return found


def _fks(table: Table) -> list:  # type: ignore[type-arg]
    return list(table.foreign_keys)


def test_every_table_about_people_has_an_erasure_and_export_rule() -> None:
    """A new table holding person ids fails here until data_rights says what to do with it."""
    person_tables = _person_tables()
    ruled = set(erase.ERASED) | set(erase.SCRUBBED) | set(erase.ANONYMOUS_KEPT)
    assert person_tables - ruled == set()
    assert person_tables - set(export.EXPORTED) == set()
    unknown = set(SQLModel.metadata.tables) - person_tables - NOT_PERSONAL
    assert unknown == set(), "classify these tables as personal or not"


def _people(db: Database) -> tuple[int, int, int]:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id=TEAM, now=NOW)
        ids = []
        for slack_id, name in (("UA", "Ana"), ("UB", "Bo"), ("UC", "Cy")):
            person = people_repo.add_person(session, team_id=TEAM, slack_user_id=slack_id, now=NOW)
            person.real_name = name
            person.dm_channel_id = f"D{slack_id}"
            ids.append(person.id)
        return ids[0], ids[1], ids[2]


def _fill(db: Database, ana: int, bo: int) -> None:
    """Ana: a reflection, a goal with an update, a mentor profile, a pair as mentee of Bo."""
    with db.begin() as session:
        reflection = Reflection(
            team_id=TEAM, person_id=ana, strengths="secret strength", started_at=NOW, updated_at=NOW
        )
        session.add(reflection)
        session.flush()
        session.add(
            ReflectionDialog(
                reflection_id=reflection.id, team_id=TEAM, draft_text="draft", updated_at=NOW
            )
        )
        session.add(
            SkillGap(
                team_id=TEAM,
                reflection_id=reflection.id,
                person_id=ana,
                skill_key="sql",
                created_at=NOW,
            )
        )
        goal = Goal(
            team_id=TEAM,
            person_id=ana,
            reflection_id=reflection.id,
            text="secret goal",
            created_at=NOW,
        )
        session.add(goal)
        session.flush()
        session.add(GoalUpdate(team_id=TEAM, goal_id=goal.id, note="private note", created_at=NOW))
        profile = MentorProfile(
            team_id=TEAM, person_id=ana, helps_with="help", created_at=NOW, updated_at=NOW
        )
        session.add(profile)
        session.flush()
        session.add(MentorSkill(team_id=TEAM, profile_id=profile.id, skill_key="sql"))
        session.add(SkillWatch(team_id=TEAM, person_id=ana, skill_key="go", created_at=NOW))
        request = IntroRequest(
            team_id=TEAM,
            mentee_id=ana,
            mentor_id=bo,
            message="dear Bo",
            status="accepted",
            created_at=NOW,
            expires_at=NOW,
        )
        session.add(request)
        session.flush()
        pair = pairs_repo.create_pair(
            session, team_id=TEAM, mentor_id=bo, mentee_id=ana, now=NOW, intro_request_id=request.id
        )
        session.add(
            Meeting(
                team_id=TEAM,
                pair_id=pair.id,
                person_id=ana,
                held_on=date(2026, 11, 30),
                usefulness=4,
                created_at=NOW,
                takeaway="ana's takeaway",
            )
        )
        session.add(
            Meeting(
                team_id=TEAM,
                pair_id=pair.id,
                person_id=bo,
                held_on=date(2026, 11, 30),
                usefulness=5,
                created_at=NOW,
                takeaway="bo's takeaway",
            )
        )


def test_export_has_everything_about_the_person_and_nothing_private_of_others(db: Database) -> None:
    ana, bo, _ = _people(db)
    _fill(db, ana, bo)
    with db.begin() as session:
        exported = export.export_person(session, team_id=TEAM, person_id=ana, now=NOW)
    text = json.dumps(exported)  # JSON-ready as it is
    for expected in (
        "secret strength",
        "draft",
        "sql",
        "secret goal",
        "private note",
        "help",
        "dear Bo",
        "ana's takeaway",
        "Ana",
    ):
        assert expected in text
    assert "bo's takeaway" not in text and "Bo" not in exported["person"].values()
    assert len(exported["pairs"]) == 1 and exported["exported_at"] == NOW.isoformat()


def test_export_holds_a_key_for_every_exported_table(db: Database) -> None:
    ana, bo, _ = _people(db)
    _fill(db, ana, bo)
    with db.begin() as session:
        exported = export.export_person(session, team_id=TEAM, person_id=ana, now=NOW)
    assert set(exported) == {"export_version", "exported_at", *export.EXPORTED.values()}


def test_export_of_someone_in_another_workspace_is_empty(db: Database) -> None:
    ana, _, _ = _people(db)
    with db.begin() as session:
        assert export.export_person(session, team_id="T2", person_id=ana, now=NOW) == {}


def _count(db: Database, model: type[SQLModel]) -> int:
    with db.begin() as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_erase_removes_private_rows_ends_pairs_and_keeps_anonymous_counts(db: Database) -> None:
    ana, bo, cy = _people(db)
    _fill(db, ana, bo)
    _fill(db, cy, bo)  # someone else's data stays untouched
    with db.begin() as session:
        erasure = erase.erase_person(session, team_id=TEAM, person_id=ana, now=NOW)
    assert erasure.removed["goal"] == 1 and erasure.removed["reflection"] == 1
    assert [(e.other_slack_id, e.erased_was_mentor) for e in erasure.ended_pairs] == [("UB", False)]
    for model in (
        Reflection,
        ReflectionDialog,
        SkillGap,
        Goal,
        GoalUpdate,
        MentorProfile,
        MentorSkill,
        SkillWatch,
    ):
        assert _count(db, model) == 1, model  # only Cy's row is left
    with db.begin() as session:
        person = session.get(Person, ana)
        assert person is not None
        assert (person.slack_user_id, person.real_name, person.dm_channel_id) == (
            f"erased-{ana}",
            "",
            None,
        )
        assert pairs_repo.live_mentee_count(session, team_id=TEAM, mentor_id=bo) == 1  # Cy's
        ana_pair = session.exec(select(Pair).where(Pair.mentee_id == ana)).one()
        assert ana_pair.status == "ended" and ana_pair.ended_at == NOW
        meetings = {
            m.person_id: m
            for m in session.exec(select(Meeting).where(Meeting.pair_id == ana_pair.id))
        }
        assert meetings[ana].takeaway == "" and meetings[ana].usefulness == 4  # a count, no text
        assert meetings[bo].takeaway == "bo's takeaway"  # Bo's own record is Bo's
        request = session.exec(select(IntroRequest).where(IntroRequest.mentee_id == ana)).one()
        assert request.message == "" and request.status == "accepted"


def test_erase_twice_removes_nothing_more(db: Database) -> None:
    ana, bo, _ = _people(db)
    _fill(db, ana, bo)
    with db.begin() as session:
        erase.erase_person(session, team_id=TEAM, person_id=ana, now=NOW)
    with db.begin() as session:
        again = erase.erase_person(session, team_id=TEAM, person_id=ana, now=NOW)
    assert again.already_erased and again.ended_pairs == [] and sum(again.removed.values()) == 0


def test_pending_requests_are_withdrawn(db: Database) -> None:
    ana, bo, _ = _people(db)
    with db.begin() as session:
        session.add(
            IntroRequest(
                team_id=TEAM,
                mentee_id=bo,
                mentor_id=ana,
                message="hi",
                created_at=NOW,
                expires_at=NOW,
            )
        )
    with db.begin() as session:
        erase.erase_person(session, team_id=TEAM, person_id=ana, now=NOW)
    with db.begin() as session:
        request = session.exec(select(IntroRequest)).one()
    assert (request.status, request.message) == ("withdrawn", "")


def test_erase_workspace_erases_everyone_once(db: Database) -> None:
    ana, bo, cy = _people(db)
    _fill(db, ana, bo)
    with db.begin() as session:
        erased = erase.erase_workspace(session, team_id=TEAM, now=NOW)
    assert sorted(e.person_id for e in erased) == sorted([ana, bo, cy])
    with db.begin() as session:
        assert all(erase.is_erased(p) for p in session.exec(select(Person)))
        erased_again = erase.erase_workspace(session, team_id=TEAM, now=NOW)
    assert erased_again == []
    assert _count(db, Goal) == 0 and _count(db, Reflection) == 0


def test_purge_drops_old_searches_and_once_keys_only(db: Database) -> None:
    from datetime import timedelta

    from storage.models import MentorSearch, ProcessedEvent

    ana, _, _ = _people(db)
    with db.begin() as session:
        for age in (40, 5):
            when = NOW - timedelta(days=age)
            session.add(MentorSearch(team_id=TEAM, person_id=ana, created_at=when))
            session.add(ProcessedEvent(team_id=TEAM, event_id=f"Ev{age}", received_at=when))
        session.add(ProcessedEvent(team_id=TEAM, event_id="EvNow", received_at=NOW))
    with db.begin() as session:
        purged = retention.purge_expired(session, now=NOW)
    assert (purged.searches, purged.once_keys) == (1, 2)
    assert _count(db, MentorSearch) == 1 and _count(db, ProcessedEvent) == 1


def _peer_pair(db: Database, ana: int, bo: int) -> int:
    """Ana asked Bo to pair up as peers, and Bo accepted."""
    with db.begin() as session:
        request = IntroRequest(
            team_id=TEAM,
            mentee_id=ana,
            mentor_id=bo,
            message="let's swap SQL for Go",
            status="accepted",
            created_at=NOW,
            expires_at=NOW,
            kind="peer",
        )
        session.add(request)
        session.flush()
        pair = pairs_repo.create_pair(
            session,
            team_id=TEAM,
            mentor_id=bo,
            mentee_id=ana,
            now=NOW,
            intro_request_id=request.id,
            kind="peer",
        )
        assert pair.id is not None
        return pair.id


def test_export_says_a_pair_and_its_request_were_peer(db: Database) -> None:
    ana, bo, _ = _people(db)
    _peer_pair(db, ana, bo)
    for person in (ana, bo):
        with db.begin() as session:
            exported = export.export_person(session, team_id=TEAM, person_id=person, now=NOW)
        assert [p["kind"] for p in exported["pairs"]] == ["peer"]
        assert [r["kind"] for r in exported["intro_requests"]] == ["peer"]


def test_erase_keeps_a_peer_pair_kind_and_takes_no_mentoring_slot(db: Database) -> None:
    ana, bo, _ = _people(db)
    pair_id = _peer_pair(db, ana, bo)
    with db.begin() as session:
        assert pairs_repo.live_mentee_count(session, team_id=TEAM, mentor_id=bo) == 0
        erasure = erase.erase_person(session, team_id=TEAM, person_id=ana, now=NOW)
    assert [e.other_slack_id for e in erasure.ended_pairs] == ["UB"]
    with db.begin() as session:
        pair = session.get(Pair, pair_id)
        request = session.exec(select(IntroRequest)).one()
    assert pair is not None and (pair.kind, pair.status) == ("peer", "ended")
    assert (request.kind, request.message) == ("peer", "")
