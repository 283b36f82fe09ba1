"""A pair's conversation at the Slack edge: its group DM (opened and remembered once), and
posting to the pair or to one of its people."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from storage.models import Pair, Person


def pair_channel(client: WebClient, deps: Deps, pair_id: int) -> str | None:
    """The pair's group DM, opened (and remembered) when we have none yet."""
    with deps.db.begin() as session:
        pair = session.get(Pair, pair_id)
        if pair is None:
            return None
        if pair.group_channel_id:
            return pair.group_channel_id
        mentor, mentee = session.get(Person, pair.mentor_id), session.get(Person, pair.mentee_id)
        assert mentor is not None and mentee is not None
        users = f"{mentor.slack_user_id},{mentee.slack_user_id}"
    channel = str(client.conversations_open(users=users)["channel"]["id"])
    with deps.db.begin() as session:
        stored = session.get(Pair, pair_id)
        if stored is not None:
            stored.group_channel_id = channel
            session.add(stored)
    return channel


def post_to_pair(client: WebClient, deps: Deps, pair_id: int, message: dict[str, Any]) -> None:
    channel = pair_channel(client, deps, pair_id)
    if channel is not None:
        client.chat_postMessage(channel=channel, text=message["text"], blocks=message["blocks"])


def post_to_person(client: WebClient, deps: Deps, person: Person, message: dict[str, Any]) -> None:
    from handlers.slack.people import dm_channel

    client.chat_postMessage(
        channel=dm_channel(client, deps, person), text=message["text"], blocks=message["blocks"]
    )
