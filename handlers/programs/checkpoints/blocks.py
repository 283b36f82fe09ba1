"""The checkpoints' forms (the midpoint survey, the close-out) and what answering them shows:
pure builders, ids beside them."""

from __future__ import annotations

import json
from typing import Any

from bot.services.programs.checkpoints import Ask
from handlers.meetings.blocks.forms import modal, text_input
from handlers.meetings.blocks.programs_checkpoints import (
    CLOSEOUT_WHO_SEES,
    TOTALS_ONLY,
    WHO_SEES,
    program_label,
)
from handlers.slack.mrkdwn import clip, context, escape, plain, section
from handlers.slack.origin import NOWHERE, OPENER_KEY, ORIGIN_KEY, Origin

MIDPOINT_VIEW = "program_midpoint_modal"
CLOSEOUT_VIEW = "program_closeout_modal"
QUALITY_BLOCK, QUALITY_ACTION = "cp_quality", "cp_quality_value"
ON_TRACK_BLOCK, ON_TRACK_ACTION = "cp_on_track", "cp_on_track_value"
NOTE_BLOCK, NOTE_ACTION = "cp_note", "cp_note_value"
NAMED_BLOCK, NAMED_ACTION = "cp_named", "cp_named_value"
PROGRESS_BLOCK, PROGRESS_ACTION = "cp_progress", "cp_progress_value"
GAPS_BLOCK, GAPS_ACTION = "cp_gaps", "cp_gaps_value"
RECOMMEND_BLOCK, RECOMMEND_ACTION = "cp_recommend", "cp_recommend_value"
THANKS_BLOCK, THANKS_ACTION = "cp_thanks", "cp_thanks_value"
NEXT_BLOCK, NEXT_ACTION = "cp_next", "cp_next_value"
NAMED = "named"

QUALITY = [(str(n), f"{n}") for n in range(1, 6)]
ON_TRACK = [("yes", "Yes"), ("partly", "Partly"), ("no", "Not really")]
PROGRESS = [("none", "Not yet"), ("some", "Some"), ("most", "Most"), ("all", "All of them")]
RECOMMEND = [("yes", "Yes"), ("maybe", "Maybe"), ("no", "No")]
NEXT_STEPS = [
    ("continue", "Go on as a pair outside the program"),
    ("end", "End our mentoring gracefully"),
]


