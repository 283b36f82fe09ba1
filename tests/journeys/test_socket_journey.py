"""The mentoring journey through `mentorbot serve --socket`, with the connection cut midway.

Reflection in the DM, a mentor profile, /find-mentor, the intro request modal, accept, then a
scheduler pass (`mentorbot tick`): Slack's Socket Mode refreshes the connection once, drops it
once, and loses one ack (so it redelivers that event). Nothing is lost and nothing doubled:
every envelope is acked, each question and each introduction is sent once.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.playground.slack_emulator import SlackEmulator
from bot.playground.socket_served import SocketServe
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
        journeys._reflect(served, log, lambda label: label)

        sockets.disconnect("refresh_requested")
        sockets.wait_connected(2)
        journeys._mentor_profile(served, log, lambda label: label)

        sockets.drop()
        sockets.wait_connected(3)
        # An event while nobody listens waits for the next connection; its ack is lost once,
        # so Slack redelivers it with retry_attempt 1 and the app must not act on it twice.
        sockets.lose_next_acks(1)
        published = len(emulator.ok_calls_to("views.publish"))
        served.event({"type": "app_home_opened", "user": MENTEE, "channel": "D1", "tab": "home"})
        assert len(emulator.ok_calls_to("views.publish")) == published + 1  # once, not twice
        journeys._find_and_ask(served, log, lambda label: label)
        journeys._accept_and_rhythm(served, log)

        first = served.tick(datetime.now(UTC) + timedelta(days=8))  # wall-clock-ok: app's clock
        again = served.tick(datetime.now(UTC) + timedelta(days=8))  # wall-clock-ok

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
            texts = Counter(m["text"] for m in dm(served, person) if m.get("user") == "U0BOT")
            assert texts and max(texts.values()) == 1, texts
        intros = [m for m in dm(served, MENTOR) if "intro" in str(m.get("blocks", "")).lower()]
        assert intros, dm(served, MENTOR)
        sent = int(re.search(r"(\d+) sent", first).group(1))  # type: ignore[union-attr]
        assert sent >= 1 and " 0 failed" in first, first
        assert " 0 sent" in again, again
