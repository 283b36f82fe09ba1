"""App Home's circle lines: "Circles you lead" for a mentor, "Your circles" for a member."""

from __future__ import annotations

from typing import Any

from bot.clock import format_day
from bot.services.home_circles import CircleLine
from handlers.circles.messages import close_button, leave_button
from handlers.slack.mrkdwn import actions, clip, escape, section

MAX_HOME_CIRCLES = 3  # lines per list; the rest is one "…and N more" line
TOPIC_CHARS = 80
BUTTON_TOPIC_CHARS = 60  # a button's text holds 75


def build_home_circle_blocks(
    led: list[CircleLine], joined: list[CircleLine]
) -> list[dict[str, Any]]:
    """At most one section per list, each of a few lines, and under it a Close (the mentor's)
    or Leave button for each circle shown, each in its own actions block (Slack refuses one
    action_id twice in a block): eight blocks at most."""
    blocks = []
    if led:
        blocks.append(_list("Circles you lead", [_led_line(c) for c in led]))
        for c in _shown(led):
            close = close_button(c.circle_id, _named("Close", c))
            blocks.append(actions(close, block_id=f"home_circle_led_{c.circle_id}"))
    if joined:
        blocks.append(_list("Your circles", [_joined_line(c) for c in joined]))
        for c in _shown(joined):
            if c.my_status == "member":
                leave = leave_button(c.circle_id, _named("Leave", c))
                blocks.append(actions(leave, block_id=f"home_circle_joined_{c.circle_id}"))
    return blocks


def _shown(lines: list[CircleLine]) -> list[CircleLine]:
    return lines[:MAX_HOME_CIRCLES]


def _named(verb: str, circle: CircleLine) -> str:
    """The button's label names the circle; a typed "<!channel>" reads as "!channel" there."""
    topic = clip(circle.topic.replace("<", "").replace(">", "").strip(), BUTTON_TOPIC_CHARS)
    return f"{verb} {topic}" if topic else f"{verb} circle"


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
