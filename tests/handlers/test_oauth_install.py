"""Multi-workspace mode: Slack's OAuth install flow, tokens encrypted at rest."""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from bot.oauth import TokenCipher
from playground.harness import Harness

KEY = base64.urlsafe_b64encode(b"k" * 32).decode()


@pytest.fixture
def oauth_harness(sqlite_url: str) -> Iterator[Harness]:
    with Harness(
        sqlite_url, bot_token=None, client_id="111.222", client_secret="shh", token_key=KEY
    ) as running:
        yield running


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers.items())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode(), dict(error.headers.items())


def _install(harness: Harness, code: str, team_id: str, token: str) -> int:
    harness.emulator.add_oauth_code(code, team_id=team_id, token=token)
    status, page, headers = _get(f"{harness.base_url}/slack/install")
    assert status == 200
    state = re.search(r"state=([\w-]+)", page)
    assert state, page
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    status, _body, _ = _get(
        f"{harness.base_url}/slack/oauth_redirect?code={code}&state={state.group(1)}",
        headers={"Cookie": cookie},
    )
    return status


def test_two_workspaces_install_and_each_gets_its_own_token(oauth_harness: Harness) -> None:
    assert _install(oauth_harness, "code-a", "TA", "xoxb-team-a") == 200
    assert _install(oauth_harness, "code-b", "TB", "xoxb-team-b") == 200

    for team, token in (("TA", "xoxb-team-a"), ("TB", "xoxb-team-b")):
        oauth_harness.slack.team_id = team
        answer = oauth_harness.command("U1", "/mentor", "help")
        assert answer.status == 200 and "Start with /reflect" in answer.json["text"]
        bot = oauth_harness.deps.installations.find_bot(enterprise_id=None, team_id=team)
        assert bot.bot_token == token


def test_tokens_are_encrypted_at_rest(oauth_harness: Harness) -> None:
    assert _install(oauth_harness, "code-a", "TA", "xoxb-secret-a") == 200
    with oauth_harness.db.engine.connect() as conn:
        stored = [row[0] for row in conn.execute(text("SELECT bot_token FROM slack_bots"))]
        stored += [
            row[0] for row in conn.execute(text("SELECT bot_token FROM slack_installations"))
        ]
    assert stored and all(value.startswith("fernet:") for value in stored)
    assert all("xoxb-secret-a" not in value for value in stored)


def test_a_workspace_that_never_installed_is_refused(oauth_harness: Harness) -> None:
    oauth_harness.slack.team_id = "TNEVER"
    answer = oauth_harness.slack.slash_command("U1", "/mentor", "help")
    assert answer.status == 200
    assert "Start with /reflect" not in answer.body


def test_a_bad_state_is_refused(oauth_harness: Harness) -> None:
    oauth_harness.emulator.add_oauth_code("code-x", team_id="TX", token="xoxb-x")
    status, _body, _ = _get(
        f"{oauth_harness.base_url}/slack/oauth_redirect?code=code-x&state=forged"
    )
    assert status >= 400
    assert oauth_harness.deps.installations.find_bot(enterprise_id=None, team_id="TX") is None


def test_cipher_reads_legacy_clear_values_and_rejects_a_wrong_key() -> None:
    cipher = TokenCipher(KEY)
    sealed = cipher.seal("xoxb-1")
    assert sealed != "xoxb-1" and cipher.open(sealed) == "xoxb-1"
    assert cipher.open("xoxb-legacy") == "xoxb-legacy"
    other = TokenCipher(base64.urlsafe_b64encode(b"z" * 32).decode())
    with pytest.raises(RuntimeError, match="MENTORBOT_TOKEN_KEY"):
        other.open(sealed)
