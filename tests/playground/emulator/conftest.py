"""Fixtures of the emulator tests: a seeded emulator, one on a fake clock, a WebClient."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import FakeClock, seed


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with seed(SlackEmulator()) as emu:
        yield emu


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timed(clock: FakeClock) -> Iterator[SlackEmulator]:
    """An emulator on a fake monotonic clock."""
    with seed(SlackEmulator(clock=clock)) as emu:
        yield emu


@pytest.fixture
def client(emulator: SlackEmulator) -> WebClient:
    return WebClient(token=emulator.token, base_url=emulator.api_url)
