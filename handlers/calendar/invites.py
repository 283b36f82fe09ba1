"""Sending a pair's invite: the .ics in each person's DM with its one-line summary (date, time,
recurrence) and the Google / Outlook links; or, when the pair ended, the cancellation. A failed
upload to one person does not keep the other's from going."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import local
from bot.deps import Deps
from bot.services.cadence import CADENCES
from bot.services.calendar import agreement
from bot.services.calendar.invites import build_cancel, build_invite
from bot.services.calendar.links import google_link, outlook_link
from bot.services.calendar.slots import Slot
from bot.services.meetings.pair_access import PairView, pair_view
from handlers.calendar import blocks
from handlers.slack.pairs import pair_channel
from handlers.slack.people import dm_channel
from storage.models import MeetingTime, Person

logger = logging.getLogger("mentorbot.calendar")


Comment = Callable[[Person, date], str]  # the file's one-line note, for a reader on their day


def send_invites(
    client: WebClient, deps: Deps, view: PairView, *, comment: Comment | None = None
) -> None:
    """The pair's agreed series, as it is now, to both (nothing when none was agreed): an
    update, or a cancel when the pair ended or paused before its first meeting. `comment`
    replaces the file's usual note (who changed what)."""
    now = deps.clock.now()
    channel = view.pair.group_channel_id or pair_channel(client, deps, view.pair.id or 0)
    group_url = f"https://slack.com/app_redirect?channel={channel}&team={view.pair.team_id}"
    with deps.db.begin() as session:
        time = agreement.time_of(session, pair_id=view.pair.id or 0)
        if time is None:
            return
        series = agreement.series_of(session, view, time, group_url=group_url)
    cancelled = time.status == "cancelled" or (time.status == "paused" and time.until is None)
    content = build_cancel(series, now=now) if cancelled else build_invite(series, now=now)
    note = comment or _usual_comment(time)
    links = blocks.build_links_message(google_link(series), outlook_link(series))
    for person in (view.mentor, view.mentee):
        try:
            dm = dm_channel(client, deps, person)
            client.files_upload_v2(
                channel=dm,
                content=content,
                filename="mentoring.ics",
                title="Mentoring meetings",
                initial_comment=note(person, local(now, person.tz).date()),
            )
            if time.status == "agreed":
                client.chat_postMessage(channel=dm, text=links["text"], blocks=links["blocks"])
        except SlackApiError as error:
            logger.warning(
                "invite not sent",
                extra={"pair_id": view.pair.id, "error": error.response.get("error")},
            )


def _usual_comment(time: MeetingTime) -> Comment:
    length = timedelta(minutes=time.length_minutes)
    slot = Slot(time.first_start, time.first_start + length)
    words = CADENCES.get(time.cadence, time.cadence)

    def comment(person: Person, today: date) -> str:
        if time.status == "cancelled":
            return blocks.build_cancel_comment()
        if time.status == "paused":
            last = Slot(time.until, time.until + length) if time.until else None
            return blocks.build_paused_comment(last, person.tz, today)
        return blocks.build_invite_comment(slot, person.tz, words, today)

    return comment


def send_resumed_invites(client: WebClient, deps: Deps, person: Person, pair_id: int) -> None:
    """A pause ended: the series starts again (same UID, a higher SEQUENCE) in both DMs."""
    with deps.db.begin() as session:
        view = pair_view(session, team_id=person.team_id, pair_id=pair_id, person=person)
    send_invites(client, deps, view)
