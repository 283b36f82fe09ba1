"""Bad input in the DM: stored as typed, echoed escaped; noise never breaks the dialog."""

from __future__ import annotations

import pytest

from bot.services.reflection.steps import MAX_ANSWER_CHARS
from handlers.blocks import talk as talk_blocks
from playground.harness import Harness
from tests.handlers.reflection_helpers import (
    current_reflection,
    dm,
    dm_event,
    last_dm,
    rendered,
    step_of,
)


@pytest.fixture
def started(harness: Harness) -> Harness:
    harness.emulator.add_user("U1", name="ana")
    harness.command("U1", "/reflect")
    return harness


def stored_strengths(harness: Harness) -> str:
    reflection = current_reflection(harness, "U1")
    assert reflection is not None
    return reflection.strengths


@pytest.mark.parametrize(
    "text", ["😀🎉 ✨", "日本語で答えます", "مرحبا بالعالم", "Ça va — très bien, merci"]
)
def test_emoji_and_other_languages_are_kept(started: Harness, text: str) -> None:
    started.say("U1", text)
    assert stored_strengths(started) == text
    assert text in rendered(last_dm(started, "U1"))
    assert step_of(started, "U1") == "weaknesses"


def test_mentions_and_links_are_stored_as_typed_and_echoed_escaped(started: Harness) -> None:
    text = "<!channel> ask <@U123> or <https://evil|click> & more"
    started.say("U1", text)
    assert stored_strengths(started) == text
    echoed = rendered(last_dm(started, "U1"))
    for raw in ("<!channel>", "<@U123>", "<https://evil|click>"):
        assert raw not in echoed
    assert "&lt;!channel&gt;" in echoed
    assert "&lt;https://evil|click&gt;" in echoed
    assert "&amp; more" in echoed


def test_a_40000_character_message_is_trimmed_with_a_note(started: Harness) -> None:
    started.say("U1", "é" * 40_000)
    assert stored_strengths(started) == "é" * MAX_ANSWER_CHARS
    assert f"first {MAX_ANSWER_CHARS:,} characters" in rendered(last_dm(started, "U1"))
    assert step_of(started, "U1") == "weaknesses"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_messages_get_a_nudge_and_do_not_advance(started: Harness, text: str) -> None:
    started.say("U1", text)
    assert step_of(started, "U1") == "strengths"
    assert "didn't get any text" in rendered(last_dm(started, "U1"))


def test_bots_edits_deletions_and_thread_replies_are_ignored(started: Harness) -> None:
    before = len(dm(started, "U1"))
    noise = [
        dm_event(started, "U1", "from a bot", bot_id="B999", subtype="bot_message"),
        dm_event(started, "U1", "our own post", bot_id="B0BOT"),
        dm_event(started, "U1", "", subtype="message_changed", message={"text": "edited"}),
        dm_event(started, "U1", "", subtype="message_deleted", deleted_ts="1.0"),
        dm_event(started, "U1", "in a thread", thread_ts="1700000000.000001"),
    ]
    for event in noise:
        assert started.event(event).status == 200
    assert len(dm(started, "U1")) == before
    assert step_of(started, "U1") == "strengths"
    started.say("U1", "real answer")
    assert stored_strengths(started) == "real answer"


def test_a_file_without_text_gets_a_gentle_note(started: Harness) -> None:
    started.event(dm_event(started, "U1", "", subtype="file_share", files=[{"id": "F1"}]))
    assert "only read typed answers" in rendered(last_dm(started, "U1"))
    assert step_of(started, "U1") == "strengths"
    started.event(dm_event(started, "U1", "with a caption", subtype="file_share", files=[]))
    assert stored_strengths(started) == "with a caption"


def test_a_retried_event_advances_once(started: Harness) -> None:
    event = dm_event(started, "U1", "strong")
    started.event(event, event_id="EvRetry1")
    started.event(event, event_id="EvRetry1", retry_num=1)
    assert step_of(started, "U1") == "weaknesses"
    # Delivered twice under different event ids: the message ts makes it count once.
    started.event(dm_event(started, "U1", "weak") | {"ts": "9999999999.000001"}, event_id="EvA")
    started.event(dm_event(started, "U1", "weak") | {"ts": "9999999999.000001"}, event_id="EvB")
    assert step_of(started, "U1") == "aspirations"
    reflection = current_reflection(started, "U1")
    assert reflection is not None and reflection.aspirations == ""


def test_people_without_a_dialog_are_left_alone(harness: Harness) -> None:
    harness.emulator.add_user("U2", name="bo")
    harness.say("U2", "hello bot")
    # No dialog takes it and none starts; the bot answers with its short help (issue 16).
    assert [m["text"] for m in dm(harness, "U2")] == [talk_blocks.HELP_TEXT]
    assert step_of(harness, "U2") is None
