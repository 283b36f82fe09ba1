"""A first install as an operator makes it: `.env.example` copied to `.env`, a few values filled
in, `mentorbot migrate` and `mentorbot serve` run from the venv in that directory."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from playground.emulator import SlackEmulator
from playground.signed_client import SignedSlackClient
from tests.bot.operator_run import Served, free_port, run, scratch_checkout, write_env_file

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
HELP_TEXT = "Start with /reflect"


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as running:
        yield running


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    return scratch_checkout(tmp_path)


def _migrate(checkout: Path) -> None:
    done = run(["migrate"], checkout)
    assert done.returncode == 0, done.stderr


def _client(served: Served, emulator: SlackEmulator, team_id: str) -> SignedSlackClient:
    return SignedSlackClient(
        f"{served.base_url}/slack/events",
        SECRET,
        team_id=team_id,
        trigger_ids=emulator.new_trigger_id,
        response_urls=emulator.response_url,
    )


def test_env_example_with_a_bot_token_and_secret_answers_help(
    checkout: Path, emulator: SlackEmulator
) -> None:
    port = free_port()
    write_env_file(
        checkout,
        {
            "SLACK_BOT_TOKEN": emulator.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": emulator.api_url,
            "PORT": str(port),
            "MENTORBOT_SEARCH_PROCESSES": "0",
        },
    )
    _migrate(checkout)
    with Served(checkout, port=port) as served:
        served.wait_healthy()
        answer = _client(served, emulator, emulator.team_id).slash_command("U1", "/mentor", "help")
        assert answer.status == 200, answer.body
        assert HELP_TEXT in answer.json["text"], answer.body
    # Bolt kept its hands off: no file-based OAuth store, no "token will be unused" warning.
    assert not (checkout / "data").exists()
    assert "will be unused" not in served.stderr(), served.stderr()
    assert "Traceback" not in served.stderr(), served.stderr()


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers.items())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(), dict(error.headers.items())


def test_multi_workspace_with_client_id_secret_and_signing_secret_only(
    checkout: Path, emulator: SlackEmulator
) -> None:
    port = free_port()
    write_env_file(
        checkout,
        {
            "SLACK_CLIENT_ID": "111.222",
            "SLACK_CLIENT_SECRET": "client-secret",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": emulator.api_url,
            "PORT": str(port),
            "MENTORBOT_SEARCH_PROCESSES": "0",
        },
    )
    _migrate(checkout)
    with Served(checkout, port=port) as served:
        served.wait_healthy()
        emulator.add_oauth_code("code-a", team_id="TA", token="xoxb-team-a")
        status, page, headers = _get(f"{served.base_url}/slack/install")
        assert status == 200, page
        state = re.search(r"state=([\w-]+)", page)
        assert state, page
        cookie = headers.get("Set-Cookie", "").split(";")[0]
        status, body, _ = _get(
            f"{served.base_url}/slack/oauth_redirect?code=code-a&state={state.group(1)}",
            headers={"Cookie": cookie},
        )
        assert status == 200, body
        answer = _client(served, emulator, "TA").slash_command("U1", "/mentor", "help")
        assert answer.status == 200, answer.body
        assert HELP_TEXT in answer.json["text"], answer.body
    assert "Traceback" not in served.stderr(), served.stderr()


def test_a_windows_edited_env_with_quotes_and_exports_works(
    checkout: Path, emulator: SlackEmulator
) -> None:
    """CRLF line ends, quoted values, `export ` prefixes and spaces around the secret."""
    port = free_port()
    env_file = write_env_file(
        checkout,
        {
            "SLACK_BOT_TOKEN": f'"{emulator.token}"',
            "SLACK_SIGNING_SECRET": f"'  {SECRET}  '",
            "SLACK_API_URL": emulator.api_url,
            "PORT": str(port),
            "MENTORBOT_SEARCH_PROCESSES": "0",
        },
        newline="\r\n",
    )
    lines = env_file.read_text().splitlines(keepends=True)
    env_file.write_text(
        "".join(f"export {line}" if line.startswith("SLACK_") else line for line in lines)
    )
    with Served(checkout, ["serve", "--migrate"], port=port) as served:  # as bin/run starts it
        served.wait_healthy()
        answer = _client(served, emulator, emulator.team_id).slash_command("U1", "/mentor", "help")
        assert answer.status == 200 and HELP_TEXT in answer.json["text"], answer.body
    said = [line for line in served.stderr().splitlines() if line.startswith("mentorbot: ")]
    assert said == [
        "mentorbot: SLACK_SIGNING_SECRET: ignored the spaces or line ends around its value"
    ]
    assert "Traceback" not in served.stderr(), served.stderr()
