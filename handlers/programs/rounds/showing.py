"""Putting the proposal in front of its admin: the message they clicked (and the one the round
remembers) is updated in place, or a new one is posted to their DM; the round then remembers
where it is, so the next change updates it."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.programs import review
from bot.services.programs.proposals import Proposal
from handlers.programs.rounds.blocks import build_proposal_message
from handlers.slack.origin import NOWHERE, Origin
from handlers.slack.people import dm_channel
from storage.models import Person

logger = logging.getLogger("mentorbot.programs")


def show_proposal(
    client: WebClient,
    deps: Deps,
    person: Person,
    proposal: Proposal,
    *,
    origin: Origin = NOWHERE,
    notice: str = "",
    fresh: bool = False,
) -> None:
    """Update the clicked message and the remembered one; `fresh` (or nothing to update) posts
    the proposal to the person's DM instead."""
    message = build_proposal_message(proposal, notice=notice)
    team_id, round_id = person.team_id, proposal.round_id
    targets: list[tuple[str, str]] = []
    if not fresh:
        if origin.channel:
            targets.append((origin.channel, origin.ts))
        with deps.db.begin() as session:
            remembered = review.message_of(session, team_id=team_id, round_id=round_id)
        if remembered is not None and remembered not in targets:
            targets.append(remembered)
    landed: tuple[str, str] | None = None
    for channel, ts in targets:
        try:
            client.chat_update(
                channel=channel, ts=ts, text=message["text"], blocks=message["blocks"]
            )
        except SlackApiError as error:
            logger.warning("cannot update a proposal message: %s", error.response.get("error"))
            continue
        landed = landed or (channel, ts)
    if landed is None:
        posted = client.chat_postMessage(
            channel=dm_channel(client, deps, person),
            text=message["text"],
            blocks=message["blocks"],
            unfurl_links=False,
        )
        landed = (str(posted["channel"]), str(posted["ts"]))
    with deps.db.begin() as session:
        review.remember_message(
            session, team_id=team_id, round_id=round_id, channel_id=landed[0], ts=landed[1]
        )
