"""The request-introduction modal is sent: store the request, DM the mentor, confirm."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.introductions import asking, program_requests
from bot.services.typed_text import clean
from handlers.introductions.blocks import (
    B_MESSAGE,
    build_mentor_request_message,
    build_request_sent_message,
    message_from_state,
    peer_requested,
    read_request_metadata,
    unavailable_text,
)
from handlers.slack.context import deps_in
from handlers.slack.payload import team_of, user_of, view_values
from handlers.slack.people import dm_channel, ensure_person
from storage.models import Person
from storage.repositories import people as people_repo


def handle_view_intro_request(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    deps = deps_in(context)
    team_id, now = team_of(body), deps.clock.now()
    ids = read_request_metadata(body.get("view") or {})
    peer = peer_requested(body.get("view") or {})
    message = clean(message_from_state(view_values(body)))
    with deps.db.begin() as session:
        me = people_repo.get_person(session, team_id=team_id, slack_user_id=user_of(body))
        if ids is None or me is None or me.id is None:
            ack(response_action="errors", errors={B_MESSAGE: "This form is out of date."})
            return
        outcome = asking.request_intro(
            session,
            team_id=team_id,
            mentee_id=me.id,
            mentor_id=ids[0],
            message=message,
            now=now,
            kind="peer" if peer else "mentoring",
        )
        mentor = people_repo.get_person_by_id(session, team_id=team_id, person_id=ids[0])
        program = outcome.request and program_requests.program_of(session, request=outcome.request)
        program_name = program.name if program else ""
    if outcome.kind == "empty":
        to = "them" if peer else "your mentor"
        ack(response_action="errors", errors={B_MESSAGE: f"Write a few words to {to}."})
        return
    if outcome.kind not in ("sent", "duplicate") or mentor is None:
        refusal = unavailable_text(outcome.kind, peer=peer)
        ack(response_action="errors", errors={B_MESSAGE: refusal})
        return
    ack()
    if outcome.kind == "sent" and outcome.request is not None:
        request_id = outcome.request.id or 0
        _deliver(client, deps, me, mentor, request_id, message, program_name, peer=peer)


def _deliver(
    client: WebClient,
    deps: Deps,
    mentee: Person,
    mentor: Person,
    request_id: int,
    message: str,
    program_name: str = "",
    *,
    peer: bool = False,
) -> None:
    """Send the mentor's DM (recording where it is) and confirm to the mentee."""
    mentor = ensure_person(client, deps, mentor.team_id, mentor.slack_user_id)
    if mentor.is_deleted:
        with deps.db.begin() as session:
            asking.close_for_departed_mentor(
                session, team_id=mentee.team_id, request_id=request_id, now=deps.clock.now()
            )
        text = "That person has left the workspace, so I didn't send it. Try /find-mentor again."
        client.chat_postMessage(channel=dm_channel(client, deps, mentee), text=text)
        return
    channel = dm_channel(client, deps, mentor)
    posted = client.chat_postMessage(
        channel=channel,
        **build_mentor_request_message(
            mentee_slack_id=mentee.slack_user_id,
            message=message,
            request_id=request_id,
            program_name=program_name,
            peer=peer,
        ),
    )
    with deps.db.begin() as session:
        asking.record_mentor_message(
            session,
            team_id=mentee.team_id,
            request_id=request_id,
            channel_id=str(posted["channel"]),
            ts=str(posted["ts"]),
        )
    client.chat_postMessage(
        channel=dm_channel(client, deps, mentee),
        **build_request_sent_message(mentor_slack_id=mentor.slack_user_id, request_id=request_id),
    )
