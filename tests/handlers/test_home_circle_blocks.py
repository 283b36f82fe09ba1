"""App Home's circle lines: escaped topics, a few lines and "…and N more", within limits."""

from __future__ import annotations

import json
from datetime import date

from bot.services.home import HomeState, LookBack, Relationship
from bot.services.home_circles import CircleLine
from handlers.home.blocks import HOME_BLOCK_LIMIT, build_home_view
from handlers.home.circle_blocks import MAX_HOME_CIRCLES, build_home_circle_blocks
from playground.blockkit_rules import check_view

TODAY = date(2026, 12, 2)
HOSTILE = "<!channel> *bold* <@U999> &amp; <https://evil.example|click> " + "&<>" * 40


def _circle(n: int, *, leading: bool, status: str = "member", members: int = 2) -> CircleLine:
    return CircleLine(
        circle_id=n,
        topic=HOSTILE[:150],
        leading=leading,
        mentor_slack_user_id="UMAX",
        members=members,
        seats=3,
        waiting=1 if leading else 0,
        my_status="" if leading else status,
        next_meeting=date(2026, 12, 9),
        today=TODAY,
    )


def _rel(n: int, role: str) -> Relationship:
    return Relationship(n, role, f"U{n}", "x", "active", "weekly", date(2026, 12, 9), True, TODAY)


def test_hostile_topics_are_escaped_and_the_lists_stay_short() -> None:
    led = [_circle(n, leading=True) for n in range(7)]
    joined = [_circle(10, leading=False), _circle(11, leading=False, status="waiting")]
    blocks = build_home_circle_blocks(led, joined)
    assert [b["type"] for b in blocks] == ["section", *["actions"] * 3, "section", "actions"]
    lead, mine = (b["text"]["text"] for b in blocks if b["type"] == "section")
    buttons = [b["elements"][0] for b in blocks if b["type"] == "actions"]
    closes, leaves = buttons[:3], buttons[3:]
    # A Close for each circle shown, a Leave for the one seated in (not the one waiting).
    assert len(closes) == MAX_HOME_CIRCLES and [e["value"] for e in leaves] == ["10"]
    for button in (*closes, *leaves):
        label = button["text"]["text"]
        assert len(label) <= 75 and "<" not in label and "confirm" in button
    assert lead.startswith("*Circles you lead*") and mine.startswith("*Your circles*")
    assert lead.count("\n• ") == MAX_HOME_CIRCLES and "…and 4 more." in lead
    assert "2/3 members" in lead and "1 seat left, 1 waiting for your answer" in lead
    assert "next meeting Wednesday 9 December" in lead
    assert "with <@UMAX> · next meeting Wednesday 9 December" in mine
    assert "waiting for <@UMAX> to accept" in mine and "more" not in mine
    for text in (lead, mine):
        assert "<!channel>" not in text and "<@U999>" not in text and "<https:" not in text
        assert "&lt;!channel&gt;" in text and len(text) <= 3000


def test_a_full_home_with_circles_is_within_the_limits() -> None:
    state = HomeState(
        "done",
        False,
        True,
        [],
        [_rel(n, "mentor") for n in range(12)],
        [_rel(n, "mentee") for n in range(12)],
        peers=[_rel(n, "peer") for n in range(12)],
        looking_back=[LookBack("UM", "mentor", TODAY, HOSTILE, "half")] * 3,
        circles_led=[_circle(n, leading=True, members=3) for n in range(9)],
        circles_joined=[_circle(n, leading=False) for n in range(9)],
    )
    view = build_home_view(state)
    assert check_view(view, expected_type="home") == []
    assert len(view["blocks"]) <= HOME_BLOCK_LIMIT
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "full" in text and "Your circles" in text and "…and 6 more." in text


def test_no_circles_no_lines() -> None:
    assert build_home_circle_blocks([], []) == []
    nothing = CircleLine(1, "", True, "UMAX", 0, 2, 0, "", None, TODAY)
    text = build_home_circle_blocks([nothing], [])[0]["text"]["text"]
    assert "*A circle*" in text and "no meeting yet" in text
