"""Secrets never reach the logs; JSON log lines carry the request id, end to end over HTTP."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.logs import make_handler
from playground.harness import SIGNING_SECRET, Harness
from tests.handlers.journeys import MENTEE, run_journey  # noqa: F401

CLIENT_SECRET = "client-secret-0f1e2d3c4b5a"
TOKEN_KEY_SEED = b"k" * 32
LOUD = (
    *("", "slack_sdk", "slack_bolt", "mentorbot", "urllib3", "sqlalchemy.engine", "waitress"),
    *("mentorbot.bolt", "mentorbot.oauth"),  # capped by bot.logs.configure (another test ran it)
)


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """Everything logged at DEBUG, through the handler `mentorbot serve` installs."""
    stream = io.StringIO()
    root = logging.getLogger()
    saved = (root.handlers[:], {name: logging.getLogger(name).level for name in LOUD})
    handler = make_handler(
        "json", [SIGNING_SECRET, CLIENT_SECRET, "xoxb-emulator", "xoxb-team-a"], stream
    )
    root.handlers[:] = [handler]
    for name in LOUD:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield stream
    root.handlers[:] = saved[0]
    for name, level in saved[1].items():
        logging.getLogger(name).setLevel(level)


def _lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def _assert_no_secrets(text: str) -> None:
    for secret in (SIGNING_SECRET, CLIENT_SECRET, "xoxb-emulator", "xoxb-team-a"):
        assert secret not in text, secret


def test_the_journey_at_debug_logs_no_secret(harness: Harness, log_stream: io.StringIO) -> None:
    harness.emulator.fail_next(1, method="chat.postMessage", status=500)  # an error path too
    run_journey(harness)
    out = log_stream.getvalue()
    assert len(out.splitlines()) > 100  # slack_sdk and bolt really were logging at DEBUG
    assert "slack_sdk" in out and "slack_bolt" in out
    _assert_no_secrets(out)
    for line in _lines(log_stream):  # one JSON object a line
        assert {"ts", "level", "logger", "message", "request_id"} <= set(line)


def test_oauth_install_logs_no_secret(
    sqlite_url: str, log_stream: io.StringIO, tmp_path: Path
) -> None:
    import base64

    from tests.handlers.test_oauth_install import _install

    key = base64.urlsafe_b64encode(TOKEN_KEY_SEED).decode()
    settings = {"bot_token": None, "client_id": "111.222", "client_secret": CLIENT_SECRET}
    with Harness(sqlite_url, token_key=key, **settings) as h:
        assert _install(h, "code-a", "TA", "xoxb-team-a") == 200
        h.slack.team_id = "TA"
        h.emulator.add_user("U1", name="ana")
        h.command("U1", "/mentor", "help")
    _assert_no_secrets(log_stream.getvalue())


def test_request_ids_follow_the_request_into_listener_threads(
    harness: Harness, log_stream: io.StringIO
) -> None:
    """The event_id of an HTTP request tags what its listener logs in another thread."""
    run_journey(harness)
    log_stream.seek(0)
    log_stream.truncate()
    harness.event({"type": "app_uninstalled"}, event_id="EvTRACE0001")
    done = [line for line in _lines(log_stream) if line["message"].startswith("app uninstalled")]
    assert [line["request_id"] for line in done] == ["EvTRACE0001"]
    assert done[0]["logger"] == "mentorbot.lifecycle"


def test_a_failing_listener_logs_the_trace_but_answers_without_one(
    harness: Harness, log_stream: io.StringIO
) -> None:
    harness.emulator.add_user(MENTEE, name="mia")
    # The first is the check of someone new before the ack (which lets the request through);
    # the second fails the listener.
    harness.emulator.fail_next(2, method="users.info", status=200, error="invalid_auth")
    result = harness.command(MENTEE, "/mentor", "data export")
    assert result.status == 200 and "Traceback" not in result.body
    failures = [line for line in _lines(log_stream) if line["message"] == "listener failed"]
    assert failures and "invalid_auth" in str(failures[0]["exc"])
    assert failures[0]["request_id"] not in ("", "-")
    apology = harness.emulator.calls_to("response_url")[-1].args["text"]
    assert apology.startswith("Sorry, something went wrong") and "Traceback" not in apology
    _assert_no_secrets(log_stream.getvalue())
