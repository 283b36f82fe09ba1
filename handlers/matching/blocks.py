"""The /find-mentor answer: matches with reasons, "More", and what to do when nobody fits."""

from __future__ import annotations

from typing import Any

from bot.services.matching.ranking import Candidate
from bot.services.matching.searches import SearchResult
from handlers.circles.blocks import build_circle_match_blocks
from handlers.matching.peer_blocks import build_peer_match_blocks
from handlers.slack.mrkdwn import actions, button, clip, context, divider, escape, section
from handlers.slack.replies import private_note
from handlers.slack.row_ids import MAX_ROW_ID

# Buttons sharing one actions block need distinct action_ids: these two get "_<n>" appended.
FIND_MORE = "find_mentor_more"
REQUEST_INTRO = "find_mentor_request_intro"
WATCH_SKILL = "find_mentor_watch_skill"
SEARCH_SKILL = "find_mentor_search_skill"
MAX_WATCH_BUTTONS = 3


def ids_value(*ids: int) -> str:
    """A button value made of ids only."""
    return ":".join(str(i) for i in ids)


def parse_ids(value: str | None, count: int) -> list[int] | None:
    """The ids of a button value, or None when it is not `count` non-negative integers that
    fit the database's integer columns (PostgreSQL refuses a larger one with an error)."""
    parts = (value or "").split(":")
    if len(parts) != count or not all(p.isascii() and p.isdigit() and len(p) < 18 for p in parts):
        return None
    ids = [int(p) for p in parts]
    return ids if all(i <= MAX_ROW_ID for i in ids) else None


def build_find_mentor_message(result: SearchResult, *, typed: bool) -> dict[str, Any]:
    """The ephemeral answer; `typed` says whether the person gave words."""
    if not result.wanted:
        return build_how_to_start_message(result, typed=typed)
    wish = ", ".join(escape(result.label(k)) for k in result.wanted)
    source = "your skill gaps" if result.from_reflection else "what you asked for"
    blocks = _program_blocks(result)
    if result.matches:
        heading = "Other mentors" if blocks else "Mentors"
        blocks.append(section(f"*{heading} for {source}* ({wish}): {_counted(result)}"))
        blocks += [_candidate_block(m.candidate, m.reason, result) for m in result.matches]
        if result.has_more:
            blocks.append(
                actions(
                    button(
                        "More",
                        FIND_MORE,
                        ids_value(result.search_id or 0, result.next_offset),
                    ),
                    block_id="find_more",
                )
            )
        text = f"{mentors(result.total)} fit {source}."
    elif not blocks:
        blocks += _nobody_fits_blocks(result, wish)
        text = "Nobody offers exactly that yet; here are the closest options."
    if result.program_matches:
        text = _program_text(result, source)
    if result.circles:
        blocks += [divider(), *build_circle_match_blocks(result.circles)]
        text += f" {_circles(len(result.circles))} too."
    if result.peers:
        blocks += [divider(), *build_peer_match_blocks(result.peers, result.search_id or 0)]
        text += f" {_peers(len(result.peers))} you could learn from each other with."
    blocks += _beyond_blocks(result)
    return {"response_type": "ephemeral", "text": text, "blocks": blocks[:50]}


def program_title(name: str) -> str:
    """ "the Spring cohort program" (a name already ending in "program" is not said twice)."""
    shown = escape(name)
    return f"the {shown}" if name.casefold().split()[-1:] == ["program"] else f"the {shown} program"


def _program_blocks(result: SearchResult) -> list[dict[str, Any]]:
    """A "mentees choose" program's mentors with room, first, under a line naming it."""
    if not result.program_matches:
        return []
    title = program_title(result.program_name)
    blocks = [section(f"*From {title}*: {mentors(len(result.program_matches))} with room")]
    blocks += [_candidate_block(m.candidate, m.reason, result) for m in result.program_matches]
    return blocks


def _program_text(result: SearchResult, source: str) -> str:
    text = f"{mentors(len(result.program_matches))} from {program_title(result.program_name)}"
    if result.total:
        return f"{text} and {mentors(result.total)} more fit {source}."
    return f"{text} fit {source}."


def _circles(count: int) -> str:
    return "1 circle fits" if count == 1 else f"{count} circles fit"


def _peers(count: int) -> str:
    return "1 peer" if count == 1 else f"{count} peers"


