"""Circles (issue 19): `/mentor circle` opens one (a modal), /find-mentor's Join circle, the
mentor's Approve / Decline, Leave and Close, and the circle's own conversation."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.circles import actions, blocks, commands, messages, views
    from handlers.slack.subcommands import mentor_subcommands

    mentor_subcommands(app).add("circle", commands.handle_subcommand_circle)
    app.view(blocks.CIRCLE_VIEW)(views.handle_view_circle)
    app.action(blocks.JOIN_CIRCLE)(actions.handle_action_join_circle)
    app.action(messages.APPROVE)(actions.handle_action_approve_member)
    app.action(messages.DECLINE)(actions.handle_action_decline_member)
    app.action(messages.LEAVE)(actions.handle_action_leave_circle)
    app.action(messages.CLOSE)(actions.handle_action_close_circle)
