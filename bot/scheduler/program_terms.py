"""The programs' term in a pass: programs open and close with their term and their pairs'
checkpoints are planned (bot/services/programs/terms.py); program pairs gone quiet are nudged,
and ended gracefully 7 days on (bot/services/programs/silence.py). What they plan goes out
through the deliveries, under the rules every delivery keeps."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.scheduler.report import PassReport
from bot.scheduler.sending import TeamClients
from bot.services.programs import silence, terms
from handlers.calendar import invites
from handlers.meetings.blocks.programs_checkpoints import build_quiet_closing_message
from handlers.slack.pairs import post_to_person

logger = logging.getLogger("mentorbot.scheduler")


def advance_program_terms(
    _client: WebClient, deps: Deps, now: datetime, _report: PassReport
) -> None:
    """Open and close programs, then plan the running ones' checkpoints (a closed program
    plans none)."""
    with deps.db.begin() as session:
        terms.advance_terms(session, now=now)
    with deps.db.begin() as session:
        terms.plan_checkpoints(session, now=now)


def tend_quiet_program_pairs(
    client: WebClient, deps: Deps, now: datetime, _report: PassReport
) -> None:
    """Nudge program pairs silent for 60 days; end, and tell kindly, those still silent 7
    days after the nudge reached them. The goodbye is best effort: the end is recorded first."""
    with deps.db.begin() as session:
        tended = silence.tend_quiet_pairs(session, now=now)
        names = {
            view.pair.id: terms.program_name(session, program_id=view.pair.program_id)
            for view in tended.ended
        }
    clients = TeamClients(client, deps)
    for view in tended.ended:
        team_client = clients.get(view.pair.team_id)
        if team_client is None:
            continue
        for person, other, is_mentee in (
            (view.mentor, view.mentee, False),
            (view.mentee, view.mentor, True),
        ):
            message = build_quiet_closing_message(
                other.slack_user_id,
                names.get(view.pair.id, ""),
                is_mentee=is_mentee,
                pair_id=view.pair.id or 0,
            )
            try:
                post_to_person(team_client, deps, person, message)
            except SlackApiError as error:
                logger.warning(
                    "cannot tell a quiet pair it ended",
                    extra={"error": error.response.get("error")},
                )
        try:
            invites.send_invites(team_client, deps, view)  # the cancellation, if agreed
        except SlackApiError as error:
            logger.warning(
                "cannot cancel a quiet pair's meetings",
                extra={"error": error.response.get("error")},
            )
