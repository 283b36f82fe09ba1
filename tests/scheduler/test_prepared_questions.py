"""Through signed HTTP: what a mentee types after a come-prepared nudge stays private until they
press Share, a reflection in progress takes its answers first, and a double click shares once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Delivery, Pair, Person, PreparedQuestions
from tests.blocks import button
from tests.scheduler.helpers import harness_pair, share_last_questions

SECRET = "SECRET: I am terrified my manager will fire me <!channel> <@U1>"


def _open_nudge(harness: Harness, pair: Pair) -> None:
    now = harness.clock.now()
    with harness.db.begin() as session:
        session.add(
            Delivery(
                team_id=pair.team_id,
                kind="prepare",
                pair_id=pair.id,
                person_id=pair.mentee_id,
                due_at=now,
                status="sent",
                sent_at=now,
                idempotency_key="prepare-test",
                created_at=now,
            )
        )


def _posted_outside_dms(harness: Harness) -> list[dict[str, Any]]:
    """Every chat.postMessage that went anywhere but the mentee's own DM with the bot."""
    own = harness.emulator.dm_channel_of("UMENTEE")
    return [
        c.args for c in harness.emulator.calls_to("chat.postMessage") if c.args["channel"] != own
    ]


def _last_dm(harness: Harness, user: str) -> dict[str, Any]:
    return dict(harness.emulator.messages[harness.emulator.dm_channel_of(user)][-1])


def _setup(harness: Harness) -> Pair:
    harness.clock.set(datetime(2026, 12, 2, 10, tzinfo=UTC))
    pair = harness_pair(harness)
    _open_nudge(harness, pair)
    return pair


def test_questions_are_previewed_privately_and_shared_once_on_share(harness: Harness) -> None:
    _setup(harness)
    harness.say("UMENTEE", SECRET)
    assert _posted_outside_dms(harness) == []  # nothing reached the pair yet
    preview = _last_dm(harness, "UMENTEE")
    share = button(preview, blocks.QUESTIONS_SHARE)
    keep = button(preview, blocks.QUESTIONS_KEEP)
    assert share["text"]["text"] == "Share with @umentor"
    with harness.db.begin() as session:
        draft = session.exec(select(PreparedQuestions)).one()
    assert share["value"] == keep["value"] == str(draft.id)  # ids only
    assert "&lt;!channel&gt;" in str(preview["blocks"]) and "<!channel>" not in str(preview)

    share_last_questions(harness, "UMENTEE")
    harness.click("UMENTEE", share, channel_id=harness.emulator.dm_channel_of("UMENTEE"))
    posts = _posted_outside_dms(harness)
    assert len(posts) == 1, posts  # the double click shared once
    shown = str(posts[0]["blocks"]) + posts[0]["text"]
    assert "terrified" in shown
    assert "<!channel>" not in shown and "<@U1>" not in shown
    replies = [c.args["text"] for c in harness.emulator.calls_to("response_url")]
    assert replies and all(r.startswith("Shared:") for r in replies)


def test_the_mentor_cannot_share_the_mentees_questions(harness: Harness) -> None:
    _setup(harness)
    harness.say("UMENTEE", SECRET)
    share = button(_last_dm(harness, "UMENTEE"), blocks.QUESTIONS_SHARE)
    harness.click("UMENTOR", share, channel_id=harness.emulator.dm_channel_of("UMENTEE"))
    assert _posted_outside_dms(harness) == []
    replies = [c.args for c in harness.emulator.calls_to("response_url")]
    assert [r["text"] for r in replies] == ["This button isn't for you, so nothing changed."]
    assert replies[0]["response_type"] == "ephemeral"
    with harness.db.begin() as session:
        assert session.exec(select(PreparedQuestions)).one().status == "draft"


def test_dont_share_keeps_them_private_for_good(harness: Harness) -> None:
    _setup(harness)
    harness.say("UMENTEE", SECRET)
    preview = _last_dm(harness, "UMENTEE")
    channel = harness.emulator.dm_channel_of("UMENTEE")
    harness.click("UMENTEE", button(preview, blocks.QUESTIONS_KEEP), channel_id=channel)
    harness.click("UMENTEE", button(preview, blocks.QUESTIONS_SHARE), channel_id=channel)
    assert _posted_outside_dms(harness) == []
    replies = [c.args["text"] for c in harness.emulator.calls_to("response_url")]
    assert replies == ["Kept private: nothing was shared."] * 2


def test_a_reflection_in_progress_takes_the_message_first(harness: Harness) -> None:
    _setup(harness)
    harness.command("UMENTEE", "/reflect")
    harness.say("UMENTEE", SECRET)
    assert _posted_outside_dms(harness) == []
    own = harness.emulator.messages[harness.emulator.dm_channel_of("UMENTEE")]
    assert not any("Share these" in m["text"] for m in own)
    with harness.db.begin() as session:
        assert session.exec(select(PreparedQuestions)).all() == []
        mentee = session.exec(select(Person).where(Person.slack_user_id == "UMENTEE")).one()
        nudge = session.exec(select(Delivery).where(Delivery.person_id == mentee.id)).one()
        assert nudge.answered_at is None  # the nudge still waits for real questions


def test_questions_whose_preview_failed_are_taken_again_from_the_next_message(
    harness: Harness,
) -> None:
    _setup(harness)
    harness.emulator.fail_next(3, method="chat.postMessage", status=500)
    harness.say("UMENTEE", "first try at my questions")
    assert "try again" in _last_dm(harness, "UMENTEE")["text"]  # the apology, no preview
    harness.say("UMENTEE", SECRET)  # as told, she sends them again
    preview = _last_dm(harness, "UMENTEE")
    share = button(preview, blocks.QUESTIONS_SHARE)
    with harness.db.begin() as session:
        drafts = session.exec(select(PreparedQuestions)).all()
    assert [(d.text, d.status) for d in drafts] == [(SECRET, "draft")]  # one draft, her words
    assert share["value"] == str(drafts[0].id)
    assert _posted_outside_dms(harness) == []  # still private until she presses Share
