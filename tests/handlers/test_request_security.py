"""Every surface refuses badly signed requests, and odd payloads never get a 500 or a trace."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from handlers.blocks import goals as goal_blocks
from handlers.blocks.data import DATA_DELETE_CONFIRM
from playground.harness import Harness
from playground.signed_client import HttpResult, sign
from tests.handlers.test_goals_and_home import add_goals, person_id
from tests.handlers.trust_helpers import db_snapshot

USER = "UANA"
Send = Callable[[Harness], HttpResult]

SURFACES: dict[str, Send] = {
    "slash command": lambda h: h.slack.slash_command(USER, "/mentor", "data delete"),
    "block action": lambda h: h.slack.block_action(
        USER, {"action_id": DATA_DELETE_CONFIRM, "value": "1"}, channel_id="C0GENERAL"
    ),
    "view submission": lambda h: h.slack.view_submission(
        USER,
        {"type": "modal", "callback_id": goal_blocks.UPDATE_VIEW, "private_metadata": "1"},
        {
            goal_blocks.PROGRESS_BLOCK: {
                goal_blocks.PROGRESS_ACTION: {"selected_option": {"value": "100"}}
            }
        },
    ),
    "event": lambda h: h.slack.event({"type": "app_uninstalled"}),
    "dm message": lambda h: h.slack.dm_message(USER, "hello", channel_id="D0ANA"),
}


def _body_of(h: Harness, send: Send) -> tuple[bytes, str]:
    """The exact bytes a surface would post, without posting them."""
    captured: list[tuple[bytes, str]] = []
    original = h.slack.post

    def capture(body: bytes, content_type: str, **_kw: Any) -> HttpResult:
        captured.append((body, content_type))
        return HttpResult(200, "", {})

    h.slack.post = capture  # type: ignore[method-assign]
    try:
        send(h)
    finally:
        h.slack.post = original  # type: ignore[method-assign]
    return captured[0]


@pytest.fixture(scope="module")
def shared(
    migrated_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Harness]:
    """One app for the whole file: refused requests change nothing, so they can share it."""
    path = tmp_path_factory.mktemp("request_security") / "mentorbot.db"
    shutil.copy(migrated_sqlite_template, path)
    with Harness(f"sqlite:///{path}") as running:
        running.emulator.add_user(USER, name="ana")
        add_goals(running, USER, "give a talk")
        assert person_id(running, USER) == 1
        yield running


@pytest.fixture
def seeded(shared: Harness) -> Harness:
    """Someone with a goal, so a forged uninstall or delete would have something to destroy."""
    shared.emulator.reset_calls()
    return shared


@pytest.mark.parametrize("surface", sorted(SURFACES))
@pytest.mark.parametrize(
    "variant",
    ["unsigned", "wrong_secret", "six_minutes_old", "body_changed", "timestamp_x", "timestamp_1.5"],
)
def test_every_surface_refuses_bad_signatures(seeded: Harness, surface: str, variant: str) -> None:
    h = seeded
    body, content_type = _body_of(h, SURFACES[surface])
    before = db_snapshot(h)
    now = int(time.time())  # wall-clock-ok: Slack signatures are checked against real time
    if variant == "unsigned":
        result = h.slack.post(body, content_type, signed=False)
    elif variant == "wrong_secret":
        result = h.slack.post(body, content_type, secret="not-the-secret")
    elif variant == "six_minutes_old":
        result = h.slack.post(body, content_type, timestamp=now - 360)
    elif variant.startswith("timestamp_"):
        headers = {"X-Slack-Request-Timestamp": variant.removeprefix("timestamp_")}
        result = h.slack.post(body, content_type, signed=False, extra_headers=headers)
    else:
        headers = {
            "X-Slack-Request-Timestamp": str(now),
            "X-Slack-Signature": sign(h.settings.signing_secret or "", now, body),
        }
        tampered = body.replace(b"UANA", b"UEVE") if b"UANA" in body else body + b" "
        result = h.slack.post(tampered, content_type, signed=False, extra_headers=headers)
    h.settle()
    assert result.status == 401
    assert "Traceback" not in result.body
    assert db_snapshot(h) == before
    assert h.emulator.calls == []


ODD_INTERACTIVE: list[dict[str, Any]] = [
    {"type": "shortcut", "callback_id": "nope"},
    {"type": "message_action", "callback_id": "nope", "channel": {"id": "C1"}},
    {"type": "block_suggestion", "action_id": "nope", "value": "x"},
    {"type": "view_closed", "view": {"id": "V1", "callback_id": "nope"}},
    {"type": "dialog_submission", "callback_id": "nope", "submission": {}},
    {"type": "block_actions"},  # no actions at all
    {"type": "block_actions", "actions": [{"action_id": "not_ours", "value": "1"}]},
    {"type": "block_actions", "actions": [{"action_id": DATA_DELETE_CONFIRM}]},  # no value
    {"type": "block_actions", "actions": [{"action_id": goal_blocks.GOAL_MENU_ACTION}]},
    {"type": "view_submission"},  # no view
    {"type": "view_submission", "view": {"callback_id": goal_blocks.SHARE_VIEW}},
    {"type": "view_submission", "view": {"callback_id": "not_ours", "state": {"values": {}}}},
    {"type": 42},
    {},
]
ODD_EVENTS: list[dict[str, Any]] = [
    {"type": "reaction_added", "user": USER},
    {"type": "message"},  # no channel, no user
    {"type": "message", "channel_type": "im", "user": USER, "text": None},
    {"type": "message", "channel_type": "im", "subtype": "message_changed", "message": {}},
    {"type": "user_change"},  # no user
    {"type": "user_change", "user": {"id": USER, "deleted": "yes please"}},
    {"type": "tokens_revoked", "tokens": "everything"},
    {"type": "app_home_opened"},  # no user
]


def _no_500_no_trace(result: HttpResult) -> None:
    assert result.status < 500, result
    assert "Traceback" not in result.body and 'File "' not in result.body


@pytest.mark.parametrize("payload", ODD_INTERACTIVE, ids=lambda p: str(p.get("type")))
def test_odd_interactive_payloads_get_no_500(seeded: Harness, payload: dict[str, Any]) -> None:
    body = {
        "team": {"id": seeded.emulator.team_id},
        "user": {"id": USER, "team_id": seeded.emulator.team_id},
        "trigger_id": seeded.emulator.new_trigger_id(),
        "response_url": seeded.emulator.response_url(),
        **payload,
    }
    _no_500_no_trace(seeded.slack.interactive(body))
    seeded.settle()


@pytest.mark.parametrize("event", ODD_EVENTS, ids=lambda e: str(e.get("type")))
def test_odd_events_get_no_500(seeded: Harness, event: dict[str, Any]) -> None:
    _no_500_no_trace(seeded.event(event))


@pytest.mark.parametrize(
    "envelope",
    [
        {"type": "event_callback"},  # no event
        {"type": "event_callback", "event": "not an object", "event_id": "Ev1"},
        {"type": "app_rate_limited", "minute_rate_limited": 1},
        {"type": "something_new"},
    ],
    ids=lambda e: str(e.get("type")),
)
def test_odd_event_envelopes_get_no_500(seeded: Harness, envelope: dict[str, Any]) -> None:
    body = json.dumps({"team_id": seeded.emulator.team_id, **envelope}).encode()
    _no_500_no_trace(seeded.slack.post(body, "application/json"))
    seeded.settle()


@pytest.mark.parametrize(
    "form",
    [
        {"command": "/mentor"},  # no user, no team
        {"command": "/mentor", "team_id": "T0EMULATOR", "user_id": USER, "text": "\x00" * 3},
        {"command": "/not-ours", "team_id": "T0EMULATOR", "user_id": USER},
        {"command": "/reflect", "team_id": "T0EMULATOR", "user_id": USER, "text": "x" * 5000},
    ],
    ids=lambda f: f["command"],
)
def test_odd_slash_commands_get_no_500(seeded: Harness, form: dict[str, str]) -> None:
    from urllib.parse import urlencode

    result = seeded.slack.post(urlencode(form).encode(), "application/x-www-form-urlencoded")
    seeded.settle()
    _no_500_no_trace(result)
