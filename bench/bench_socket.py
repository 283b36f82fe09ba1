"""Socket Mode acks across reconnects: slack_sdk's built-in client and ours (bot/socket_mode.py).

The bare app (`bench/bare_app.py`, every listener just acks) runs in a subprocess on each
client in turn, connected to the emulator's Socket Mode endpoint in this process. The baseline
is the ack latency of an envelope on a settled connection; each reconnect is then measured
against it: the first envelope sent right after Slack's `disconnect` (`refresh_requested`,
`warning`) or after the connection is cut, and for a cut the time until the app is connected
again. Latency is from Slack sending (or holding, while no connection is open) the envelope to
its ack, on the emulator's clock (after a cut, the envelope is sent once the cut is done:
the close itself counts in the reconnect time, which runs from the cut's start to the new
connection's hello); an envelope not acked in 3 s is redelivered with `retry_attempt`, as
Slack does, and counted.

    PYTHONPATH=$PWD python bench/bench_socket.py [--rounds 5]   # or python -m bench --only socket
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playground.emulator import SlackEmulator
from playground.emulator.socket_envelopes import Envelope
from playground.emulator.socket_mode import SocketModeServer

CLIENTS = ("slack_sdk", "mentorbot")  # the built-in SocketModeClient, then ours
SCENARIOS = ("refresh_requested", "warning", "cut")
ROOT = Path(__file__).resolve().parents[1]
BASELINE_ENVELOPES = 20


@dataclass
class Figures:
    """One client's figures, in seconds."""

    baseline: list[float] = field(default_factory=list)
    first_ack: dict[str, list[float]] = field(default_factory=dict)
    reconnect: list[float] = field(default_factory=list)
    redelivered: dict[str, int] = field(default_factory=dict)


def run(*, rounds: int = 5) -> dict[str, Figures]:
    """Each client's figures, measured one after the other in this run."""
    return {client: _measure(client, rounds) for client in CLIENTS}


def _measure(client: str, rounds: int) -> Figures:
    figures = Figures()
    with SlackEmulator(rate_limits=False) as emulator, _app(emulator, client):
        sockets = emulator.socket_mode
        for _ in range(BASELINE_ENVELOPES):
            figures.baseline.append(_latency(_acked(sockets, sockets.deliver(*_event()))))
        for scenario in SCENARIOS:
            samples = figures.first_ack.setdefault(scenario, [])
            for _ in range(rounds):
                envelope, reconnected = _after(sockets, scenario)
                samples.append(_latency(envelope))
                figures.redelivered[scenario] = figures.redelivered.get(scenario, 0) + (
                    envelope.retry_attempt > 0
                )
                if scenario == "cut":
                    figures.reconnect.append(reconnected)
    return figures


def _after(sockets: SocketModeServer, scenario: str) -> tuple[Envelope, float]:
    """The first envelope after one reconnect, and how long the app took to connect again."""
    before = len(sockets.links)
    started = time.monotonic()  # the emulator's clock
    if scenario == "cut":
        sockets.drop()
    else:
        sockets.disconnect(scenario)
    envelope = _acked(sockets, sockets.deliver(*_event()))
    sockets.wait_connected(before + 1, timeout=60)
    reconnected = sockets.links[before].opened_at - started
    _settle(sockets)
    return envelope, reconnected


def _settle(sockets: SocketModeServer, timeout: float = 30) -> None:
    """Wait until only the newest connection is open (Slack has closed the replaced ones), so
    the next `disconnect` reaches one connection, as it does in Slack."""
    deadline = time.monotonic() + timeout
    while sum(not link.closed for link in sockets.links) > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)


def _acked(sockets: SocketModeServer, envelope: Envelope) -> Envelope:
    waited = sockets.ack_timeout * (sockets.max_retries + 2) + 30
    if not envelope.done.wait(waited) or envelope.acked_at is None:
        raise RuntimeError(f"envelope {envelope.envelope_id} not acked: {envelope.failed}")
    return envelope


def _latency(envelope: Envelope) -> float:
    assert envelope.acked_at is not None
    return envelope.acked_at - envelope.created_at


def _event() -> tuple[str, dict[str, Any]]:
    event_id = f"Ev{uuid.uuid4().hex[:10].upper()}"
    event = {"type": "app_mention", "user": "U1", "text": "hi", "channel": "C1", "ts": "1.000"}
    payload = {"type": "event_callback", "event_id": event_id, "event_time": 1, "event": event}
    return "events_api", {"team_id": "T0MENTOR", "api_app_id": "A0MENTOR", **payload}


@contextmanager
def _app(emulator: SlackEmulator, client: str) -> Iterator[None]:
    """The bare app on `client`, as a subprocess connected to the emulator."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MENTORBOT_"))}
        env.update(
            SLACK_BOT_TOKEN=emulator.token,
            SLACK_APP_TOKEN=emulator.app_token,
            SLACK_API_URL=emulator.api_url,
            DATABASE_URL=f"sqlite:///{scratch}/bare.db",
            PYTHONPATH=str(ROOT),
        )
        command = [sys.executable, "-m", "bench.bench_socket", "--serve", client]
        process = subprocess.Popen(command, env=env, cwd=scratch, stdout=subprocess.DEVNULL)
        try:
            emulator.socket_mode.wait_connected(1, timeout=60)
            _settle(emulator.socket_mode)
            yield
        finally:
            process.terminate()
            process.wait(timeout=15)


def serve(client: str) -> None:
    """The child: the bare app in Socket Mode on `client`, until terminated."""
    import signal
    import threading

    from slack_bolt.adapter.socket_mode import SocketModeHandler as BuiltinHandler

    from bench.bare_app import build_bare_app
    from bot.config import load_settings
    from bot.socket_mode import SocketModeHandler

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    settings = load_settings(os.environ)
    assert settings.app_token is not None
    for name in [name for name in os.environ if name.startswith("SLACK_")]:
        del os.environ[name]  # Bolt would read SLACK_BOT_TOKEN on its own, as well as the client's
    handler_class = SocketModeHandler if client == "mentorbot" else BuiltinHandler
    handler_class(build_bare_app(settings), settings.app_token).connect()
    threading.Event().wait()


def report(figures: dict[str, Figures]) -> list[str]:
    lines = ["Socket Mode acks across reconnects, median (max) ms, ratio to the client's baseline:"]
    for client, mine in figures.items():
        base = statistics.median(mine.baseline)
        lines.append(f"  {client:<9} baseline ack {_ms(mine.baseline)}")
        for scenario in SCENARIOS:
            samples = mine.first_ack[scenario]
            lines.append(
                f"  {'':<9} first ack after {scenario:<17} {_ms(samples)}  "
                f"{statistics.median(samples) / base:6.1f}x   "
                f"redelivered {mine.redelivered[scenario]} of {len(samples)}"
            )
        lines.append(
            f"  {'':<9} reconnect after a cut{'':<13} {_ms(mine.reconnect)}  "
            f"{statistics.median(mine.reconnect) / base:6.1f}x"
        )
    stock, ours = (statistics.median(figures[c].first_ack["warning"]) for c in CLIENTS)
    lines.append(f"  first ack after a warning, slack_sdk / mentorbot: {stock / ours:.1f}x")
    return lines


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ({max(samples) * 1000:7.1f})"


def main(argv: list[str] | None = None, *, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="reconnects of each kind (5)")
    parser.add_argument("--serve", choices=CLIENTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0
    for line in report(run(rounds=args.rounds)):
        out(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
