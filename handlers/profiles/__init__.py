"""Mentor profiles: `/mentor profile` opens the modal, saving it stores the profile."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.profiles import blocks, commands, views
    from handlers.slack.subcommands import mentor_subcommands

    mentor_subcommands(app).add("profile", commands.handle_subcommand_profile)
    app.view(blocks.PROFILE_VIEW)(views.handle_view_mentor_profile)
