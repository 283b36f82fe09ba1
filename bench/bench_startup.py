"""How long `bash bin/run` takes, when nothing changed, to answer /healthz (issue 15: under 2 s).

Each start runs bin/run in this checkout against the emulator (its own process) and a scratch
SQLite file that an earlier start already migrated, and polls /healthz every 10 ms from the
moment bin/run is spawned. Next to it, in the same run, two baselines: the interpreter starting
and exiting (`python -c pass`), and importing the libraries every start needs (Bolt, SQLModel,
SQLAlchemy, waitress, Alembic): the floor no code of ours can go under.

    PYTHONPATH=$PWD python bench/bench_startup.py [--starts 7] [--against OTHER_CHECKOUT]

`--against` also times another checkout's bin/run (with its own .venv), start for start
interleaved with this one's: a before/after in the same run.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import EmulatorProcess
from playground.replicas import ROOT, mentorbot_env

LIBRARIES = "import slack_bolt, sqlmodel, sqlalchemy, waitress, alembic.command"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def _healthy_after(env: dict[str, str], port: int, root: Path = ROOT, timeout: float = 60) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        ["bash", str(root / "bin" / "run")],
        env=env,
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while time.perf_counter() - started < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - started
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None:
                    detail = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(detail) from None
                time.sleep(0.01)
        raise TimeoutError(f"no healthy /healthz after {timeout} s")
    finally:
        process.terminate()
        process.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=7)
    parser.add_argument("--against", type=Path, help="another checkout to time the same way")
    args = parser.parse_args(argv)
    checkouts = {"bin/run to /healthz": ROOT}
    if args.against:
        checkouts[f"{args.against.name}'s bin/run"] = args.against.resolve()
    with EmulatorProcess(["UANA"]) as emulator, tempfile.TemporaryDirectory() as scratch:
        envs: dict[str, dict[str, str]] = {}
        for name, root in checkouts.items():
            url = f"sqlite:///{scratch}/{len(envs)}.db"
            env = mentorbot_env(url, emulator.api_url, emulator.token)
            env.pop("PYTHONPATH")  # bin/run's own venv finds the checkout, as for an operator
            env["MENTORBOT_VENV"] = str(root / ".venv")
            env["PYTHONDONTWRITEBYTECODE"] = os.environ.get("PYTHONDONTWRITEBYTECODE", "")
            env["PORT"] = str(_free_port())
            _healthy_after(env, int(env["PORT"]), root)  # the first start migrates
            envs[name] = env
        figures: dict[str, list[float]] = {"python -c pass": [], "import the libraries": []}
        for _ in range(args.starts):
            figures["python -c pass"].append(_timed([sys.executable, "-c", "pass"]))
            figures["import the libraries"].append(_timed([sys.executable, "-c", LIBRARIES]))
            for name, root in checkouts.items():
                envs[name]["PORT"] = str(_free_port())
                healthy = _healthy_after(envs[name], int(envs[name]["PORT"]), root)
                figures.setdefault(name, []).append(healthy)
    floor = statistics.median(figures["import the libraries"])
    print(f"start-up, median of {args.starts} starts (seconds):")
    for name, values in figures.items():
        median = statistics.median(values)
        print(
            f"  {name:24s} {median:6.2f}  (min {min(values):.2f})"
            f"  {median / floor:4.1f}x the libraries"
        )
    healthy = statistics.median(figures["bin/run to /healthz"])
    print(f"  goal: bin/run healthy in under 2 s: {'ok' if healthy < 2 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
