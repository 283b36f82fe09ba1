"""End to end: a pair made through the real introduction handlers, its rhythm chosen with the
buttons in the group DM, then six weeks of passes, day by day and hour by hour on some days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from handlers.introductions.blocks import INTRO_ACCEPT, PAIR_CADENCE_PREFIX, PAIR_WEEKDAY
from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Pair
from tests.handlers.find_mentor_helpers import (
    add_people,
    click_in_dm,
    element,
    find,
    refusals,
    request_intro,
    save_profile,
)
from tests.scheduler.helpers import posted, share_last_questions

HOURLY = {date(2026, 12, 2), date(2026, 12, 3)}


def _make_pair_through_the_intro_flow(harness: Harness) -> Pair:
    add_people(harness)  # Mia (mentee) in Paris, Max (mentor) in Berlin
    save_profile(harness, "UMAX", ["python"])
    request_intro(harness, "UMIA", find(harness, "UMIA", "python"), 0)
    click_in_dm(harness, "UMAX", "UMAX", INTRO_ACCEPT)
    with harness.db.begin() as session:
        return session.exec(select(Pair)).one()


def _choose_weekly_thursdays(harness: Harness, pair: Pair) -> None:
    channel = pair.group_channel_id
    intro = harness.emulator.messages[channel or ""][-1]
    harness.click(
        "UMIA", element(intro, f"{PAIR_CADENCE_PREFIX}weekly"), channel_id=channel, message=intro
    )
    thursday = {
        "action_id": PAIR_WEEKDAY,
        "block_id": "pair_rhythm",
        "type": "static_select",
        "selected_option": {
            "text": {"type": "plain_text", "text": "Thursday"},
            "value": f"{pair.id}:3",
        },
    }
    harness.click("UMAX", thursday, channel_id=channel, message=intro)


def _label(harness: Harness, channel: str) -> str:
    if channel == harness.emulator.dm_channel_of("UMAX"):
        return "max"
    if channel == harness.emulator.dm_channel_of("UMIA"):
        return "mia"
    return "pair"


def test_six_weeks_after_a_real_introduction(harness: Harness) -> None:
    pair = _make_pair_through_the_intro_flow(harness)
    harness.tick(harness.clock.now())  # a pass before they choose: plans the default day
    _choose_weekly_thursdays(harness, pair)
    seen: list[tuple[str, str, str]] = []
    day = date(2026, 12, 1)
    while day < date(2027, 1, 12):
        hours = range(24) if day in HOURLY else (7, 12)
        for hour in hours:
            at = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
            if at <= harness.clock.now():
                continue
            before = len(posted(harness))
            assert harness.tick(at).failed == 0
            for channel, kind, delivery in posted(harness)[before:]:
                seen.append((at.isoformat(), _label(harness, channel), kind))
                if kind == "prepare":  # Mia answers every nudge with her questions
                    harness.say("UMIA", "How do I review a big pull request?")
                    share_last_questions(harness, "UMIA")
                if (
                    kind == "checkin"
                    and _label(harness, channel) == "mia"
                    and day < date(2026, 12, 15)
                ):
                    harness.click(
                        "UMIA",
                        {"action_id": blocks.CHECKIN_RESCHEDULED, "value": str(delivery)},
                        channel_id=channel,
                    )
        day += timedelta(days=1)
    assert refusals(harness) == []
    assert sorted(seen) == EXPECTED  # sorted: sends within one pass run side by side
    questions = [
        m
        for m in harness.emulator.messages[pair.group_channel_id or ""]
        if "shared questions" in m["text"]
    ]
    assert len(questions) == 6  # one per nudge


def t(month: int, day: int, hour: int) -> str:
    return datetime(2026 if month == 12 else 2027, month, day, hour, tzinfo=UTC).isoformat()


# Both in Central European time: 08:00 there is 07:00 UTC. Mia answers every nudge and her first
# two check-ins; Max answers nothing.
EXPECTED = [
    (t(12, 2, 7), "mia", "prepare"),
    (t(12, 3, 7), "pair", "meeting_prompt"),  # Thursday, as chosen after the first pass
    (t(12, 4, 7), "max", "checkin"),
    (t(12, 4, 7), "mia", "checkin"),
    (t(12, 9, 7), "mia", "prepare"),
    (t(12, 10, 7), "pair", "meeting_prompt"),
    (t(12, 11, 7), "max", "checkin"),
    (t(12, 11, 7), "mia", "checkin"),
    (t(12, 16, 7), "mia", "prepare"),
    (t(12, 17, 7), "pair", "meeting_prompt"),
    (t(12, 18, 7), "max", "checkin"),
    (t(12, 18, 7), "mia", "checkin"),
    (t(12, 23, 7), "mia", "prepare"),
    (t(12, 24, 7), "pair", "meeting_prompt"),
    (t(12, 25, 7), "max", "adapt_ask"),  # three check-ins unanswered: asked once, then held
    (t(12, 25, 7), "mia", "checkin"),
    (t(12, 30, 7), "mia", "prepare"),
    (t(12, 31, 7), "pair", "meeting_prompt"),
    (t(1, 1, 7), "mia", "checkin"),
    (t(1, 5, 7), "max", "pulse"),  # five weeks after the pair began
    (t(1, 5, 7), "mia", "pulse"),
    (t(1, 6, 7), "mia", "prepare"),
    (t(1, 7, 7), "pair", "meeting_prompt"),
    (t(1, 8, 7), "mia", "adapt_ask"),  # her check-ins of 18 Dec, 25 Dec and 1 Jan
]
