"""A person's data rights on the Slack side: the export as a file in their DM; the erasure (the
service does the work, we tell their former partners)."""

from __future__ import annotations

import json
import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.calendar.invites import Series, build_cancel
from bot.services.data_rights import erase, export
from handlers.calendar.blocks import build_cancel_comment
from handlers.data_rights.blocks import EXPORT_COMMENT, build_partner_left_message
from handlers.slack.people import dm_channel
from storage.models import Person

logger = logging.getLogger("mentorbot.data_rights")


def send_export(client: WebClient, deps: Deps, person: Person) -> None:
    """Everything stored about the person, as a JSON file in their DM with the app."""
    assert person.id is not None
    with deps.db.begin() as session:
        exported = export.export_person(
            session, team_id=person.team_id, person_id=person.id, now=deps.clock.now()
        )
    client.files_upload_v2(
        channel=dm_channel(client, deps, person),
        content=json.dumps(exported, indent=2, ensure_ascii=False, sort_keys=True),
        filename=f"mentorbot-data-{person.slack_user_id}.json",
        title="Your Mentorbot data",
        initial_comment=EXPORT_COMMENT,
    )


def erase_and_tell(
    client: WebClient | None, deps: Deps, *, team_id: str, person_id: int
) -> erase.Erasure:
    """Erase the person (one unit of work), then tell each former partner kindly.

    The erasure is committed before any Slack call, so a failing send never brings data back.
    """
    with deps.db.begin() as session:
        erasure = erase.erase_person(
            session, team_id=team_id, person_id=person_id, now=deps.clock.now()
        )
    if client is not None:
        for ended in erasure.ended_pairs:
            _tell_partner(client, deps, team_id, ended)
    logger.info(
        "person erased",
        extra={"team_id": team_id, "removed": erasure.removed, "pairs": len(erasure.ended_pairs)},
    )
    return erasure


def _tell_partner(client: WebClient, deps: Deps, team_id: str, ended: erase.EndedPair) -> None:
    with deps.db.begin() as session:
        partner = session.get(Person, ended.other_person_id)
    if partner is None or partner.team_id != team_id:
        return
    message = build_partner_left_message(partner_was_mentor=ended.erased_was_mentor)
    try:
        client.chat_postMessage(
            channel=dm_channel(client, deps, partner),
            text=message["text"],
            blocks=message["blocks"],
        )
    except SlackApiError:
        # The pair has ended either way; a note that cannot be delivered is not worth a retry loop.
        logger.warning("could not tell a former partner", exc_info=True)
        return
    if ended.cancel is not None:
        _cancel_in_calendar(client, deps, partner, ended.cancel)


def _cancel_in_calendar(client: WebClient, deps: Deps, partner: Person, series: Series) -> None:
    """METHOD:CANCEL for the pair's series, in the former partner's DM."""
    try:
        client.files_upload_v2(
            channel=dm_channel(client, deps, partner),
            content=build_cancel(series, now=deps.clock.now()),
            filename="mentoring.ics",
            title="Mentoring meetings",
            initial_comment=build_cancel_comment(),
        )
    except SlackApiError:
        logger.warning("could not cancel a former partner's meetings", exc_info=True)
