"""`mentorbot report --program NAME --csv FILE`: the same CSV as the Slack upload, aggregates
only, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.cli import main
from bot.services.programs.report import compute_report, find_program
from bot.services.programs.report_csv import report_csv
from bot.services.summaries.figures import HIDDEN
from storage.engine import Database
from tests.services.programs.report_data import NOW, SECRET, TODAY, ProgramRows, cohort

AT = ("--at", NOW.isoformat())


@pytest.fixture
def cli_db(sqlite_or_postgres: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MENTORBOT_ENV_FILE", "/nonexistent/.env")
    monkeypatch.setenv("DATABASE_URL", sqlite_or_postgres.url)
    with sqlite_or_postgres.begin() as session:
        rows = ProgramRows(session, "T0CLI")
        cohort(rows, mentees=9, matched=9)
        for i in range(9):
            rows.midpoint(f"E{i:02d}", 4, "yes" if i < 6 else "partly")
    return sqlite_or_postgres


def test_report_writes_the_slack_csv(
    cli_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    assert main(["report", "--program", "spring cohort", "--csv", str(out), *AT]) == 0
    assert capsys.readouterr().out == f"Spring cohort: report as of 2026-12-01 written to {out}\n"
    written = out.read_text(encoding="utf-8")
    with cli_db.begin() as session:
        program = find_program(session, team_id="T0CLI", name="Spring cohort")
        assert program is not None
        same = report_csv(compute_report(session, program=program, today=TODAY, tz_name="UTC"))
    assert written == same
    table = list(csv.reader(written.splitlines()))
    assert table[0] == ["section", "figure", "value"]
    assert all(len(row) == 3 for row in table)
    assert ["matching", "mentees matched", "9"] in table
    assert ["midpoint", "on track with the goals: answers", "9"] in table
    # Three said "partly": hidden, and with the total shown "On track" (6) would give them away.
    assert ["midpoint", "on track with the goals: Partly", HIDDEN] in table
    assert ["midpoint", "on track with the goals: On track", HIDDEN] in table
    assert SECRET not in written and "E00" not in written


def test_an_unknown_program_or_an_unwritable_file_is_one_line(
    cli_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    assert main(["report", "--program", "Autumn", "--csv", str(out), *AT]) == 2
    assert capsys.readouterr().err == "mentorbot: --program: no program is named 'Autumn'\n"
    assert not out.exists()
    missing = tmp_path / "no-such-dir" / "report.csv"
    assert main(["report", "--program", "Spring cohort", "--csv", str(missing), *AT]) == 2
    assert capsys.readouterr().err.startswith("mentorbot: --csv: cannot write")
    assert main(["report", "--program", "Spring cohort", "--csv", str(out), "--at", "x"]) == 2
