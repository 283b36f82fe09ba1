"""Ending a pair: the confirmation, the kind goodbye with a next match, and the retrospective."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from handlers.matching.blocks import REQUEST_INTRO, ids_value
from handlers.meetings.blocks.context import bond
from handlers.meetings.blocks.forms import modal, pair_meta, text_input
from handlers.meetings.blocks.gratitude import GRATITUDE_OPEN
from handlers.slack.mrkdwn import actions, button, clip, escape, section
from handlers.slack.origin import NOWHERE, Origin

END_OPEN = "pair_end_open"  # value: a pair id
RETRO_OPEN = "retro_open"  # value: a pair id
FIND_NEXT_MENTOR = "sched_find_mentor"  # value: the ended pair's id
END_VIEW = "end_modal"
RETRO_VIEW = "retro_modal"
HELPED_BLOCK, HELPED_ACTION = "helped", "helped_value"
GOALS_BLOCK, GOALS_ACTION = "goals", "goals_value"


@dataclass(frozen=True)
class NextMentor:
    """The mentee's next match on the closing message (ids only go on the button)."""

    search_id: int
    mentor_id: int
    mentor_user: str
    reason: str


def build_end_view(
    pair_id: int, other_user: str, origin: Origin = NOWHERE, opener: str = "", *, peer: bool = False
) -> dict[str, Any]:
    text = (
        f"End your {bond(peer)} with <@{other_user}>? You'll both get a kind closing note; "
        "your history stays with you."
    )
    meta = pair_meta(pair_id, origin, opener)
    return modal(END_VIEW, f"End {bond(peer)}", "End it", [section(text)], meta)


def build_closing_message(
    other_user: str,
    *,
    is_mentee: bool,
    pair_id: int,
    next_mentor: NextMentor | None = None,
    peer: bool = False,
) -> dict[str, Any]:
    """A kind goodbye, a retrospective, and for the mentee a thank-you and a next match; for
    either of a peer pair a thank-you (a next mentor is no answer to them)."""
    text = f"Your {bond(peer)} with <@{other_user}> has ended. Thank you for the time you gave it."
    pair = str(pair_id)
    buttons = [button("Short retrospective", RETRO_OPEN, pair)]
    blocks = [section(text)]
    if is_mentee or peer:
        buttons.append(button("Send thanks", GRATITUDE_OPEN, pair, style="primary"))
    if is_mentee and not peer:
        blocks += _next_mentor_blocks(pair_id, next_mentor)
    blocks.insert(1, actions(*buttons, block_id="closing_actions"))
    return {"text": text, "blocks": blocks}


def _next_mentor_blocks(pair_id: int, next_mentor: NextMentor | None) -> list[dict[str, Any]]:
    """Whenever they're ready: one good next match, or the search itself."""
    if next_mentor is None:
        return [
            section("Whenever you're ready to keep growing, a new mentor is one click away."),
            actions(button("Find a mentor", FIND_NEXT_MENTOR, str(pair_id)), block_id="next_find"),
        ]
    intro = (
        f"Whenever you're ready for a next step, <@{next_mentor.mentor_user}> could be a good "
        f"match:\n{escape(clip(next_mentor.reason, 500))}"
    )
    return [
        section(intro),
        actions(
            button(
                "Request intro",
                REQUEST_INTRO,
                ids_value(next_mentor.search_id, next_mentor.mentor_id),
            ),
            block_id="next_match",
        ),
    ]


def build_retro_view(pair_id: int, origin: Origin = NOWHERE, opener: str = "") -> dict[str, Any]:
    blocks = [
        text_input(HELPED_BLOCK, HELPED_ACTION, "What helped most?"),
        text_input(GOALS_BLOCK, GOALS_ACTION, "Where do your goals stand?"),
    ]
    return modal(RETRO_VIEW, "Looking back", "Save", blocks, pair_meta(pair_id, origin, opener))


def build_retro_saved_message(helped_most: str, goals_status: str) -> dict[str, Any]:
    """Thanks, and what the person wrote, for their eyes only (it is their DM)."""
    text = "Thanks for looking back. Only you see this:"
    parts = [f"*{text}*"]
    if helped_most:
        parts.append(f"*What helped most*\n>{escape(clip(helped_most, 1200))}")
    if goals_status:
        parts.append(f"*Where your goals stand*\n>{escape(clip(goals_status, 1200))}")
    return {"text": text, "blocks": [section("\n".join(parts))]}
