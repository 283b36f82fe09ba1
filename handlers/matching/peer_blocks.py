"""The peer matches in the /find-mentor answer: people for whom it goes both ways, each with
an "Ask to pair up" button (the introductions feature answers it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.services.matching.peers import PeerMatch
from handlers.slack.mrkdwn import button, clip, context, escape, section

ASK_PEER = "find_mentor_ask_peer"  # value: "<search id>:<person id>"
# The rule for who is shown, said where they are shown.
OPT_IN_RULE = (
    "Peers are people with an open mentor profile who ticked Peer mentoring (they opted in to "
    "being found as a peer) and want what you know, from your profile's skills or your "
    "reflection's strengths."
)


def and_list(labels: Sequence[str]) -> str:
    """ "SQL", "SQL and Go", "SQL, Go and Rust", escaped for mrkdwn."""
    shown = [escape(clip(label, 75)) for label in labels]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + f" and {shown[-1]}"


def peer_reason(match: PeerMatch) -> str:
    """ "you know SQL and want to learn Go; <@kim> knows Go and wants SQL" """
    mine, theirs = and_list(match.i_offer), and_list(match.they_offer)
    return (
        f"you know {mine} and want to learn {theirs}; "
        f"<@{match.slack_user_id}> knows {theirs} and wants {mine}"
    )


def build_peer_match_blocks(matches: Sequence[PeerMatch], search_id: int) -> list[dict[str, Any]]:
    """A heading, one line per peer with its button, and the opt-in rule."""
    if not matches:
        return []
    count = "1 peer" if len(matches) == 1 else f"{len(matches)} peers"
    blocks = [section(f"*Learn from each other*: {count} for whom it goes both ways")]
    for match in matches:
        block = section(
            f"*<@{match.slack_user_id}>*\n{peer_reason(match)}",
            block_id=f"peer_{match.person_id}",
        )
        block["accessory"] = button(
            "Ask to pair up", ASK_PEER, f"{search_id}:{match.person_id}", style="primary"
        )
        blocks.append(block)
    blocks.append(context(OPT_IN_RULE))
    return blocks
