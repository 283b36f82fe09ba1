"""Run `mentorbot` the way an operator does: the venv's command, in a directory with a `.env`.

The child's environment carries none of the test process's Slack or mentorbot settings, so the
`.env` is what counts.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MENTORBOT = Path(sys.executable).parent / "mentorbot"
_SCRUBBED = ("SLACK_", "MENTORBOT_", "DATABASE_URL", "PORT", "LOG_")


def clean_environment(**extra: str) -> dict[str, str]:
    """The test process's environment without any setting mentorbot (or Bolt) reads."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED)}
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_env_file(directory: Path, values: Mapping[str, str], *, newline: str = "\n") -> Path:
    """`.env.example` copied to `directory/.env` with `values` filled in (other lines kept)."""
    lines = (ROOT / ".env.example").read_text().splitlines()
    missing = dict(values)
    out = []
    for line in lines:
        name = line.split("=", 1)[0].strip()
        if "=" in line and not line.lstrip().startswith("#") and name in missing:
            out.append(f"{name}={missing.pop(name)}")
        else:
            out.append(line)
    out.extend(f"{name}={value}" for name, value in missing.items())
    path = directory / ".env"
    path.write_bytes((newline.join(out) + newline).encode())
    return path


def run(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`mentorbot ARGS` in `cwd`, to completion."""
    return subprocess.run(
        [str(MENTORBOT), *args],
        cwd=cwd,
        env=dict(env if env is not None else clean_environment()),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


class Served:
    """`mentorbot serve` as a subprocess in `cwd`; stderr kept in a file."""

    def __init__(
        self, cwd: Path, args: Sequence[str] = ("serve",), *, port: int | None = None, **env: str
    ) -> None:
        self.cwd = cwd
        self.args = list(args)
        self.env = clean_environment(**env)
        self.port = port  # where it serves, as its .env or `env` says
        self.process: subprocess.Popen[bytes] | None = None
        self._stderr = tempfile.TemporaryFile()
        self._final_stderr: str | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Served:
        self.process = subprocess.Popen(
            [str(MENTORBOT), *self.args],
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )
        return self

    def wait_healthy(self, timeout: float = 20) -> Served:
        assert self.process is not None and self.port is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited {self.process.returncode}: {self.stderr()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        raise TimeoutError(f"serve not healthy after {timeout} s: {self.stderr()}")

    def wait_exit(self, timeout: float = 20) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def stderr(self) -> str:
        """What the process wrote to stderr so far (kept after stop())."""
        if self._final_stderr is not None:
            return self._final_stderr
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def wait_for_stderr(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.stderr():
                return self.stderr()
            time.sleep(0.05)
        raise TimeoutError(f"{text!r} not in stderr after {timeout} s: {self.stderr()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._final_stderr = self.stderr()
        self._stderr.close()

    def __enter__(self) -> Served:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def scratch_checkout(tmp_path: Path) -> Path:
    """A directory standing in for a fresh clone's working directory (no database yet)."""
    directory = tmp_path / "mentorbot"
    directory.mkdir()
    shutil.copy(ROOT / ".env.example", directory / ".env.example")
    return directory
