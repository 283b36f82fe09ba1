"""`mentorbot serve --socket` as a real install runs it, against the emulator's Socket Mode.

A scratch directory gets a `.env` copied from `.env.example` with only the bot token, the
app-level token, SLACK_API_URL, DATABASE_URL and MENTORBOT_SEARCH_PROCESSES=0 filled in;
`mentorbot migrate` and `mentorbot serve --socket` run there as subprocesses. Slack's side is
the emulator: envelopes over its WebSocket (`SocketModeSlack`), Web API calls recorded as usual.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from playground.acting import ActsAsSlack
from playground.emulator import SlackEmulator
from playground.replicas import ROOT, end_process
from playground.socket_client import SocketModeSlack

QUIET_SECONDS = 0.3  # no Web API call for this long after the last ack: the app is done


def write_env_file(directory: Path, values: dict[str, str]) -> Path:
    """`.env.example` copied to `directory/.env` with `values` filled in, nothing else."""
    lines = (ROOT / ".env.example").read_text().splitlines()
    filled = []
    for line in lines:
        name = line.partition("=")[0]
        if not line.startswith("#") and name in values:
            line = f"{name}={values[name]}"
        filled.append(line)
    missing = set(values) - {line.partition("=")[0] for line in lines}
    if missing:
        raise KeyError(f".env.example has no {sorted(missing)}")
    path = directory / ".env"
    path.write_text("\n".join(filled) + "\n")
    return path


class SocketServe(ActsAsSlack):
    """One `mentorbot serve --socket` subprocess in `directory`, driven over Socket Mode."""

    def __init__(self, emulator: SlackEmulator, directory: Path, database_url: str) -> None:
        self.emulator = emulator
        self.directory = directory
        self.database_url = database_url
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: nobody reads a pipe while serving, and a full one blocks the app.
        self._log = tempfile.TemporaryFile()
        self._final_log = ""
        self._slack = SocketModeSlack(
            emulator.socket_mode,
            team_id=emulator.team_id,
            trigger_ids=emulator.new_trigger_id,
            response_urls=emulator.response_url,
        )

    def start(self, timeout: float = 30) -> SocketServe:
        write_env_file(
            self.directory,
            {
                "SLACK_BOT_TOKEN": self.emulator.token,
                "SLACK_APP_TOKEN": self.emulator.app_token,
                "SLACK_API_URL": self.emulator.api_url,
                "DATABASE_URL": self.database_url,
                # Ranking in the server's threads: settle() sees only acks and Web API calls, and
                # a search worker (niced) on a loaded machine can be silent for longer than that.
                "MENTORBOT_SEARCH_PROCESSES": "0",
            },
        )
        self.run("migrate")
        self.process = subprocess.Popen(
            self._command("serve", "--socket"),
            env=self._env(),
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        try:
            self.emulator.socket_mode.wait_connected(1, timeout=timeout)
        except TimeoutError:
            self.stop()
            raise RuntimeError(f"serve --socket did not connect: {self.log()}") from None
        return self

    def stop(self) -> None:
        if self.process is not None:
            end_process(self.process)
            self.process = None
        if not self._log.closed:
            self._final_log = self.log()
            self._log.close()

    def __enter__(self) -> SocketServe:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def slack(self) -> SocketModeSlack:
        return self._slack

    def settle(self, timeout: float = 20) -> None:
        """Wait until every envelope is acked and the app made no Web API call for a moment
        (the subprocess has no /healthz in Socket Mode to ask)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"serve --socket exited: {self.log()}")
            sockets = self.emulator.socket_mode
            quiet = min(self.emulator.quiet_for(), sockets.quiet_for())
            if not sockets.pending() and quiet >= QUIET_SECONDS:
                return
            time.sleep(0.02)
        raise TimeoutError(f"the app was still busy after {timeout} s")

    def tick(self, at: datetime) -> str:
        """`mentorbot tick --at AT` in the same directory (its .env), then settle."""
        out = self.run("tick", "--at", at.isoformat())
        self.settle()
        return out

    def run(self, *args: str) -> str:
        """Run `mentorbot ARGS` to completion in the directory; its stdout."""
        done = subprocess.run(
            self._command(*args),
            env=self._env(),
            cwd=self.directory,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"mentorbot {' '.join(args)} exited {done.returncode}: {done.stderr}"
            )
        return done.stdout

    def log(self) -> str:
        """What the serve process wrote to stderr so far (kept after stop())."""
        if self._log.closed:
            return self._final_log
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    @staticmethod
    def _command(*args: str) -> Sequence[str]:
        return [sys.executable, "-m", "bot.cli", *args]

    @staticmethod
    def _env() -> dict[str, str]:
        # Nothing from the test's own environment: the .env file alone configures the app.
        drop = ("SLACK_", "MENTORBOT_", "DATABASE_URL", "PORT", "LOG_")
        env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
        env["PYTHONPATH"] = str(ROOT)
        return env
