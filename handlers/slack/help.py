"""The /mentor help message and the benefits of having a mentor."""

from __future__ import annotations

from typing import Any

from handlers.slack.mrkdwn import context, divider, header, section

BENEFITS = (
    ("Guidance", "someone who has been there helps you decide, not just do."),
    ("Network", "a mentor opens doors to people and teams you would not meet."),
    ("Skills", "practice the skills on your list with feedback from someone who has them."),
    ("Confidence", "hearing that your doubts are normal makes the next step easier."),
)

COMMANDS = (
    ("/reflect", "a short guided reflection: strengths, goals and the skills you want to grow"),
    ("/find-mentor [words]", "colleagues who opted in as mentors, ranked by fit, and why"),
    ("/mentor profile", "become a mentor, or edit your mentor profile"),
    ("/mentor circle", "mentors: open a circle, you and 2-8 people learning together"),
    ("/mentor goals", "your goals, their progress and milestones"),
    ("/mentor checkin", "log a meeting with your mentor or mentee"),
    ("/mentor cadence [weekly|biweekly|monthly] [day]", "how often and on which day you meet"),
    ("/mentor pause [off]", "pause reminders for a while; `off` resumes them now"),
    ("/mentor reminders", "reminders you stopped or snoozed, to turn back on"),
    ("/mentor end", "end a mentoring relationship gracefully"),
    ("/mentor data export", "everything the app stores about you, as a file"),
    ("/mentor data delete", "delete your answers and personal data"),
    ("/mentoring-summary [7d|30d|90d]", "team leads: aggregate figures for this channel"),
)


def build_help_message() -> dict[str, Any]:
    """What the bot does and every command, for an ephemeral answer."""
    benefits = "\n".join(f"• *{name}*: {why}" for name, why in BENEFITS)
    commands = "\n".join(f"`{cmd}` {what}" for cmd, what in COMMANDS)
    return {
        "response_type": "ephemeral",
        "text": "Mentorbot helps you find a mentor and keep the relationship going. "
        "Start with /reflect, then /find-mentor.",
        "blocks": [
            header("Find a mentor, grow with one"),
            section(
                "Mentorbot helps you find a colleague to learn from and keeps the "
                "relationship alive with gentle, well-timed nudges.\n\n*Why a mentor helps*\n"
                + benefits
            ),
            divider(),
            section("*Commands*\n" + commands),
            context(
                "Your reflections and check-ins are private to you unless you share them. "
                "Team leads only ever see aggregate figures."
            ),
        ],
    }


def build_unknown_subcommand_message(sub: str, known: list[str]) -> dict[str, Any]:
    from handlers.slack.mrkdwn import clip, escape

    choices = ", ".join(f"`{k}`" for k in known)
    text = f"I don't know `/mentor {clip(escape(sub), 100)}`. Try one of: {choices}."
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}
