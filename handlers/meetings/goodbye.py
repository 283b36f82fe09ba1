"""The kind closing note to both people of a pair that just ended, the mentee's with their
next match if one fits (from /mentor end, the End form, or a program's close-out)."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.meetings import endings, pair_access
from handlers.meetings import blocks
from handlers.slack.pairs import post_to_person


def say_goodbye(client: WebClient, deps: Deps, view: pair_access.PairView) -> None:
    pair_id = view.pair.id or 0
    with deps.db.begin() as session:
        found = endings.next_match_after_end(session, view=view, now=deps.clock.now())
    next_mentor = (
        blocks.NextMentor(found.search_id, found.mentor_id, found.mentor_user, found.reason)
        if found
        else None
    )
    to_mentor = blocks.build_closing_message(
        view.mentee.slack_user_id, is_mentee=False, pair_id=pair_id, peer=view.peer
    )
    to_mentee = blocks.build_closing_message(
        view.mentor.slack_user_id,
        is_mentee=True,
        pair_id=pair_id,
        next_mentor=next_mentor,
        peer=view.peer,
    )
    post_to_person(client, deps, view.mentor, to_mentor)
    post_to_person(client, deps, view.mentee, to_mentee)
