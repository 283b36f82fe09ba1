"""/mentor admin through signed HTTP: every area, raw and escaped mentions, and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from playground.harness import Harness
from storage.models import RoleGrant, Skill, WorkspaceSettings

OWNER, ADMIN, BOB, CARA, BOTUSER = "UOWNER01", "UADMIN01", "UBOB0001", "UCARA001", "UROBOT01"


@pytest.fixture
def team(harness: Harness) -> Harness:
    emulator = harness.emulator
    emulator.add_user(OWNER, name="olga", tz="Europe/Paris", is_owner=True)
    emulator.add_user(ADMIN, name="ada", tz="America/New_York", is_admin=True)
    emulator.add_user(BOB, name="bob", real_name="Bob Stone", tz="UTC")
    emulator.add_user(CARA, name="cara", tz="UTC")
    emulator.add_user(BOTUSER, name="robot", is_bot=True)
    emulator.add_user("UGONE001", name="gone", deleted=True)
    emulator.add_channel("CTEAM001", name="team", members=[OWNER, BOB, emulator.bot_user_id])
    emulator.add_channel("COTHER01", name="other", members=[OWNER])
    return harness


def admin(harness: Harness, user: str, text: str) -> str:
    before = len(harness.emulator.calls_to("response_url"))
    result = harness.command(user, "/mentor", f"admin {text}".strip())
    assert result.status == 200
    calls = harness.emulator.calls_to("response_url")
    assert len(calls) == before + 1
    answer: dict[str, Any] = calls[-1].args
    assert answer["response_type"] == "ephemeral" and answer["blocks"]
    return str(answer["text"])


def grants(harness: Harness) -> list[tuple[str, str]]:
    with harness.db.begin() as session:
        from storage.models import Person

        rows = session.exec(
            select(Person.slack_user_id, RoleGrant.role).join(
                RoleGrant, RoleGrant.person_id == Person.id
            )
        ).all()
        return sorted((str(u), str(r)) for u, r in rows)


def test_non_admins_are_refused_and_nothing_changes(team: Harness) -> None:
    for text in ("leads add <@UCARA001|cara>", "admins add @UBOB0001", "cadence weekly", "", "x"):
        assert "for mentoring admins" in admin(team, BOB, text)
    assert grants(team) == []
    with team.db.begin() as session:
        assert session.exec(select(WorkspaceSettings)).all() == []


def test_leads_add_list_remove_with_every_mention_form(team: Harness) -> None:
    assert admin(team, OWNER, "leads add <@UBOB0001|bob>") == "<@UBOB0001> is now a team lead."
    assert "already a team lead" in admin(team, ADMIN, "leads add @UBOB0001")
    assert "<@UCARA001> is now a team lead" in admin(team, OWNER, "leads add @cara")  # users.list
    assert "<@UBOB0001>, <@UCARA001>" in admin(team, OWNER, "leads list")
    assert "no longer a team lead" in admin(team, OWNER, "leads remove <@UBOB0001>")
    assert "was not a team lead" in admin(team, OWNER, "leads remove @bob")  # known by name now
    assert grants(team) == [(CARA, "lead")]


def test_people_who_cannot_be_leads(team: Harness) -> None:
    assert "can't find @nobody" in admin(team, OWNER, "leads add @nobody")
    assert "can't find" in admin(team, OWNER, "leads add <@UNKNOWN9>")
    assert "That's a bot" in admin(team, OWNER, "leads add <@UROBOT01>")
    assert "has left" in admin(team, OWNER, "leads add <@UGONE001>")
    assert grants(team) == []


def test_admins_named_by_an_admin_can_administer(team: Harness) -> None:
    assert "is now a mentoring admin" in admin(team, OWNER, "admins add <@UBOB0001|bob>")
    assert "is now a team lead" in admin(team, BOB, "leads add <@UCARA001>")
    listing = admin(team, BOB, "admins list")
    assert "<@UBOB0001>" in listing and "<@UOWNER01>" in listing
    assert "always an admin" in admin(team, BOB, "admins remove <@UOWNER01>")
    assert "no longer a mentoring admin" in admin(team, OWNER, "admins remove <@UBOB0001>")
    assert "for mentoring admins" in admin(team, BOB, "leads list")


def test_skills(team: Harness) -> None:
    assert "Added to the skill list: Rust" in admin(team, OWNER, "skills add Rust, Python")
    assert "Already on the list: Python" in admin(team, OWNER, "skills add python")
    assert "Removed from the skill list: Rust" in admin(team, OWNER, "skills remove rust")
    listing = admin(team, OWNER, "skills list")
    assert "Python" in listing and "Rust" not in listing
    assert "Say which skills" in admin(team, OWNER, "skills add")
    with team.db.begin() as session:
        rust = session.exec(select(Skill).where(Skill.key == "rust")).one()
        assert not rust.listed


def test_escaping_user_text_in_answers(team: Harness) -> None:
    text = admin(team, OWNER, "skills add <!channel> stuff")
    assert "<!channel>" not in text


def test_cadence(team: Harness) -> None:
    assert "every week" in admin(team, OWNER, "cadence weekly")
    assert "weekly, biweekly or monthly" in admin(team, OWNER, "cadence daily")
    with team.db.begin() as session:
        assert session.exec(select(WorkspaceSettings.default_cadence)).one() == "weekly"


def test_digest_channel_in_the_admins_zone(team: Harness) -> None:
    answer = admin(team, ADMIN, "digest <#CTEAM001|team> tuesday 09:30")
    assert "Every Tuesday at 09:30 (America/New_York" in answer and "<#CTEAM001>" in answer
    with team.db.begin() as session:
        settings = session.exec(select(WorkspaceSettings)).one()
        assert (settings.digest_channel_id, settings.digest_weekday, settings.digest_minute) == (
            "CTEAM001",
            1,
            570,
        )
        assert settings.digest_tz == "America/New_York"
    assert "Every Monday at 08:00 (Europe/Paris" in admin(team, OWNER, "digest #team mon 08:00")
    assert "The weekly digest is off" in admin(team, OWNER, "digest off")
    with team.db.begin() as session:
        assert session.exec(select(WorkspaceSettings.digest_channel_id)).one() is None


def test_digest_refusals(team: Harness) -> None:
    assert "/invite @mentorbot" in admin(team, OWNER, "digest <#COTHER01|other> monday 09:00")
    assert "can't find the channel #nope" in admin(team, OWNER, "digest #nope monday 09:00")
    assert "Monday to Friday" in admin(team, OWNER, "digest #team sunday 09:00")
    assert "between 08:00 and 18:00" in admin(team, OWNER, "digest #team monday 22:00")
    with team.db.begin() as session:
        assert session.exec(select(WorkspaceSettings)).all() == []


def test_help_and_unknown(team: Harness) -> None:
    assert "/mentor admin leads add" in admin(team, OWNER, "")
    assert "I don't know `dance`" in admin(team, OWNER, "dance")
