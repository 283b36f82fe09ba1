"""App Home's "Programs you run", for admins: each program's enrolment and round, with Match now
or View proposal. A pure builder."""

from __future__ import annotations

from typing import Any

from bot.services.home_programs import ProgramRun
from handlers.programs.rounds.blocks import HOME_MATCH_NOW, HOME_VIEW_PROPOSAL, MAX_HOME_PROGRAMS
from handlers.slack.mrkdwn import button, context, divider, escape
from handlers.slack.mrkdwn import section as _section


def build_home_programs_blocks(programs: list[ProgramRun]) -> list[dict[str, Any]]:
    """ "Programs you run", for admins: each program's enrolment and round, with Match now or
    View proposal (at most MAX_HOME_PROGRAMS + 3 blocks)."""
    if not programs:
        return []
    blocks: list[dict[str, Any]] = [_section("*Programs you run*")]
    for run in programs[:MAX_HOME_PROGRAMS]:
        blocks.append(_home_program_block(run))
    if len(programs) > MAX_HOME_PROGRAMS:
        blocks.append(context(f"…and {len(programs) - MAX_HOME_PROGRAMS} more programs."))
    blocks.append(divider())
    return blocks


def _home_program_block(run: ProgramRun) -> dict[str, Any]:
    lines = [
        f"*{escape(run.name)}* · {run.mentees} mentees, {run.mentors} mentors · "
        f"enrolment closes {run.enrolment_closes_on:%-d %B %Y}"
    ]
    if run.matching_mode != "round":
        lines.append("Mentees choose their mentor.")
    elif run.round_status == "proposed":
        lines.append(f"Proposal waiting for review: {run.matched} of {run.round_mentees} matched.")
    elif run.round_status == "published":
        lines.append(f"Round published: {run.matched} of {run.round_mentees} matched.")
    else:
        lines.append("Not matched yet.")
    block = _section("\n".join(lines), block_id=f"program_{run.program_id}")
    if run.matching_mode == "round" and run.round_id is not None:
        block["accessory"] = button("View proposal", HOME_VIEW_PROPOSAL, str(run.round_id))
    elif run.matching_mode == "round":
        block["accessory"] = button(
            "Match now", HOME_MATCH_NOW, str(run.program_id), style="primary"
        )
    return block
