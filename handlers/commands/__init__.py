"""Slash commands."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers.commands import mentor, summary
from handlers.commands.router import SubcommandRouter


def register(app: App, deps: Deps) -> None:
    router = SubcommandRouter()
    mentor.register_subcommands(router, deps)
    app.command("/mentor")(mentor.make_handler(router, deps))
    app.command("/mentoring-summary")(summary.make_handler(deps))
