"""The channel summary message: private preview with a "Post to channel" button, the posted
version, and the answers when a summary cannot be made."""

from __future__ import annotations

from typing import Any

from bot.services.summaries.figures import (
    PRIVACY_MINIMUM,
    ChannelSummary,
    Figure,
    SkillDemand,
    trend,
)
from bot.services.summaries.periods import PERIODS
from handlers.slack.mrkdwn import actions, button, clip, context, escape, header, section

POST_ACTION_ID = "summary_post_to_channel"
POST_BLOCK_ID = "summary_post"

_PERIOD_WORDS = {"7d": "last 7 days", "30d": "last 30 days", "90d": "last 90 days"}


def period_words(period_key: str) -> str:
    return _PERIOD_WORDS.get(period_key, period_key)


def _line(label: str, now: Figure, before: Figure | None = None, suffix: str = "") -> str:
    shown = now.text + (suffix if now.visible else "")
    change = trend(now, before) if before is not None else None
    return f"• *{label}:* {shown}" + (f"  _({change} vs previous period)_" if change else "")


def _skill_line(skill: SkillDemand) -> str:
    short = skill.asked_by.visible and (
        not skill.mentors_offering.visible
        or (skill.mentors_offering.value or 0) < (skill.asked_by.value or 0)
    )
    flag = "  :warning: short of mentors" if short else ""
    return (
        f"• *{escape(skill.label)}*: asked for by {skill.asked_by.text} "
        f"· offered by {skill.mentors_offering.text} mentors{flag}"
    )


def _skills_text(summary: ChannelSummary) -> str:
    """Listed skills with five or more askers; typed ones only as a count, and only from five."""
    lines = [_skill_line(s) for s in summary.skills]
    if summary.other_skills.visible:
        lines.append(
            f"• *Other skills* (typed, not in the list): asked for by {summary.other_skills.text}"
        )
    return (
        "\n".join(lines)
        or f"No listed skill was asked for by {PRIVACY_MINIMUM} or more people yet."
    )


def build_summary_blocks(summary: ChannelSummary) -> list[dict[str, Any]]:
    """The figures; every number has been through the fewer-than-5 rule (Figure.text)."""
    now, before = summary.now, summary.before
    figures = "\n".join(
        [
            _line("Members counted", summary.members),
            _line("People with a mentor", now.with_mentor, before.with_mentor),
            _line("Mentors among them", now.mentors),
            _line("Free mentoring slots", now.free_capacity),
            _line("Active pairs", now.active_pairs, before.active_pairs),
            _line("Peer pairs", now.peer_pairs, before.peer_pairs),
            _line("Meetings held", now.meetings_held, before.meetings_held),
            _line("Average usefulness", now.usefulness, before.usefulness, " / 5"),
            _line("Check-ins answered", now.checkins_answered, before.checkins_answered),
            _line("Open circles", now.open_circles, before.open_circles),
            _line("People in circles", now.people_in_circles, before.people_in_circles),
            _line("Circle meetings held", now.circle_meetings, before.circle_meetings),
            _line("Goals set", now.goals_set, before.goals_set),
            _line("Goals completed", now.goals_completed, before.goals_completed),
        ]
    )
    skills = _skills_text(summary)
    first, last = summary.current.first_day, summary.current.last_day
    return [
        header(f"Mentoring in this channel, {period_words(summary.period_key)}"),
        section(figures),
        section("*Skills most asked for*\n" + skills),
        context(
            f"{first:%d %b} – {last:%d %b %Y}. Figures about fewer than {PRIVACY_MINIMUM} people, "
            "and any that would give one away, are hidden; people who left are not counted; "
            "nobody's answers are shown."
        ),
    ]


def summary_fallback_text(summary: ChannelSummary) -> str:
    return (
        f"Mentoring summary, {period_words(summary.period_key)}: "
        f"people with a mentor {summary.now.with_mentor.text}, "
        f"meetings held {summary.now.meetings_held.text}."
    )


def post_button_value(period_key: str, channel_id: str, token: str) -> str:
    return f"{period_key}|{channel_id}|{token}"


def parse_post_button_value(value: str) -> tuple[str, str, str] | None:
    parts = value.split("|")
    if len(parts) != 3 or parts[0] not in PERIODS or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def build_summary_preview(summary: ChannelSummary, *, token: str) -> dict[str, Any]:
    """Shown only to the lead who asked, with a button to share it."""
    value = post_button_value(summary.period_key, summary.channel_id, token)
    blocks = [
        *build_summary_blocks(summary),
        actions(
            button("Post to channel", POST_ACTION_ID, value, style="primary"),
            block_id=POST_BLOCK_ID,
        ),
    ]
    return {
        "response_type": "ephemeral",
        "text": summary_fallback_text(summary),
        "blocks": blocks,
    }


def build_posted_summary(
    summary: ChannelSummary, *, posted_by: str | None, with_chart: bool
) -> dict[str, Any]:
    """The summary as posted in the channel (by a lead's click or as the weekly digest)."""
    who = f"Shared by <@{posted_by}>." if posted_by else "Weekly mentoring digest."
    chart = " Meetings per week: chart in the thread." if with_chart else ""
    return {
        "text": summary_fallback_text(summary),
        "blocks": [*build_summary_blocks(summary), context(who + chart)],
    }


def chart_title(summary: ChannelSummary) -> str:
    return f"Meetings per week, {period_words(summary.period_key)}"


def _message(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def build_unknown_period_message(typed: str) -> dict[str, Any]:
    choices = ", ".join(f"`{key}`" for key in PERIODS)
    return _message(
        f"I don't know the period `{clip(escape(typed), 40)}`. Choose one of {choices} "
        "(for example `/mentoring-summary 7d`); without one you get the last 30 days."
    )


def build_not_allowed_message() -> dict[str, Any]:
    return _message(
        "Sorry, channel summaries are for team leads and admins. If you lead a team, "
        "ask an admin to add you with `/mentor admin leads add @you`."
    )


def build_lead_not_member_message() -> dict[str, Any]:
    return _message("Team leads see summaries of channels they are in; join this channel first.")


def build_dm_message() -> dict[str, Any]:
    return _message(
        "Summaries are about a channel's members, so run `/mentoring-summary` in the team's "
        "channel, not in a direct message."
    )


def build_not_in_channel_message() -> dict[str, Any]:
    return _message(
        "I'm not in this channel, so I can't see who is in it. Invite me with "
        "`/invite @mentorbot`, then run `/mentoring-summary` again."
    )


def build_members_failed_message(error: str) -> dict[str, Any]:
    return _message(
        f"I couldn't read this channel's member list (Slack said `{escape(error)[:60]}`), so I "
        "won't show figures that might be wrong. Please try again in a minute."
    )


def build_already_posted_message() -> dict[str, Any]:
    return _message("This summary was already posted to the channel.")


def build_posted_note(channel_id: str) -> dict[str, Any]:
    return _message(f"Posted to <#{channel_id}>.")


def build_post_failed_message(error: str) -> dict[str, Any]:
    return _message(
        f"I couldn't post the summary (Slack said `{escape(error)[:60]}`). Nothing was posted; "
        "try the button again in a minute."
    )


def build_slack_error_message(error: str) -> dict[str, Any]:
    return _message(
        f"Slack didn't let me finish (it said `{escape(error)[:60]}`); nothing was posted. "
        "Please try again in a minute."
    )
