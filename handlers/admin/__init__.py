"""Admin: `/mentor admin ...`, what mentoring admins configure (leads, admins, the skill list,
the default cadence, the weekly digest)."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.admin import commands
    from handlers.slack.subcommands import mentor_subcommands

    mentor_subcommands(app).add("admin", commands.handle_subcommand_admin)
