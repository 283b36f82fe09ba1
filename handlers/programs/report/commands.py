"""`/mentor admin program report NAME`: the report privately to a mentoring admin or a team
lead, its CSV and its meetings chart in their DM with the bot (never in the channel the
command was typed in: the figures are for admins and leads only)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import local
from bot.deps import Deps
from bot.services import roles
from bot.services.programs.report import ProgramReport, compute_report, find_program
from bot.services.programs.report_csv import report_csv
from bot.services.summaries import charts
from handlers.programs.report import blocks
from handlers.slack.after_ack import after_ack
from handlers.slack.mrkdwn import clip, escape, plain
from handlers.slack.people import dm_channel, ensure_person
from handlers.slack.subcommands import SubcommandCall
from storage.models import Person

logger = logging.getLogger("mentorbot.programs")

CHART_WEEKS = 26  # the chart's most recent weeks; the CSV has every week


def handle_program_report(call: SubcommandCall, name: str) -> None:
    """Answer after the ack, on the deferred lane: a big program's figures and two uploads."""
    deps = call.deps

    def answer() -> None:
        call.respond(**answer_program_report(call.client, deps, call.team_id, call.user_id, name))

    after_ack(deps, call.body, call.respond, call.client, answer)


def answer_program_report(
    client: WebClient, deps: Deps, team_id: str, user_id: str, name: str
) -> dict[str, Any]:
    """The report with its files sent, or why there is none; the role is checked first."""
    person = ensure_person(client, deps, team_id, user_id)
    with deps.db.begin() as session:
        if not roles.can_read_program_reports(session, person):
            return blocks.build_report_not_allowed_message()
        program = find_program(session, team_id=team_id, name=name)
        if program is None:
            return blocks.build_unknown_program_message(name)
        report = compute_report(
            session,
            program=program,
            today=local(deps.clock.now(), person.tz).date(),
            tz_name=person.tz,
        )
    uploaded, with_chart = send_files(client, deps, person, report)
    note = blocks.files_note(uploaded=uploaded, with_chart=with_chart)
    return blocks.build_report_message(report, files_note=note)


def send_files(
    client: WebClient, deps: Deps, person: Person, report: ProgramReport
) -> tuple[bool, bool]:
    """The CSV (and the chart, when matplotlib is there) in the person's DM, in one upload:
    (uploaded, with the chart). A refused upload is logged: the figures still go out."""
    title = clip(plain(report.program_name), 80)
    files: list[dict[str, Any]] = [
        {
            "content": report_csv(report),
            "filename": blocks.CSV_FILENAME,
            "title": f"{title}: program report (CSV)",
        }
    ]
    png = charts.meetings_per_week_png(
        report.weeks[-CHART_WEEKS:], title=f"{title}: meetings per week"
    )
    if png is not None:
        files.append(
            {"content": png, "filename": blocks.CHART_FILENAME, "title": f"{title}: meetings"}
        )
    try:
        client.files_upload_v2(
            channel=dm_channel(client, deps, person),
            file_uploads=files,
            initial_comment=f"The program report of *{clip(escape(report.program_name), 80)}*.",
        )
    except SlackApiError as error:
        logger.warning("program report upload failed: %s", error.response.get("error"))
        return False, False
    return True, png is not None
