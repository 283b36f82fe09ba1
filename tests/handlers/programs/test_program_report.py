"""`/mentor admin program report NAME` through signed HTTP: the report privately, its CSV and
chart uploaded to the asker's DM, leads allowed, plain members refused with nothing sent."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from playground.blockkit_rules import check_blocks
from playground.harness import Harness
from storage.models import RoleGrant
from tests.services.programs.report_data import NOW, SECRET, ProgramRows, cohort

ADMIN, LEAD, MEMBER = "UADMIN01", "ULEAD001", "UMEMB001"
CHANNEL = "CTEAM001"


@pytest.fixture
def team(harness: Harness) -> Harness:
    emulator = harness.emulator
    harness.clock.set(NOW)
    emulator.add_user(ADMIN, name="ada", tz="UTC", is_admin=True)
    emulator.add_user(LEAD, name="lea", tz="UTC")
    emulator.add_user(MEMBER, name="mo", tz="UTC")
    emulator.add_channel(CHANNEL, name="team", members=[ADMIN, LEAD, MEMBER])
    with harness.db.begin() as session:
        rows = ProgramRows(session, emulator.team_id, name="Spring <!channel>")
        cohort(rows, mentees=15, matched=10)
        for i in range(10):
            rows.midpoint(f"E{i:02d}", 4, "yes")
        lead = rows.person(LEAD)
        session.add(
            RoleGrant(team_id=emulator.team_id, person_id=lead, role="lead", created_at=NOW)
        )
    return harness


def _report(harness: Harness, user: str, name: str = "spring <!channel>") -> dict[str, Any]:
    before = len(harness.emulator.calls_to("response_url"))
    result = harness.command(user, "/mentor", f"admin program report {name}", channel_id=CHANNEL)
    assert result.status == 200
    responses = harness.emulator.calls_to("response_url")
    assert len(responses) == before + 1, "exactly one answer"
    answer: dict[str, Any] = responses[-1].args
    assert answer["response_type"] == "ephemeral"
    assert check_blocks(answer["blocks"]) == []
    return answer


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.parametrize("who", [ADMIN, LEAD])
def test_the_report_and_its_files_reach_an_admin_or_a_lead(team: Harness, who: str) -> None:
    answer = _report(team, who)
    shown = str(answer["blocks"])
    assert "Program report: Spring <!channel>" == answer["blocks"][0]["text"]["text"]
    assert "*Mentees enrolled:* 15" in shown and "*Mentees matched:* 10" in shown
    assert "*Match rate:* 67%" in shown and "*Meetings held:* 30" in shown
    assert "On track 10" in shown and "in our DM" in shown
    assert "<!channel>" not in answer["text"] and SECRET not in shown
    [dm] = [c.response["channel"]["id"] for c in team.emulator.calls_to("conversations.open")]
    [upload] = team.emulator.calls_to("files.completeUploadExternal")
    assert upload.args["channel_id"] == dm != CHANNEL
    files = {f["filename"]: f for f in team.emulator.files}
    assert set(files) == {"program-report.csv", "meetings-per-week.png"}
    assert {f["channel_id"] for f in files.values()} == {dm}
    assert files["meetings-per-week.png"]["content"].startswith(b"\x89PNG")
    rows = _csv_rows(files["program-report.csv"]["content"])
    assert rows[0] == ["section", "figure", "value"]
    assert ["matching", "mentees matched", "10"] in rows
    assert ["midpoint", "on track with the goals: On track", "10"] in rows
    assert SECRET.encode() not in files["program-report.csv"]["content"]


def test_a_plain_member_is_refused_and_nothing_is_sent(team: Harness) -> None:
    answer = _report(team, MEMBER)
    assert "for team leads and admins" in answer["text"]
    assert "15" not in str(answer["blocks"])
    assert team.emulator.files == []
    assert team.emulator.calls_to("files.getUploadURLExternal") == []
    # Other admin commands still refuse a lead.
    before = len(team.emulator.calls_to("response_url"))
    team.command(LEAD, "/mentor", "admin leads list", channel_id=CHANNEL)
    refusal = team.emulator.calls_to("response_url")[before:]
    assert "for mentoring admins" in refusal[0].args["text"]


def test_an_unknown_program_names_nothing(team: Harness) -> None:
    answer = _report(team, ADMIN, name="Autumn <@UADMIN01>")
    assert "No program here is named" in answer["text"]
    assert "Spring" not in answer["text"] and "<@UADMIN01>" not in answer["text"]
    assert team.emulator.files == []


def test_a_refused_upload_still_shows_the_figures(team: Harness) -> None:
    team.emulator.fail_next(
        method="files.getUploadURLExternal", status=200, error="not_allowed_token_type"
    )
    answer = _report(team, ADMIN)
    assert "*Mentees enrolled:* 15" in str(answer["blocks"])
    assert "couldn't send the CSV" in str(answer["blocks"])
