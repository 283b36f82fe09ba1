"""The meetings' slash subcommands, until they move to handlers/meetings."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers.commands import scheduler
from handlers.slack.subcommands import mentor_subcommands


def register(app: App, deps: Deps) -> None:
    scheduler.register_subcommands(mentor_subcommands(app), deps)
