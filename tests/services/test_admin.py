"""Parsing `/mentor admin ...` and the settings it changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services import admin, admin_settings
from bot.services.admin import ChannelRef, UserRef, parse_admin_command
from storage.engine import Database
from storage.repositories import people as people_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("<@U123ABC|alice>", UserRef(user_id="U123ABC")),
        ("<@W99ZZ>", UserRef(user_id="W99ZZ")),
        ("@U123ABCD", UserRef(user_id="U123ABCD")),
        ("U123ABCD", UserRef(user_id="U123ABCD")),
        ("@alice", UserRef(name="alice")),
        ("alice", None),
        ("<!channel>", None),
    ],
)
def test_user_refs_raw_and_escaped(word: str, expected: UserRef | None) -> None:
    assert admin.parse_user_ref(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("<#C123ABC|team-a>", ChannelRef(channel_id="C123ABC")),
        ("<#C123ABC>", ChannelRef(channel_id="C123ABC")),
        ("#C0123ABCD", ChannelRef(channel_id="C0123ABCD")),
        ("#Team-A", ChannelRef(name="team-a")),
        ("team", None),
    ],
)
def test_channel_refs_raw_and_escaped(word: str, expected: ChannelRef | None) -> None:
    assert admin.parse_channel_ref(word) == expected


def test_people_commands() -> None:
    add = parse_admin_command("leads add <@U1AAAAAA|ann>")
    assert (add.area, add.action, add.user) == ("leads", "add", UserRef(user_id="U1AAAAAA"))
    remove = parse_admin_command("LEADS remove @bob")
    assert (remove.area, remove.action, remove.user) == ("leads", "remove", UserRef(name="bob"))
    assert parse_admin_command("leads").action == "list"
    assert parse_admin_command("admins list").area == "admins"
    assert parse_admin_command("admins add").problem
    assert parse_admin_command("leads add @a @b").problem
    assert parse_admin_command("leads promote @a").problem


def test_skills_cadence_digest_commands() -> None:
    skills = parse_admin_command("skills add Rust, Public speaking")
    assert (skills.area, skills.action, skills.skills) == ("skills", "add", "Rust, Public speaking")
    assert parse_admin_command("skills add").problem
    assert parse_admin_command("cadence monthly").cadence == "monthly"
    assert parse_admin_command("cadence daily").problem
    digest = parse_admin_command("digest <#C0TEAM1|team> Tue 09:30")
    assert (digest.channel, digest.weekday, digest.minute) == (
        ChannelRef(channel_id="C0TEAM1"),
        1,
        570,
    )
    assert parse_admin_command("digest off").action == "off"
    assert "weekday" in parse_admin_command("digest #team saturday 09:00").problem
    assert "08:00" in parse_admin_command("digest #team monday 07:30").problem
    assert "08:00" in parse_admin_command("digest #team monday 9h").problem
    assert parse_admin_command("digest #team monday").problem
    assert parse_admin_command("").area == "help"
    assert parse_admin_command("dance").problem


def test_cadence_and_digest_settings(db: Database) -> None:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        actor = people_repo.add_person(session, team_id="T1", slack_user_id="U1", now=NOW)
        assert actor.id is not None
        assert admin_settings.default_cadence(session, team_id="T1") == "biweekly"
        admin_settings.set_default_cadence(
            session, team_id="T1", cadence="weekly", actor_id=actor.id, now=NOW
        )
        admin_settings.set_digest(
            session,
            team_id="T1",
            channel_id="C1",
            weekday=0,
            minute=540,
            tz_name="Europe/Paris",
            actor_id=actor.id,
            now=NOW,
        )
    with db.begin() as session:
        assert admin_settings.default_cadence(session, team_id="T1") == "weekly"
        settings = admin_settings.turn_digest_off(session, team_id="T1", actor_id=1, now=NOW)
        assert settings.digest_channel_id is None and settings.digest_tz == "Europe/Paris"


def test_skill_list_add_and_remove(db: Database) -> None:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        added = admin_settings.add_listed_skills(
            session, team_id="T1", text="Rust, python", now=NOW
        )
        assert added.changed == ["Rust"] and added.unchanged == ["Python"]
        removed = admin_settings.remove_listed_skills(
            session, team_id="T1", text="rust; Knitting", now=NOW
        )
        assert removed.changed == ["Rust"] and removed.unchanged == ["Knitting"]
        labels = [s.label for s in admin_settings.listed_skills(session, team_id="T1", now=NOW)]
        assert "Rust" not in labels and "Python" in labels
        again = admin_settings.add_listed_skills(session, team_id="T1", text="RUST", now=NOW)
        assert again.changed == ["Rust"]  # the old row comes back on the list


def test_program_commands_parse_with_names_that_have_spaces() -> None:
    assert parse_admin_command("program").action == "create"
    edit = parse_admin_command("program Spring cohort")
    assert (edit.area, edit.action, edit.program) == ("program", "edit", "Spring cohort")
    report = parse_admin_command("program report Spring cohort")
    assert (report.action, report.program) == ("report", "Spring cohort")
    missing = parse_admin_command("program report")
    assert missing.area == "help" and "Say which program" in missing.problem
