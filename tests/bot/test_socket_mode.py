"""`mentorbot serve --socket` across Slack's reconnects, and with an app token Slack refuses.

Against the emulator's Socket Mode: after a `disconnect` (`refresh_requested`, `warning`) and
after a cut connection, the next command and the next event are each delivered once and acked
once, in time (no redelivery with `retry_attempt`, no command timing out for the person); a
refused app-level token is one line naming SLACK_APP_TOKEN, with nothing before it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.emulator import SlackEmulator
from playground.socket_served import SocketServe
from tests.bot.operator_run import Served

USER = "UMIA"


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as running:
        yield running


def _reconnect(served: SocketServe, how: str) -> None:
    if how == "cut":
        served.emulator.socket_mode.drop()
    else:
        served.emulator.socket_mode.disconnect(how)


def test_the_envelopes_after_each_reconnect_are_acked_once(
    emulator: SlackEmulator, tmp_path: Path
) -> None:
    emulator.add_user(USER, name="mia", real_name="Mia Mentee")
    sockets = emulator.socket_mode
    with SocketServe(emulator, tmp_path, f"sqlite:///{tmp_path / 'mentorbot.db'}") as served:
        for how in ("refresh_requested", "cut", "warning"):
            _reconnect(served, how)
            # Sent at once: held by Slack until the app's fresh connection says hello.
            answer = served.command(USER, "/mentor", "help")
            assert answer.status == 200, (how, answer.body, served.log())
            assert "/find-mentor" in str(answer.json["blocks"])
            assert served.say(USER, "help").status == 200, how
        after = sockets.envelopes[-6:]
        links = len(sockets.links)
    assert [e.type for e in after] == ["slash_commands", "events_api"] * 3
    assert all(e.failed is None and e.acked_at is not None for e in sockets.envelopes)
    # (A send onto the connection being cut counts as a delivery in the emulator, and fails.)
    assert [e.retry_attempt for e in after] == [0] * 6
    assert sockets.protocol_errors == []  # no second ack of anything
    assert links == 4  # one new connection for each reconnect, not two


@pytest.fixture
def workdir(tmp_path: Path, migrated_sqlite_template: Path) -> Path:
    """A directory with a migrated database, as after `mentorbot migrate`."""
    shutil.copy(migrated_sqlite_template, tmp_path / "mentorbot.db")
    return tmp_path


@pytest.mark.parametrize(
    ("app_token", "refusal"),
    [
        ("xapp-1-A0MENTOR-1-revoked", "invalid_auth"),  # a token Slack does not know
        (None, "invalid_auth"),  # the emulator's own token, refused by apps.connections.open
        (None, "token_revoked"),
    ],
)
def test_serve_socket_with_a_refused_app_token_is_one_line(
    workdir: Path, emulator: SlackEmulator, app_token: str | None, refusal: str
) -> None:
    if app_token is None:
        emulator.fail_next(method="apps.connections.open", status=200, error=refusal)
    env = {
        "SLACK_BOT_TOKEN": emulator.token,
        "SLACK_APP_TOKEN": app_token or emulator.app_token,
        "SLACK_API_URL": emulator.api_url,
        "MENTORBOT_SEARCH_PROCESSES": "0",
    }
    with Served(workdir, ["serve", "--socket"], **env) as served:
        assert served.wait_exit() == 2
        stderr = served.stderr()
    assert stderr.splitlines() == [
        f"mentorbot: SLACK_APP_TOKEN: Slack refused it ({refusal}); copy it again from the "
        "app's settings on api.slack.com"
    ], stderr
    assert [call.ok for call in emulator.calls_to("apps.connections.open")] == [False]
    assert emulator.socket_mode.links == []
