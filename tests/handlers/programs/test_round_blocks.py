"""The proposal message, the Swap modal, App Home's programs and the mentee's notice: Block Kit
limits for a big program, and what people typed escaped."""

from __future__ import annotations

import json
from datetime import date

from bot.services.home_programs import ProgramRun
from bot.services.programs.proposals import PairLine, Proposal, UnmatchedLine
from bot.services.programs.review import SwapChoice, SwapChoices
from handlers.meetings.blocks.context import DeliveryContext
from handlers.programs.rounds import blocks, delivery_blocks, home_blocks
from handlers.slack.origin import Origin
from playground.blockkit_rules import check_blocks, check_view
from storage.models.deliveries import PROGRAM_MATCHED, PROGRAM_PROPOSAL

HOSTILE = "<!channel> *Bo* & <https://evil.example|click> \u202e\x00 🎉"


def _pair(i: int, *, name: str = "", reasons: str = "knows Python, on their list") -> PairLine:
    return PairLine(
        pair_id=i,
        mentee_id=1000 + i,
        mentee_slack_id=f"UE{i:04d}",
        mentee_name=name or f"Mentee {i}",
        mentor_id=2000 + i,
        mentor_slack_id=f"UM{i:04d}",
        mentor_name=f"Mentor {i}",
        score=1.234,
        reasons=reasons,
        status="proposed",
        origin="round",
    )


def _proposal(
    pairs: int, unmatched: int, *, status: str = "proposed", name: str = "Spring", reason: str = ""
) -> Proposal:
    return Proposal(
        program_id=7,
        program_name=name,
        round_id=3,
        status=status,
        solver_status="OPTIMAL",
        mentee_count=pairs + unmatched,
        mentor_count=pairs,
        edges=pairs * 4,
        note="",
        pairs=tuple(_pair(i) for i in range(pairs)),
        unmatched=tuple(
            UnmatchedLine(
                5000 + i,
                f"UU{i:04d}",
                f"Left {i}",
                "full",
                reason or "every mentor who fits is full",
            )
            for i in range(unmatched)
        ),
    )


def _mrkdwn(node: object) -> str:
    """Every mrkdwn text of a payload (plain_text is never parsed by Slack)."""
    if isinstance(node, dict):
        own = [str(node["text"])] if node.get("type") == "mrkdwn" else []
        return " ".join(own + [_mrkdwn(v) for v in node.values()])
    if isinstance(node, list):
        return " ".join(_mrkdwn(v) for v in node)
    return ""


def test_a_small_proposal_shows_the_figures_every_pair_and_every_unmatched_mentee() -> None:
    message = blocks.build_proposal_message(_proposal(3, 2))
    assert check_blocks(message["blocks"]) == []
    text = json.dumps(message["blocks"])
    assert "Matched 3 of 5 mentees* (60%)" in text and "solver OPTIMAL" in text
    assert all(f"<@UE{i:04d}>" in text and f"<@UM{i:04d}>" in text for i in range(3))
    assert "fit 1.23" in text and "knows Python, on their list" in text
    assert "<@UU0000>: every mentor who fits is full" in text and "<@UU0001>" in text
    ids = [
        e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert ids.count(blocks.SWAP_ACTION) == 3 and ids.count(blocks.REMOVE_ACTION) == 3
    assert blocks.MATCH_AGAIN_ACTION in ids and blocks.PUBLISH_ACTION in ids
    publish = next(
        e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == blocks.PUBLISH_ACTION
    )  # fmt: skip
    assert publish["confirm"]["confirm"]["text"] == "Publish"  # Slack asks before it publishes
    assert "not shown" not in text
    assert message["text"].startswith("Spring: matched 3 of 5 mentees (60%)")


def test_a_big_program_stays_inside_the_limits_and_points_to_the_csv() -> None:
    big = _proposal(2000, 800, name="Big cohort")
    big = Proposal(**{**big.__dict__, "note": "Solved again: " + "x" * 5000})  # type: ignore[arg-type]
    message = blocks.build_proposal_message(big, notice="Enrolment closed. " * 300)
    assert check_blocks(message["blocks"]) == []
    assert len(message["blocks"]) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in message["blocks"])
    text = json.dumps(message["blocks"])
    shown = sum(
        1
        for b in message["blocks"]
        if str(b.get("block_id", "")).startswith("pair_") and b["type"] == "section"
    )
    assert shown == blocks.MAX_PAIRS_SHOWN
    assert f"{2000 - blocks.MAX_PAIRS_SHOWN} more pairs" in text
    assert "more unmatched mentees are not shown" in text or "more unmatched mentee" in text
    assert "mentorbot match --program 'Big cohort' --csv proposal.csv" in text