def _options(choices: list[tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {"text": {"type": "plain_text", "text": clip(plain(label), 75)}, "value": value}
        for value, label in choices
    ]


def _radio(
    block_id: str,
    action_id: str,
    label: str,
    choices: list[tuple[str, str]],
    initial: str | None,
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "radio_buttons",
        "action_id": action_id,
        "options": _options(choices),
    }
    chosen = [option for option in element["options"] if option["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _checkboxes(
    block_id: str, action_id: str, label: str, choices: list[tuple[str, str]], ticked: list[str]
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": action_id,
        "options": _options(choices[:10]),
    }
    initial = [option for option in element["options"] if option["value"] in ticked]
    if initial:
        element["initial_options"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _meta(ask: Ask, origin: Origin, opener: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"delivery": ask.delivery_id, ORIGIN_KEY: origin.as_meta()}
    return {**meta, OPENER_KEY: opener} if opener else meta


def build_midpoint_view(ask: Ask, origin: Origin = NOWHERE, opener: str = "") -> dict[str, Any]:
    """Relationship 1-5, on track, a note for the program team and whether to sign it."""
    before = ask.answer
    intro = (
        f"Halfway through {program_label(ask.program_name)}: how is it going with "
        f"<@{ask.other_user}>?"
    )
    blocks = [
        section(intro),
        _radio(
            QUALITY_BLOCK,
            QUALITY_ACTION,
            "How is the relationship? (1 = not well, 5 = great)",
            QUALITY,
            str(before.quality) if before and before.quality else None,
        ),
        _radio(
            ON_TRACK_BLOCK,
            ON_TRACK_ACTION,
            "Are you on track with your goals?",
            ON_TRACK,
            before.on_track if before else None,
        ),
        text_input(
            NOTE_BLOCK,
            NOTE_ACTION,
            "Anything the program team should know?",
            initial=before.note if before else "",
        ),
        _checkboxes(
            NAMED_BLOCK,
            NAMED_ACTION,
            "Your name",
            [(NAMED, "Share my name with the program team")],
            [NAMED] if before and before.named else [],
        ),
        context(WHO_SEES),
    ]
    return modal(MIDPOINT_VIEW, "Midpoint survey", "Save", blocks, _meta(ask, origin, opener))


def build_closeout_view(ask: Ask, origin: Origin = NOWHERE, opener: str = "") -> dict[str, Any]:
    """Goal progress, the mentee's closed skill gaps and thank-you, a recommendation, and
    whether the pair goes on."""
    before = ask.answer
    is_mentee = ask.role == "mentee"
    intro = (
        f"{program_label(ask.program_name)} is ending. Looking back on your mentoring with "
        f"<@{ask.other_user}>:"
    )
    blocks: list[dict[str, Any]] = [
        section(intro),
        _radio(
            PROGRESS_BLOCK,
            PROGRESS_ACTION,
            "How far did your goals get?",
            PROGRESS,
            before.goal_progress if before else None,
        ),
    ]
    if is_mentee and ask.gaps:
        blocks.append(_gaps_closed(ask))
    blocks.append(
        _radio(
            RECOMMEND_BLOCK,
            RECOMMEND_ACTION,
            "Would you recommend the program?",
            RECOMMEND,
            before.recommend if before else None,
        )
    )
    if is_mentee and not (before and before.thanks):
        blocks.append(
            text_input(
                THANKS_BLOCK,
                THANKS_ACTION,
                "A thank-you to your mentor (we pass it on to them)",
            )
        )
    blocks += [
        _radio(
            NEXT_BLOCK,
            NEXT_ACTION,
            "And now?",
            NEXT_STEPS,
            before.next_step if before else None,
        ),
        context(CLOSEOUT_WHO_SEES if is_mentee else TOTALS_ONLY),
    ]
    return modal(CLOSEOUT_VIEW, "Close-out", "Save", blocks, _meta(ask, origin, opener))


def _gaps_closed(ask: Ask) -> dict[str, Any]:
    """The mentee's skill gaps from their reflection, those already ticked kept ticked."""
    before = ask.answer
    closed = json.loads(before.gaps_closed) if before and before.gaps_closed else []
    return _checkboxes(
        GAPS_BLOCK,
        GAPS_ACTION,
        "Skill gaps from your reflection: tick those closed now",
        [(gap.key, gap.label) for gap in ask.gaps],
        [str(key) for key in closed],
    )


def build_checkpoint_saved_message(
    checkpoint: str, program_name: str, *, going_on_with: str = ""
) -> dict[str, Any]:
    """What replaces the survey's message once it is answered (with, after a close-out that
    goes on, who with)."""
    what = "midpoint survey" if checkpoint == "midpoint" else "close-out"
    text = f"Thanks: your {what} for {program_label(program_name)} is saved."
    # The midpoint's note reaches the program team, so "only you" would not be true.
    body = f"{text} {WHO_SEES if checkpoint == 'midpoint' else TOTALS_ONLY}"
    if going_on_with:
        body += (
            f"\nLovely: you and <@{going_on_with}> go on after the program, with the same "
            "rhythm. You can change it any time with /mentor cadence."
        )
    return {"text": text, "blocks": [section(body)]}


def build_closeout_thanks_message(
    mentee_user: str, program_name: str, thanks: str
) -> dict[str, Any]:
    """The mentee's thank-you from the close-out, in the mentor's DM."""
    program = program_label(program_name)
    text = f"<@{mentee_user}> sent you a thank-you for mentoring them in {program}."
    note = clip(escape(thanks), 2500).replace("\n", "\n>")
    return {"text": text, "blocks": [section(f"{text}\n>{note}")]}
