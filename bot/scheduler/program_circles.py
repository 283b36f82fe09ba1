"""A circles program's steps of a pass: people its published round seated are brought into
their circle's conversation (so `mentorbot match --publish` works as the Publish button does,
and a Slack error is retried at the next pass), and its circles close when its term ends."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.scheduler.report import PassReport
from bot.scheduler.sending import TeamClients
from bot.services.circles import calendar
from bot.services.circles.views import CircleView
from bot.services.programs import program_circles
from handlers.circles.conversation import bring_in, post_to_circle
from handlers.circles.invites import send_circle_files
from handlers.circles.messages import build_term_ended_message
from handlers.slack.pairs import post_to_person
from handlers.slack.people import known_person

logger = logging.getLogger("mentorbot.scheduler")
BATCH = 50  # circles a pass takes in each step; the rest wait for the next pass


def bring_in_program_circles(
    client: WebClient, deps: Deps, now: datetime, _report: PassReport
) -> None:
    with deps.db.begin() as session:
        arrivals = program_circles.awaiting_conversation(session, limit=BATCH)
    clients = TeamClients(client, deps)
    for arrival in arrivals:
        circle, ids = arrival.circle, [n.person_id for n in arrival.newcomers]
        team_client = clients.get(circle.team_id)
        if team_client is None:
            continue
        try:
            bring_in(team_client, deps, circle, arrival.newcomers)
        except SlackApiError as error:
            logger.warning(
                "cannot bring a program's circle together; the next pass tries again",
                extra={"circle_id": circle.circle_id, "error": error.response.get("error")},
            )
            continue
        with deps.db.begin() as session:
            program_circles.brought_in(session, circle_id=circle.circle_id, person_ids=ids)
            files = [
                file
                for person_id in ids
                for file in calendar.after_join(
                    session,
                    team_id=circle.team_id,
                    circle_id=circle.circle_id,
                    person_id=person_id,
                    now=now,
                )
            ]
        send_circle_files(team_client, deps, files)


def close_ended_program_circles(
    client: WebClient, deps: Deps, now: datetime, _report: PassReport
) -> None:
    """Closed in the database first, then told: a Slack error loses the goodbye, never the end."""
    with deps.db.begin() as session:
        closed = program_circles.close_ended(session, now=now, limit=BATCH)
    clients = TeamClients(client, deps)
    for circle in closed:
        team_client = clients.get(circle.team_id)
        if team_client is not None:
            _say_goodbye(team_client, deps, circle)


def _say_goodbye(client: WebClient, deps: Deps, circle: CircleView) -> None:
    """In the circle's conversation; where it has none (only its mentor was left, or nobody
    was brought in yet), in each one's DM."""
    goodbye = build_term_ended_message(circle)
    try:
        if not post_to_circle(client, circle, goodbye):
            for someone in circle.everyone:
                person = known_person(deps, circle.team_id, someone.slack_user_id)
                if person is not None and not person.is_deleted:
                    post_to_person(client, deps, person, goodbye)
    except SlackApiError as error:
        logger.warning(
            "cannot post a program circle's goodbye",
            extra={"circle_id": circle.circle_id, "error": error.response.get("error")},
        )
    ids = [p.person_id for p in circle.everyone]
    with deps.db.begin() as session:
        files = calendar.after_close(
            session, team_id=circle.team_id, circle_id=circle.circle_id, person_ids=ids
        )
    send_circle_files(client, deps, files)
