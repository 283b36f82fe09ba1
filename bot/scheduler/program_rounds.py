"""The programs' steps of a pass (issue 18): each a thin source around one service function.

After requests have expired, a declined or unanswered program introduction offers its mentee
the next best free mentor (whose introduction the same pass sends); a round-mode program whose
enrolment has closed is matched once and its proposal queued to its admin.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler.report import PassReport
from bot.services.programs import autoround, followups

logger = logging.getLogger("mentorbot.scheduler")


def offer_next_program_mentors(
    _client: WebClient, deps: Deps, now: datetime, _report: PassReport
) -> None:
    with deps.db.begin() as session:
        done = followups.offer_next_mentors(session, now=now)
    if done:
        logger.info("program introductions offered again", extra={"count": len(done)})


def match_closed_programs(
    _client: WebClient, deps: Deps, now: datetime, _report: PassReport
) -> None:
    for done in autoround.match_closed_programs(deps.db, now=now):
        logger.info(
            "program matched when enrolment closed",
            extra={"program_id": done.program_id, "outcome": done.kind, "queued": done.queued},
        )
