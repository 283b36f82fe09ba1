"""Settings an operator gets wrong: each is one line naming the setting, exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty environment (no SLACK_* of the test process) reading `tmp/.env`."""
    import os

    for name in list(os.environ):
        if name.startswith(("SLACK_", "MENTORBOT_", "DATABASE_URL", "PORT", "LOG_")):
            monkeypatch.delenv(name)
    path = tmp_path / ".env"
    monkeypatch.setenv("MENTORBOT_ENV_FILE", str(path))
    return path


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    return line


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            "SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=s\nSLACK_APP_TOKEN=xoxb-2\n",
            "mentorbot: SLACK_APP_TOKEN holds a xoxb-... token, which belongs in "
            "SLACK_BOT_TOKEN; SLACK_APP_TOKEN takes an app-level token (the app's Basic "
            "Information page) (xapp-...)",
        ),
        (
            "SLACK_BOT_TOKEN=xapp-1-A\nSLACK_SIGNING_SECRET=s\n",
            "mentorbot: SLACK_BOT_TOKEN holds a xapp-... token, which belongs in "
            "SLACK_APP_TOKEN; SLACK_BOT_TOKEN takes the Bot User OAuth Token (the app's "
            "OAuth & Permissions page) (xoxb-...)",
        ),
        (
            'SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET="unclosed\nPORT=3000\n',
            "mentorbot: SLACK_SIGNING_SECRET cannot be read from {env} (line 2); check its quotes",
        ),
        (
            "SLACK_CLIENT_ID=1.2\nSLACK_CLIENT_SECRET=x\nSLACK_BOT_TOKEN=xoxb-1\n",
            "mentorbot: SLACK_BOT_TOKEN must be empty when SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET are set: each workspace that installs the app gets its own token",
        ),
    ],
)
def test_a_wrong_setting_is_one_line_naming_it(
    env_file: Path, capsys: pytest.CaptureFixture[str], settings: str, expected: str
) -> None:
    env_file.write_text(settings)
    assert main(["serve"]) == 2
    assert _one_line(capsys) == expected.format(env=env_file)


def test_an_empty_setting_is_an_unset_one(
    env_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """.env.example's empty lines, as copied: nothing set, nothing half-set."""
    env_file.write_text("SLACK_BOT_TOKEN=\nSLACK_CLIENT_ID=\nSLACK_CLIENT_SECRET=\n")
    assert main(["serve"]) == 2
    assert _one_line(capsys).startswith("mentorbot: SLACK_BOT_TOKEN is not set; set it to the")


def test_quotes_from_a_docker_env_file_are_taken_off_with_a_line(
    env_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`docker run --env-file` keeps quotes in values; the real environment then has them."""
    monkeypatch.setenv("SLACK_SIGNING_SECRET", '"abc"')
    from bot.cli import settings_from_environment

    assert settings_from_environment().signing_secret == "abc"
    assert (
        _one_line(capsys) == "mentorbot: SLACK_SIGNING_SECRET: ignored the quotes around its value"
    )


def test_the_real_environment_wins_unless_it_is_empty(
    env_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.cli import settings_from_environment

    env_file.write_text("PORT=4000\nDATABASE_URL=sqlite:///from-file.db\n")
    monkeypatch.setenv("PORT", "5000")
    monkeypatch.setenv("DATABASE_URL", "")
    settings = settings_from_environment()
    assert (settings.port, settings.database_url) == (5000, "sqlite:///from-file.db")
