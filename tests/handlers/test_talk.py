"""What the bot answers when a person types to it outside any dialog, through signed requests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from handlers.meetings import blocks as scheduler_blocks
from handlers.talk import blocks as talk_blocks
from playground.harness import Harness
from storage.models import MentorSearch, ReminderPreference
from tests.handlers import find_mentor_helpers as mentoring
from tests.handlers.reflection_helpers import (
    click_in_dm,
    dm,
    dm_event,
    find_element,
    last_dm,
    rendered,
    step_of,
)
from tests.scheduler.helpers import harness_pair

USER = "UANA"


@pytest.fixture
def ana(harness: Harness) -> Harness:
    harness.emulator.add_user(USER, name="ana", tz="Europe/Berlin")
    return harness


def _posted_to(h: Harness, user: str) -> list[dict[str, Any]]:
    channel = h.emulator.dm_channel_of(user)
    return [
        c.args for c in h.emulator.ok_calls_to("chat.postMessage") if c.args["channel"] == channel
    ]


def _step_values(message: dict[str, Any]) -> list[str]:
    return [
        e["value"]
        for b in message.get("blocks") or []
        for e in b.get("elements", [])
        if str(e.get("action_id")).startswith(talk_blocks.ACTION_NEXT_STEP)
    ]


def test_help_answers_with_the_next_steps_from_where_she_stands(ana: Harness) -> None:
    ana.say(USER, "help")
    answer = last_dm(ana, USER)
    assert answer["text"]  # a plain fallback
    assert _step_values(answer) == ["reflect", "find_mentor"]  # a newcomer: reflect first
    assert "Start my reflection" in rendered(answer)


def test_next_steps_follow_her_standing(ana: Harness) -> None:
    harness_pair(ana, mentee=USER)
    ana.say(USER, "help")
    assert _step_values(last_dm(ana, USER)) == ["reflect", "my_pairs", "reminders"]


def test_a_plain_question_about_a_mentor_runs_the_search(harness: Harness) -> None:
    mentoring.add_people(harness)
    mentoring.save_profile(harness, "UMAX", ["python"])
    harness.command("UMIA", "/reflect")
    for text in ("skip", "skip", "skip", "skip", "skip", "python"):
        harness.say("UMIA", text)
    assert step_of(harness, "UMIA") == "done"
    harness.say("UMIA", "hi, how do I find a mentor?")
    with harness.db.begin() as session:
        assert len(session.exec(select(MentorSearch)).all()) == 1
    found = last_dm(harness, "UMIA")
    assert "<@UMAX>" in rendered(found) or "max" in rendered(found).lower()
    assert "Request intro" in rendered(found)


def test_find_a_mentor_before_any_reflection_says_how_to_start(ana: Harness) -> None:
    ana.say(USER, "find a mentor")
    assert "/reflect" in rendered(last_dm(ana, USER))


def test_a_chatty_person_gets_one_help_in_ten_minutes(ana: Harness) -> None:
    for text in ("hi", "how are you?", "anyone there", "hello??"):
        ana.say(USER, text)
    assert len(_posted_to(ana, USER)) == 1
    ana.clock.advance(timedelta(minutes=9, seconds=59))
    ana.say(USER, "still there?")
    assert len(_posted_to(ana, USER)) == 1
    ana.clock.advance(timedelta(seconds=1))
    ana.say(USER, "hello again")
    assert len(_posted_to(ana, USER)) == 2


def test_asking_for_help_is_answered_even_just_after_the_help(ana: Harness) -> None:
    ana.say(USER, "hi")
    ana.say(USER, "help")
    assert len(_posted_to(ana, USER)) == 2
    ana.say(USER, "thanks")  # chatter right after: not answered line by line
    assert len(_posted_to(ana, USER)) == 2


def test_reflect_starts_the_reflection(ana: Harness) -> None:
    ana.say(USER, "reflect")
    assert step_of(ana, USER) == "strengths"
    assert "Strengths" in rendered(last_dm(ana, USER))
    ana.say(USER, "help")  # now an open step: the message is its answer, as before
    assert step_of(ana, USER) == "weaknesses"
    assert _step_values(last_dm(ana, USER)) == []


def test_pause_offers_the_button_that_opens_the_form(ana: Harness) -> None:
    pair = harness_pair(ana, mentee=USER)
    ana.say(USER, "pause")
    offer = last_dm(ana, USER)
    button = find_element(offer, scheduler_blocks.PAUSE_OPEN)
    assert button["value"] == str(pair.id)
    assert ana.emulator.ok_calls_to("views.open") == []  # a message has no trigger_id
    click_in_dm(ana, USER, scheduler_blocks.PAUSE_OPEN)
    opened = ana.emulator.ok_calls_to("views.open")[-1].args["view"]
    assert opened["callback_id"] == scheduler_blocks.PAUSE_VIEW


def test_pause_without_a_pair_says_so(ana: Harness) -> None:
    ana.say(USER, "pause please")
    shown = last_dm(ana, USER)
    assert "no mentoring yet" in shown["text"]
    assert _step_values(shown) == ["find_mentor"]


def test_stop_reminders_stops_them_and_one_click_turns_them_back_on(ana: Harness) -> None:
    harness_pair(ana, mentee=USER)
    ana.say(USER, "stop reminders")
    assert "stopped all your reminders" in last_dm(ana, USER)["text"]
    with ana.db.begin() as session:
        pref = session.exec(select(ReminderPreference)).one()
        assert (pref.kind, pref.stopped, pref.reason) == ("*", True, "asked")
    click_in_dm(ana, USER, scheduler_blocks.REMINDERS_ON)
    with ana.db.begin() as session:
        assert session.exec(select(ReminderPreference)).one().stopped is False


def test_export_my_data_sends_the_file(ana: Harness) -> None:
    ana.say(USER, "export my data")
    uploads = [c for c in ana.emulator.calls if c.ok and "files" in c.method]
    assert uploads, "no file was uploaded"
    assert "file follows" in _posted_to(ana, USER)[-1]["text"]


def test_a_next_step_button_does_the_step(ana: Harness) -> None:
    ana.say(USER, "hi")
    click_in_dm(ana, USER, f"{talk_blocks.ACTION_NEXT_STEP}reflect")  # "Start my reflection"
    assert step_of(ana, USER) == "strengths"


def test_the_same_message_delivered_twice_is_answered_once(ana: Harness) -> None:
    event = dm_event(ana, USER, "export my data")
    ana.event(event)
    ana.event(event)  # under another event id
    assert len(_posted_to(ana, USER)) == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"subtype": "message_changed"},
        {"subtype": "message_deleted"},
        {"subtype": "channel_join"},
        {"subtype": "bot_message", "bot_id": "B1"},
        {"bot_id": "B0BOT"},  # our own message
        {"thread_ts": "1.000001"},  # a thread reply
        {"channel_type": "mpim"},  # a pair's group DM: the two people talk to each other
    ],
)
def test_what_gets_no_answer(ana: Harness, extra: dict[str, Any]) -> None:
    ana.event(dm_event(ana, USER, "help, how do I find a mentor?", **extra))
    assert _posted_to(ana, USER) == []
    assert dm(ana, USER) == []


# --- PostgreSQL and two replicas ----------------------------------------------------------


@pytest.fixture
def two_replicas(postgres_url: str) -> Iterator[tuple[Harness, Harness]]:
    from storage.migrate import upgrade

    upgrade(postgres_url)
    with Harness(postgres_url) as first, Harness(postgres_url) as second:
        for replica in (first, second):
            replica.emulator.add_user(USER, name="ana")
        yield first, second


def test_one_help_in_ten_minutes_across_replicas_on_postgres(
    two_replicas: tuple[Harness, Harness],
) -> None:
    first, second = two_replicas
    first.say(USER, "hi")
    second.say(USER, "hello?")
    assert len(_posted_to(first, USER)) + len(_posted_to(second, USER)) == 1
    second.clock.advance(timedelta(minutes=10))
    second.say(USER, "hello again")
    assert len(_posted_to(second, USER)) == 1
    second.say(USER, "find a mentor")  # a request acts on PostgreSQL too
    assert "/reflect" in rendered(last_dm(second, USER))
