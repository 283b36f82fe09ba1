"""When Slack cannot be reached or refuses the token, `serve`, `serve --socket` and `tick` say
so in one line naming what to check; `serve` waits and tries again, `tick` exits non-zero."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import bot.preflight
from bot.cli import main
from bot.preflight import SlackNotReady, wait_for_slack
from playground.emulator import SlackEmulator
from storage.engine import Database
from tests.bot.operator_run import Served, free_port, run
from tests.scheduler.helpers import make_pair

SECRET = "unreachable-signing-secret"


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as running:
        yield running


@pytest.fixture
def workdir(tmp_path: Path, migrated_sqlite_template: Path) -> Path:
    """A directory with a migrated database, as after `mentorbot migrate`."""
    shutil.copy(migrated_sqlite_template, tmp_path / "mentorbot.db")
    return tmp_path


def _closed_api_url() -> str:
    return f"http://127.0.0.1:{free_port()}/api/"


def _settings(api_url: str, token: str = "xoxb-emulator", **more: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "MENTORBOT_SEARCH_PROCESSES": "0",
        **more,
    }


def _assert_one_line_each(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert "Traceback" not in stderr, stderr
    assert lines and all(line.startswith("mentorbot: ") for line in lines), stderr
    return lines


def test_serve_with_slack_refusing_connections_says_so_and_keeps_trying(workdir: Path) -> None:
    api_url = _closed_api_url()
    with Served(workdir, port=free_port(), **_settings(api_url)) as served:
        served.wait_for_stderr("trying again in 2 s")
        assert served.process is not None and served.process.poll() is None
        lines = _assert_one_line_each(served.stderr())
    assert lines[0] == (
        f"mentorbot: cannot reach Slack at {api_url} (connection refused); "
        "check SLACK_API_URL and the network; trying again in 1 s"
    )


def test_serve_socket_mode_with_slack_unreachable_says_so(workdir: Path) -> None:
    env = _settings(_closed_api_url(), SLACK_APP_TOKEN="xapp-1-A-1-abc")
    with Served(workdir, ["serve", "--socket"], **env) as served:
        served.wait_for_stderr("trying again in 1 s")
        lines = _assert_one_line_each(served.stderr())
    assert "cannot reach Slack" in lines[0] and "SLACK_API_URL" in lines[0]


def test_serve_comes_up_once_slack_stops_answering_500(
    workdir: Path, emulator: SlackEmulator
) -> None:
    emulator.fail_next(1, method="auth.test", status=500)
    port = free_port()
    with Served(workdir, port=port, **_settings(emulator.api_url, PORT=str(port))) as served:
        served.wait_healthy()
        stderr = served.stderr()
    assert "Traceback" not in stderr, stderr
    said = [line for line in stderr.splitlines() if line.startswith("mentorbot: ")]
    assert said == [
        f"mentorbot: Slack at {emulator.api_url} answered internal_error (HTTP 500); "
        "check SLACK_API_URL; trying again in 1 s"
    ]
    assert len(emulator.calls_to("auth.test")) == 2


def test_serve_with_a_refused_token_exits_with_one_line(
    workdir: Path, emulator: SlackEmulator
) -> None:
    with Served(workdir, port=free_port(), **_settings(emulator.api_url, "xoxb-revoked")) as served:
        assert served.wait_exit() == 2
        lines = _assert_one_line_each(served.stderr())
    assert lines == [
        "mentorbot: SLACK_BOT_TOKEN: Slack refused it (invalid_auth); copy it again from "
        "the app's settings on api.slack.com"
    ]


def test_tick_with_slack_unreachable_exits_1_with_one_line(workdir: Path) -> None:
    done = run(["tick"], workdir, _env(_settings(_closed_api_url())))
    assert done.returncode == 1
    lines = _assert_one_line_each(done.stderr)
    assert len(lines) == 1 and "(connection refused)" in lines[0], done.stderr
    assert lines[0].endswith("nothing was sent, the next tick tries again")


def test_tick_with_an_unknown_host_names_it(workdir: Path) -> None:
    done = run(["tick"], workdir, _env(_settings("http://slack.invalid/api/")))
    assert done.returncode == 1
    (line,) = _assert_one_line_each(done.stderr)
    assert "cannot reach Slack at http://slack.invalid/api/ (" in line
    assert "SLACK_API_URL" in line


def test_tick_with_a_refused_token_exits_2(workdir: Path, emulator: SlackEmulator) -> None:
    done = run(["tick"], workdir, _env(_settings(emulator.api_url, "xoxb-revoked")))
    assert done.returncode == 2
    (line,) = _assert_one_line_each(done.stderr)
    assert line.startswith("mentorbot: SLACK_BOT_TOKEN: Slack refused it (invalid_auth)")


def test_serve_on_an_old_schema_is_one_line_without_alembic_chatter(tmp_path: Path) -> None:
    with Served(tmp_path, port=free_port(), **_settings(_closed_api_url())) as served:
        assert served.wait_exit() == 2
        lines = _assert_one_line_each(served.stderr())
    assert lines == ["mentorbot: the database schema is out of date; run `mentorbot migrate` first"]


def _env(settings: dict[str, str]) -> dict[str, str]:
    from tests.bot.operator_run import clean_environment

    return clean_environment(**settings)


def test_back_off_doubles_up_to_a_minute_and_a_refusal_stops_at_once() -> None:
    waits: list[float] = []
    said: list[str] = []
    answers = iter([*[SlackNotReady("down", transient=True)] * 8, None])

    def check() -> None:
        answer = next(answers)
        if answer is not None:
            raise answer

    wait_for_slack(check, said.append, sleep=waits.append)
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]
    assert said[0] == "down; trying again in 1 s" and len(said) == 8

    def refused() -> None:
        raise SlackNotReady("SLACK_BOT_TOKEN: refused", transient=False)

    with pytest.raises(SlackNotReady, match="refused"):
        wait_for_slack(refused, said.append, sleep=waits.append)
    assert len(waits) == 8


def test_a_pass_with_slack_gone_logs_one_line_per_failed_delivery(
    sqlite_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Slack answered the start-up check, then went away: each delivery is one line."""
    db = Database(sqlite_url)
    for n in range(3):
        make_pair(
            db, datetime(2026, 12, 1, 9, tzinfo=UTC), mentor=f"UMENTOR{n}", mentee=f"UMENTEE{n}"
        )
    db.dispose()
    monkeypatch.setattr(bot.preflight, "check_slack", lambda _settings: None)
    monkeypatch.setenv("MENTORBOT_ENV_FILE", str(tmp_path / "absent.env"))
    for name, value in _settings(_closed_api_url(), DATABASE_URL=sqlite_url).items():
        monkeypatch.setenv(name, value)

    assert main(["tick", "--at", "2026-12-02T09:00:00Z"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 3, captured.err
    one_line = re.compile(
        r"\S+ \S+ WARNING mentorbot.scheduler \[-\] delivery \d+ \(prepare\) failed: "
        r"connection refused; trying again at 2026-12-02T09:15:00\+00:00"
    )
    assert all(one_line.fullmatch(line) for line in lines), captured.err
    assert captured.out.strip().endswith("0 sent, 0 skipped, 3 failed")
