"""`bash bin/run`: installs only when pyproject.toml (or Python) changed, then picks the mode."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.bot.operator_run import ROOT, clean_environment

REAL_PYTHON = sys.executable


def _fake_venv(tmp_path: Path) -> Path:
    """A venv whose python logs pip runs (and does nothing else for them) and whose
    `mentorbot` only logs how it was called."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = venv / "calls.log"
    python = venv / "bin" / "python"
    python.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = -m ] && [ "$2" = pip ]; then echo "pip $*" >> {log}; exit 0; fi\n'
        f'exec {REAL_PYTHON} "$@"\n'
    )
    mentorbot = venv / "bin" / "mentorbot"
    mentorbot.write_text(f'#!/bin/sh\necho "mentorbot $*" >> {log}\n')
    python.chmod(0o755)
    mentorbot.chmod(0o755)
    return venv


def _run(venv: Path, **env: str) -> list[str]:
    log = venv / "calls.log"
    log.unlink(missing_ok=True)
    done = subprocess.run(
        ["bash", str(ROOT / "bin" / "run")],
        env=clean_environment(MENTORBOT_VENV=str(venv), MENTORBOT_ENV_FILE="/dev/null", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return log.read_text().splitlines()


HTTP = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}


def test_installs_once_then_starts_without_pip(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path)
    first = _run(venv, **HTTP)
    assert first[0].startswith("pip -m pip install") and first[1:] == ["mentorbot serve --migrate"]
    assert _run(venv, **HTTP) == ["mentorbot serve --migrate"]
    (venv / ".mentorbot-installed").write_text("an older pyproject.toml")
    assert _run(venv, **HTTP)[0].startswith("pip -m pip install")


@pytest.mark.parametrize(
    ("env", "command"),
    [
        (HTTP, "mentorbot serve --migrate"),
        (
            {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "x", "SLACK_SIGNING_SECRET": "s"},
            "mentorbot serve --migrate",
        ),
        (
            {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"},
            "mentorbot serve --migrate --socket",
        ),
        ({}, "mentorbot shell --demo"),
    ],
    ids=["http", "multi-workspace", "socket", "playground"],
)
def test_the_mode_follows_the_settings(tmp_path: Path, env: dict[str, str], command: str) -> None:
    assert _run(_fake_venv(tmp_path), **env)[-1] == command


def test_a_malformed_setting_stops_it_with_one_line(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path)
    done = subprocess.run(
        ["bash", str(ROOT / "bin" / "run")],
        env=clean_environment(
            MENTORBOT_VENV=str(venv), MENTORBOT_ENV_FILE="/dev/null", SLACK_BOT_TOKEN="xapp-1"
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("mentorbot: SLACK_BOT_TOKEN holds a xapp-... token")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "mentorbot serve" not in (venv / "calls.log").read_text()
