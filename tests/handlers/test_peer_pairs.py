"""Peer matches on /find-mentor, Ask to pair up, and the answer of the one asked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from handlers.introductions.blocks import A_MESSAGE, B_MESSAGE, INTRO_ACCEPT, INTRO_DECLINE
from handlers.matching.peer_blocks import ASK_PEER
from handlers.profiles.blocks import B_PEERS
from playground.blockkit_rules import check_view
from playground.harness import Harness
from storage.models import IntroRequest, Pair
from tests.handlers.find_mentor_helpers import (
    click_in_dm,
    dm,
    element,
    elements,
    find,
    last_view,
    refusals,
    responses,
    save_profile,
)
from tests.handlers.peer_helpers import EVE, KIM, SAM, add_peers, ask_to_pair, role_words


@pytest.fixture(autouse=True)
def _slack_refused_nothing(harness: Harness) -> Iterator[None]:
    yield
    assert refusals(harness) == []


def _send(h: Harness, view: dict[str, object], text: str | None = None) -> None:
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    message = text if text is not None else blocks[1]["element"]["initial_value"]
    value = {"type": "plain_text_input", "value": message}
    assert h.submit(SAM, view, {B_MESSAGE: {A_MESSAGE: value}}).status == 200


def test_find_mentor_shows_the_peer_with_the_reason_both_ways(harness: Harness) -> None:
    add_peers(harness)
    answer = find(harness, SAM)
    rendered = str(answer["blocks"])
    assert "you know SQL and want to learn Go; <@UKIM> knows Go and wants SQL" in rendered
    assert "(they opted in to being found as a peer)" in rendered
    assert [e["value"] for e in elements(answer) if e["action_id"] == ASK_PEER] != []
    assert "1 peer" in answer["text"]
    # Kim sees Sam only once Sam opts in to being found: a profile; Sam has one here.
    assert "<@USAM> knows SQL and wants Go" in str(find(harness, KIM)["blocks"])


def test_strengths_offer_but_someone_without_a_profile_is_never_shown(harness: Harness) -> None:
    add_peers(harness, sam_profile=False)
    assert "<@UKIM> knows Go and wants SQL" in str(find(harness, SAM)["blocks"])
    assert ASK_PEER not in str(find(harness, KIM)["blocks"])  # Sam never opted in


def test_ask_to_pair_up_sends_a_peer_request_the_other_accepts(harness: Harness) -> None:
    add_peers(harness)
    view = ask_to_pair(harness)
    assert view["title"]["text"] == "Ask to pair up"
    draft = view["blocks"][1]["element"]["initial_value"]
    assert "learn Go from you" in draft and "share SQL" in draft
    assert role_words(view) == []
    _send(harness, view)
    with harness.db.begin() as session:
        request = session.exec(select(IntroRequest)).one()
    assert request.kind == "peer" and request.status == "open"
    asked = dm(harness, KIM)[-1]
    assert "would like to pair up with you" in asked["text"] and role_words(asked) == []
    assert role_words(dm(harness, SAM)[-1]) == []  # "on its way"
    for stranger in (SAM, EVE):  # only Kim answers
        click_in_dm(harness, stranger, KIM, INTRO_ACCEPT, message=asked)
        assert "isn't for you" in responses(harness)[-1]["text"]
    click_in_dm(harness, KIM, KIM, INTRO_ACCEPT, message=asked)
    with harness.db.begin() as session:
        pair = session.exec(select(Pair)).one()
    assert (pair.kind, pair.mentor_id != pair.mentee_id) == ("peer", True)
    assert pair.group_channel_id is not None
    intro = harness.emulator.messages[pair.group_channel_id][-1]
    assert "you each know what the other wants to learn" in intro["text"]
    assert "about Go, SQL" in intro["text"]
    assert role_words(intro) == []
    # Paired now: neither is offered to the other again.
    assert ASK_PEER not in str(find(harness, SAM)["blocks"])
    assert ASK_PEER not in str(find(harness, KIM)["blocks"])


def test_a_forged_ask_opens_nothing_and_a_decline_is_kind(harness: Harness) -> None:
    add_peers(harness)
    answer = find(harness, SAM)
    button = element(answer, ASK_PEER)
    opened = len(harness.emulator.ok_calls_to("views.open"))
    harness.click(EVE, button, channel_id="C0GENERAL")  # Sam's search, Eve's click
    assert "isn't for you" in responses(harness)[-1]["text"]
    harness.click(SAM, {**button, "value": "0:99999"}, channel_id="C0GENERAL")
    assert "aren't open to pairing up" in responses(harness)[-1]["text"]
    assert len(harness.emulator.ok_calls_to("views.open")) == opened
    harness.click(SAM, button, channel_id="C0GENERAL")
    _send(harness, list(harness.emulator.views.values())[-1])
    click_in_dm(harness, KIM, KIM, INTRO_DECLINE)
    note = dm(harness, SAM)[-1]
    assert "can't pair up right now" in note["text"] and role_words(note) == []
    with harness.db.begin() as session:
        assert session.exec(select(Pair)).first() is None
    assert ASK_PEER not in str(find(harness, SAM)["blocks"])  # a recent decline is respected


def test_unticking_peer_mentoring_takes_kim_out_of_peer_matches(harness: Harness) -> None:
    add_peers(harness)
    save_profile(harness, KIM, ["go"], peers=False)  # still a mentor, no longer a peer
    assert "<@UKIM> knows Go" not in str(find(harness, SAM)["blocks"])
    harness.command(KIM, "/mentor", "profile")
    view = last_view(harness)
    assert check_view(view, expected_type="modal") == []
    consent = next(b for b in view["blocks"] if b.get("block_id") == B_PEERS)
    assert "initial_options" not in consent["element"]
    save_profile(harness, KIM, ["go"])  # ticked again
    assert "<@UKIM> knows Go and wants SQL" in str(find(harness, SAM)["blocks"])
    harness.command(KIM, "/mentor", "profile")
    consent = next(b for b in last_view(harness)["blocks"] if b.get("block_id") == B_PEERS)
    assert consent["element"]["initial_options"][0]["value"] == "yes"
