"""App Home's circle lines: "Circles you lead" for a mentor, "Your circles" for a member."""

from __future__ import annotations

from typing import Any

from bot.clock import format_day
from bot.services.home_circles import CircleLine
from handlers.slack.mrkdwn import clip, escape, section

MAX_HOME_CIRCLES = 3  # lines per list; the rest is one "…and N more" line
TOPIC_CHARS = 80


def build_home_circle_blocks(
    led: list[CircleLine], joined: list[CircleLine]
) -> list[dict[str, Any]]:
    """At most one section per list (so two blocks in all), each of a few lines."""
    blocks = []
    if led:
        blocks.append(_list("Circles you lead", [_led_line(c) for c in led]))
    if joined:
        blocks.append(_list("Your circles", [_joined_line(c) for c in joined]))
    return blocks


def _list(title: str, lines: list[str]) -> dict[str, Any]:
    shown = lines[:MAX_HOME_CIRCLES]
    if len(lines) > MAX_HOME_CIRCLES:
        shown.append(f"…and {len(lines) - MAX_HOME_CIRCLES} more.")
    return section(f"*{title}*\n" + "\n".join(shown))


def _topic(circle: CircleLine) -> str:
    return f"*{escape(clip(circle.topic, TOPIC_CHARS))}*" if circle.topic else "*A circle*"


def _next(circle: CircleLine) -> str:
    if circle.next_meeting is None:
        return "no meeting yet"
    return f"next meeting {format_day(circle.next_meeting, today=circle.today)}"


def _led_line(circle: CircleLine) -> str:
    if circle.members >= circle.seats:
        status = "full"
    else:
        left = circle.seats - circle.members
        status = f"{left} seat{'s' if left != 1 else ''} left"
    if circle.waiting:
        status += f", {circle.waiting} waiting for your answer"
    return (
        f"• {_topic(circle)} · {circle.members}/{circle.seats} members · {_next(circle)} · {status}"
    )


def _joined_line(circle: CircleLine) -> str:
    mentor = f"<@{circle.mentor_slack_user_id}>" if circle.mentor_slack_user_id else "its mentor"
    if circle.my_status == "waiting":
        return f"• {_topic(circle)} with {mentor} · waiting for {mentor} to accept"
    return f"• {_topic(circle)} with {mentor} · {_next(circle)}"
