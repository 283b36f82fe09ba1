"""`mentorbot match --program NAME`: print, publish and write a program's round."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlmodel import select

from bot.cli import main
from storage.engine import Database
from storage.models import IntroRequest
from tests.services.programs.builders import NOW, enrolled_mentee, enrolled_mentor, new_program

AT = ("--at", NOW.isoformat())


@pytest.fixture
def cli_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Database:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MENTORBOT_ENV_FILE", "/nonexistent/.env")
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    db = Database(sqlite_url)
    with db.begin() as session:
        program = new_program(session)
        enrolled_mentee(session, program, "UANA", ["python"])
        enrolled_mentee(session, program, "UCY", ["rust"])
        enrolled_mentor(session, program, "UBO", ["Python"])
        who = enrolled_mentee(session, program, "UEVE", [])
        who.real_name = "=HYPERLINK(evil)"
        session.add(who)
    return db


def test_match_prints_a_line_per_pair_and_per_unmatched_mentee(
    cli_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["match", "--program", "spring COHORT", *AT]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Spring cohort, round 1 (proposed; solver OPTIMAL): 3 mentees")
    assert lines[1].startswith("pair       Person UANA (UANA) -> Person UBO (UBO)  score ")
    assert lines[1].endswith("knows Python, on their list; same working hours")
    assert "unmatched  Person UCY (UCY)  no mentor in the program knows Rust" in lines
    score = lines[1].split("score ")[1].split()[0]
    assert lines[-1] == f"matched 1 of 3 mentees (33%), total fit {score}"
    # Run again: the same waiting proposal, not a second round.
    assert main(["match", "--program", "Spring cohort", *AT]) == 0
    assert "round 1 (proposed" in capsys.readouterr().out


def test_publish_and_csv(
    cli_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "round.csv"
    assert main(["match", "--program", "Spring cohort", "--publish", "--csv", str(out), *AT]) == 0
    printed = capsys.readouterr().out
    assert "round 1 (published" in printed
    assert "published: 1 introductions open for the mentors to accept" in printed
    with out.open(encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [
        "line",
        "mentee",
        "mentee_slack_id",
        "mentor",
        "mentor_slack_id",
        "score",
        "why",
    ]
    assert [r[0] for r in rows[1:]] == ["pair", "unmatched", "unmatched"]
    assert ["unmatched", "'=HYPERLINK(evil)", "UEVE"] in [r[:3] for r in rows]  # no live formula
    with cli_db.begin() as session:
        assert len(session.exec(select(IntroRequest)).all()) == 1


def test_an_unknown_program_is_one_line_and_exit_2(
    cli_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["match", "--program", "Autumn", *AT]) == 2
    err = capsys.readouterr().err
    assert err == "mentorbot: --program: no program is named 'Autumn'\n"
    assert main(["match", "--program", "Spring cohort", "--at", "soon"]) == 2
    assert "--at 'soon' is not an ISO-8601 moment" in capsys.readouterr().err
