"""Sending a circle's calendar files: each in its person's own DM, with a one-line summary
(date, time, recurrence on the reader's clock) and, for an invite, the Google / Outlook links.
A failed upload to one person does not keep the others' from going."""

from __future__ import annotations

import logging
from datetime import date, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import local
from bot.deps import Deps
from bot.services.cadence import CADENCES
from bot.services.calendar.invites import Series, build_cancel, build_invite
from bot.services.calendar.links import google_link, outlook_link
from bot.services.calendar.slots import Slot, label
from bot.services.circles.calendar import CircleFile
from handlers.calendar.blocks import build_links_message
from handlers.slack.mrkdwn import escape
from handlers.slack.people import dm_channel

logger = logging.getLogger("mentorbot.calendar")

FILENAME = "mentoring-circle.ics"


def build_circle_invite_comment(series: Series, tz: str | None, today: date) -> str:
    """The invite's one-line summary: date, time, recurrence."""
    slot = Slot(series.start, series.start + series.length)
    words = CADENCES.get(series.cadence, series.cadence)
    when = label(slot, tz, today=today)
    return f"Your circle's meeting invite ({escape(series.summary)}): {when}, {words}."


def build_circle_cancel_comment(series: Series, why: str) -> str:
    topic = escape(series.summary)
    if why == "left":
        return f"You left the circle, so this takes its meetings out of your calendar ({topic})."
    return f"The circle has closed, so this cancels its meetings in your calendar ({topic})."


def circle_file_of(file: CircleFile, *, now: datetime) -> bytes:
    build = build_cancel if file.cancel else build_invite
    return build(file.series, now=now)


def send_circle_files(client: WebClient, deps: Deps, files: list[CircleFile]) -> None:
    """Each file to each of its people, in their DM."""
    now = deps.clock.now()
    for file in files:
        content = circle_file_of(file, now=now)
        links = build_links_message(google_link(file.series), outlook_link(file.series))
        for person in file.to:
            if person.is_deleted:
                continue
            if file.cancel:
                comment = build_circle_cancel_comment(file.series, file.why)
            else:
                today = local(now, person.tz).date()
                comment = build_circle_invite_comment(file.series, person.tz, today)
            try:
                dm = dm_channel(client, deps, person)
                client.files_upload_v2(
                    channel=dm,
                    content=content,
                    filename=FILENAME,
                    title=file.series.summary,
                    initial_comment=comment,
                )
                if not file.cancel:
                    client.chat_postMessage(channel=dm, text=links["text"], blocks=links["blocks"])
            except SlackApiError as error:
                logger.warning(
                    "circle invite not sent",
                    extra={"uid": file.series.uid, "error": error.response.get("error")},
                )
