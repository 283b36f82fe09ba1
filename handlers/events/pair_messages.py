"""message.mpim: the two people of a pair talking in their group DM.

The bot never answers there; a person's message only tells the scheduler that the pair is
talking, so their meeting-day prompt counts as answered.
"""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from bot.services import prompt_answers


def is_person_in_group_dm(event: dict[str, Any]) -> bool:
    """A message a person wrote in a group DM (any thread; not a bot, an edit or a join)."""
    if event.get("channel_type") != "mpim":
        return False
    if event.get("bot_id") or event.get("bot_profile") or not event.get("user"):
        return False
    return event.get("subtype") in (None, "file_share", "thread_broadcast")


def note_pair_message(deps: Deps, team_id: str, event: dict[str, Any]) -> None:
    """Count the message as the pair's answer to its latest prompt; never reply."""
    if not is_person_in_group_dm(event):
        return
    with deps.db.begin() as session:
        prompt_answers.message_in_group_dm(
            session,
            team_id=team_id,
            channel_id=str(event.get("channel") or ""),
            user_id=str(event["user"]),
            now=deps.clock.now(),
        )
