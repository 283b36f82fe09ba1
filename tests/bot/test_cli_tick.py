"""`mentorbot tick --at T` prints what it sent, and sends nothing the second time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from playground.emulator import SlackEmulator
from storage.engine import Database
from tests.scheduler.helpers import make_pair


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    running = SlackEmulator().start()
    yield running
    running.stop()


def test_tick_twice_with_the_same_moment_sends_once(
    sqlite_url: str,
    emulator: SlackEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    emulator.add_user("UMENTOR", name="maria", tz="Europe/London")
    emulator.add_user("UMENTEE", name="tom", tz="Europe/London")
    db = Database(sqlite_url)
    make_pair(db, datetime(2026, 12, 1, 9, tzinfo=UTC), weekday=3)
    db.dispose()
    monkeypatch.setenv("MENTORBOT_ENV_FILE", str(tmp_path / "absent.env"))
    monkeypatch.setenv("SLACK_BOT_TOKEN", emulator.token)
    monkeypatch.setenv("SLACK_API_URL", emulator.api_url)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)

    assert main(["tick", "--at", "2026-12-02T09:00:00Z"]) == 0
    first = capsys.readouterr().out.splitlines()
    assert len(first) == 2
    assert "sent prepare" in first[0] and "to UMENTEE" in first[0]
    assert first[1] == "pass at 2026-12-02T09:00:00+00:00: 1 sent, 0 skipped, 0 failed"

    assert main(["tick", "--at", "2026-12-02T09:00:00Z"]) == 0
    second = capsys.readouterr().out.splitlines()
    assert second == ["pass at 2026-12-02T09:00:00+00:00: 0 sent, 0 skipped, 0 failed"]
    assert len(emulator.ok_calls_to("chat.postMessage")) == 1


def test_tick_rejects_a_bad_moment(
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("MENTORBOT_ENV_FILE", str(tmp_path / "absent.env"))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-x")
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    assert main(["tick", "--at", "next tuesday"]) == 2
    assert "not an ISO-8601 moment" in capsys.readouterr().err
