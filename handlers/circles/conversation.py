"""Where a circle lives in Slack: a group DM of everyone and the bot while it fits
(`conversations.open` takes at most 8 users besides the bot), else a private channel the bot
creates and invites people to. A group DM's people are fixed, so a newcomer means a new group
DM, introduced from the start, and a leaver means a new group DM without them; a private
channel takes the newcomer and welcomes them, and removes the leaver."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.circles import membership
from bot.services.circles.views import CircleView, Someone
from handlers.circles.messages import (
    build_intro_message,
    build_moved_message,
    build_welcome_message,
)

MAX_GROUP_DM = 8  # users besides the bot


def seat_in_conversation(
    client: WebClient, deps: Deps, circle: CircleView, newcomer: Someone
) -> None:
    """Bring the newcomer into the circle's conversation, and introduce them there."""
    users = [p.slack_user_id for p in circle.everyone if p.slack_user_id]
    if circle.channel_is_private and circle.channel_id:
        client.conversations_invite(channel=circle.channel_id, users=newcomer.slack_user_id)
        client.chat_postMessage(
            channel=circle.channel_id, **build_welcome_message(circle, newcomer)
        )
        return
    if len(users) <= MAX_GROUP_DM:
        opened = client.conversations_open(users=",".join(users))
        channel_id, private = str(opened["channel"]["id"]), False
    else:
        channel_id, private = _private_channel(client, circle), True
        client.conversations_invite(channel=channel_id, users=",".join(users))
    _record(deps, circle, channel_id, private=private)
    client.chat_postMessage(channel=channel_id, **build_intro_message(circle))


def bring_in(
    client: WebClient, deps: Deps, circle: CircleView, newcomers: tuple[Someone, ...]
) -> None:
    """People a program's round seated: a private channel invites and welcomes each; a group
    DM (its people are fixed) opens anew with everyone, introduced from the start."""
    if circle.channel_is_private and circle.channel_id:
        for newcomer in newcomers:
            seat_in_conversation(client, deps, circle, newcomer)
    elif newcomers:
        seat_in_conversation(client, deps, circle, newcomers[0])


def _record(deps: Deps, circle: CircleView, channel_id: str | None, *, private: bool) -> None:
    with deps.db.begin() as session:
        membership.record_channel(
            session,
            team_id=circle.team_id,
            circle_id=circle.circle_id,
            channel_id=channel_id,
            private=private,
        )


def _private_channel(client: WebClient, circle: CircleView) -> str:
    """A new private channel for the circle; a taken name gets a number on the end."""
    base = f"mentor-circle-{circle.circle_id}"
    for attempt in range(5):
        name = base if attempt == 0 else f"{base}-{attempt + 1}"
        try:
            created = client.conversations_create(name=name, is_private=True)
        except SlackApiError as error:
            if error.response.get("error") == "name_taken":
                continue
            raise
        return str(created["channel"]["id"])
    raise RuntimeError(f"no free channel name for circle {circle.circle_id}")


def post_to_circle(client: WebClient, circle: CircleView, message: dict[str, object]) -> bool:
    """Post in the circle's conversation, when it has one."""
    if not circle.channel_id:
        return False
    client.chat_postMessage(channel=circle.channel_id, **message)  # type: ignore[arg-type]
    return True


def remove_from_conversation(
    client: WebClient, deps: Deps, circle: CircleView, leaver: Someone
) -> None:
    """A member left: out of the circle's private channel (conversations.kick, groups:write).
    A group DM cannot drop anyone (Slack fixes its people when it opens), so the circle
    moves to a new group DM of those who remain, and the old one hears no more of it."""
    if not (circle.channel_id and leaver.slack_user_id):
        return
    if circle.channel_is_private:
        try:
            client.conversations_kick(channel=circle.channel_id, user=leaver.slack_user_id)
        except SlackApiError as error:
            if error.response.get("error") != "not_in_channel":  # they left it themselves
                raise
        return
    users = [p.slack_user_id for p in circle.everyone if p.slack_user_id]
    # With only the mentor left, a "group DM" would be the mentor's own DM: the circle waits
    # without a conversation, and the next newcomer opens one.
    channel_id = (
        str(client.conversations_open(users=",".join(users))["channel"]["id"])
        if circle.members and len(users) > 1
        else None
    )
    _record(deps, circle, channel_id, private=False)
    if channel_id is not None:
        client.chat_postMessage(channel=channel_id, **build_moved_message(circle))
