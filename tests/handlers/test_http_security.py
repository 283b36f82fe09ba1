"""Signature checks and malformed bodies on POST /slack/events."""

from __future__ import annotations

import json
import time
import urllib.request
from urllib.parse import urlencode

import pytest
from sqlmodel import select

from playground.harness import Harness
from storage.models import Person, ProcessedEvent, Workspace


def _slash_body() -> bytes:
    return urlencode(
        {
            "command": "/mentor",
            "text": "help",
            "user_id": "U1",
            "team_id": "T0EMULATOR",
            "channel_id": "C1",
            "response_url": "http://127.0.0.1:9/x",
            "trigger_id": "1.2",
        }
    ).encode()


def _nothing_stored(harness: Harness) -> bool:
    with harness.db.begin() as session:
        return not (
            session.exec(select(Workspace)).all()
            or session.exec(select(Person)).all()
            or session.exec(select(ProcessedEvent)).all()
        )


@pytest.mark.parametrize("variant", ["unsigned", "wrong_secret", "six_minutes_old", "body_changed"])
def test_badly_signed_requests_get_401_and_change_nothing(harness: Harness, variant: str) -> None:
    body = _slash_body()
    ct = "application/x-www-form-urlencoded"
    now = int(time.time())  # wall-clock-ok: Slack signatures are checked against real time
    if variant == "unsigned":
        result = harness.slack.post(body, ct, signed=False)
    elif variant == "wrong_secret":
        result = harness.slack.post(body, ct, secret="not-the-secret")
    elif variant == "six_minutes_old":
        result = harness.slack.post(body, ct, timestamp=now - 360)
    else:
        from playground.signed_client import sign

        headers = {
            "X-Slack-Request-Timestamp": str(now),
            "X-Slack-Signature": sign(harness.settings.signing_secret or "", now, body),
        }
        result = harness.slack.post(body + b"&extra=1", ct, signed=False, extra_headers=headers)
    assert result.status == 401
    harness.settle()
    assert _nothing_stored(harness)
    assert harness.emulator.calls == []


def test_event_retry_with_bad_signature_is_401(harness: Harness) -> None:
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": "T0EMULATOR",
            "event_id": "Ev1",
            "event": {"type": "app_home_opened", "user": "U1"},
        }
    ).encode()
    result = harness.slack.post(
        body, "application/json", secret="wrong", extra_headers={"X-Slack-Retry-Num": "1"}
    )
    assert result.status == 401
    assert _nothing_stored(harness)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        (b"a=%ZZ&&&==", "application/x-www-form-urlencoded"),
        (b"hello=world", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
    ],
)
def test_malformed_signed_bodies_get_4xx_without_a_trace(
    harness: Harness, body: bytes, content_type: str
) -> None:
    result = harness.slack.post(body, content_type)
    assert 400 <= result.status < 500
    assert "Traceback" not in result.body


def test_unknown_payload_type_is_not_a_500(harness: Harness) -> None:
    result = harness.slack.interactive({"type": "not_a_real_type", "team": {"id": "T0EMULATOR"}})
    assert 200 <= result.status < 500
    assert "Traceback" not in result.body


def test_huge_body_is_refused(harness: Harness) -> None:
    body = b"payload=" + b"x" * (1024 * 1024)
    result = harness.slack.post(body, "application/x-www-form-urlencoded")
    assert result.status == 413


def test_url_verification_echoes_the_challenge(harness: Harness) -> None:
    result = harness.slack.url_verification("abc123")
    assert result.status == 200
    assert "abc123" in result.body


def test_healthz_checks_the_database(harness: Harness) -> None:
    with urllib.request.urlopen(f"{harness.base_url}/healthz", timeout=5) as response:
        assert response.status == 200
        assert json.loads(response.read())["database"] == "ok"


def test_redelivered_event_is_handled_once(harness: Harness) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}
    first = harness.event(event, event_id="EvSAME")
    again = harness.event(event, event_id="EvSAME", retry_num=1)
    assert first.status == again.status == 200
    with harness.db.begin() as session:
        assert len(session.exec(select(ProcessedEvent)).all()) == 1
