"""Several `mentorbot serve` processes on one database, driven like the harness drives one app.

The replica test and the benchmarks use this: each replica is a real subprocess (its own memory,
its own executor), so whatever one replica keeps only in memory is invisible to the others.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from playground.acting import ActsAsSlack
from playground.emulator import SlackEmulator
from playground.signed_client import SignedSlackClient

ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "replica-signing-secret"


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mentorbot_env(database_url: str, api_url: str, token: str, **extra: str) -> dict[str, str]:
    """The environment of a `mentorbot` subprocess: this checkout first, no .env file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTORBOT_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        MENTORBOT_ENV_FILE=os.devnull,
        DATABASE_URL=database_url,
        SLACK_API_URL=api_url,
        SLACK_BOT_TOKEN=token,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def run_mentorbot(args: Sequence[str], env: Mapping[str, str], timeout: float = 60) -> str:
    """Run `mentorbot ARGS` to completion; its stdout, or an error with its stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=dict(env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"mentorbot {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def end_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a `mentorbot` child: terminate, and kill it if it has not gone in 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class ServeProcess:
    """One `mentorbot serve` subprocess on a free port."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        port: int | None = None,
        command: Sequence[str] = ("-m", "bot.cli", "serve"),
    ) -> None:
        self.port = port or free_port()
        self._env = {**env, "PORT": str(self.port)}
        self._command = list(command)
        self.process: subprocess.Popen[bytes] | None = None
        # A file, not a pipe: nobody reads a pipe while serving, and a full one blocks the app.
        self._log = tempfile.TemporaryFile()
        self._final_log = ""

    @property
    def pid(self) -> int:
        assert self.process is not None, "not started"
        return self.process.pid

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> ServeProcess:
        self.process = subprocess.Popen(
            [sys.executable, *self._command],
            env=self._env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited {self.process.returncode}: {self.log()}")
            if self._healthy():
                return self
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"serve on :{self.port} not healthy after {timeout} s")

    def pending(self) -> int:
        """The replica's acked-but-unfinished work, from its /healthz."""
        with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=5) as answer:
            return int(json.loads(answer.read()).get("pending", 0))

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=1) as answer:
                return int(answer.status) == 200
        except (urllib.error.URLError, OSError):
            return False

    def log(self) -> str:
        """What the process wrote to stderr so far (its log; kept after stop())."""
        if self._log.closed:
            return self._final_log
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def stop(self) -> None:
        if self.process is None:
            return
        end_process(self.process)
        self.process = None
        self._final_log = self.log()
        self._log.close()


class Cluster(ActsAsSlack):
    """Replicas behind a "load balancer" that picks one at random for every request.

    Offers the harness's driving methods (command, click, submit, event, say, settle), so journey
    helpers written for the harness drive the cluster unchanged.
    """

    def __init__(
        self,
        emulator: SlackEmulator,
        replicas: Sequence[ServeProcess],
        *,
        seed: int = 0,
        quiet_seconds: float = 0.1,
        db: Any = None,
    ) -> None:
        self.emulator = emulator
        self.db = db  # a storage.engine.Database on the replicas' database, for assertions
        self.replicas = list(replicas)
        self._random = random.Random(seed)
        self._quiet = quiet_seconds
        event_numbers = itertools.count(1)
        self.clients = [
            SignedSlackClient(
                f"{replica.base_url}/slack/events",
                SIGNING_SECRET,
                team_id=emulator.team_id,
                trigger_ids=emulator.new_trigger_id,
                response_urls=emulator.response_url,
                event_ids=lambda: f"Ev{next(event_numbers):08d}",
            )
            for replica in self.replicas
        ]
        self.served_by: list[int] = []

    @property
    def slack(self) -> SignedSlackClient:
        """The client of the replica chosen for the next request."""
        index = self._random.randrange(len(self.clients))
        self.served_by.append(index)
        return self.clients[index]

    def settle(self, timeout: float = 20) -> None:
        """Wait until no replica has post-ack work pending (their /healthz says how much) and
        the emulator saw no new call for a moment (a listener's last Slack call may still be
        in flight when its work is counted done)."""
        deadline = time.monotonic() + timeout
        seen, quiet_since = len(self.emulator.calls), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.02)
            now_seen = len(self.emulator.calls)
            if now_seen != seen or any(r.pending() for r in self.replicas):
                seen, quiet_since = now_seen, time.monotonic()
            elif time.monotonic() - quiet_since >= self._quiet:
                return
        raise TimeoutError(f"the replicas were still busy after {timeout} s")

    def tick_everywhere(self, at: datetime, env: Mapping[str, str]) -> list[str]:
        """`mentorbot tick --at AT` in as many processes as there are replicas, all at once."""
        ticks = [
            subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "tick", "--at", at.isoformat()],
                env=dict(env),
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in self.replicas
        ]
        outputs = []
        for tick in ticks:
            out, err = tick.communicate(timeout=60)
            if tick.returncode != 0:
                raise RuntimeError(f"tick exited {tick.returncode}: {err}")
            outputs.append(out)
        self.settle()
        return outputs