def test_names_reasons_and_the_note_are_escaped() -> None:
    proposal = _proposal(1, 1, name=HOSTILE, reason=HOSTILE)
    hostile_pair = _pair(1, reasons=HOSTILE)
    proposal = Proposal(
        **{**proposal.__dict__, "pairs": (hostile_pair,), "note": HOSTILE}  # type: ignore[arg-type]
    )
    gone = UnmatchedLine(9, "not-an-id", HOSTILE, "full", HOSTILE)
    proposal = Proposal(**{**proposal.__dict__, "unmatched": (gone,)})  # type: ignore[arg-type]
    message = blocks.build_proposal_message(proposal)
    assert check_blocks(message["blocks"]) == []
    text = _mrkdwn(message["blocks"])
    assert "<!channel>" not in text and "<https://evil" not in text
    assert text.count("&lt;!channel&gt;") >= 4 and "&amp;" in text  # name, reasons, why, note
    everything = json.dumps(message, ensure_ascii=False)
    assert "\x00" not in everything and "\u202e" not in everything and "🎉" in everything
    assert "<!channel>" not in message["text"]


def test_a_published_round_has_no_buttons_left() -> None:
    message = blocks.build_proposal_message(
        _proposal(2, 0, status="published"),
        notice=blocks.published_notice(2, 0, 0, in_circles=False),
    )
    assert check_blocks(message["blocks"]) == []
    assert not [b for b in message["blocks"] if b["type"] == "actions"]
    assert "Published. 2 introductions" in json.dumps(message["blocks"])


def test_the_swap_modal_lists_at_most_100_mentors_inside_the_limits() -> None:
    choices = SwapChoices(
        3,
        _pair(1),
        tuple(
            SwapChoice(f"mentor:{i}", HOSTILE + " " + "x" * 100, "2 places free", 0.5)
            for i in range(100)
        ),
        more=40,
    )
    view = blocks.build_swap_modal(choices, Origin(channel="D1", ts="1.2"), "UADM")
    assert check_view(view) == []
    assert len(view["private_metadata"]) <= 3000
    meta = json.loads(view["private_metadata"])
    assert meta["round"] == 3 and meta["pair"] == 1 and meta["by"] == "UADM"
    options = view["blocks"][1]["element"]["options"]
    assert len(options) == 100 and all(len(o["text"]["text"]) <= 75 for o in options)
    assert "\x00" not in json.dumps(view) and "40 with the lowest fit" in json.dumps(view)


def test_the_swap_modal_without_any_choice_has_no_submit() -> None:
    view = blocks.build_swap_modal(SwapChoices(3, _pair(1), (), 0), Origin(), "UADM")
    assert check_view(view) == [] and "submit" not in view


def test_home_programs_offer_match_now_or_view_proposal() -> None:
    runs = [
        ProgramRun(i, f"{HOSTILE} {i}", "round", date(2026, 12, 15), 12, 4,
                   i if i % 2 else None, "proposed" if i % 2 else "", 3, 12)
        for i in range(1, 9)
    ]  # fmt: skip
    found = home_blocks.build_home_programs_blocks(runs)
    assert check_blocks(found, surface="home") == []
    assert len(found) == blocks.MAX_HOME_PROGRAMS + 3
    assert "<!channel>" not in _mrkdwn(found)
    accessories = [b["accessory"]["action_id"] for b in found if "accessory" in b]
    assert accessories.count(blocks.HOME_VIEW_PROPOSAL) == 3
    assert accessories.count(blocks.HOME_MATCH_NOW) == 2
    assert home_blocks.build_home_programs_blocks([]) == []


def test_the_mentees_notice_names_the_mentor_the_3_days_and_what_a_decline_brings() -> None:
    ctx = DeliveryContext(
        kind=PROGRAM_MATCHED, delivery_id=1, mentor_user="UBO", mentee_user="UANA",
        recipient_user="UANA", program_name=HOSTILE,
    )  # fmt: skip
    message = delivery_blocks.build_program_matched_message(ctx)
    assert check_blocks(message["blocks"]) == [] and message["text"]
    text = _mrkdwn(message["blocks"])
    assert "matched you with <@UBO>" in text and "3 days to answer" in text
    assert "next best mentor in the program" in text and "<!channel>" not in text
    assert "<!channel>" not in message["text"]  # the fallback is mrkdwn too (notifications)


def test_the_proposal_delivery_is_the_proposal_with_a_word_on_why() -> None:
    ctx = DeliveryContext(kind=PROGRAM_PROPOSAL, delivery_id=1, proposal=_proposal(30, 100))
    message = delivery_blocks.build_program_proposal_delivery(ctx)
    assert check_blocks(message["blocks"]) == []
    assert "Enrolment in *Spring* has closed" in json.dumps(message["blocks"])
    empty = delivery_blocks.build_program_proposal_delivery(
        DeliveryContext(kind=PROGRAM_PROPOSAL, delivery_id=1)
    )
    assert check_blocks(empty["blocks"]) == [] and empty["text"]
