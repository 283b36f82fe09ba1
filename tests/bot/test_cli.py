"""The `mentorbot` command as a person runs it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playground.emulator import SlackEmulator

CLEAN_ENV = {
    k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "PORT"))
}


def _run(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env={**CLEAN_ENV, "MENTORBOT_ENV_FILE": "/nonexistent/.env", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_nonsense_database_url_is_one_line_and_exit_2() -> None:
    result = _run(
        "serve",
        env={
            "DATABASE_URL": "nonsense://",
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
        },
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0]
    assert "Traceback" not in result.stderr


def test_serve_without_credentials_names_the_setting() -> None:
    result = _run("serve", env={})
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_an_old_schema(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.db'}",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "s",
    }
    result = _run("serve", env=env)
    assert result.returncode == 2
    assert "mentorbot migrate" in result.stderr


def test_unreachable_postgres_is_one_line(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    result = _run("migrate", env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "DATABASE_URL" in result.stderr


def test_migrate_then_tick(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"}
    first = _run("migrate", env=env)
    assert first.returncode == 0, first.stderr
    assert "upgraded" in first.stdout
    assert "already" in _run("migrate", env=env).stdout
    with SlackEmulator() as emulator:
        tick = _run(
            "tick",
            "--at",
            "2026-12-01T10:00:00Z",
            env={**env, "SLACK_BOT_TOKEN": emulator.token, "SLACK_API_URL": emulator.api_url},
        )
    assert tick.returncode == 0, tick.stderr
    assert "pass at 2026-12-01T10:00:00+00:00" in tick.stdout


def test_tick_rejects_a_bad_moment(tmp_path: Path) -> None:
    result = _run(
        "tick",
        "--at",
        "yesterday",
        env={"SLACK_BOT_TOKEN": "xoxb-1", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
    )
    assert result.returncode == 2 and "--at" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_a_real_server_with_healthz(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    assert _run("migrate", env=env).returncode == 0
    port = _free_port()
    with SlackEmulator() as emulator:
        serve_env = {
            **CLEAN_ENV,
            **env,
            "MENTORBOT_ENV_FILE": "/nonexistent/.env",
            "SLACK_BOT_TOKEN": emulator.token,
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_API_URL": emulator.api_url,
            "PORT": str(port),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            env=serve_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            body = None
            deadline = time.monotonic() + 30  # a loaded machine imports slowly
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                        body = json.loads(r.read())
                        break
                except OSError:
                    time.sleep(0.1)
            assert body == {"ok": True, "database": "ok", "pending": 0}
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/slack/events", data=b"command=/mentor", method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=5):
                    status = 200
            except urllib.error.HTTPError as error:
                with error:
                    status = error.code
            assert status == 401
        finally:
            process.terminate()
            process.wait(timeout=10)
