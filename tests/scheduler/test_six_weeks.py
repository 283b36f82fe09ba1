"""Six simulated weeks of one pair, ticked day by day (hour by hour on some days): exactly which
scheduled messages go out, and when."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import select

from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Meeting
from tests.scheduler.helpers import harness_pair, posted, share_last_questions

HOURLY_DAYS = {date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 4), date(2027, 1, 5)}
DAILY_HOURS = (3, 9, 15, 21)


def ticks() -> list[datetime]:
    out = []
    day = date(2026, 12, 1)
    while day <= date(2027, 1, 12):
        hours = range(24) if day in HOURLY_DAYS else DAILY_HOURS
        out += [datetime(day.year, day.month, day.day, h, tzinfo=UTC) for h in hours]
        day += timedelta(days=1)
    return [t for t in out if t >= datetime(2026, 12, 1, 9, tzinfo=UTC)]


def t(month: int, day: int, hour: int) -> str:
    year = 2026 if month == 12 else 2027
    return datetime(year, month, day, hour, tzinfo=UTC).isoformat()


# Mentee in Kolkata (08:00 is 02:30 UTC), mentor in London (08:00 UTC): they overlap
# 08:00-12:30 UTC, so pair prompts go at 08:00 UTC and reach us at the 09:00 tick.
EXPECTED = [
    (t(12, 2, 3), "mentee", "prepare"),
    (t(12, 3, 8), "pair", "meeting_prompt"),  # hourly day: on the hour the window opens
    (t(12, 4, 3), "mentee", "checkin"),
    (t(12, 4, 8), "mentor", "checkin"),
    (t(12, 7, 3), "mentee", "gratitude"),  # after a 5/5 check-in, on the next free day
    (t(12, 9, 3), "mentee", "prepare"),
    (t(12, 10, 9), "pair", "meeting_prompt"),
    (t(12, 11, 3), "mentee", "checkin"),
    (t(12, 11, 9), "mentor", "checkin"),
    (t(12, 16, 3), "mentee", "prepare"),
    (t(12, 17, 9), "pair", "meeting_prompt"),
    (t(12, 18, 3), "mentee", "checkin"),
    (t(12, 18, 9), "mentor", "checkin"),
    (t(12, 23, 3), "mentee", "prepare"),
    (t(12, 24, 9), "pair", "meeting_prompt"),
    (t(12, 25, 3), "mentee", "checkin"),
    # The mentor left three check-ins unanswered: asked once, check-ins held.
    (t(12, 25, 9), "mentor", "adapt_ask"),
    # The mentee left three nudges unanswered (9, 16, 23 Dec): asked once about those.
    (t(12, 30, 3), "mentee", "adapt_ask"),
    (t(12, 31, 9), "pair", "meeting_prompt"),
    (t(1, 1, 3), "mentee", "checkin"),
    (t(1, 5, 3), "mentee", "pulse"),  # every five weeks; 08:00 in Kolkata is 02:30 UTC
    (t(1, 5, 8), "mentor", "pulse"),
    # Nobody answered the prompts of 17, 24 and 31 Dec (the check-in of 11 Dec answered the
    # one of 10 Dec): the pair is asked once in its group DM instead of a fourth prompt.
    (t(1, 7, 9), "pair", "adapt_ask"),
    (t(1, 8, 3), "mentee", "adapt_ask"),  # now the mentee's check-ins: 18 Dec, 25 Dec, 1 Jan
]


def _label(harness: Harness, channel: str) -> str:
    if channel == harness.emulator.dm_channel_of("UMENTOR"):
        return "mentor"
    if channel == harness.emulator.dm_channel_of("UMENTEE"):
        return "mentee"
    return "pair"


def _last_delivery(harness: Harness, label: str, kind: str) -> int:
    found = [d for c, k, d in posted(harness) if k == kind and _label(harness, c) == label]
    return found[-1]


def _answer_week_one(harness: Harness, at: datetime) -> None:
    if at == datetime(2026, 12, 2, 10, tzinfo=UTC):
        harness.say("UMENTEE", "How do I <!channel> ask for a promotion?")
        share_last_questions(harness, "UMENTEE")
    if at == datetime(2026, 12, 4, 10, tzinfo=UTC):
        checkin = _last_delivery(harness, "mentee", "checkin")
        harness.click(
            "UMENTEE",
            {"action_id": blocks.CHECKIN_MET, "value": str(checkin)},
            channel_id=harness.emulator.dm_channel_of("UMENTEE"),
        )
        view = list(harness.emulator.views.values())[-1]
        harness.submit("UMENTEE", view, _checkin_values(5, "Ask early", "Draft the case"))
    if at == datetime(2026, 12, 11, 9, tzinfo=UTC):
        checkin = _last_delivery(harness, "mentee", "checkin")
        harness.click(
            "UMENTEE",
            {"action_id": blocks.CHECKIN_MISSED, "value": str(checkin)},
            channel_id=harness.emulator.dm_channel_of("UMENTEE"),
        )


def _checkin_values(score: int, takeaway: str, steps: str) -> dict[str, dict[str, Any]]:
    return {
        blocks.USEFULNESS_BLOCK: {
            blocks.USEFULNESS_ACTION: {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": str(score)},
                    "value": str(score),
                },
            }
        },
        blocks.TAKEAWAY_BLOCK: {
            blocks.TAKEAWAY_ACTION: {"type": "plain_text_input", "value": takeaway}
        },
        blocks.NEXT_STEPS_BLOCK: {
            blocks.NEXT_STEPS_ACTION: {"type": "plain_text_input", "value": steps}
        },
    }


def test_six_weeks_of_one_pair(harness: Harness) -> None:
    harness_pair(harness, mentee_tz="Asia/Kolkata", mentor_tz="Europe/London", weekday=3)
    seen: list[tuple[str, str, str]] = []
    for at in ticks():
        before = len(posted(harness))
        report = harness.tick(at)
        assert report.failed == 0
        for channel, kind, _ in posted(harness)[before:]:
            seen.append((at.isoformat(), _label(harness, channel), kind))
        _answer_week_one(harness, at)
    assert seen == EXPECTED
    _check_answers_were_kept(harness)


def _check_answers_were_kept(harness: Harness) -> None:
    group = [c for c in harness.emulator.messages if c.startswith("G")][0]
    texts = [m["text"] for m in harness.emulator.messages[group]]
    questions = [m for m in harness.emulator.messages[group] if "shared questions" in m["text"]]
    assert len(questions) == 1, texts
    shared = str(questions[0]["blocks"])
    assert "ask for a promotion" in shared and "&lt;!channel&gt;" in shared
    with harness.db.begin() as session:
        meetings = session.exec(select(Meeting).order_by(Meeting.id)).all()
    assert [(m.outcome, m.usefulness, m.held_on) for m in meetings] == [
        ("met", 5, date(2026, 12, 3)),
        ("missed", None, date(2026, 12, 10)),
    ]
    assert meetings[0].takeaway == "Ask early" and meetings[0].next_steps == "Draft the case"
