"""Request intro -> the mentor's DM -> Accept / Not now / Decline, withdraw, thanks, cadence."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from handlers.blocks.introductions import (
    INTRO_ACCEPT,
    INTRO_DECLINE,
    INTRO_NOT_NOW,
    INTRO_THANK,
    INTRO_WITHDRAW,
    PAIR_CADENCE_PREFIX,
    PAIR_WEEKDAY,
)
from playground.harness import Harness
from storage.models import IntroRequest, Pair
from tests.handlers.find_mentor_helpers import (
    add_people,
    click_in_dm,
    dm,
    element,
    find,
    last_view,
    refusals,
    request_intro,
    responses,
    save_profile,
)


@pytest.fixture(autouse=True)
def _slack_refused_nothing(harness: Harness) -> Iterator[None]:
    yield
    assert refusals(harness) == []


def _ask(h: Harness, text: str | None = None) -> dict[str, object]:
    add_people(h)
    save_profile(h, "UMAX", ["python", "public speaking"])
    save_profile(h, "UNED", ["python"])
    answer = find(h, "UMIA", "python, public speaking")
    result = request_intro(h, "UMIA", answer, 0, text=text)
    assert result.status == 200
    return copy.deepcopy(dm(h, "UMAX")[-1])  # chat.update edits the stored one in place


def _request(h: Harness) -> IntroRequest:
    with h.db.begin() as session:
        return session.exec(select(IntroRequest).order_by(IntroRequest.id.desc())).first()  # type: ignore[union-attr]


def _refused(h: Harness) -> None:
    note = responses(h)[-1]
    assert note["response_type"] == "ephemeral" and note.get("replace_original") is False


def test_draft_modal_then_mentor_dm_with_escaped_message(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python", "public speaking"])
    answer = find(harness, "UMIA", "public speaking")
    from handlers.blocks.find_mentor import REQUEST_INTRO

    harness.click("UMIA", element(answer, REQUEST_INTRO), channel_id="C0GENERAL")
    draft = last_view(harness)["blocks"][1]["element"]["initial_value"]
    assert (
        draft.startswith("Hi Max!")
        and "Public speaking" in draft
        and "short first meeting" in draft
    )
    from tests.handlers.find_mentor_helpers import request_intro as send

    send(harness, "UMIA", answer, 0, text="Hi <!channel> *Max*, <https://evil.example|click>")
    message = dm(harness, "UMAX")[-1]
    rendered = str(message["blocks"])
    assert "<!channel>" not in rendered and "&lt;!channel&gt;" in rendered
    assert "<https://evil" not in rendered
    assert [e["action_id"] for e in message["blocks"][2]["elements"]] == [
        INTRO_ACCEPT,
        INTRO_NOT_NOW,
        INTRO_DECLINE,
    ]
    request = _request(harness)
    assert request.status == "open" and request.expires_at == harness.clock.now() + timedelta(
        days=7
    )
    assert "on its way" in dm(harness, "UMIA")[-1]["text"]


def test_accept_opens_group_dm_with_intro_and_cadence(harness: Harness) -> None:
    original = _ask(harness)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT)
    with harness.db.begin() as session:
        pair = session.exec(select(Pair)).one()
    assert pair.group_channel_id and pair.group_channel_id.startswith("G")
    opened = harness.emulator.calls_to("conversations.open")[-1].args
    assert set(str(opened["users"]).split(",")) == {"UMAX", "UMIA"}
    intro = harness.emulator.messages[pair.group_channel_id][-1]
    assert (
        "<@UMAX>" in intro["text"]
        and "<@UMIA>" in intro["text"]
        and "first 30-minute chat" in intro["text"]
    )
    # The mentor's copy no longer has buttons; the mentee hears and may thank.
    assert (
        "You accepted" in dm(harness, "UMAX")[-1]["text"]
        if dm(harness, "UMAX")[-1].get("text")
        else True
    )
    assert any("accepted your request" in m["text"] for m in dm(harness, "UMIA"))
    # Cadence: either person may choose; a stranger may not.
    weekly = element(intro, f"{PAIR_CADENCE_PREFIX}weekly")
    harness.click("UEVE", weekly, channel_id=pair.group_channel_id, message=intro)
    _refused(harness)
    harness.click("UMIA", weekly, channel_id=pair.group_channel_id, message=intro)
    day = {
        "action_id": PAIR_WEEKDAY,
        "block_id": "pair_rhythm",
        "type": "static_select",
        "selected_option": {
            "text": {"type": "plain_text", "text": "Thursday"},
            "value": f"{pair.id}:3",
        },
    }
    harness.click("UMAX", day, channel_id=pair.group_channel_id, message=intro)
    with harness.db.begin() as session:
        pair = session.exec(select(Pair)).one()
    assert (pair.cadence, pair.meeting_weekday) == ("weekly", 3)
    assert "Thursdays" in responses(harness)[-1]["text"]
    # A second accept (double click) changes nothing.
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT, message=original)
    _refused(harness)
    with harness.db.begin() as session:
        assert len(session.exec(select(Pair)).all()) == 1


def test_thank_you_is_sent_once(harness: Harness) -> None:
    _ask(harness)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT)
    accepted = next(m for m in dm(harness, "UMIA") if "accepted your request" in m["text"])
    click_in_dm(harness, "UMAX", "UMIA", INTRO_THANK, message=accepted)  # the mentor can't
    _refused(harness)
    click_in_dm(harness, "UMIA", "UMIA", INTRO_THANK, message=accepted)
    click_in_dm(harness, "UMIA", "UMIA", INTRO_THANK, message=accepted)
    thanks = [m for m in dm(harness, "UMAX") if "says thank you" in m["text"]]
    assert len(thanks) == 1
    assert "already sent" in responses(harness)[-1]["text"]


def test_decline_is_kind_offers_next_match_and_hides_the_mentor(harness: Harness) -> None:
    _ask(harness)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_DECLINE)
    note = dm(harness, "UMIA")[-1]
    assert "not about you" in note["text"]
    assert "<@UNED>" in str(note["blocks"])  # the next match
    assert INTRO_THANK in str(note["blocks"])
    assert _request(harness).status == "declined"
    again = find(harness, "UMIA", "python")
    assert "<@UMAX>" not in str(again["blocks"])
    harness.clock.advance(timedelta(days=91))
    later = find(harness, "UMIA", "python")
    assert "<@UMAX>" in str(later["blocks"])


def test_not_now_waits_and_the_mentee_can_withdraw(harness: Harness) -> None:
    original = _ask(harness)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_NOT_NOW)
    assert _request(harness).status == "waiting"
    waiting = dm(harness, "UMIA")[-1]
    assert "a bit later" in waiting["text"]
    click_in_dm(harness, "UMAX", "UMIA", INTRO_WITHDRAW, message=waiting)  # only the mentee
    _refused(harness)
    assert _request(harness).status == "waiting"
    click_in_dm(harness, "UMIA", "UMIA", INTRO_WITHDRAW, message=waiting)
    assert _request(harness).status == "withdrawn"
    # The mentor's copy now says so, and a late accept changes nothing.
    assert "withdrew" in str(harness.emulator.calls_to("chat.update")[-1].args["text"])
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT, message=original)
    note = responses(harness)[-1]
    assert "no longer open" in note["text"]
    with harness.db.begin() as session:
        assert session.exec(select(Pair)).first() is None


def test_only_the_mentor_can_answer(harness: Harness) -> None:
    message = _ask(harness)
    for clicker in ("UMIA", "UEVE"):
        for action_id in (INTRO_ACCEPT, INTRO_NOT_NOW, INTRO_DECLINE):
            click_in_dm(harness, clicker, "UMAX", action_id, message=message)  # type: ignore[arg-type]
            note = responses(harness)[-1]
            assert "isn't for you" in note["text"] and note["response_type"] == "ephemeral"
    assert _request(harness).status == "open"
    assert "accepted your request" not in str(dm(harness, "UMIA"))


def test_tampered_values_change_nothing(harness: Harness) -> None:
    _ask(harness)
    for value in ("999999", "abc", "1:2", ""):
        harness.click(
            "UMAX",
            {"action_id": INTRO_ACCEPT, "block_id": "intro_answer", "value": value},
            channel_id=harness.emulator.dm_channel_of("UMAX"),
        )
        assert responses(harness)[-1]["response_type"] == "ephemeral"
    assert _request(harness).status == "open"


def test_full_mentor_cannot_accept_a_second_mentee(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python"], capacity="1")
    for mentee in ("UMIA", "UEVE"):
        answer = find(harness, mentee, "python")
        request_intro(harness, mentee, answer, 0)
    first, second = [m for m in dm(harness, "UMAX") if "would like you" in m["text"]]
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT, message=first)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT, message=second)
    assert "at capacity" in responses(harness)[-1]["text"]
    with harness.db.begin() as session:
        assert len(session.exec(select(Pair)).all()) == 1


def test_request_to_a_mentor_who_just_left_is_not_sent(harness: Harness) -> None:
    add_people(harness)
    save_profile(harness, "UMAX", ["python"])
    answer = find(harness, "UMIA", "python")
    harness.emulator.set_user("UMAX", deleted=True)
    harness.clock.advance(timedelta(days=2))
    request_intro(harness, "UMIA", answer, 0)
    assert "left the workspace" in dm(harness, "UMIA")[-1]["text"]
    assert not any("would like you" in str(m.get("text")) for m in dm(harness, "UMAX"))
    assert _request(harness).status == "withdrawn"
