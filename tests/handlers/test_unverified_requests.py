"""A request that fails the signature check causes nothing: no Slack call, no outgoing request,
no database write, one log line. Nor does one whose body would crash a parser."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.request_checks import is_slack_url, nested_too_deeply, unverified_reason
from playground.harness import Harness
from playground.signed_client import sign

USER = "UANA"


class Sink:
    """An HTTP server anywhere on the network an attacker might name as a response_url."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                sink.hits.append(self.path)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/steal"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sink() -> Iterator[Sink]:
    running = Sink()
    yield running
    running.close()


def _everything(h: Harness) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, request bookkeeping included."""
    with h.db.begin() as session:
        return {
            name: sorted(
                (tuple(r) for r in session.execute(text(f'SELECT * FROM "{name}"'))), key=repr
            )
            for name in sorted(SQLModel.metadata.tables)
        }


def _attack_bodies(h: Harness, sink: Sink) -> dict[str, tuple[bytes, str]]:
    """Bodies that would make a careless app post: into a DM, to a response_url, or a modal."""
    team = h.emulator.team_id
    dm_event = {
        "type": "event_callback",
        "team_id": team,
        "event_id": "EvATTACK",
        "event": {"type": "message", "channel_type": "im", "channel": "D0ANA", "user": USER},
    }
    action = {
        "type": "block_actions",
        "team": {"id": team},
        "user": {"id": USER, "team_id": team},
        "response_url": sink.url,
        "actions": [{"action_id": "nope", "value": "1"}],
    }
    view = {
        "type": "view_submission",
        "team": {"id": team},
        "user": {"id": USER, "team_id": team},
        "response_urls": [{"response_url": sink.url}],
        "view": {"id": "V1", "hash": "h", "type": "modal", "callback_id": "x"},
    }
    command = {"command": "/mentor", "text": "help", "team_id": team, "user_id": USER}
    return {
        "dm event": (json.dumps(dm_event).encode(), "application/json"),
        "block action": (urlencode({"payload": json.dumps(action)}).encode(), "form"),
        "view submission": (urlencode({"payload": json.dumps(view)}).encode(), "form"),
        "command": (urlencode({**command, "response_url": sink.url}).encode(), "form"),
    }


BAD_HEADERS: dict[str, dict[str, str]] = {
    "timestamp x": {"X-Slack-Request-Timestamp": "x"},
    "timestamp empty": {"X-Slack-Request-Timestamp": ""},
    "timestamp 1.5": {"X-Slack-Request-Timestamp": "1.5"},
    "timestamp -1": {"X-Slack-Request-Timestamp": "-1"},
    "timestamp superscript digit": {"X-Slack-Request-Timestamp": "1\xb2"},
    "timestamp huge": {"X-Slack-Request-Timestamp": "9" * 400},
    "signature garbage": {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v0=zz"},
    "signature v1": {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": "v1=" + "0" * 64},
    "signature empty": {"X-Slack-Request-Timestamp": "NOW", "X-Slack-Signature": ""},
    "no headers": {},
}


@pytest.mark.parametrize("surface", ["dm event", "block action", "view submission", "command"])
@pytest.mark.parametrize("variant", sorted(BAD_HEADERS))
def test_unverified_requests_cause_nothing(
    harness: Harness, sink: Sink, caplog: pytest.LogCaptureFixture, surface: str, variant: str
) -> None:
    h = harness
    h.emulator.add_user(USER, name="ana")
    body, kind = _attack_bodies(h, sink)[surface]
    now = str(int(time.time()))  # wall-clock-ok: signatures are checked against real time
    headers = {k: v.replace("NOW", now) for k, v in BAD_HEADERS[variant].items()}
    before = _everything(h)
    content_type = "application/json" if kind != "form" else "application/x-www-form-urlencoded"
    with caplog.at_level(logging.INFO):
        result = h.slack.post(body, content_type, signed=False, extra_headers=headers)
        h.settle()
    assert result.status == 401
    assert h.emulator.calls == []
    assert sink.hits == []
    assert _everything(h) == before
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert "refused an unverified request" in lines[0].getMessage()
    assert not lines[0].exc_info


def _failing_export(h: Harness, *, response_url: str) -> dict[str, str]:
    """A /mentor data export whose listener will fail (users.info answers 500 three times)."""
    h.emulator.add_user(USER, name="ana")
    h.emulator.fail_next(3, method="users.info", status=500)
    return {
        "command": "/mentor",
        "text": "data export",
        "team_id": h.emulator.team_id,
        "user_id": USER,
        "channel_id": "C0GENERAL",
        "response_url": response_url,
        "trigger_id": h.emulator.new_trigger_id(),
    }


def test_a_verified_failure_never_posts_to_a_foreign_response_url(
    harness: Harness, sink: Sink
) -> None:
    """Defence in depth: even a signed body cannot point the apology anywhere but Slack."""
    h = harness
    form = _failing_export(h, response_url=sink.url)
    result = h.slack.post(urlencode(form).encode(), "application/x-www-form-urlencoded")
    h.settle()
    assert result.status == 200
    assert sink.hits == []


def _deep(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("wrap", ["json", "form payload"])
def test_deeply_nested_bodies_are_checked_for_a_signature_first(
    harness: Harness, caplog: pytest.LogCaptureFixture, wrap: str
) -> None:
    h = harness
    if wrap == "json":
        body, content_type = _deep(50_000).encode(), "application/json"
    else:  # percent-encoded, 50,000 levels would be over the size limit
        body = urlencode({"payload": _deep(30_000)}).encode()
        content_type = "application/x-www-form-urlencoded"
    with caplog.at_level(logging.INFO):
        unsigned = h.slack.post(body, content_type, signed=False)
        signed = h.slack.post(body, content_type)
        h.settle()
    assert unsigned.status == 401
    assert signed.status == 400
    assert "Traceback" not in signed.body
    assert [r for r in caplog.records if r.exc_info] == []
    assert len([r for r in caplog.records if r.levelno >= logging.INFO]) == 2
    assert h.emulator.calls == []


ODD_SIGNED_ACTIONS: list[Any] = [
    [],
    [{"value": "1"}],
    [{"action_id": 7, "value": "1"}],
    [{"action_id": ["a"], "value": "1"}],
    ["not an object"],
    "not a list",
]


@pytest.mark.parametrize("actions", ODD_SIGNED_ACTIONS, ids=repr)
def test_signed_block_actions_of_odd_shapes_get_200_and_one_line(
    harness: Harness, caplog: pytest.LogCaptureFixture, actions: Any
) -> None:
    h = harness
    h.emulator.add_user(USER, name="ana")
    payload = {
        "type": "block_actions",
        "team": {"id": h.emulator.team_id},
        "user": {"id": USER, "team_id": h.emulator.team_id},
        "response_url": h.emulator.response_url(),
        "actions": actions,
    }
    with caplog.at_level(logging.INFO):
        result = h.slack.interactive(payload)
        h.settle()
    assert result.status == 200
    lines = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1 and "odd shape" in lines[0].getMessage(), lines
    assert h.emulator.calls == []


# --- the checks themselves, without a server ---------------------------------------------------

SECRET = "s3cr3t"


def test_unverified_reason_accepts_exactly_slacks_signature() -> None:
    body = b"command=%2Fmentor"
    now = 1_700_000_000
    good = {"x-slack-request-timestamp": str(now), "x-slack-signature": sign(SECRET, now, body)}
    assert unverified_reason(SECRET, body, good, now=now) is None
    assert unverified_reason(SECRET, body, good, now=now + 299) is None
    assert unverified_reason(SECRET, body, good, now=now + 301) is not None
    assert unverified_reason(SECRET, body, good, now=now - 301) is not None
    assert unverified_reason(SECRET, body + b"x", good, now=now) is not None
    assert unverified_reason("", body, good, now=now) is not None
    upper = {**good, "x-slack-signature": good["x-slack-signature"].upper()}
    assert unverified_reason(SECRET, body, upper, now=now) is not None


def test_nesting_is_counted_outside_strings() -> None:
    assert not nested_too_deeply(_deep(64))
    assert nested_too_deeply(_deep(65))
    assert not nested_too_deeply(json.dumps({"text": "{" * 10_000}))
    assert not nested_too_deeply(json.dumps({"text": '\\"{{{{' * 100}))
    assert not nested_too_deeply("")


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://hooks.slack.com/actions/T1/1/abc", True),
        ("https://slack.com/api/x", True),
        ("http://hooks.slack.com/actions/T1", False),
        ("https://hooks.slack.com.evil.example/actions", False),
        ("https://evil.example/?https://hooks.slack.com/", False),
        ("http://127.0.0.1:9/steal", False),
        ("", False),
    ],
)
def test_only_slacks_response_urls_are_trusted(url: str, ok: bool) -> None:
    assert is_slack_url(url, api_url="https://slack.com/api/") is ok


def test_the_error_handler_acts_only_on_requests_the_server_verified(harness: Harness) -> None:
    """A request reaching Bolt by any other road (a future adapter, a test double) is not
    apologised to, even when Bolt's own check would pass it."""
    from slack_bolt.request import BoltRequest

    from bot.app import was_verified

    h = harness
    body = urlencode(_failing_export(h, response_url=h.emulator.response_url()))
    now = int(time.time())  # wall-clock-ok: signatures are checked against real time
    headers = {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": str(now),
        "x-slack-signature": sign(h.settings.signing_secret or "", now, body.encode()),
    }
    request = BoltRequest(body=body, headers=headers)  # type: ignore[arg-type]
    assert not was_verified(request)
    h.app.dispatch(request)
    h.settle()
    assert h.emulator.calls_to("response_url") == []
    assert was_verified(BoltRequest(body={}, mode="socket_mode"))