def mentors(count: int) -> str:
    return f"{count} mentor" if count == 1 else f"{count} mentors"


def _counted(result: SearchResult) -> str:
    """ "2 mentors" when they are all here; "3-4 of 9" on a page of a longer list."""
    if result.offset == 0 and not result.has_more:
        return mentors(result.total)
    first, last = result.offset + 1, result.offset + len(result.matches)
    return f"{first}-{last} of {mentors(result.total)}"


def _candidate_block(candidate: Candidate, reason: str, result: SearchResult) -> dict[str, Any]:
    block = section(
        f"*<@{candidate.slack_user_id}>*\n{escape(reason)}",
        block_id=f"mentor_{candidate.person_id}",
    )
    block["accessory"] = button(
        "Request intro",
        REQUEST_INTRO,
        ids_value(result.search_id or 0, candidate.person_id),
        style="primary",
    )
    return block


def _nobody_fits_blocks(result: SearchResult, wish: str) -> list[dict[str, Any]]:
    blocks = [section(f"No mentor with a free slot offers {wish} yet.")]
    if result.partial:
        blocks.append(section("*Closest partial matches*"))
        blocks += [_candidate_block(p.candidate, p.reason, result) for p in result.partial]
    watch = [
        button(
            clip(f"Tell me when someone with {result.label(k)} opts in", 75),
            f"{WATCH_SKILL}_{index}",
            ids_value(result.search_id or 0, index),
        )
        for index, k in enumerate(result.wanted[:MAX_WATCH_BUTTONS])
    ]
    blocks.append(actions(*watch, block_id="find_watch"))
    return blocks


def _beyond_blocks(result: SearchResult) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if result.channels:
        lines = []
        for channel in result.channels:
            about = channel.purpose or channel.topic
            line = f"<#{channel.channel_id}>"
            if about:
                line += f" - {escape(clip(about, 120))}"
            lines.append(line)
        blocks += [divider(), section("*Channels about these skills*\n" + "\n".join(lines))]
    if result.alumni:
        network = escape(result.alumni[0].alumni)
        people = ", ".join(f"<@{a.slack_user_id}>" for a in result.alumni)
        blocks += [divider(), section(f"*Fellow {network} alumni who mentor:* {people}")]
    return blocks


def build_how_to_start_message(result: SearchResult, *, typed: bool) -> dict[str, Any]:
    """No skills to search for: how to start, and one-click searches for offered skills."""
    if typed:
        intro = (
            "I couldn't find a skill in that. Try a few skills separated by commas, "
            "like `/find-mentor python, public speaking`."
        )
    else:
        intro = (
            "Tell me what you want to grow and I'll find mentors who fit. "
            "Start with `/reflect` (a few minutes: strengths, goals and skill gaps), "
            "or search right away with `/find-mentor python, public speaking`."
        )
    blocks: list[dict[str, Any]] = [section(intro)]
    if result.suggestions:
        blocks.append(context("Or search for a skill mentors here offer:"))
        blocks.append(
            actions(
                *[
                    button(s.label, f"{SEARCH_SKILL}_{i}", str(s.skill_id))
                    for i, s in enumerate(result.suggestions)
                ],
                block_id="find_suggest",
            )
        )
    else:
        blocks.append(
            context("Nobody has opted in as a mentor yet. Be the first: `/mentor profile`.")
        )
    if result.alumni:
        people = ", ".join(f"<@{a.slack_user_id}>" for a in result.alumni)
        blocks.append(
            section(f"*Fellow {escape(result.alumni[0].alumni)} alumni who mentor:* {people}")
        )
    text = "Start with /reflect, or search with /find-mentor <skills>."
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}


def build_watch_saved_message(label: str, *, already: bool) -> dict[str, Any]:
    if already:
        text = f"You're already on the list for {escape(label)}; I'll tell you once."
    else:
        text = f"Done: I'll tell you once when a mentor who knows {escape(label)} opts in."
    return private_note(text)


def build_watch_fired_message(label: str, mentor_slack_id: str) -> dict[str, Any]:
    """The one-time note to someone who asked to hear about a skill."""
    text = (
        f"Good news: <@{mentor_slack_id}> just opted in as a mentor and knows {escape(label)}. "
        f"Try `/find-mentor {escape(label)}` to ask for an introduction."
    )
    return {"text": text, "blocks": [section(text)]}
