"""The matching proposal as its admin reviews it (the DM message with Swap, Remove, Match again
and Publish) and the Swap modal. Pure builders: plain data in, Block Kit out. App Home's
"Programs you run" is in home_blocks.py, the scheduled messages in delivery_blocks.py."""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from bot.services.programs.proposals import PairLine, Proposal, UnmatchedLine
from bot.services.programs.review import SwapChoices
from handlers.meetings.blocks.context import Message
from handlers.programs.rounds import circle_blocks
from handlers.slack.mrkdwn import actions, button, clip, context, divider, escape, header, plain
from handlers.slack.mrkdwn import section as _section
from handlers.slack.origin import OPENER_KEY, ORIGIN_KEY, Origin
from handlers.slack.row_ids import row_id

SWAP_ACTION = "program_round_swap"
REMOVE_ACTION = "program_round_remove"
MATCH_AGAIN_ACTION = "program_round_match_again"
PUBLISH_ACTION = "program_round_publish"
HOME_MATCH_NOW = "program_home_match_now"
HOME_VIEW_PROPOSAL = "program_home_view_proposal"
SWAP_VIEW = "program_round_swap_view"
SWAP_BLOCK, SWAP_SELECT = "program_swap_mentor", "choice"

MESSAGE_BLOCKS = 50  # Slack's limit for a message
SECTION_CHARS = 3000
MAX_PAIRS_SHOWN = 20  # two blocks each: the figures, the unmatched and the buttons fit beside
MAX_REASON_CHARS = 400
MAX_HOME_PROGRAMS = 5
_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,20}")

NOT_ADMIN = (
    "This button is for mentoring admins (workspace admins and owners, and people they name), "
    "so nothing changed."
)
WORKING = "Matching the program now; the proposal comes to this DM in a moment."

_STATUS = {
    "proposed": "waiting for your review",
    "published": "published",
    "superseded": "replaced by a newer proposal",
}
_PAIR_STATUS = {
    "offered": "introduced, waiting for the mentor",
    "accepted": "accepted",
    "unsent": "not sent: the next best mentor was offered",
}
_SEAT_STATUS = {  # a circles program's lines: a mentee is seated, never introduced
    "accepted": "seated in the circle",
    "unsent": "not seated: the mentor left or the seat went; Match now places them again",
}


def who(slack_id: str, name: str) -> str:
    """A person in mrkdwn: a mention of their Slack id, else their name escaped."""
    return f"<@{slack_id}>" if _SLACK_ID.fullmatch(slack_id or "") else escape(name)


def pair_value(round_id: int, pair_id: int) -> str:
    return f"{round_id}:{pair_id}"


def parse_pair_value(value: str) -> tuple[int, int] | None:
    round_id, _, pair_id = value.partition(":")
    first, second = row_id(round_id), row_id(pair_id)
    return (first, second) if first is not None and second is not None else None


def cli_hint(name: str) -> str:
    """The command that writes every line of the proposal."""
    return f"`mentorbot match --program {escape(shlex.quote(name))} --csv proposal.csv`"


# --- the proposal -------------------------------------------------------------------------------


def build_proposal_message(proposal: Proposal, *, notice: str = "") -> Message:
    """The round's figures, its pairs (with Swap and Remove while it waits for review), every
    unmatched mentee with why, and Match again / Publish. At most 50 blocks, whatever the size
    of the program: what does not fit is counted, and the CLI writes it all."""
    open_ = proposal.status == "proposed"
    blocks: list[dict[str, Any]] = [header(f"{proposal.program_name}: matching round")]
    if notice:
        blocks.append(_section(notice))
    blocks.append(_section(_figures(proposal)))
    if proposal.note:
        blocks.append(context(escape(clip(proposal.note, 1000))))
    if proposal.circle_size:  # one block more: one pair fewer shown
        blocks.append(circle_blocks.circles_section(proposal, who))
    blocks.append(divider())
    shown = proposal.pairs[: MAX_PAIRS_SHOWN - (1 if proposal.circle_size else 0)]
    for pair in shown:
        text = _pair_text(pair, in_circles=bool(proposal.circle_size))
        blocks.append(_section(text, block_id=f"pair_{pair.pair_id}"))
        if open_ and pair.status == "proposed":
            blocks.append(_pair_buttons(proposal.round_id, pair))
    if not proposal.pairs:
        blocks.append(_section("_No pairs in this proposal._"))
    hidden = len(proposal.pairs) - len(shown)
    unmatched_text, unmatched_hidden = _unmatched_text(proposal.unmatched)
    if unmatched_text:
        blocks.extend([divider(), _section(unmatched_text)])
    if hidden or unmatched_hidden:
        blocks.append(context(_more_text(proposal.program_name, hidden, unmatched_hidden)))
    if open_:
        blocks.append(_round_buttons(proposal))
    assert len(blocks) <= MESSAGE_BLOCKS
    return {"text": _fallback(proposal), "blocks": blocks}


def _figures(proposal: Proposal) -> str:
    status = _STATUS.get(proposal.status, proposal.status)
    return (
        f"*Matched {proposal.matched} of {proposal.mentee_count} mentees* "
        f"({proposal.match_rate:.0%}) with {proposal.mentor_count} mentors · "
        f"total fit {proposal.total_fit:.2f} · solver {escape(proposal.solver_status or 'n/a')}\n"
        f"Round {proposal.round_id}, {status}."
    )


def _fallback(proposal: Proposal) -> str:
    return (
        f"{escape(proposal.program_name)}: matched {proposal.matched} of "
        f"{proposal.mentee_count} mentees ({proposal.match_rate:.0%}), "
        f"{_STATUS.get(proposal.status, proposal.status)}"
    )


