"""The mentoring journey through `mentorbot serve --socket`, with the connection cut midway.

Reflection in the DM, a mentor profile, /find-mentor, the intro request modal, accept, then a
scheduler pass (`mentorbot tick`): Slack's Socket Mode refreshes the connection once, drops it
once, and loses one ack (so it redelivers that event). Nothing is lost and nothing doubled:
every envelope is acked, each question and each introduction is sent once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from handlers.introductions.blocks import INTRO_ACCEPT
from playground.emulator import SlackEmulator
from playground.socket_served import SocketServe
from tests.handlers import journeys
from tests.handlers.find_mentor_helpers import dm
from tests.handlers.journeys import MENTEE, MENTOR, JourneyLog


def test_journey_over_socket_mode_survives_reconnects(tmp_path: Path) -> None:
    with (
        SlackEmulator() as emulator,
        SocketServe(emulator, tmp_path, f"sqlite:///{tmp_path / 'mentorbot.db'}") as served,
    ):
        sockets = emulator.socket_mode
        log = JourneyLog()
        journeys._add_people(served, lambda label: label)
        # The first DM answer's ack is lost: Slack redelivers it with retry_attempt 1, and the
        # app must not take the answer twice (each question below is asked once).
        sockets.lose_next_acks(1, envelope_type="events_api")
        journeys._reflect(served, log, lambda label: label)

        sockets.disconnect("refresh_requested")
        sockets.wait_connected(2)
        journeys._mentor_profile(served, log, lambda label: label)

        sockets.drop()
        sockets.wait_connected(3)
        journeys._find_and_ask(served, log, lambda label: label)
        journeys._accept_and_rhythm(served, log)

        planned = served.tick(datetime.now(UTC))  # wall-clock-ok: the app's own clock
        due = _first_due(tmp_path / "mentorbot.db")
        first = served.tick(due)
        again = served.tick(due)  # a second pass at the same moment sends nothing again

        assert all(answer.status == 200 for answer in log.answers), log.answers
        assert sockets.protocol_errors == []
        assert sockets.pending() == []
        assert all(e.failed is None for e in sockets.envelopes)
        retried = [e for e in sockets.envelopes if e.retry_attempt]
        assert [(e.type, e.retry_attempt, e.retry_reason) for e in retried] == [
            ("events_api", 1, "timeout")
        ]
        assert emulator.ok_calls_to("apps.connections.open")[-1].ok
        assert len(sockets.links) == 3

        for person in (MENTEE, MENTOR):
            texts = Counter(m["text"] for m in _bot_messages(served, person))
            assert texts and max(texts.values()) == 1, texts
        asked = [
            call
            for call in emulator.ok_calls_to("chat.postMessage")
            if INTRO_ACCEPT in json.dumps(call.args.get("blocks") or [])
        ]
        assert len(asked) == 1  # the mentor is asked once
        sent = int(re.search(r": (\d+) sent,", first).group(1))  # type: ignore[union-attr]
        assert sent >= 1 and " 0 failed" in first, (planned, first)
        assert " 0 sent" in again, again


def _bot_messages(served: SocketServe, person: str) -> list[dict[str, Any]]:
    return [m for m in dm(served, person) if m.get("user") == "U0BOT"]


def _first_due(path: Path) -> datetime:
    """When the app's first planned delivery is due (the pair's first prompt)."""
    from sqlmodel import Session, col, select

    from storage.engine import Database
    from storage.models import Delivery

    db = Database(f"sqlite:///{path}")
    try:
        with Session(db.engine) as session:
            due = session.exec(
                select(Delivery.due_at)
                .where(Delivery.status == "pending")
                .order_by(col(Delivery.due_at))
            ).first()
    finally:
        db.dispose()
    assert due is not None, "the first pass plans the pair's first prompt"
    return due + timedelta(minutes=1)
