"""Circles (issue 19): `/mentor circle` opens one (a modal), /find-mentor's Join circle, the
mentor's Approve / Decline, Leave and Close, and the circle's own conversation."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    import re

    from handlers.circles import (
        actions,
        blocks,
        cadence_actions,
        cadence_views,
        commands,
        messages,
        views,
    )
    from handlers.circles import delivery_blocks as cadence
    from handlers.slack.subcommands import mentor_subcommands

    mentor_subcommands(app).add("circle", commands.handle_subcommand_circle)
    app.view(blocks.CIRCLE_VIEW)(views.handle_view_circle)
    app.action(blocks.JOIN_CIRCLE)(actions.handle_action_join_circle)
    app.action(messages.APPROVE)(actions.handle_action_approve_member)
    app.action(messages.DECLINE)(actions.handle_action_decline_member)
    app.action(messages.LEAVE)(actions.handle_action_leave_circle)
    app.action(messages.CLOSE)(actions.handle_action_close_circle)
    app.action(cadence.QUESTION_OPEN)(cadence_actions.handle_action_circle_question_open)
    app.action(cadence.CHECKIN_OPEN)(cadence_actions.handle_action_circle_checkin_open)
    app.action(cadence.THANKS)(cadence_actions.handle_action_circle_thanks)
    pulse = re.compile(f"^{cadence.PULSE_PREFIX}[1-5]$")
    app.action(pulse)(cadence_actions.handle_action_circle_pulse)
    app.action(cadence.KEEP)(cadence_actions.handle_action_circle_keep)
    app.action(cadence.PAUSE_ME)(cadence_actions.handle_action_circle_pause_me)
    app.view(cadence.QUESTION_VIEW)(cadence_views.handle_view_circle_question)
    app.view(cadence.CHECKIN_VIEW)(cadence_views.handle_view_circle_checkin)
