"""A circle's cadence through signed requests, the clock moved over its meetings: one prompt
per meeting in the circle's conversation, each member's private nudge, question, check-in and
thanks, the mentor's question list; a member who stops answering is asked alone; a
deactivated mentor closes the circle kindly; a leaver is removed from a private channel."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from sqlmodel import select

from bot.services import cadence
from handlers.circles import delivery_blocks as cb
from handlers.circles import messages
from playground.harness import Harness
from storage.models import Circle, Delivery, Person
from storage.models.deliveries import CIRCLE_ASK, CIRCLE_PROMPT
from tests.handlers.circles.cadence_helpers import (
    ask_question,
    buttons,
    check_in,
    circle_of,
    days_of_passes,
    dm,
    dm_text,
    opened_circle,
)
from tests.handlers.find_mentor_helpers import refusals

ASKED = "Still want these?"


def _asked(h: Harness, user: str) -> int:
    return sum(ASKED in m["text"] for m in dm(h, user))


def _answers_everything(h: Harness, user: str, message: dict[str, Any]) -> None:
    found = buttons(message)
    if cb.QUESTION_OPEN in found:
        share = user == "UANA"  # Ana shares her name; Bo does not
        ask_question(h, user, found[cb.QUESTION_OPEN], f"How do I profile {user}?", share)
    if cb.CHECKIN_OPEN in found:
        check_in(h, user, found[cb.CHECKIN_OPEN])
        if user == "UANA":
            h.click(user, found[cb.THANKS], channel_id=h.emulator.dm_channel_of(user))


def _ignores_everything(_h: Harness, _user: str, _message: dict[str, Any]) -> None:
    return


def _sent(h: Harness) -> list[Delivery]:
    with h.db.begin() as session:
        return list(session.exec(select(Delivery).where(Delivery.status == "sent")))


def test_four_weeks_of_a_circle_one_member_stops_answering(harness: Harness) -> None:
    h = harness
    h.emulator.add_user("UBO", name="bo", real_name="Bo Berlin", tz="Europe/Berlin")
    circle = opened_circle(h, ("UANA", "UBO", "UCY"))
    assert circle.channel_id and not circle.channel_is_private
    answerers = {"UANA": _answers_everything, "UBO": _answers_everything}
    days_of_passes(h, 29, {**answerers, "UCY": _ignores_everything})
    # One prompt per meeting in the circle's conversation: four Wednesdays.
    prompts = [m for m in h.emulator.messages[str(circle.channel_id)] if "meets on" in m["text"]]
    assert len(prompts) == 4 and all("Python at scale" in m["text"] for m in prompts)
    assert {json.dumps(p["blocks"]).count("Wednesday") for p in prompts} == {1}
    # The mentor's lists: Ana by name, Bo's question without his.
    lists = [m for m in dm(h, "UMAX") if " for *Python at scale* on " in m["text"]]
    assert len(lists) == 4 and lists[0]["text"].startswith("2 questions for")
    shown = json.dumps(lists[0]["blocks"])
    assert "How do I profile UANA?" in shown and "<@UANA>" in shown
    assert "How do I profile UBO?" in shown and "<@UBO>" not in shown and "a member" in shown
    assert "thanks you for the circle meeting" in dm_text(h, "UMAX")
    # Cy left three check-ins unanswered: asked once, privately; nobody else is.
    assert _asked(h, "UCY") == 1
    assert ASKED not in dm_text(h, "UANA") + dm_text(h, "UBO") + dm_text(h, "UMAX")
    assert ASKED not in json.dumps(h.emulator.messages[str(circle.channel_id)])
    sent = _sent(h)
    assert [d.kind for d in sent].count(CIRCLE_ASK) == 1
    # One scheduled message per person and local day (the circle's prompt aside).
    with h.db.begin() as session:
        zone = {p.id: p.tz for p in session.exec(select(Person))}
    days = Counter(
        (d.person_id, cadence.local_day(d.sent_at, zone[d.person_id]))
        for d in sent
        if d.person_id is not None and d.sent_at is not None
    )
    assert max(days.values()) == 1
    # Inside the hours they share: New York's and Berlin's overlap from 13:00 UTC.
    for d in sent:
        if d.kind == CIRCLE_PROMPT:
            assert d.sent_at is not None and 13 <= d.sent_at.hour < 17
    assert refusals(h) == []


def test_keep_brings_the_check_ins_back_and_pause_for_me_holds_only_mine(
    harness: Harness,
) -> None:
    h = harness
    circle = opened_circle(h, ("UANA", "UCY"))
    days_of_passes(h, 29, {"UANA": _ignores_everything, "UCY": _ignores_everything})
    for user in ("UANA", "UCY"):
        assert _asked(h, user) == 1
    ask_ana = buttons([m for m in dm(h, "UANA") if ASKED in m["text"]][-1])
    ask_cy = buttons([m for m in dm(h, "UCY") if ASKED in m["text"]][-1])
    h.click("UCY", ask_ana[cb.KEEP])  # Ana's question is Ana's
    assert "isn't for you" in json.dumps([c.args for c in h.emulator.calls_to("response_url")])
    h.click("UANA", ask_ana[cb.KEEP])
    h.click("UCY", ask_cy[cb.PAUSE_ME])
    before_cy = len(dm(h, "UCY"))
    days_of_passes(h, 8, {"UANA": _answers_everything})
    assert any(cb.CHECKIN_OPEN in buttons(m) for m in dm(h, "UANA")[-6:])
    assert not any(cb.CHECKIN_OPEN in buttons(m) for m in dm(h, "UCY")[before_cy:])
    assert len([m for m in h.emulator.messages[str(circle.channel_id)] if "meets on" in m["text"]])
    with h.db.begin() as session:
        notes = set(session.exec(select(Delivery.note).where(Delivery.status == "skipped")))
    assert "paused for them" in notes


def test_a_deactivated_mentor_closes_the_circle_and_members_are_told_kindly(
    harness: Harness,
) -> None:
    h = harness
    circle = opened_circle(h, ("UANA", "UBO"))
    user = {"id": "UMAX", "name": "umax", "real_name": "Person UMAX", "deleted": True,
            "tz": "America/New_York", "team_id": h.emulator.team_id}  # fmt: skip
    h.emulator.users["UMAX"]["deleted"] = True
    h.event({"type": "user_change", "user": user})
    with h.db.begin() as session:
        stored = session.get(Circle, circle.id)
        assert stored is not None and stored.status == "closed"
    days_of_passes(h, 8, {})
    for member in ("UANA", "UBO"):
        assert "is no longer on Slack" in dm_text(h, member)
        assert "Python at scale" in dm_text(h, member)
    prompts = [m for m in h.emulator.messages[str(circle.channel_id)] if "meets on" in m["text"]]
    assert prompts == []
    assert refusals(h) == []


def test_a_leaver_is_removed_from_the_private_channel(harness: Harness) -> None:
    h = harness
    joiners = tuple(f"UJ{n}" for n in range(8))
    circle = opened_circle(h, joiners, seats="8")
    assert circle.channel_is_private
    h.click("UJ3", {"action_id": messages.LEAVE, "value": str(circle.id), "block_id": "b"})
    members = h.emulator.channels[str(circle.channel_id)]["members"]
    assert "UJ3" not in members and "UJ4" in members and "UMAX" in members
    kicks = h.emulator.ok_calls_to("conversations.kick")
    assert [c.args["user"] for c in kicks] == ["UJ3"]
    assert circle_of(h).members_count == 7
    assert refusals(h) == []
