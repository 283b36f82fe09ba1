"""Summaries: /mentoring-summary's private preview and its "Post to channel" button (the weekly
digest is a source of the scheduler pass)."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.summaries import actions, blocks, commands

    app.command(commands.SUMMARY)(commands.handle_command_summary)
    app.action(blocks.POST_ACTION_ID)(actions.handle_action_post_summary)
