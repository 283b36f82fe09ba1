"""Data rights: `/mentor data export | delete`, the delete confirmation, the erasure's notes to
former partners, and retention (a source of the scheduler pass)."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.data_rights import actions, blocks, commands
    from handlers.slack.subcommands import mentor_subcommands

    mentor = mentor_subcommands(app)
    mentor.add("data", commands.handle_subcommand_data)
    mentor.add("data export", commands.handle_subcommand_data_export)
    mentor.add("data delete", commands.handle_subcommand_data_delete)
    app.action(blocks.DATA_DELETE_CONFIRM)(actions.handle_action_data_delete_confirm)
    app.action(blocks.DATA_DELETE_CANCEL)(actions.handle_action_data_delete_cancel)