def _pair_text(pair: PairLine, *, in_circles: bool) -> str:
    line = (
        f"*{who(pair.mentee_slack_id, pair.mentee_name)}* with mentor "
        f"*{who(pair.mentor_slack_id, pair.mentor_name)}* · fit {pair.score:.2f}"
    )
    if pair.origin == "swap":
        line += " · changed by an admin"
    state = (_SEAT_STATUS if in_circles else _PAIR_STATUS).get(pair.status)
    if state:
        line += f" · {state}"
    return f"{line}\n{escape(clip(pair.reasons, MAX_REASON_CHARS)) or '_no reasons recorded_'}"


def _pair_buttons(round_id: int, pair: PairLine) -> dict[str, Any]:
    value = pair_value(round_id, pair.pair_id)
    return actions(
        button("Swap mentor", SWAP_ACTION, value),
        button("Remove", REMOVE_ACTION, value, style="danger"),
        block_id=f"pair_actions_{pair.pair_id}",
    )


def _unmatched_text(unmatched: tuple[UnmatchedLine, ...]) -> tuple[str, int]:
    """Every unmatched mentee with why, in one section: as many lines as 3,000 characters hold,
    and how many were left out."""
    if not unmatched:
        return "", 0
    title = f"*Not matched ({len(unmatched)})*"
    lines: list[str] = [title]
    used = len(title)
    budget = SECTION_CHARS - 100  # room for the "and N more" line
    for index, line in enumerate(unmatched):
        text = f"• {who(line.mentee_slack_id, line.mentee_name)}: {escape(clip(line.reason, 300))}"
        if used + len(text) + 1 > budget:
            left = len(unmatched) - index
            lines.append(f"…and {left} more not matched.")
            return "\n".join(lines), left
        lines.append(text)
        used += len(text) + 1
    return "\n".join(lines), 0


def _more_text(name: str, pairs: int, unmatched: int) -> str:
    parts = []
    if pairs:
        parts.append(f"{pairs} more pair{'s' if pairs != 1 else ''}")
    if unmatched:
        parts.append(f"{unmatched} more unmatched mentee{'s' if unmatched != 1 else ''}")
    return f"{' and '.join(parts)} are not shown here; {cli_hint(name)} writes all of them."


def _round_buttons(proposal: Proposal) -> dict[str, Any]:
    value = str(proposal.round_id)
    publish = button("Publish", PUBLISH_ACTION, value, style="primary")
    publish["confirm"] = {
        "title": {"type": "plain_text", "text": "Publish this round?"},
        "text": {
            "type": "mrkdwn",
            "text": clip(
                circle_blocks.publish_confirm(proposal)
                if proposal.circle_size
                else f"Each of the {proposal.matched} mentors gets an introduction to their "
                f"mentee, and each mentee is told who their mentor is. This cannot be undone.",
                300,
            ),
        },
        "confirm": {"type": "plain_text", "text": "Publish"},
        "deny": {"type": "plain_text", "text": "Not yet"},
    }
    return actions(
        button("Match again", MATCH_AGAIN_ACTION, value), publish, block_id="round_actions"
    )


def published_notice(offered: int, unsent: int, circles: int, *, in_circles: bool) -> str:
    """What Publish did, said above the round."""
    if in_circles:
        return circle_blocks.published_notice(offered, circles, unsent)
    text = (
        f":white_check_mark: Published. {offered} introduction{'s' if offered != 1 else ''} "
        "go to the mentors at the next scheduler pass in their working hours; each mentee is "
        "told who their mentor is."
    )
    if unsent:
        text += f" {unsent} could not be sent; their mentees were offered the next best mentor."
    return text


# --- the Swap modal -----------------------------------------------------------------------------


def build_swap_modal(choices: SwapChoices, origin: Origin, opener: str) -> dict[str, Any]:
    """Another of the program's mentors for the pair's mentee, best fit first."""
    pair = choices.pair
    meta = {"round": choices.round_id, "pair": pair.pair_id, OPENER_KEY: opener}
    meta[ORIGIN_KEY] = origin.as_meta()
    intro = (
        f"*{who(pair.mentee_slack_id, pair.mentee_name)}* is now with "
        f"*{who(pair.mentor_slack_id, pair.mentor_name)}* (fit {pair.score:.2f}). "
        "Choose another of the program's mentors with room, or one in another pair "
        "(the two pairs then swap mentors). Rules the round keeps still hold."
    )
    blocks: list[dict[str, Any]] = [_section(intro)]
    if choices.choices:
        options = [
            {
                "text": {
                    "type": "plain_text",
                    "text": clip(plain(f"{c.mentor_name} · {c.detail} · fit {c.fit:.2f}"), 75),
                },
                "value": c.value,
            }
            for c in choices.choices
        ]
        blocks.append(
            {
                "type": "input",
                "block_id": SWAP_BLOCK,
                "label": {"type": "plain_text", "text": "New mentor"},
                "element": {
                    "type": "static_select",
                    "action_id": SWAP_SELECT,
                    "placeholder": {"type": "plain_text", "text": "Choose a mentor"},
                    "options": options,
                },
            }
        )
    else:
        blocks.append(_section("No other mentor in the program has room or a pair to swap."))
    if choices.more:
        blocks.append(context(f"The {choices.more} with the lowest fit are not listed."))
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": SWAP_VIEW,
        "title": {"type": "plain_text", "text": "Swap mentor"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps(meta),
        "blocks": blocks,
    }
    if choices.choices:
        view["submit"] = {"type": "plain_text", "text": "Swap"}
    return view
