"""Sending a pair's invite: the .ics in each person's DM with its one-line summary (date, time,
recurrence) and the Google / Outlook links; or, when the pair ended, the cancellation. A failed
upload to one person does not keep the other's from going."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import local
from bot.deps import Deps
from bot.services.cadence import CADENCES
from bot.services.calendar import agreement
from bot.services.calendar.invites import build_cancel, build_invite
from bot.services.calendar.links import google_link, outlook_link
from bot.services.calendar.slots import Slot
from bot.services.meetings.pair_access import PairView
from handlers.calendar import blocks
from handlers.slack.pairs import pair_channel
from handlers.slack.people import dm_channel

logger = logging.getLogger("mentorbot.calendar")


def send_invites(client: WebClient, deps: Deps, view: PairView) -> None:
    """The pair's agreed series, as it is now, to both (nothing when none was agreed)."""
    now = deps.clock.now()
    channel = view.pair.group_channel_id or pair_channel(client, deps, view.pair.id or 0)
    group_url = f"https://slack.com/app_redirect?channel={channel}&team={view.pair.team_id}"
    with deps.db.begin() as session:
        time = agreement.time_of(session, pair_id=view.pair.id or 0)
        if time is None:
            return
        series = agreement.series_of(session, view, time, group_url=group_url)
    cancelled = time.status == "cancelled"
    content = build_cancel(series, now=now) if cancelled else build_invite(series, now=now)
    slot = Slot(time.first_start, time.first_start + timedelta(minutes=time.length_minutes))
    words = CADENCES.get(time.cadence, time.cadence)
    links = blocks.build_links_message(google_link(series), outlook_link(series))
    for person in (view.mentor, view.mentee):
        today = local(now, person.tz).date()
        comment = (
            blocks.build_cancel_comment()
            if cancelled
            else blocks.build_invite_comment(slot, person.tz, words, today)
        )
        try:
            dm = dm_channel(client, deps, person)
            client.files_upload_v2(
                channel=dm,
                content=content,
                filename="mentoring.ics",
                title="Mentoring meetings",
                initial_comment=comment,
            )
            if not cancelled:
                client.chat_postMessage(channel=dm, text=links["text"], blocks=links["blocks"])
        except SlackApiError as error:
            logger.warning(
                "invite not sent",
                extra={"pair_id": view.pair.id, "error": error.response.get("error")},
            )
