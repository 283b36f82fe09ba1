"""What a circles program's proposal adds: each mentor's circle, the Publish confirmation and
the notice after it. Pure builders, beside blocks.py."""

from __future__ import annotations

from typing import Any

from bot.services.programs.proposals import Proposal
from handlers.slack.mrkdwn import section

SECTION_CHARS = 3000


def circles_section(proposal: Proposal, who: Any) -> dict[str, Any]:
    """One section: each mentor with the mentees who would meet them together."""
    groups = proposal.circles()
    title = (
        f"*{len(groups)} circle{'s' if len(groups) != 1 else ''} of up to {proposal.circle_size}*"
    )
    lines, used = [title], len(title)
    for index, (mentor, mentees) in enumerate(groups):
        names = ", ".join(who(m.mentee_slack_id, m.mentee_name) for m in mentees)
        line = f"• *{who(mentor.mentor_slack_id, mentor.mentor_name)}* with {names}"
        if used + len(line) + 1 > SECTION_CHARS - 100:
            lines.append(f"…and {len(groups) - index} more circles.")
            break
        lines.append(line)
        used += len(line) + 1
    return section("\n".join(lines), block_id="round_circles")


def publish_confirm(proposal: Proposal) -> str:
    groups = len(proposal.circles())
    return (
        f"The {proposal.matched} mentees are seated in {groups} circles, one per mentor, and "
        "each circle's conversation opens with everyone in it. This cannot be undone."
    )


def published_notice(seated: int, circles: int, unsent: int) -> str:
    if not seated:
        text = ":white_check_mark: Published, but nobody could be seated."
    else:
        text = (
            f":white_check_mark: Published. {seated} mentee{'s' if seated != 1 else ''} seated "
            f"in {circles} circle{'s' if circles != 1 else ''}; each circle's conversation opens "
            "at the next scheduler pass, with everyone introduced."
        )
    if unsent:
        text += (
            f" {unsent} could not be seated (their mentor left, or the seat went); "
            "Match now places them again."
        )
    return text
