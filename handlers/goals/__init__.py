"""Goals: `/mentor goals`, each goal's menu, its progress and milestone forms, and sharing a
reached goal in a channel."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.goals import actions, blocks, commands, views
    from handlers.slack.subcommands import mentor_subcommands

    mentor_subcommands(app).add("goals", commands.handle_subcommand_goals)
    app.action(blocks.GOAL_MENU_ACTION)(actions.handle_action_goal_menu)
    app.action(blocks.SHARE_CELEBRATION_ACTION)(actions.handle_action_share_celebration)
    app.view(blocks.UPDATE_VIEW)(views.handle_view_goal_update)
    app.view(blocks.MILESTONE_VIEW)(views.handle_view_goal_milestone)
    app.view(blocks.SHARE_VIEW)(views.handle_view_goal_share)
