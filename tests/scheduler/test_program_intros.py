"""A published round's introductions reach the mentors: the scheduler pass sends each one in the
mentor's DM with Accept / Not now / Decline, and accepting works as for any request."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.services.programs import publishing, rounds
from handlers.introductions.blocks import INTRO_ACCEPT
from playground.emulator import SlackEmulator
from playground.harness import Harness
from storage.models import Delivery, IntroRequest, Pair, Program
from storage.models.deliveries import PROGRAM_INTRO
from tests.blocks import button
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)

PEOPLE = {"UANA": "Ana", "UBO": "Bo", "UED": "Ed"}


@pytest.fixture
def h(sqlite_url: str) -> Iterator[Harness]:
    emulator = SlackEmulator(team_id=TEAM)
    for user, name in PEOPLE.items():
        emulator.add_user(user, name=name, tz="Europe/Paris")
    with Harness(sqlite_url, emulator=emulator, start=NOW) as running:
        yield running


def _publish(h: Harness) -> None:
    with h.db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"])
        enrolled_mentor(session, program, "UBO", ["Python"])
        enrolled_mentor(session, program, "UED", ["Python"], tz="Asia/Tokyo")
    assert program.id is not None
    proposal = rounds.match_now(h.db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)
    assert proposal.proposal is not None and len(proposal.proposal.pairs) == 1
    published = publishing.publish(
        h.db, team_id=TEAM, round_id=proposal.proposal.round_id, admin_id=None, now=NOW
    )
    assert published.kind == "published" and published.offered == 1


def _mentor_dm(h: Harness, user: str) -> list[dict[str, Any]]:
    return [
        m
        for channel, messages in h.emulator.messages.items()
        if channel.startswith("D")
        for m in messages
        if h.emulator.channels[channel].get("user") == user
    ]


def test_the_pass_sends_the_introduction_and_accept_makes_the_pair(h: Harness) -> None:
    _publish(h)
    assert not h.emulator.ok_calls_to("chat.postMessage")  # publishing posts nothing itself
    later = NOW + timedelta(days=1)  # the mentor's 3 days start when it reaches them
    report = h.tick(later)
    assert sorted(line.split()[2] for line in report.sent) == ["program_intro", "program_matched"]
    posted = [c for c in h.emulator.ok_calls_to("chat.postMessage") if c.args["channel"] == "DBO"]
    assert len(posted) == 1
    message = posted[0].args
    assert "<@UANA> would like you as their mentor." in message["text"]
    assert "The Spring cohort program matched us." in str(message["blocks"])
    assert "Requests expire after 3 days." in str(message["blocks"])
    with h.db.begin() as session:
        request = session.exec(select(IntroRequest)).one()
        assert request.mentor_message_ts == posted[0].response["ts"]
        assert request.expires_at == later + timedelta(days=3)
        row = session.exec(select(Delivery).where(col(Delivery.kind) == PROGRAM_INTRO)).one()
        assert row.status == "sent" and row.intro_request_id == request.id
    assert h.tick(later + timedelta(hours=1)).sent == []  # sent once

    channel = str(posted[0].response["channel"])
    stored = next(m for m in h.emulator.messages[channel] if m["ts"] == posted[0].response["ts"])
    h.click("UBO", button(stored, INTRO_ACCEPT), channel_id=channel, message=stored)
    with h.db.begin() as session:
        assert session.exec(select(IntroRequest)).one().status == "accepted"
        pair = session.exec(select(Pair)).one()
        program = session.exec(select(Program)).one()
        assert pair.program_id == program.id  # a program's introduction makes a program pair


def test_someone_else_cannot_accept_the_mentors_introduction(h: Harness) -> None:
    _publish(h)
    h.tick(NOW + timedelta(hours=1))
    posted = next(
        c for c in h.emulator.ok_calls_to("chat.postMessage") if c.args["channel"] == "DBO"
    )
    channel = str(posted.response["channel"])
    stored = next(m for m in h.emulator.messages[channel] if m["ts"] == posted.response["ts"])
    h.click("UED", button(stored, INTRO_ACCEPT), channel_id=channel, message=stored)
    with h.db.begin() as session:
        assert session.exec(select(IntroRequest)).one().status == "open"
        assert session.exec(select(Pair)).all() == []


def test_an_introduction_withdrawn_before_the_pass_never_reaches_the_mentor(h: Harness) -> None:
    _publish(h)
    with h.db.begin() as session:
        request = session.exec(select(IntroRequest)).one()
        request.status = "withdrawn"  # the mentee took it back, or left, before working hours
        session.add(request)
    h.tick(NOW + timedelta(days=1))
    assert not [
        c
        for c in h.emulator.ok_calls_to("chat.postMessage")
        if c.args["channel"] == h.emulator.dm_channel_of("UBO")
    ]
    with h.db.begin() as session:
        row = session.exec(select(Delivery).where(col(Delivery.kind) == PROGRAM_INTRO)).one()
        assert row.status == "skipped" and row.note == "the introduction is no longer open"


def test_an_unanswered_program_introduction_tells_the_mentee_the_program_goes_on(
    h: Harness,
) -> None:
    _publish(h)
    later = NOW + timedelta(days=1)
    h.tick(later)
    for day in range(3, 6):  # past the mentor's 3 days: expired, and the next mentor offered
        h.tick(later + timedelta(days=day, hours=1))
    to_ana = [
        str(c.args["text"])
        for c in h.emulator.ok_calls_to("chat.postMessage")
        if c.args["channel"] == h.emulator.dm_channel_of("UANA")
    ]
    closed = [t for t in to_ana if "closed without an answer" in t]
    assert len(closed) == 1
    assert "introduces you to its next best mentor" in closed[0] and "/find-mentor" not in closed[0]
