"""Meeting-day prompts keep the "three unanswered in a row" rule, vary their words, and every
notice about a pair names the other person. Through signed requests, on SQLite and PostgreSQL;
weeks of passes with a moved clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from handlers.meetings import blocks
from playground.harness import Harness
from storage.migrate import upgrade
from storage.models import Pair
from tests.scheduler.helpers import harness_pair, posted

# Thursday meetings; 08:00 in London is 08:00 UTC in December.
FIRST_THURSDAY = date(2026, 12, 3)


@pytest.fixture(params=["sqlite", "postgres"])
def both(request: pytest.FixtureRequest) -> Iterator[Harness]:
    url = request.getfixturevalue(f"{request.param}_url")
    if request.param == "postgres":
        upgrade(url)
    with Harness(url) as running:
        yield running


def run_days(harness: Harness, first: date, days: int, **on_post: Any) -> None:
    """A pass at 09:00 and 15:00 UTC every day; `on_post[kind](channel, delivery)` reacts."""
    for n in range(days):
        day = first + timedelta(days=n)
        for hour in (9, 15):
            before = len(posted(harness))
            harness.tick(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))
            for channel, kind, delivery in posted(harness)[before:]:
                if kind in on_post:
                    on_post[kind](channel, delivery)


def group_dm(harness: Harness) -> str:
    with harness.db.begin() as session:
        channel = session.exec(select(Pair)).one().group_channel_id
    assert channel
    return channel


def texts(harness: Harness, channel: str, kind: str) -> list[str]:
    ids = {d for c, k, d in posted(harness) if k == kind and c == channel}
    return [
        m["text"]
        for m in harness.emulator.messages[channel]
        if (m.get("metadata") or {}).get("event_payload", {}).get("delivery_id") in ids
    ]


def footer(message: dict[str, Any]) -> set[str]:
    return {
        e["action_id"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] in (blocks.SNOOZE, blocks.STOP)
    }


def say_in_group_dm(harness: Harness, user: str, channel: str, text: str) -> None:
    stamp = f"{harness.clock.now().timestamp():.6f}"
    event = {"type": "message", "channel_type": "mpim", "channel": channel, "user": user}
    harness.event({**event, "text": text, "ts": stamp, "event_ts": stamp})


def test_unanswered_prompts_stop_after_three_and_ask_the_pair_once(both: Harness) -> None:
    harness_pair(both, weekday=3)
    run_days(both, date(2026, 12, 1), 7 * 8)  # eight weeks; nobody answers anything
    channel = group_dm(both)
    prompts = texts(both, channel, "meeting_prompt")
    assert len(prompts) == 3  # it used to come every week, word for word
    assert len(set(prompts)) == 3  # and now each week has its own words
    [ask] = texts(both, channel, "adapt_ask")
    assert ask.startswith("The last three meeting prompts for <@UMENTOR> and <@UMENTEE>")
    # The check-ins, ignored too, are asked about in each person's DM, naming the other one.
    mentor_dm = both.emulator.dm_channel_of("UMENTOR")
    [mentor_ask] = texts(both, mentor_dm, "adapt_ask")
    assert "check-ins about your mentoring with <@UMENTEE> went unanswered" in mentor_ask


def test_a_word_in_the_group_dm_answers_and_is_never_replied_to(both: Harness) -> None:
    harness_pair(both, weekday=3)
    run_days(both, date(2026, 12, 1), 7 * 4)  # three prompts, then the question
    channel = group_dm(both)
    assert len(texts(both, channel, "meeting_prompt")) == 3
    posts = len(both.emulator.ok_calls_to("chat.postMessage"))
    say_in_group_dm(both, "UMENTEE", channel, "Sorry, busy weeks! Thursday at 3?")
    assert len(both.emulator.ok_calls_to("chat.postMessage")) == posts  # no reply there
    run_days(both, date(2026, 12, 29), 7 * 2)
    assert len(texts(both, channel, "meeting_prompt")) == 5  # they are talking: prompts again


def test_a_stranger_or_a_bot_in_a_group_dm_answers_nothing(both: Harness) -> None:
    harness_pair(both, weekday=3)
    run_days(both, date(2026, 12, 1), 7 * 4)
    channel = group_dm(both)
    both.emulator.add_user("USTRANGER", name="stranger")
    say_in_group_dm(both, "USTRANGER", channel, "hello")
    both.event(
        {
            "type": "message",
            "channel_type": "mpim",
            "channel": channel,
            "bot_id": "B1",
            "user": "UMENTEE",
            "text": "a bot",
            "ts": "1.0",
        }
    )
    run_days(both, date(2026, 12, 29), 7 * 2)
    assert len(texts(both, channel, "meeting_prompt")) == 3


def test_a_check_in_from_either_person_answers_the_prompt(both: Harness) -> None:
    harness_pair(both, weekday=3)

    def mentor_answers(channel: str, delivery: int) -> None:
        if channel == both.emulator.dm_channel_of("UMENTOR"):
            action = {"action_id": blocks.CHECKIN_MISSED, "value": str(delivery)}
            both.click("UMENTOR", action, channel_id=channel)

    run_days(both, date(2026, 12, 1), 7 * 6, checkin=mentor_answers)
    assert len(texts(both, group_dm(both), "meeting_prompt")) == 6


def test_keep_them_coming_in_the_group_dm_starts_the_count_afresh(both: Harness) -> None:
    harness_pair(both, weekday=3)
    run_days(both, date(2026, 12, 1), 7 * 4)
    channel = group_dm(both)
    ask = next(d for c, k, d in posted(both) if k == "adapt_ask" and c == channel)
    both.click("UMENTOR", {"action_id": blocks.ADAPT_KEEP, "value": str(ask)}, channel_id=channel)
    run_days(both, date(2026, 12, 29), 7 * 2)
    assert len(texts(both, channel, "meeting_prompt")) == 5


def test_prompts_keep_snooze_and_stop(both: Harness) -> None:
    harness_pair(both, weekday=3)
    run_days(both, date(2026, 12, 1), 3)
    [prompt] = [
        m for m in both.emulator.messages[group_dm(both)] if m["text"].startswith("Meeting day")
    ]
    assert footer(prompt) == {blocks.SNOOZE, blocks.STOP}


def two_mentees(harness: Harness) -> None:
    harness_pair(harness, mentor="UMENTOR", mentee="UANA", weekday=3)
    harness_pair(harness, mentor="UMENTOR", mentee="UBEN", weekday=3)
    harness.emulator.add_user("UFARID", name="farid")
    harness.command("UFARID", "/mentor", "help")  # farid is stored, but nobody's partner


@pytest.mark.parametrize("sub", ["end", "pause", "checkin", "cadence weekly"])
def test_naming_someone_who_is_not_a_partner_says_so(both: Harness, sub: str) -> None:
    two_mentees(both)
    answer = both.command("UMENTOR", "/mentor", f"{sub} @farid").json
    assert answer["text"].startswith("@farid isn't one of your mentoring partners")
    assert "<@UANA>" in answer["text"] and "<@UBEN>" in answer["text"]
    assert "Choose" not in str(answer.get("blocks"))  # not the pair chooser
    escaped = both.command("UMENTOR", "/mentor", f"{sub} <@UFARID|farid>").json["text"]
    assert escaped.startswith("<@UFARID> isn't one of your mentoring partners")


def test_a_mentor_with_two_mentees_is_asked_which_and_never_told_they_have_none(
    both: Harness,
) -> None:
    two_mentees(both)
    answer = both.command("UMENTOR", "/mentor", "end").json
    assert answer["text"].startswith("You're in 2 mentoring pairs. Which one do you want to end?")
    assert "don't have an active mentoring pair" not in answer["text"]
    chosen = both.command("UMENTOR", "/mentor", "end @uben")
    assert chosen.status == 200 and "text" not in (chosen.json or {})
    assert "<@UBEN>" in str(list(both.emulator.views.values())[-1]["blocks"])
