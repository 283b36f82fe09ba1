"""Channels and alumni beyond the org chart; profile saving and skill watches."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.services import network, profiles
from storage.engine import Database
from storage.models import MentorSkill, Skill
from tests.services.matching_fixtures import NOW, TEAM, mentor, person


def _channels() -> list[network.ChannelInfo]:
    return [
        network.ChannelInfo("C1", "public-speaking", "", "Toastmasters club", 40),
        network.ChannelInfo("C2", "python", "", "", 300),
        network.ChannelInfo("C3", "random", "cats", "", 999),
        network.ChannelInfo("C4", "ml", "machine learning papers", "", 10),
        network.ChannelInfo("C5", "pct", "100%_off", "", 1),
        network.ChannelInfo("C2", "python", "", "", 300),  # a page boundary repeat
    ]


def test_channel_cache_staleness_and_matching(db: Database) -> None:
    with db.begin() as session:
        person(session, "UME")
        assert network.channels_stale(session, team_id=TEAM, now=NOW)
        assert network.replace_channels(session, team_id=TEAM, channels=_channels(), now=NOW) == 5
        assert not network.channels_stale(session, team_id=TEAM, now=NOW + timedelta(hours=3))
        assert network.channels_stale(session, team_id=TEAM, now=NOW + timedelta(hours=5))
        found = network.channels_about(
            session, team_id=TEAM, skill_keys=["python", "public speaking", "machine learning"]
        )
        assert [c.channel_id for c in found] == ["C2", "C1", "C4"]  # busiest first
        # LIKE wildcards in what people type are literal.
        literal = network.channels_about(session, team_id=TEAM, skill_keys=["%"])
        assert [c.channel_id for c in literal] == ["C5"]  # not every channel
        assert [
            c.channel_id
            for c in network.channels_about(session, team_id=TEAM, skill_keys=["100%_off"])
        ] == ["C5"]


def test_empty_workspace_is_cached_too(db: Database) -> None:
    with db.begin() as session:
        person(session, "UME")
        network.replace_channels(session, team_id=TEAM, channels=[], now=NOW)
        assert not network.channels_stale(session, team_id=TEAM, now=NOW)


def test_fellow_alumni_case_insensitive_open_and_active_only(db: Database) -> None:
    with db.begin() as session:
        me = mentor(session, "UME", ["sales"], is_open=False, alumni="Uni Lyon")
        mentor(session, "UA", ["go"], alumni="uni lyon")
        mentor(session, "UB", ["go"], alumni="Uni Lyon", is_open=False)
        mentor(session, "UC", ["go"], alumni="Uni Lyon", deleted=True)
        mentor(session, "UD", ["go"], alumni="Other")
        assert me.id
        alumni = network.fellow_alumni(session, team_id=TEAM, person_id=me.id)
        assert [a.slack_user_id for a in alumni] == ["UA"]
        nobody = person(session, "UX")
        assert nobody.id and network.fellow_alumni(session, team_id=TEAM, person_id=nobody.id) == []


def test_save_profile_replaces_skills_and_remembers_typed_ones(db: Database) -> None:
    with db.begin() as session:
        me = person(session, "UME")
        form = profiles.ProfileForm(["python", "sql"], "Rust; Pricing, rust", "", "2", True, "", "")
        valid = profiles.validate_form(form)
        assert isinstance(valid, profiles.ValidProfile)
        saved = profiles.save_profile(session, person=me, valid=valid, now=NOW)
        assert saved.created
        keys = set(session.exec(select(MentorSkill.skill_key)))
        assert keys == {"python", "sql", "rust", "pricing"}
        assert session.exec(select(Skill).where(Skill.key == "rust")).one().listed is False
        valid2 = profiles.validate_form(profiles.ProfileForm(["go"], "", "", "3", True, "", ""))
        assert isinstance(valid2, profiles.ValidProfile)
        again = profiles.save_profile(session, person=me, valid=valid2, now=NOW)
        assert not again.created and again.profile.capacity == 3
        assert set(session.exec(select(MentorSkill.skill_key))) == {"go"}


def test_too_many_skills_and_paused_without_skills() -> None:
    many = profiles.ProfileForm([f"s{i}" for i in range(30)], "", "", "2", True, "", "")
    assert profiles.FIELD_SKILLS in profiles.validate_form(many)  # type: ignore[operator]
    paused = profiles.validate_form(profiles.ProfileForm([], "", "", "2", False, "Uni", ""))
    assert isinstance(paused, profiles.ValidProfile) and paused.alumni == "Uni"


def test_watch_fires_once_per_watcher_and_not_for_paused_or_self(db: Database) -> None:
    with db.begin() as session:
        w = person(session, "UW")
        m = person(session, "UM")
        assert w.id and m.id
        assert profiles.add_watch(session, team_id=TEAM, person_id=w.id, skill_key="rust", now=NOW)
        assert profiles.add_watch(session, team_id=TEAM, person_id=w.id, skill_key="go", now=NOW)
        assert not profiles.add_watch(
            session, team_id=TEAM, person_id=w.id, skill_key="rust", now=NOW
        )
        assert profiles.add_watch(session, team_id=TEAM, person_id=m.id, skill_key="rust", now=NOW)
        paused = mentor(session, "UP", ["rust"], is_open=False)
        assert paused  # paused mentors do not fire watches
        valid = profiles.validate_form(
            profiles.ProfileForm(["rust", "go"], "", "", "2", True, "", "")
        )
        assert isinstance(valid, profiles.ValidProfile)
        first = profiles.save_profile(session, person=m, valid=valid, now=NOW)
        assert [(h.watcher_id, h.skill_key) for h in first.watch_hits] == [(w.id, "rust")]
        again = profiles.save_profile(session, person=m, valid=valid, now=NOW)
        assert again.watch_hits == []
        # Asking again after being told re-arms the watch.
        assert profiles.add_watch(session, team_id=TEAM, person_id=w.id, skill_key="rust", now=NOW)
