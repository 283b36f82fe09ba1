"""/find-mentor and /mentor profile through signed HTTP requests and the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from handlers.blocks.find_mentor import FIND_MORE, REQUEST_INTRO, SEARCH_SKILL, WATCH_SKILL
from handlers.blocks.profile import B_CAPACITY, B_EXTRA
from playground.harness import Harness
from storage.models import MentorProfile, MentorSkill, Person, SkillWatch
from tests.handlers.find_mentor_helpers import (
    add_people,
    dm,
    element,
    elements,
    find,
    last_view,
    profile_values,
    refusals,
    responses,
    save_profile,
)


@pytest.fixture(autouse=True)
def _slack_refused_nothing(harness: Harness) -> Iterator[None]:
    yield
    assert refusals(harness) == []


def test_profile_modal_opens_prefilled_and_saves(harness: Harness) -> None:
    add_people(harness)
    result = save_profile(
        harness,
        "UMAX",
        ["python", "public speaking"],
        extra="Rust, pricing",
        capacity="3",
        alumni="Uni Lyon",
        team="Platform",
        helps="Career talks",
    )
    assert result.status == 200 and "errors" not in (result.json or {})
    with harness.db.begin() as session:
        profile = session.exec(select(MentorProfile)).one()
        keys = set(session.exec(select(MentorSkill.skill_key)))
    assert (profile.capacity, profile.is_open, profile.alumni, profile.team_name) == (
        3,
        True,
        "Uni Lyon",
        "Platform",
    )
    assert keys == {"python", "public speaking", "rust", "pricing"}
    assert "You're now a mentor" in dm(harness, "UMAX")[-1]["text"]
    # Reopening shows what was saved.
    harness.command("UMAX", "/mentor", "profile")
    view = last_view(harness)
    rendered = str(view["blocks"])
    assert (
        "Uni Lyon" in rendered
        and "rust, pricing" in rendered
        and "'initial_value': '3'" in rendered
    )


@pytest.mark.parametrize("capacity", ["0", "1000", "ten", "", "2.5"])
def test_bad_capacity_is_a_field_error(harness: Harness, capacity: str) -> None:
    add_people(harness)
    harness.command("UMAX", "/mentor", "profile")
    answer = harness.submit(
        "UMAX", last_view(harness), profile_values(["python"], capacity=capacity)
    ).json
    assert answer["response_action"] == "errors"
    assert "1 to 10" in answer["errors"][B_CAPACITY]
    with harness.db.begin() as session:
        assert session.exec(select(MentorProfile)).first() is None


def test_open_profile_needs_a_skill(harness: Harness) -> None:
    add_people(harness)
    harness.command("UMAX", "/mentor", "profile")
    answer = harness.submit("UMAX", last_view(harness), profile_values([])).json
    assert answer["response_action"] == "errors" and B_EXTRA in answer["errors"]


def test_no_reflection_and_no_words_says_how_to_start_and_offers_a_search(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python"])
    answer = find(harness, "UMIA")
    assert answer["response_type"] == "ephemeral"
    assert "/reflect" in answer["text"]
    button = element(answer, SEARCH_SKILL)
    harness.click("UMIA", button, channel_id="C0GENERAL")
    after = responses(harness)[-1]
    assert "<@UMAX>" in str(after["blocks"]) and after.get("replace_original") is True


def test_matches_with_reasons_and_more(harness: Harness) -> None:
    add_people(harness)
    for i in range(7):
        tz = "Europe/London" if i == 3 else "Europe/Paris"
        harness.emulator.add_user(f"UM{i}", name=f"m{i}", tz=tz)
        save_profile(
            harness, f"UM{i}", ["python"] + (["public speaking"] if i == 3 else []), team="Ops"
        )
    answer = find(harness, "UMIA", "Python, public speaking")
    rendered = str(answer["blocks"])
    assert "1-5 of 7" in rendered
    assert rendered.index("<@UM3>") < rendered.index("<@UM0>")  # two shared skills first
    assert "knows Python and Public speaking, both on your list; 1 hour apart" in rendered
    assert len([e for e in elements(answer) if e["action_id"] == REQUEST_INTRO]) == 5
    harness.click("UMIA", element(answer, FIND_MORE), channel_id="C0GENERAL")
    more = responses(harness)[-1]
    assert "6-7 of 7" in str(more["blocks"]) and FIND_MORE not in str(more["blocks"])


@pytest.mark.parametrize(
    "words",
    [
        "x" * 5000,
        "!!! ??? ... ;;; ,,,",
        "python'); DROP TABLE person; --",
        "underwater basket weaving",
        "<!channel> <@UMAX> *bold*",
    ],
)
def test_bad_input_never_breaks_and_never_leaves_an_empty_answer(
    harness: Harness, words: str
) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python"])
    answer = find(harness, "UMIA", words)
    assert answer["text"] and answer["blocks"]
    assert "<!channel>" not in str(answer)
    with harness.db.begin() as session:
        assert session.exec(select(Person)).first() is not None  # the table is still there


def test_sql_looking_words_are_just_words(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python"])
    answer = find(harness, "UMIA", "python'); DROP TABLE person; --")
    assert "<@UMAX>" in str(answer["blocks"])


def test_deleted_mentor_is_never_shown(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python"])
    save_profile(harness, "UNED", ["python"])
    harness.emulator.set_user("UMAX", deleted=True)
    user = {
        "id": "UMAX",
        "team_id": harness.emulator.team_id,
        "name": "max",
        "deleted": True,
        "tz": "Europe/Berlin",
        "profile": {"real_name": "Max Mentor"},
    }
    harness.event({"type": "user_change", "user": user, "event_ts": "1"})
    answer = find(harness, "UMIA", "python")
    assert "<@UMAX>" not in str(answer) and "<@UNED>" in str(answer)


def test_deactivation_missed_by_events_is_caught_before_showing(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python"])
    save_profile(harness, "UNED", ["python"])
    harness.emulator.set_user("UMAX", deleted=True)  # no user_change event arrives
    harness.clock.advance(timedelta(days=2))  # what we know about them is now stale
    answer = find(harness, "UMIA", "python")
    assert "<@UMAX>" not in str(answer) and "<@UNED>" in str(answer)
    assert any(c.args.get("user") == "UMAX" for c in harness.emulator.calls_to("users.info"))


def test_nobody_fits_offers_partial_channels_alumni_and_a_watch_sent_once(harness: Harness) -> None:
    add_people(harness)
    harness.emulator.add_channel("CRUST", name="rust-lovers", purpose="All things Rust")
    harness.emulator.add_channel("COTHER", name="random", purpose="cats")
    for i in range(210):  # more than one page of conversations.list
        harness.emulator.add_channel(f"CX{i:04d}", name=f"filler-{i}")
    harness.emulator.add_channel("CRUST2", name="zz-rust-help", topic="rust questions")
    save_profile(harness, "UNED", ["go"], alumni="Uni Lyon")
    save_profile(harness, "UMIA", ["sales"], status="paused", alumni="uni lyon")  # her alumni only
    save_profile(harness, "UMAX", ["data analysis"])
    answer = find(harness, "UMIA", "rust, data visualisation")
    rendered = str(answer["blocks"])
    assert "No mentor with a free slot offers" in rendered
    assert "<@UMAX>" in rendered  # partial: "data" is close
    assert "<#CRUST>" in rendered and "<#CRUST2>" in rendered and "<#COTHER>" not in rendered
    assert "Fellow Uni Lyon alumni who mentor" in rendered and "<@UNED>" in rendered
    list_calls = harness.emulator.calls_to("conversations.list")
    assert len(list_calls) >= 2 and list_calls[1].args.get("cursor")
    harness.click("UMIA", element(answer, WATCH_SKILL, 0), channel_id="C0GENERAL")
    assert "I'll tell you once" in responses(harness)[-1]["text"]
    harness.click("UMIA", element(answer, WATCH_SKILL, 0), channel_id="C0GENERAL")
    assert "already on the list" in responses(harness)[-1]["text"]
    # Channels come from the cache the second time.
    find(harness, "UMIA", "rust")
    assert len(harness.emulator.calls_to("conversations.list")) == len(list_calls)
    before = len(dm(harness, "UMIA"))
    harness.clock.set(datetime(2026, 12, 5, 22, 0, tzinfo=UTC))  # a Saturday night
    save_profile(harness, "UEVE", ["rust"])
    save_profile(harness, "UEVE", ["rust", "go"])  # saving again does not repeat the note
    harness.tick()  # the scheduler tells the watcher, in their working hours only

    def notes() -> list[dict[str, Any]]:
        return [m for m in dm(harness, "UMIA")[before:] if "just opted in" in m["text"]]

    assert notes() == []
    harness.tick(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))  # Monday 10:00 in Paris
    harness.tick(datetime(2026, 12, 7, 9, 5, tzinfo=UTC))
    assert len(notes()) == 1 and "<@UEVE>" in notes()[0]["text"]
    assert "Stop these" in str(notes()[0]["blocks"])  # Snooze and Stop, like every delivery
    with harness.db.begin() as session:
        watch = session.exec(select(SkillWatch)).one()
        assert watch.notified_at is not None


def test_someone_elses_search_buttons_change_nothing(harness: Harness) -> None:
    add_people(harness)
    for i in range(6):
        harness.emulator.add_user(f"UM{i}", name=f"m{i}", tz="Europe/Paris")
        save_profile(harness, f"UM{i}", ["python"])
    answer = find(harness, "UMIA", "python")
    views_before = len(harness.emulator.views)
    for action_id in (FIND_MORE, REQUEST_INTRO):
        harness.click("UEVE", element(answer, action_id), channel_id="C0GENERAL")
        note = responses(harness)[-1]
        assert note["response_type"] == "ephemeral" and "isn't for you" in note["text"]
        assert note.get("replace_original") is False
    assert len(harness.emulator.views) == views_before
    forged = {"action_id": FIND_MORE, "block_id": "find_more", "value": "1;DROP"}
    harness.click("UMIA", forged, channel_id="C0GENERAL")
    assert "isn't for you" in responses(harness)[-1]["text"]
